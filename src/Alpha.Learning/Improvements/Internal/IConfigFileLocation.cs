namespace Alpha.Learning.Improvements.Internal;

/// <summary>A config store backed by one file: crash recovery settles only the records made for that file.</summary>
internal interface IConfigFileLocation
{
    /// <summary>Gets the full path of the file.</summary>
    string Path { get; }
}
