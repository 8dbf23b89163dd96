namespace Alpha.Learning.Improvements;

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
