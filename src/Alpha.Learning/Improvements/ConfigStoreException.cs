namespace Alpha.Learning.Improvements;

/// <summary>What is wrong with a configuration or a change of it.</summary>
public enum ConfigStoreError
{
    /// <summary>The file cannot be read or written.</summary>
    Io = 0,

    /// <summary>The file is larger than allowed.</summary>
    TooLarge = 1,

    /// <summary>The file is not valid UTF-8.</summary>
    InvalidEncoding = 2,

    /// <summary>The file nests deeper than allowed.</summary>
    TooDeep = 3,

    /// <summary>The file uses anchors or aliases, which are refused (alias bombs).</summary>
    AnchorOrAlias = 4,

    /// <summary>The file uses explicit tags, which are refused.</summary>
    Tag = 5,

    /// <summary>A mapping has the same key twice.</summary>
    DuplicateKey = 6,

    /// <summary>The file does not parse.</summary>
    Syntax = 7,

    /// <summary>The file uses a structure this store does not edit (several documents, complex keys, a flow-style or non-mapping parent, a block scalar).</summary>
    Unsupported = 8,

    /// <summary>The value at a path is not the one the change expects: the configuration changed since the change was planned.</summary>
    ValueChanged = 9,

    /// <summary>The rendered content did not parse back to exactly the planned change; nothing was written.</summary>
    VerificationFailed = 10,
}

/// <summary>
/// A configuration that cannot be read or changed safely: hostile, unparseable, or not as expected. It names the
/// file and the problem; nothing was written.
/// </summary>
public sealed class ConfigStoreException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ConfigStoreException"/> class.</summary>
    public ConfigStoreException()
        : this("The configuration cannot be used.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConfigStoreException"/> class.</summary>
    /// <param name="message">A sentence naming the file and the problem.</param>
    public ConfigStoreException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConfigStoreException"/> class.</summary>
    /// <param name="message">A sentence naming the file and the problem.</param>
    /// <param name="innerException">The cause.</param>
    public ConfigStoreException(string message, Exception? innerException)
        : this(ConfigStoreError.Io, string.Empty, message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConfigStoreException"/> class.</summary>
    /// <param name="error">What is wrong.</param>
    /// <param name="location">The file (or other location) of the configuration.</param>
    /// <param name="message">A sentence naming the file and the problem.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ConfigStoreException(ConfigStoreError error, string location, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
        Location = location;
    }

    /// <summary>Gets what is wrong.</summary>
    public ConfigStoreError Error { get; }

    /// <summary>Gets the file (or other location) of the configuration.</summary>
    public string Location { get; }
}
