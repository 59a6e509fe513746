using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Cdc.Positions;
using Cdc.Streams.Broker;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Cdc.Streams.Consuming;

/// <summary>
/// Consumes a stream from an offset (<c>x-stream-offset</c>) into a bounded queue. For streams an ack is only
/// credit, so deliveries are acked once queued; the queue's bound (with the prefetch) bounds memory, and the
/// stored checkpoint, not the ack, says what was applied.
/// </summary>
public sealed class StreamConsumer : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly StreamCredit _credit;
    private readonly Channel<StreamMessage> _messages;

    private StreamConsumer(IChannel channel, int capacity)
    {
        _channel = channel;
        _credit = new StreamCredit(channel);
        _messages = Channel.CreateBounded<StreamMessage>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        _channel.ChannelShutdownAsync += (_, args) =>
        {
            _messages.Writer.TryComplete(new IOException($"The broker closed the consuming channel: {args.ReplyCode} {args.ReplyText}."));
            return Task.CompletedTask;
        };
    }

    public static Task<StreamConsumer> StartAsync(IConnection connection, string stream, StreamOffset from, ushort prefetch, CancellationToken ct) =>
        StartAsync(connection, stream, (object)from.Value, prefetch, ct);

    /// <summary>Consumes from the first chunk published at or after <paramref name="from"/> (chunk granularity: earlier messages of that chunk come too).</summary>
    public static Task<StreamConsumer> StartAsync(IConnection connection, string stream, DateTimeOffset from, ushort prefetch, CancellationToken ct) =>
        StartAsync(connection, stream, new AmqpTimestamp(from.ToUnixTimeSeconds()), prefetch, ct);

    private static async Task<StreamConsumer> StartAsync(IConnection connection, string stream, object from, ushort prefetch, CancellationToken ct)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var consumer = new StreamConsumer(channel, prefetch * 2);
        await channel.BasicQosAsync(0, prefetch, false, ct);
        var basic = new AsyncEventingBasicConsumer(channel);
        basic.ReceivedAsync += async (_, delivery) =>
        {
            var message = new StreamMessage(stream, StreamBroker.DeliveryOffset(delivery), delivery.BasicProperties.Headers, delivery.Body.ToArray(),
                delivery.BasicProperties.IsTimestampPresent() ? DateTimeOffset.FromUnixTimeSeconds(delivery.BasicProperties.Timestamp.UnixTime) : null,
                delivery.BasicProperties.UserId);
            try
            {
                await consumer._messages.Writer.WriteAsync(message, CancellationToken.None);
            }
            catch (ChannelClosedException)
            {
                return; // disposed: the reader is gone
            }
            await consumer._credit.GrantAsync(delivery.DeliveryTag);
        };
        await channel.BasicConsumeAsync(stream, autoAck: false, consumerTag: "", noLocal: false, exclusive: false,
            arguments: new Dictionary<string, object?> { ["x-stream-offset"] = from }, consumer: basic, cancellationToken: ct);
        return consumer;
    }

    public ChannelReader<StreamMessage> Messages => _messages.Reader;

    /// <summary>The messages as they come, without end: a closed channel throws (<see cref="ChannelClosedException"/>).</summary>
    public async IAsyncEnumerable<StreamMessage> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
            yield return await _messages.Reader.ReadAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _messages.Writer.TryComplete();
        await _credit.CloseAsync();
    }
}
