using System.Threading.Channels;
using Cdc.Capture.Publishing;
using Cdc.Capture.Reading;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Schemas.Registry;
using Cdc.Schemas.Wire;
using Cdc.Streams.Continuity;
using Cdc.Streams.Messages;
using Microsoft.Extensions.Logging;

namespace Cdc.Capture.Pipeline;

/// <summary>
/// One capture session: read the source, register schemas, pack records into messages, publish, and acknowledge
/// each source transaction once the broker confirmed all its messages. Acknowledging happens in exactly one place
/// (<see cref="AcknowledgeInOrderAsync"/>), in source order. Engine-neutral: PostgreSQL and MySQL readers plug in.
/// Every message links to the one published before it (<see cref="ChangeMessageHeaders.Previous"/>); the session's
/// first message links to the last position the stream held in order when the session began (<paramref name="tail"/>),
/// so appliers can tell a message that follows from one that overtook a refused one, or that lies beyond a hole.
/// </summary>
internal sealed partial class CapturePipeline(
    CaptureSettings options,
    ISourceReader reader,
    StreamPublisher publisher,
    SchemaRegistry registry,
    CaptureMetrics metrics,
    ILogger logger,
    SourceIdentity identity,
    InOrderTail tail)
{
    private const int MaxTransactionsInFlight = 10_000;
    private readonly Dictionary<TableDefinition, RegisteredSchema> _schemas = new(ReferenceEqualityComparer.Instance);
    private SourcePosition? _published; // the last position of the message published last in this session

    /// <summary>Runs until <paramref name="stopping"/> (then drains what was published) or until something fails.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        // A broker that goes away while the source is quiet must end the session now, not at the next publish.
        _ = publisher.Closed.ContinueWith(_ => session.Cancel(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        var pending = Channel.CreateBounded<PendingAcknowledgement>(
            new BoundedChannelOptions(MaxTransactionsInFlight) { SingleReader = true, SingleWriter = true });
        var acknowledging = Task.Run(() => AcknowledgeInOrderAsync(pending.Reader, session), CancellationToken.None);
        try
        {
            await ReadAndPublishAsync(pending.Writer, session.Token);
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested)
        {
            // Stopping, or the acknowledger failed: either way, drain below and let it tell which.
        }
        finally
        {
            pending.Writer.TryComplete();
        }
        await acknowledging;
        if (!stopping.IsCancellationRequested && publisher.Closed.IsFaulted)
            await publisher.Closed;
    }

    private async Task ReadAndPublishAsync(ChannelWriter<PendingAcknowledgement> pending, CancellationToken ct)
    {
        var message = new ChangeMessageBuilder(options.MaxRecordsPerMessage) { SourceId = identity.ToString() };
        var confirms = new List<Task>();
        var echo = false;
        var firstOfTransaction = true;
        await foreach (var captured in reader.ReadAsync(ct))
        {
            switch (captured)
            {
                case ChangeCaptured { Record: var record }:
                    if (firstOfTransaction)
                        echo = IsApplierTransaction(record);
                    firstOfTransaction = false;
                    if (echo || !reader.Captures(record.Table.Id))
                        break;
                    var schema = await SchemaOfAsync(record.Table, ct);
                    if (!message.IsEmpty && (message.IsFull || !message.Accepts(schema)))
                        confirms.Add(await PublishAsync(message, endOfTransaction: false, ct));
                    message.Add(record, schema);
                    metrics.Captured(record);
                    break;
                case TransactionCommitted { Acknowledgement: var acknowledgement }:
                    if (!message.IsEmpty)
                        confirms.Add(await PublishAsync(message, endOfTransaction: true, ct));
                    await pending.WriteAsync(new PendingAcknowledgement(Task.WhenAll(confirms), acknowledgement), ct);
                    confirms = [];
                    firstOfTransaction = true;
                    break;
                case LogAdvanced { Acknowledgement: var acknowledgement } when firstOfTransaction:
                    // Nothing of its own to confirm: acknowledged in order, once every transaction before it is.
                    await pending.WriteAsync(new PendingAcknowledgement(Task.CompletedTask, acknowledgement), ct);
                    break;
            }
        }
    }

    /// <summary>
    /// Sends one message, in order (awaited before the next), and returns its confirm. The stopping token only ends the
    /// wait for room among the confirms in flight: a message handed to the broker gets its confirm, so a graceful stop
    /// can acknowledge it.
    /// </summary>
    private async ValueTask<Task> PublishAsync(ChangeMessageBuilder message, bool endOfTransaction, CancellationToken ct)
    {
        var (built, body) = message.Build(endOfTransaction);
        var headers = built with { Previous = _published ?? tail.PreviousOf(built.First) };
        _published = headers.Last;
        return metrics.Published(headers.Count, await publisher.PublishAsync(headers, body, ct));
    }

    /// <summary>
    /// An applier writes its offset row first in every target transaction. When this source is also an applier's
    /// target (offices in both directions), such a transaction is a change that came from elsewhere: publishing it
    /// again would echo it back. It is dropped whole, and still acknowledged. Only the applier's own offset table counts
    /// (schema, name and columns): a user table called cdc_offsets elsewhere is captured like any other.
    /// </summary>
    private bool IsApplierTransaction(ChangeRecord first) => OffsetTableShape.Matches(first.Table, reader.OffsetTable);

    private async ValueTask<RegisteredSchema> SchemaOfAsync(TableDefinition table, CancellationToken ct)
    {
        if (_schemas.TryGetValue(table, out var schema))
            return schema;
        schema = await registry.RegisterAsync(options.Office, table, options.Compatibility, ct);
        _schemas[table] = schema;
        return schema;
    }

    /// <summary>
    /// The one path that acknowledges the source: in transaction order, only after every message of the
    /// transaction was confirmed, and as one acknowledgement for a run of already-confirmed transactions.
    /// Runs to the end of the queue even when stopping, so a graceful stop acknowledges all that was confirmed.
    /// </summary>
    private async Task AcknowledgeInOrderAsync(ChannelReader<PendingAcknowledgement> pending, CancellationTokenSource session)
    {
        try
        {
            while (await pending.WaitToReadAsync())
            {
                PendingAcknowledgement? last = null;
                while (pending.TryPeek(out var next) && (last is null || next.Confirmed.IsCompleted))
                {
                    // Closed only ever faults: a confirm that can no longer come fails the session.
                    await await Task.WhenAny(next.Confirmed, publisher.Closed);
                    pending.TryRead(out last);
                }
                if (last is not null)
                    await reader.AcknowledgeAsync(last.Acknowledgement, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            LogPublishFailed(logger, options.StreamName, e.Message);
            session.Cancel();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing to {Stream} failed, nothing after the last confirmed transaction is acknowledged: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string stream, string reason);
}
