using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// What <see cref="ConfigFileProtocol{TDocument}"/> needs of a file format: how paths are split and compared, how
/// the UTF-8 body parses (pre-scan first), what a snapshot shows, and how changes are planned (spliced into the text,
/// parsed again, checked that exactly the planned paths differ). Everything else of the protocol (size cap, encoding,
/// compare-and-swap, locks, atomic write, recovery) is the same for every format.
/// </summary>
/// <typeparam name="TDocument">The parsed document.</typeparam>
internal interface IConfigFormat<TDocument>
    where TDocument : class
{
    /// <summary>Gets the comparer of change paths, to refuse a plan that names one path twice.</summary>
    IEqualityComparer<string> PathComparer { get; }

    /// <summary>Splits a change path into segments, or returns <see langword="null"/> with the reason it is refused.</summary>
    string[]? TrySplit(string path, out string? reason);

    /// <summary>Pre-scans and parses a body of valid UTF-8 without a byte-order mark.</summary>
    /// <param name="body">The UTF-8 text.</param>
    /// <param name="location">The file, for messages.</param>
    /// <param name="changes">The changes about to be planned, so that a format may build only the parts they reach (the whole text is checked all the same); <see langword="null"/> for the whole document.</param>
    /// <exception cref="ConfigStoreException">The body is hostile or does not parse.</exception>
    TDocument Parse(byte[] body, string location, IReadOnlyList<ConfigChange>? changes);

    /// <summary>Gets the document's text, for a snapshot.</summary>
    string Text(TDocument document);

    /// <summary>Gets the scalar values by path, as a snapshot shows them.</summary>
    IReadOnlyDictionary<string, object?> Values(TDocument document);

    /// <summary>Plans changes: the new UTF-8 body (without a byte-order mark), already parsed again and verified, and the changes that take effect.</summary>
    /// <exception cref="ConfigStoreException">A value differs from the one expected, or the change cannot be made safely.</exception>
    (byte[] Body, List<ConfigChange> Effective) Plan(TDocument document, IReadOnlyList<ConfigChange> changes, string location);
}
