using Cdc.Capture.Pipeline;
using Cdc.Capture.Reading;
using Cdc.Capture.Publishing;
using Cdc.Connections;
using Cdc.Streams.Broker;
using Cdc.Streams.Consuming;
using Cdc.Schemas.Registry;
using Cdc.Sessions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client.Exceptions;

namespace Cdc.Capture.Hosting;

/// <summary>
/// The capturer process: runs capture sessions until stopped. A session that fails for a passing reason (source or
/// broker restart, network) is restarted with backoff from the source's last acknowledged position, so it re-publishes
/// at most the unconfirmed tail; a reason only the operator can fix (a TLS failure too: see <see cref="TlsRefusal"/>)
/// stops the process with exit code 1.
/// </summary>
public sealed partial class CapturerService(IOptions<CaptureOptions> options, ILogger<CapturerService> logger, IHostApplicationLifetime lifetime, ServiceOutcome outcome, Readiness readiness, CaptureMetrics metrics)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        CaptureSettings settings;
        try
        {
            settings = CaptureSettings.From(options.Value);
        }
        catch (Exception e) when (SettingsError.Is(e))
        {
            Fail(SettingsError.Explain(e));
            return;
        }
        var (source, broker) = (settings.Source, settings.Broker);
        var fatal = await SessionLoop.RunAsync(
            ct => RunSessionAsync(settings, source, broker, ct),
            e => e is CaptureException { Retryable: false } or StreamException || TlsRefusal.In(e) is not null,
            (e, delay) =>
            {
                metrics.Failed(e);
                readiness.NotReady(Session(settings), Readiness.Reason(e, $"capturing from {source} to {broker}"));
                LogRetrying(logger, settings.Office, Describe(e, source, broker), delay.TotalSeconds);
            },
            settings.MaxRetryDelay,
            stopping);
        if (fatal is not null)
            Fail(FatalReason(fatal, source, broker));
        else if (!stopping.IsCancellationRequested)
            lifetime.StopApplication(); // the session ended by itself: snapshot mode initial_only is done
    }

    private async Task RunSessionAsync(CaptureSettings settings, DatabaseUri source, BrokerEndpoint broker, CancellationToken stopping)
    {
        readiness.NotReady(Session(settings), "connecting");
        // The broker first: preparing the source may start a consistent snapshot, which should not wait on a broker.
        await using var registry = await SchemaRegistry.OpenAsync(broker, $"cdc capture {settings.Office}", logger, stopping);
        await using var publisher = await StreamPublisher.OpenAsync(broker, settings, stopping);
        // Before preparing: on another server, preparing would create a slot or take a snapshot for nothing.
        var identity = await SourceIdentity.ReadAsync(settings, source, stopping);
        await SourceIdentityCheck.CheckAsync(settings, source, identity, stopping);
        // What the stream holds in order now that no session publishes: this session's first message links to it.
        var tail = await StreamResumePoint.ReadTailAsync(broker, settings.StreamName, stopping);
        await using var reader = SourceCaptures.For(source.Engine).CreateReader(settings, source, metrics, logger);
        await reader.PrepareAsync(stopping);
        LogCapturing(logger, settings.Office, source.ToString(), settings.StreamName, broker.ToString());
        readiness.Ready(Session(settings));
        await new CapturePipeline(settings, reader, publisher, registry, metrics, logger, identity, tail).RunAsync(stopping);
        LogStopped(logger, settings.Office);
    }

    /// <summary>A TLS failure says where and what to set in the URI, unless the capture's own error already does.</summary>
    private static string FatalReason(Exception e, DatabaseUri source, BrokerEndpoint broker) => (e, TlsRefusal.In(e)) switch
    {
        (CaptureException { Retryable: false } or StreamException, _) or (_, null) => e.Message,
        (BrokerUnreachableException, { } tls) => tls.Explain(broker.ToString(), "capturer"),
        (_, { } tls) => tls.Explain(source, "source", "capturer"),
    };

    private static string Session(CaptureSettings settings) => $"capture {settings.Office}";

    private static string Describe(Exception e, DatabaseUri source, BrokerEndpoint broker) => e switch
    {
        BrokerUnreachableException => $"broker {broker} is unreachable ({e.GetBaseException().Message})",
        CaptureException or StreamException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message} (source {source}, broker {broker})",
    };

    private void Fail(string reason)
    {
        LogFatal(logger, reason);
        outcome.Fail();
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Capturing office {Office} from {Source} into stream {Stream} on {Broker}")]
    private static partial void LogCapturing(ILogger logger, string office, string source, string stream, string broker);

    [LoggerMessage(Level = LogLevel.Information, Message = "Capture of office {Office} stopped; everything confirmed is acknowledged")]
    private static partial void LogStopped(ILogger logger, string office);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Capture of office {Office} interrupted: {Reason}; retrying in {Delay}s")]
    private static partial void LogRetrying(ILogger logger, string office, string reason, double delay);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Capture cannot run: {Reason}")]
    private static partial void LogFatal(ILogger logger, string reason);
}
