using System.Text.RegularExpressions;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements.Internal;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements;

/// <summary>
/// Checks automatic configuration changes against <see cref="GuardrailOptions"/>: a change is allowed only on a
/// safe path that a rule matches, with a value of the rule's type, within its bounds and largest step, outside
/// its cooldown, and not continuing a run of same-direction changes or an oscillation.
/// </summary>
/// <remarks>
/// Rollbacks are not checked here: they restore a value that was in the configuration before.
/// </remarks>
public sealed class Guardrails
{
    private readonly (GuardrailRule Rule, string[] Segments, Regex? Allowed)[] _rules;
    private readonly TimeSpan _historyWindow;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="Guardrails"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock for cooldowns. The default value is <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">A rule has a bad pattern, bounds or regular expression.</exception>
    public Guardrails(GuardrailOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _historyWindow = options.HistoryWindow;
        var rules = options.UseDefaultRules ? options.Rules.Concat(GuardrailOptions.CreateDefaultRules(options.PathTemplates ?? new ConfigPathTemplates())) : options.Rules;
        _rules = rules.Select(Compile).ToArray();
    }

    /// <summary>Checks one change of a path.</summary>
    /// <param name="change">The change, with its old value as found in the configuration.</param>
    /// <param name="history">The earlier changes of the same path, in any order.</param>
    /// <returns>The verdict, naming the check and the rule that decided.</returns>
    public GuardrailVerdict Evaluate(ConfigChange change, IReadOnlyList<GuardrailHistoryEntry> history)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(history);
        var path = change.Path ?? string.Empty;
        if (ConfigPaths.TrySplit(path, out var reason) is not { } segments)
        {
            return Verdict(GuardrailOutcome.Refused, GuardrailCheck.Path, YamlScalars.Escape(path), null, reason!);
        }

        var match = Array.FindIndex(_rules, r => Matches(r.Segments, segments));
        if (match < 0)
        {
            return Verdict(GuardrailOutcome.Refused, GuardrailCheck.Path, path, null, Inv($"No guardrail rule allows changing '{path}'."));
        }

        var (rule, _, allowed) = _rules[match];
        if (change.RemoveKey)
        {
            return Refused(GuardrailCheck.ValueType, Inv($"Removing '{path}' is not an automatic change (only a rollback removes keys)."));
        }

        var value = YamlScalars.Normalize(change.NewValue);
        var typeProblem = CheckType(rule.ValueType, value);
        if (typeProblem is not null)
        {
            return Refused(GuardrailCheck.ValueType, Inv($"The new value {YamlScalars.Describe(change.NewValue)} of '{path}' is not {typeProblem} (rule '{rule.Pattern}')."));
        }

        if (value is string text)
        {
            if ((rule.AllowedValues.Count > 0 && !rule.AllowedValues.Contains(text, StringComparer.Ordinal))
                || (allowed is not null && !allowed.IsMatch(text))
                || text.Length > 256 || text.Any(char.IsControl))
            {
                return Refused(GuardrailCheck.AllowedValues, Inv($"The new value {YamlScalars.Describe(text)} of '{path}' is not an allowed value (rule '{rule.Pattern}')."));
            }
        }

        var number = AsNumber(value);
        if (number is { } n)
        {
            if (rule.Min is { } min && n < min)
            {
                return Refused(GuardrailCheck.Minimum, Inv($"The new value {YamlScalars.Describe(value)} of '{path}' is below the minimum {min} (rule '{rule.Pattern}')."));
            }

            if (rule.Max is { } max && n > max)
            {
                return Refused(GuardrailCheck.Maximum, Inv($"The new value {YamlScalars.Describe(value)} of '{path}' is above the maximum {max} (rule '{rule.Pattern}')."));
            }

            if (rule.MaxStepFactor is { } factor && AsNumber(YamlScalars.Normalize(change.OldValue)) is { } old && old > 0 && n > 0
                && Math.Max(n / old, old / n) > factor * (1 + 1e-9))
            {
                return Refused(GuardrailCheck.Step, Inv($"Changing '{path}' from {YamlScalars.Describe(change.OldValue)} to {YamlScalars.Describe(value)} is a step of more than ×{factor} (rule '{rule.Pattern}')."));
            }
        }

        var now = _timeProvider.GetUtcNow();
        var ordered = history.OrderBy(h => h.At).ToArray();
        if (rule.Cooldown is { } cooldown && ordered.Length > 0 && ordered[^1].At + cooldown > now)
        {
            var wait = ordered[^1].At + cooldown - now;
            return Refused(GuardrailCheck.Cooldown, Inv($"'{path}' changed at {ordered[^1].At:O}; the cooldown of {cooldown} allows the next automatic change in {wait} (rule '{rule.Pattern}')."));
        }

        var recent = ordered.Where(h => h.At >= now - _historyWindow).ToArray();
        if (rule.FreezeOnOscillation)
        {
            for (var i = 1; i < recent.Length; i++)
            {
                if (Reverts(recent[i - 1], recent[i].OldValue, recent[i].NewValue))
                {
                    return Verdict(GuardrailOutcome.RequiresApproval, GuardrailCheck.Oscillation, path, rule, Inv($"'{path}' is frozen: it went {YamlScalars.Describe(recent[i - 1].OldValue)} → {YamlScalars.Describe(recent[i - 1].NewValue)} → {YamlScalars.Describe(recent[i].NewValue)}; a person must approve further changes (rule '{rule.Pattern}')."));
                }
            }

            if (recent.Length > 0 && Reverts(recent[^1], change.OldValue, value))
            {
                return Verdict(GuardrailOutcome.RequiresApproval, GuardrailCheck.Oscillation, path, rule, Inv($"Changing '{path}' back to {YamlScalars.Describe(value)} would undo its last change (an oscillation); a person must approve it (rule '{rule.Pattern}')."));
            }
        }

