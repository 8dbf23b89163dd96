namespace Alpha.Learning.Improvements;

/// <summary>
/// What automatic changes may do to the configuration paths matching a pattern: the value type, bounds, the
/// largest step, a cooldown, how many changes in one direction before a person must approve, and the allowed
/// strings.
/// </summary>
public sealed class GuardrailRule
{
    /// <summary>Gets or sets the dotted path pattern; <c>*</c> stands for exactly one safe key segment (for example <c>tools.*.timeout</c>).</summary>
    public string Pattern { get; set; } = string.Empty;

    /// <summary>Gets or sets the type the value must have. The default value is <see cref="GuardrailValueType.Number"/>.</summary>
    public GuardrailValueType ValueType { get; set; }

    /// <summary>Gets or sets the smallest value allowed (numbers only). The default value is <see langword="null"/> (no minimum).</summary>
    public double? Min { get; set; }

    /// <summary>Gets or sets the largest value allowed (numbers only). The default value is <see langword="null"/> (no maximum).</summary>
    public double? Max { get; set; }

    /// <summary>
    /// Gets or sets the largest step of one change as a factor (numbers only): 2 allows at most doubling or halving.
    /// It applies when both the old and the new value are positive. The default value is <see langword="null"/> (no limit).
    /// </summary>
    public double? MaxStepFactor { get; set; }

    /// <summary>Gets or sets how long after a change of a path the next automatic change of it is refused. The default value is <see langword="null"/> (none).</summary>
    public TimeSpan? Cooldown { get; set; }

    /// <summary>
    /// Gets or sets how many changes in a row in the same direction (numbers) may be made automatically; the next one
    /// in that direction needs a person's approval. Every change in the history given to <see cref="Guardrails.Evaluate"/> counts
    /// (time alone does not reset a run); a rollback or a change the other way ends it. The default value is <see langword="null"/> (no limit).
    /// </summary>
    public int? MaxSameDirectionChanges { get; set; }

    /// <summary>Gets or sets the strings allowed (strings only); empty allows any string matching <see cref="AllowedPattern"/>. The default value is empty.</summary>
    public IList<string> AllowedValues { get; set; } = [];

    /// <summary>Gets or sets a regular expression every string value must match (strings only). The default value is <see langword="null"/> (any string up to 256 characters without control characters).</summary>
    public string? AllowedPattern { get; set; }

    /// <summary>Gets or sets whether a path whose value went A→B→A (a rollback counts) is frozen: further automatic changes of it need a person's approval, and so does a change that would undo the last one. The default value is <see langword="true"/>.</summary>
    public bool FreezeOnOscillation { get; set; } = true;
}
