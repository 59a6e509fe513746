using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Cdc.Positions;
using Cdc.Streams.Broker;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Cdc.Streams.Consuming;

/// <summary>
/// Consumes a stream from an offset (<c>x-stream-offset</c>) into a queue bounded in bytes (and in messages). For
/// streams an ack is only credit, so deliveries are acked once queued; a delivery that finds the queue's bytes full
/// waits, unacked, and so does the broker once the prefetch is unacked: what the consumer holds is at most the byte
/// bound plus the prefetch's messages. The stored checkpoint, not the ack, says what was applied.
/// </summary>
public sealed class StreamConsumer : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly StreamCredit _credit;
    private readonly Channel<StreamMessage> _messages;
    private readonly ByteBudget _bytes;
    private readonly CancellationTokenSource _disposed = new();
    private FreeingReader? _reader;

    /// <summary>The bytes of queued messages at most (64 MiB) unless the consumer is given its own bound.</summary>
    public const long DefaultMaxQueuedBytes = 64L * 1024 * 1024;

    private StreamConsumer(IChannel channel, int capacity, long maxBytes)
    {
        _channel = channel;
        _bytes = new ByteBudget(maxBytes);
        _credit = new StreamCredit(channel);
        _messages = Channel.CreateBounded<StreamMessage>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        _channel.ChannelShutdownAsync += (_, args) =>
        {
            _messages.Writer.TryComplete(new IOException($"The broker closed the consuming channel: {args.ReplyCode} {args.ReplyText}."));
            return Task.CompletedTask;
        };
    }

    public static Task<StreamConsumer> StartAsync(IConnection connection, string stream, StreamOffset from, ushort prefetch, CancellationToken ct) =>
        StartAsync(connection, stream, (object)from.Value, prefetch, DefaultMaxQueuedBytes, ct);

    /// <summary>Consumes from <paramref name="from"/>, queueing at most <paramref name="maxBytes"/> of message bodies ahead of the reader.</summary>
    public static Task<StreamConsumer> StartAsync(IConnection connection, string stream, StreamOffset from, ushort prefetch, long maxBytes, CancellationToken ct) =>
        StartAsync(connection, stream, (object)from.Value, prefetch, maxBytes, ct);

    /// <summary>Consumes from the first chunk published at or after <paramref name="from"/> (chunk granularity: earlier messages of that chunk come too).</summary>
    public static Task<StreamConsumer> StartAsync(IConnection connection, string stream, DateTimeOffset from, ushort prefetch, CancellationToken ct) =>
        StartAsync(connection, stream, new AmqpTimestamp(from.ToUnixTimeSeconds()), prefetch, DefaultMaxQueuedBytes, ct);

    private static async Task<StreamConsumer> StartAsync(IConnection connection, string stream, object from, ushort prefetch, long maxBytes, CancellationToken ct)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var consumer = new StreamConsumer(channel, prefetch * 2, maxBytes);
        await channel.BasicQosAsync(0, prefetch, false, ct);
        var basic = new AsyncEventingBasicConsumer(channel);
        basic.ReceivedAsync += async (_, delivery) =>
        {
            var message = new StreamMessage(stream, StreamBroker.DeliveryOffset(delivery), delivery.BasicProperties.Headers, delivery.Body.ToArray(),
                delivery.BasicProperties.IsTimestampPresent() ? DateTimeOffset.FromUnixTimeSeconds(delivery.BasicProperties.Timestamp.UnixTime) : null,
                delivery.BasicProperties.UserId);
            try
            {
                await consumer._bytes.TakeAsync(message.Body.Length, consumer._disposed.Token);
                await consumer._messages.Writer.WriteAsync(message, CancellationToken.None);
            }
            catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
            {
                return; // disposed: the reader is gone
            }
            await consumer._credit.GrantAsync(delivery.DeliveryTag);
        };
        await channel.BasicConsumeAsync(stream, autoAck: false, consumerTag: "", noLocal: false, exclusive: false,
            arguments: new Dictionary<string, object?> { ["x-stream-offset"] = from }, consumer: basic, cancellationToken: ct);
        return consumer;
    }

    /// <summary>The queued messages; taking one frees its bytes for the next delivery.</summary>
    public ChannelReader<StreamMessage> Messages => _reader ??= new FreeingReader(_messages.Reader, _bytes);

    /// <summary>The messages as they come, without end: a closed channel throws (<see cref="ChannelClosedException"/>).</summary>
    public async IAsyncEnumerable<StreamMessage> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
            yield return await Messages.ReadAsync(ct);
    }

    /// <summary>The bytes of message bodies queued now (received, not yet read).</summary>
    public long QueuedBytes => _bytes.Held;

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        _messages.Writer.TryComplete();
        await _credit.CloseAsync();
    }

    /// <summary>The queue's reader that gives each message's bytes back to the budget as it is taken.</summary>
    private sealed class FreeingReader(ChannelReader<StreamMessage> inner, ByteBudget bytes) : ChannelReader<StreamMessage>
    {
        public override bool TryRead([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out StreamMessage item)
        {
            if (!inner.TryRead(out item))
                return false;
            bytes.Free(item.Body.Length);
            return true;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);

        public override Task Completion => inner.Completion;
    }
}
