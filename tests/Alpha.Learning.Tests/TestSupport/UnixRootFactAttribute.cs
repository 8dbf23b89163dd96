namespace Alpha.Learning.Tests.TestSupport;

/// <summary>A fact that needs root on Linux (chown, mount); skipped, with the reason, elsewhere.</summary>
public sealed class UnixRootFactAttribute : FactAttribute
{
    public UnixRootFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Needs Linux (chown and mount as root).";
        }
        else if (!Environment.IsPrivilegedProcess)
        {
            Skip = "Needs root (chown to another user, mount a small tmpfs); run the tests as root, as .ci/run does in its container, to include it.";
        }
    }
}
