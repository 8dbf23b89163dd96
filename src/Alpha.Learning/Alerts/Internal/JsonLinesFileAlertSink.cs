namespace Alpha.Learning.Alerts.Internal;

/// <summary>Appends each alert as one JSON line to a file (created with its folder when missing), one writer at a time.</summary>
internal sealed class JsonLinesFileAlertSink(string path) : IAlertSink, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Name => "file";

    public async Task SendAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var line = AlertJson.Serialize(alert);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            // Append is atomic per write for small lines on local file systems, so concurrent processes do not interleave.
            var bytes = new byte[line.Length + 1];
            line.CopyTo(bytes, 0);
            bytes[^1] = (byte)'\n';
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public void Dispose() => _gate.Dispose();
}
