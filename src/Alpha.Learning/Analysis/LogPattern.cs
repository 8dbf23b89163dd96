using System.Text;

using Alpha.Learning.Internal;

namespace Alpha.Learning.Analysis;

/// <summary>
/// A problem (or a success) found in the logs, with the evidence for it.
/// </summary>
public sealed class LogPattern
{
    /// <summary>The <see cref="Subject"/> of a pattern about a task type.</summary>
    public const string TaskSubject = "task";

    /// <summary>The <see cref="Subject"/> of a pattern about a tool.</summary>
    public const string ToolSubject = "tool";

    /// <summary>The <see cref="Subject"/> of a pattern about a model.</summary>
    public const string ModelSubject = "model";

    /// <summary>The <see cref="Subject"/> of a pattern about an error template.</summary>
    public const string ErrorSubject = "error";

    /// <summary>Gets the kind of pattern.</summary>
    public required PatternType Type { get; init; }

    /// <summary>Gets what the pattern is about: <c>task</c>, <c>tool</c>, <c>model</c> or <c>error</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the plain name of what the pattern is about (task, tool or model name, or the error template text).</summary>
    public required string Key { get; init; }

    /// <summary>Gets the stable identity of the pattern (type + subject + key); the same problem found again has the same fingerprint.</summary>
    public string Fingerprint => ComputeFingerprint(Type, Subject, Key);

    /// <summary>Gets a one-line description for people.</summary>
    public required string Description { get; init; }

    /// <summary>Gets how many times the pattern was seen in the analysed window.</summary>
    public required long Occurrences { get; init; }

    /// <summary>Gets how much the pattern matters, from 0 (not at all) to 1.</summary>
    public required double ImpactScore { get; init; }

    /// <summary>Gets the first time the pattern was seen.</summary>
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>Gets the last time the pattern was seen.</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>Gets up to a few examples (truncated, from the logs: untrusted text).</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <summary>
    /// Gets the figures behind the pattern (counts, percentiles, rates, affected tasks). Values are
    /// <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or a list of strings.
    /// Always holds <c>subject</c>.
    /// </summary>
    public IReadOnlyDictionary<string, object> Metadata { get; init; } = new Dictionary<string, object>();

    /// <summary>Computes the stable fingerprint of a pattern.</summary>
    /// <param name="type">The kind of pattern.</param>
    /// <param name="subject">What the pattern is about.</param>
    /// <param name="key">The plain name of what the pattern is about.</param>
    /// <returns>A 16-character lowercase hexadecimal string, the same on every machine and run.</returns>
    public static string ComputeFingerprint(PatternType type, string subject, string key)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(key);
        var text = string.Concat(EnumNames.ToName(type), "\n", subject, "\n", key);
        Span<byte> hash = stackalloc byte[32];
        Sha256Digest.Hash(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
