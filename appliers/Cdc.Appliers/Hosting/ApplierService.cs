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
/// fails for a passing reason (<see cref="ApplyFailure"/>). Any other reason halts that stream only, in the log and in
/// /readyz; the process ends with exit code 1 once every stream halted.
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
        catch (Exception e) when (SettingsError.Is(e))
        {
            Fail(SettingsError.Explain(e));
            return;
        }
        var (target, broker) = (settings.Target, settings.Broker);
        // Every stream counts from the start: /readyz must not say ready while one stream is connected and another's
        // session has not begun.
        foreach (var stream in settings.Streams)
            readiness.NotReady(StreamApplier.Session(settings.Name, stream), "starting");
        var halted = 0;
        var sessions = settings.Streams.Select(stream => Task.Run(async () =>
        {
            var applier = new StreamApplier(settings, stream, broker, target, readiness, metrics, logger);
            var fatal = await SessionLoop.RunAsync(
                applier.RunAsync,
                e => ApplyFailure.Classify(e) != ApplyFailureKind.Passing,
                (e, delay) =>
                {
                    metrics.Failed(e);
                    readiness.NotReady(StreamApplier.Session(settings.Name, stream), Readiness.Reason(e, $"applying {stream} from {broker}"));
                    LogRetrying(logger, settings.Name, stream, Describe(e, broker), delay.TotalSeconds);
                },
                settings.MaxRetryDelay,
                stopping);
            if (fatal is null)
                return;
            // One stream halts; the applier's other streams go on. The process ends (exit code 1) when none is left.
            metrics.Failed(fatal);
            readiness.NotReady(StreamApplier.Session(settings.Name, stream),
                (fatal as ApplyException)?.ReadinessReason ?? HaltReason(fatal, settings.Name, stream));
            // An error the applier does not know comes with its stack trace: it may be a bug to report.
            LogStreamStopped(logger, settings.Name, stream, HaltDescription(fatal, target, broker), fatal is ApplyException || TlsRefusal.In(fatal) is not null ? null : fatal);
            if (Interlocked.Increment(ref halted) == settings.Streams.Count)
                Fail($"every stream of applier {settings.Name} halted ({string.Join(", ", settings.Streams)}); the log says why and how to go on.");
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(sessions);
        if (halted < settings.Streams.Count || stopping.IsCancellationRequested)
            LogStopped(logger, settings.Name);
    }

    /// <summary>
    /// What /readyz says of a halted stream: where it stands and how to go on, but not the exception's message, which
    /// may quote row values (see <see cref="Readiness.Reason"/>).
    /// </summary>
    private static string HaltReason(Exception e, string applier, string stream)
    {
        var cause = e.InnerException is { } inner && e is ApplyException ? $"{inner.GetType().Name} ({e.GetType().Name})" : e.GetType().Name;
        return e is ApplyException { Offset: { } offset }
            ? $"halted at offset {offset} of {stream}: {cause} (the log has the details); to skip it, stop the applier and run " +
              $"cdc offsets set --applier {applier} --stream {stream} --offset {offset} --target <target>"
            : $"halted: {cause} applying {stream} (the log has the details and what to do); start the applier again once it is fixed";
    }

    /// <summary>A TLS failure says which endpoint and what to set in its URI; any other halt is described as a retry is.</summary>
    private static string HaltDescription(Exception e, DatabaseUri target, BrokerEndpoint broker) => (e, TlsRefusal.In(e)) switch
    {
        (ApplyException, _) or (_, null) => Describe(e, broker),
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
    private static partial void LogStreamStopped(ILogger logger, string applier, string stream, string reason, Exception? error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Applying cannot go on: {Reason}")]
    private static partial void LogFatal(ILogger logger, string reason);
}
