using System.Runtime.CompilerServices;
using Cdc.Positions;
using Cdc.Streams.Broker;
using RabbitMQ.Client;

namespace Cdc.Streams.Consuming;

/// <summary>
/// One stream read by an operator command: checks the stream exists, knows its first and last offset when opened,
/// and reads messages from a start either to that last offset (or an earlier one) or, following, forever. Decoding is
/// the caller's.
/// </summary>
public sealed class StreamFeed : IAsyncDisposable
{
    private const ushort Prefetch = 1000;
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);
    private readonly IConnection _connection;

    private StreamFeed(string stream, BrokerEndpoint broker, IConnection connection, long? head, long? tail)
    {
        Stream = stream;
        Broker = broker;
        _connection = connection;
        Head = head;
        Tail = tail;
    }

    public string Stream { get; }

    public BrokerEndpoint Broker { get; }

    /// <summary>The first offset still in the stream when it was opened; null when it was empty.</summary>
    public long? Head { get; }

    /// <summary>The last offset in the stream when it was opened: where a command that does not follow stops.</summary>
    public long? Tail { get; }

    public static async Task<StreamFeed> OpenAsync(BrokerEndpoint broker, string stream, string client, CancellationToken ct)
    {
        var connection = await broker.ConnectAsync(client, ct);
        try
        {
            if (!await StreamBroker.ExistsAsync(connection, stream, ct))
                throw new StreamException($"Stream {stream} does not exist on {broker}. `cdc streams list` shows the streams there; an office's stream is cdc.<office>.");
            var tail = await StreamBroker.TailOffsetAsync(connection, stream, ct);
            var head = tail is null ? null : await StreamBroker.HeadOffsetAsync(connection, stream, ct);
            return new StreamFeed(stream, broker, connection, head, tail);
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
                throw new StreamException($"Stream {Stream} is empty: there is no offset {start.Offset} to read from.");
            return;
        }
        if (start.Offset > tail && !follow)
            throw new StreamException($"Offset {start.Offset} is beyond the end of stream {Stream}: its last offset is {tail}. Use an offset from {Head} to {tail}, or --follow to wait for it.");
        if (start.Offset < Head)
            throw new StreamException($"Offset {start.Offset} is no longer in stream {Stream}: retention removed it; the first offset kept is {Head}.");
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
        await _connection.DisposeAsync();
    }
}
