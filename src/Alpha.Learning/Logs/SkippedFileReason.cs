namespace Alpha.Learning.Logs;

/// <summary>Why a log source skipped a whole file (named by a folder or given as a path) instead of reading it.</summary>
public enum SkippedFileReason
{
    /// <summary><c>fifo</c>: a named pipe; opening one blocks until a writer appears, so it is never opened.</summary>
    Fifo = 0,

    /// <summary><c>device</c>: a character or block device.</summary>
    Device = 1,

    /// <summary><c>socket</c>: a Unix domain socket.</summary>
    Socket = 2,

    /// <summary><c>dangling_link</c>: a symbolic link whose target does not exist.</summary>
    DanglingLink = 3,

    /// <summary><c>unreadable</c>: the file could not be opened or read (permissions, an I/O error); the other files are read.</summary>
    Unreadable = 4,
}
