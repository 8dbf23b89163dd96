namespace Alpha.Learning.Internal;

/// <summary>The kind of a file system entry, read with <c>stat(2)</c> (following links) without opening it.</summary>
internal enum FileKind
{
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    DanglingLink,
    Missing,
    Unknown,
}
