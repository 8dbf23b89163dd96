namespace Alpha.Learning.Internal;

/// <summary>
/// The library's one invariant-culture formatting helper: text written to logs, messages and files reads the same on
/// every machine. Use it as <c>using static Alpha.Learning.Internal.InvariantText;</c> and write <c>Inv($"…")</c>.
/// </summary>
internal static class InvariantText
{
    /// <summary>Formats an interpolated string with the invariant culture.</summary>
    /// <param name="text">The interpolated string.</param>
    /// <returns>The text.</returns>
    public static string Inv(FormattableString text) => FormattableString.Invariant(text);
}
