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