        if (rule.MaxSameDirectionChanges is { } limit && Direction(change.OldValue, value) is var direction && direction != 0)
        {
            var run = 0;
            // The whole history given counts: time alone does not reset a run; a person's approval (or a change the other way) does.
            for (var i = ordered.Length - 1; i >= 0 && !ordered[i].IsRollback && Direction(ordered[i].OldValue, ordered[i].NewValue) == direction; i--)
            {
                run++;
            }

            if (run >= limit)
            {
                return Verdict(GuardrailOutcome.RequiresApproval, GuardrailCheck.SameDirection, path, rule, Inv($"'{path}' already moved {run} times in a row in the same direction; the limit of {limit} means a person must approve another (rule '{rule.Pattern}')."));
            }
        }

        return Verdict(GuardrailOutcome.Allowed, GuardrailCheck.None, path, rule, Inv($"Changing '{path}' to {YamlScalars.Describe(value)} is within the guardrails (rule '{rule.Pattern}')."));

        GuardrailVerdict Refused(GuardrailCheck check, string why) => Verdict(GuardrailOutcome.Refused, check, path, rule, why);
    }

    /// <summary>Finds the rule that governs a path.</summary>
    /// <param name="path">The dotted path.</param>
    /// <returns>The first matching rule, or <see langword="null"/> when the path is not safe or no rule matches.</returns>
    public GuardrailRule? FindRule(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (ConfigPaths.TrySplit(path, out _) is not { } segments)
        {
            return null;
        }

        var match = Array.FindIndex(_rules, r => Matches(r.Segments, segments));
        return match < 0 ? null : _rules[match].Rule;
    }

    private static (GuardrailRule, string[], Regex?) Compile(GuardrailRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var segments = (rule.Pattern ?? string.Empty).Split(['.', ':']);
        if (segments.Length > ConfigPaths.MaxSegments || segments.Any(s => s != "*" && !Analysis.Internal.ConfigPaths.IsSafeSegment(s)))
        {
            throw new ArgumentException(Inv($"The guardrail pattern '{YamlScalars.Escape(rule.Pattern ?? string.Empty)}' is not a path of safe segments and '*' separated by '.' or ':'."), nameof(rule));
        }

        if (rule.Min is { } min && rule.Max is { } max && min > max)
        {
            throw new ArgumentException(Inv($"The guardrail rule '{rule.Pattern}' has Min {min} above Max {max}."), nameof(rule));
        }

        if (rule.MaxStepFactor is { } factor && !(factor >= 1))
        {
            throw new ArgumentException(Inv($"The guardrail rule '{rule.Pattern}' has MaxStepFactor {factor}; it must be at least 1."), nameof(rule));
        }

        if (rule.MaxSameDirectionChanges is < 0)
        {
            throw new ArgumentException(Inv($"The guardrail rule '{rule.Pattern}' has MaxSameDirectionChanges {rule.MaxSameDirectionChanges}; it must not be negative."), nameof(rule));
        }

        Regex? allowed = null;
        if (!string.IsNullOrEmpty(rule.AllowedPattern))
        {
            try
            {
                allowed = new Regex(rule.AllowedPattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException(Inv($"The guardrail rule '{rule.Pattern}' has an invalid AllowedPattern: {ex.Message}"), nameof(rule), ex);
            }
        }

        return (rule, segments, allowed);
    }

    private static bool Matches(string[] pattern, string[] segments)
    {
        if (pattern.Length != segments.Length)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != "*" && !string.Equals(pattern[i], segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string? CheckType(GuardrailValueType type, object? value) => type switch
    {
        GuardrailValueType.Number when value is long || value is double d && double.IsFinite(d) => null,
        GuardrailValueType.Number => "a finite number",
        GuardrailValueType.WholeNumber when value is long => null,
        GuardrailValueType.WholeNumber => "a whole number",
        GuardrailValueType.Boolean when value is bool => null,
        GuardrailValueType.Boolean => "a boolean",
        GuardrailValueType.Text when value is string => null,
        GuardrailValueType.Text => "a string",
        _ => "of a known type",
    };

    private static double? AsNumber(object? value) => value switch
    {
        long l => l,
        double d when double.IsFinite(d) => d,
        _ => null,
    };

    private static int Direction(object? oldValue, object? newValue) =>
        AsNumber(YamlScalars.Normalize(oldValue)) is { } a && AsNumber(YamlScalars.Normalize(newValue)) is { } b && a != b ? Math.Sign(b - a) : 0;

    private static bool Reverts(GuardrailHistoryEntry earlier, object? oldValue, object? newValue) =>
        !YamlScalars.ValueEquals(YamlScalars.Normalize(earlier.OldValue), YamlScalars.Normalize(earlier.NewValue))
        && YamlScalars.ValueEquals(YamlScalars.Normalize(oldValue), YamlScalars.Normalize(earlier.NewValue))
        && YamlScalars.ValueEquals(YamlScalars.Normalize(newValue), YamlScalars.Normalize(earlier.OldValue));

    private static GuardrailVerdict Verdict(GuardrailOutcome outcome, GuardrailCheck check, string path, GuardrailRule? rule, string reason) =>
        new() { Outcome = outcome, Check = check, Path = path, Rule = rule, Reason = reason };
}
