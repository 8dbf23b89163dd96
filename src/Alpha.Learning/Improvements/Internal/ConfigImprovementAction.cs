using Alpha.Learning.Analysis;

using Microsoft.Extensions.Options;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>The common behaviour of the built-in actions: each allows a fixed set of path patterns with a value type.</summary>
internal abstract class ConfigImprovementAction : IImprovementAction
{
    private const int MaxChanges = 32;

    public abstract ActionType ActionType { get; }

    /// <summary>Gets the path patterns (<c>*</c> = one safe segment) this action may change, with their value type.</summary>
    protected abstract IReadOnlyList<(string Pattern, GuardrailValueType Type)> Paths { get; }

    public ActionValidation Validate(ImprovementRecommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        var name = EnumNames.ToName(ActionType);
        if (recommendation.ActionType != ActionType)
        {
            return Invalid(Inv($"The {name} action cannot apply the {EnumNames.ToName(recommendation.ActionType)} recommendation '{recommendation.Id}'."));
        }

        if (recommendation.IsAdvisory)
        {
            return new ActionValidation { Status = ActionValidationStatus.Advisory, Reason = Inv($"The recommendation '{recommendation.Id}' is for a person: it has no configuration change and is never applied.") };
        }

        if (recommendation.Changes.Count > MaxChanges)
        {
            return Invalid(Inv($"The recommendation '{recommendation.Id}' has {recommendation.Changes.Count} changes; at most {MaxChanges} are allowed."));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in recommendation.Changes)
        {
            if (change is null)
            {
                return Invalid(Inv($"The recommendation '{recommendation.Id}' has a missing change."));
            }

            if (ConfigPaths.TrySplit(change.Path, out var reason) is not { } segments)
            {
                return Invalid(reason!);
            }

            if (!seen.Add(change.Path))
            {
                return Invalid(Inv($"The recommendation '{recommendation.Id}' changes '{change.Path}' more than once."));
            }

            if (change.RemoveKey)
            {
                return Invalid(Inv($"The recommendation '{recommendation.Id}' removes '{change.Path}'; recommendations never remove keys."));
            }

            var type = TypeOf(segments);
            if (type is null)
            {
                return Invalid(Inv($"The {name} action does not change '{change.Path}'; it changes only {string.Join(", ", Paths.Select(p => p.Pattern))}."));
            }

            var value = YamlScalars.Normalize(change.NewValue);
            var ok = type switch
            {
                GuardrailValueType.Number => value is long || (value is double d && double.IsFinite(d)),
                GuardrailValueType.WholeNumber => value is long,
                GuardrailValueType.Boolean => value is bool,
                _ => value is string s && s.Length is > 0 and <= 256 && !s.Any(char.IsControl),
            };
            if (!ok)
            {
                return Invalid(Inv($"The new value {YamlScalars.Describe(change.NewValue)} of '{change.Path}' is not a valid {type.Value.ToString().ToLowerInvariant()}."));
            }
        }

        return new ActionValidation { Status = ActionValidationStatus.Valid, Reason = Inv($"The recommendation '{recommendation.Id}' can be applied by the {name} action.") };
    }

    public async ValueTask<ConfigEditPlan> PlanAsync(ImprovementRecommendation recommendation, IConfigStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var validation = Validate(recommendation);
        if (!validation.IsValid)
        {
            throw new InvalidOperationException(validation.Reason);
        }

        var snapshot = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var changes = recommendation.Changes
            .Select(c => new ConfigChange
            {
                Path = c.Path,
                OldValue = snapshot.TryGetValue(c.Path, out var current) ? current : null,
                NewValue = YamlScalars.Normalize(c.NewValue)!,
            })
            .ToArray();
        return await store.PlanAsync(changes, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<ConfigWriteResult> ApplyAsync(ConfigEditPlan plan, IConfigStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(store);
        return store.ApplyAsync(plan, cancellationToken);
    }

    public IReadOnlyList<ConfigChange> Invert(IReadOnlyList<ConfigChange> applied) => Inverse(applied);

    /// <summary>The inverse of applied changes, in reverse order: restore the old value, or remove a key that was absent.</summary>
    public static IReadOnlyList<ConfigChange> Inverse(IReadOnlyList<ConfigChange> applied)
    {
        ArgumentNullException.ThrowIfNull(applied);
        var inverse = new ConfigChange[applied.Count];
        for (var i = 0; i < applied.Count; i++)
        {
            var change = applied[applied.Count - 1 - i];
            inverse[i] = change switch
            {
                { RemoveKey: true } => new ConfigChange { Path = change.Path, OldValue = null, NewValue = change.OldValue ?? change.NewValue },
                { OldValue: null } => new ConfigChange { Path = change.Path, OldValue = change.NewValue, NewValue = change.NewValue, RemoveKey = true },
                _ => new ConfigChange { Path = change.Path, OldValue = change.NewValue, NewValue = change.OldValue },
            };
        }

        return inverse;
    }

    private GuardrailValueType? TypeOf(string[] segments)
    {
        foreach (var (pattern, type) in Paths)
        {
            var parts = pattern.Split(['.', ':']);
            if (parts.Length == segments.Length && parts.Zip(segments).All(p => p.First == "*" || p.First == p.Second))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>The path templates the action follows: the analysis options' when given, else the defaults.</summary>
    protected static ConfigPathTemplates Templates(IOptions<AnalysisOptions>? options) => options?.Value.PathTemplates ?? new ConfigPathTemplates();

    private static ActionValidation Invalid(string reason) => new() { Status = ActionValidationStatus.Invalid, Reason = reason };
}
