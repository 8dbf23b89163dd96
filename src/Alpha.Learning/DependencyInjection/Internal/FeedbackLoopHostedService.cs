using Alpha.Learning.Loop;

using Microsoft.Extensions.Hosting;

namespace Alpha.Learning.DependencyInjection.Internal;

/// <summary>Starts and stops the <see cref="FeedbackLoop"/> with the generic host.</summary>
internal sealed class FeedbackLoopHostedService(FeedbackLoop loop) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => loop.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => loop.StopAsync(cancellationToken);
}
