using System.Runtime.CompilerServices;
using Cdc.Appliers.Consuming;
using Cdc.Positions;
using Cdc.Schemas.Broker;
using Cdc.Schemas.Registry;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Cdc.Cli.Operations;

/// <summary>
/// One stream read by an operator command: checks the stream exists, knows its first and last offset when opened,
/// and reads messages from a start either to that last offset (or an earlier one) or, following, forever. Decoding is
/// the caller's, with the registry this feed opened.
/// </summary>
internal sealed class StreamFeed : IAsyncDisposable
{
    private const ushort Prefetch = 1000;
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);
    private readonly IConnection _connection;
    private readonly bool _ownsRegistry;

    private StreamFeed(string stream, BrokerEndpoint broker, IConnection connection, SchemaRegistry registry, bool ownsRegistry, long? head, long? tail)
    {
        _ownsRegistry = ownsRegistry;
        Stream = stream;
        Broker = broker;
        _connection = connection;
        Registry = registry;
        Head = head;
        Tail = tail;
    }

    public string Stream { get; }

    public BrokerEndpoint Broker { get; }

    public SchemaRegistry Registry { get; }

    /// <summary>The first offset still in the stream when it was opened; null when it was empty.</summary>
    public long? Head { get; }

    /// <summary>The last offset in the stream when it was opened: where a command that does not follow stops.</summary>
    public long? Tail { get; }

    /// <param name="registry">A registry already open to share (this feed does not dispose it); null opens one.</param>
    public static async Task<StreamFeed> OpenAsync(BrokerEndpoint broker, string stream, string client, ILogger logger, CancellationToken ct, SchemaRegistry? registry = null)
    {
        var connection = await broker.ConnectAsync(client, ct);
        try
        {
            if (!await Streams.ExistsAsync(connection, stream, ct))
                throw new OperationFailedException($"Stream {stream} does not exist on {broker}. `cdc streams list` shows the streams there; an office's stream is cdc.<office>.");
            var tail = await Streams.TailOffsetAsync(connection, stream, ct);
            var head = tail is null ? null : await Streams.HeadOffsetAsync(connection, stream, ct);
            var owned = registry is null;
            registry ??= await SchemaRegistry.OpenAsync(broker, client, logger, ct);
            return new StreamFeed(stream, broker, connection, registry, owned, head, tail);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Refuses a start offset outside what the stream holds (unless following, where the end is a moving target).</summary>
    public void CheckStart(FeedStart start, bool follow)
    {
        if (start.Kind != "offset")
            return;
        if (Tail is not { } tail)
        {
            if (!follow)
                throw new OperationFailedException($"Stream {Stream} is empty: there is no offset {start.Offset} to read from.");
            return;
        }
        if (start.Offset > tail && !follow)
            throw new OperationFailedException($"Offset {start.Offset} is beyond the end of stream {Stream}: its last offset is {tail}. Use an offset from {Head} to {tail}, or --follow to wait for it.");
        if (start.Offset < Head)
            throw new OperationFailedException($"Offset {start.Offset} is no longer in stream {Stream}: retention removed it; the first offset kept is {Head}.");
    }

    /// <summary>
    /// The messages from <paramref name="start"/> on, in stream order, ending after <paramref name="stopAfter"/> (default:
    /// the tail when opened) unless <paramref name="follow"/>ing. A time start skips messages published before it.
    /// </summary>
    public async IAsyncEnumerable<StreamMessage> ReadAsync(FeedStart start, long? stopAfter, bool follow, [EnumeratorCancellation] CancellationToken ct)
    {
        var end = follow ? (long?)null : stopAfter ?? Tail;
        if (!follow && (end is null || (start.Kind == "offset" && start.Offset > end)))
            yield break;
        await using var consumer = await StartAsync(start, ct);
        var notBefore = start.Kind == "time" ? start.Time.AddTicks(-(start.Time.Ticks % TimeSpan.TicksPerSecond)) : (DateTimeOffset?)null;
        while (true)
        {
            StreamMessage message;
            if (follow)
                message = await consumer.Messages.ReadAsync(ct);
            else
            {
                // A time after the last message makes the broker wait for new ones: silence means the end was reached.
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
                quiet.CancelAfter(Quiet);
                try
                {
                    message = await consumer.Messages.ReadAsync(quiet.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    yield break;
                }
            }
            if (end is { } last && message.Offset > last)
                yield break;
            if (notBefore is null || message.Published is not { } published || published >= notBefore)
                yield return message;
            if (end is { } stop && message.Offset >= stop)
                yield break;
        }
    }

    private Task<StreamConsumer> StartAsync(FeedStart start, CancellationToken ct) => start.Kind switch
    {
        "time" => StreamConsumer.StartAsync(_connection, Stream, start.Time, Prefetch, ct),
        "offset" => StreamConsumer.StartAsync(_connection, Stream, new StreamOffset(start.Offset), Prefetch, ct),
        "last" => StreamConsumer.StartAsync(_connection, Stream, new StreamOffset(Tail ?? 0), Prefetch, ct),
        _ => StreamConsumer.StartAsync(_connection, Stream, new StreamOffset(Head ?? 0), Prefetch, ct),
    };

    public async ValueTask DisposeAsync()
    {
        if (_ownsRegistry)
            await Registry.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
