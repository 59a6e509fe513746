using Cdc.Appliers.Pipeline;
using Cdc.Connections;
using Cdc.Streams.Broker;
using Cdc.Sessions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client.Exceptions;

namespace Cdc.Appliers.Hosting;

/// <summary>
/// The applier process: one apply session per stream, each restarted with backoff from its stored checkpoint when it
/// fails for a passing reason. A reason only the operator can fix (a TLS failure too: see <see cref="TlsRefusal"/>)
/// stops the process with exit code 1.
/// </summary>
public sealed partial class ApplierService(IOptions<ApplyOptions> options, ILogger<ApplierService> logger, IHostApplicationLifetime lifetime, ServiceOutcome outcome, Readiness readiness, ApplyMetrics metrics)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        ApplySettings settings;
        try
        {
            settings = ApplySettings.From(options.Value);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Fail(e.Message);
            return;
        }
        var (target, broker) = (settings.Target, settings.Broker);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        // Every stream counts from the start: /readyz must not say ready while one stream is connected and another's
        // session has not begun.
        foreach (var stream in settings.Streams)
            readiness.NotReady(StreamApplier.Session(settings.Name, stream), "starting");
        var sessions = settings.Streams.Select(stream => Task.Run(async () =>
        {
            var applier = new StreamApplier(settings, stream, broker, target, readiness, metrics, logger);
            var fatal = await SessionLoop.RunAsync(
                applier.RunAsync,
                e => e is ApplyException { Retryable: false } || TlsRefusal.In(e) is not null,
                (e, delay) =>
                {
                    metrics.Failed(e);
                    readiness.NotReady(StreamApplier.Session(settings.Name, stream), Readiness.Reason(e, $"applying {stream} from {broker}"));
                    LogRetrying(logger, settings.Name, stream, Describe(e, broker), delay.TotalSeconds);
                },
                settings.MaxRetryDelay,
                failed.Token);
            if (fatal is ApplyException { StopsStreamOnly: true } stopped)
            {
                metrics.Failed(fatal);
                readiness.NotReady(StreamApplier.Session(settings.Name, stream), stopped.ReadinessReason ?? Readiness.Reason(fatal, $"applying {stream}"));
                LogStreamStopped(logger, settings.Name, stream, fatal.Message);
                return 1;
            }
            else if (fatal is not null)
            {
                Fail(FatalReason(fatal, target, broker));
                await failed.CancelAsync();
            }
            return 0;
        }, CancellationToken.None)).ToArray();
        var streamsStopped = (await Task.WhenAll(sessions)).Sum();
        if (streamsStopped > 0 && !failed.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            // Every stream ended, some of them stopped by an error: nothing runs any more, so the process fails (exit 1).
            Fail($"{streamsStopped} of {settings.Streams.Count} streams stopped (see the errors above); nothing is applied any more");
            return;
        }
        if (!failed.IsCancellationRequested || stopping.IsCancellationRequested)
            LogStopped(logger, settings.Name);
    }

    /// <summary>A TLS failure says where and what to set in the URI, unless the applier's own error already does.</summary>
    private static string FatalReason(Exception e, DatabaseUri target, BrokerEndpoint broker) => (e, TlsRefusal.In(e)) switch
    {
        (ApplyException { Retryable: false }, _) or (_, null) => e.Message,
        (BrokerUnreachableException, { } tls) => tls.Explain(broker.ToString(), "applier"),
        (_, { } tls) => tls.Explain(target, "target", "applier"),
    };

    private static string Describe(Exception e, BrokerEndpoint broker) => e switch
    {
        BrokerUnreachableException => $"broker {broker} is unreachable ({e.GetBaseException().Message})",
        ApplyException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private void Fail(string reason)
    {
        LogFatal(logger, reason);
        outcome.Fail();
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applier {Applier} stopped; everything applied is checkpointed")]
    private static partial void LogStopped(ILogger logger, string applier);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applier {Applier} on {Stream} interrupted: {Reason}; retrying in {Delay}s")]
    private static partial void LogRetrying(ILogger logger, string applier, string stream, string reason, double delay);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Applier {Applier} stopped applying {Stream}; its other streams go on: {Reason}")]
    private static partial void LogStreamStopped(ILogger logger, string applier, string stream, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Applying cannot go on: {Reason}")]
    private static partial void LogFatal(ILogger logger, string reason);
}
