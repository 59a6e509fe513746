using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Cdc.Streams.Broker;

/// <summary>Declaring and probing RabbitMQ streams over AMQP 0.9.1.</summary>
public static class StreamBroker
{
    /// <summary>
    /// Declares a stream unless it exists. An existing stream is used as it is, whatever its arguments, because
    /// re-declaring with other arguments closes the channel with PRECONDITION_FAILED.
    /// </summary>
    public static async Task DeclareAsync(IConnection connection, string stream, StreamRetention retention, CancellationToken ct)
    {
        if (await ExistsAsync(connection, stream, ct))
            return;
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var arguments = new Dictionary<string, object?> { ["x-queue-type"] = "stream" };
        if (retention.MaxBytes is { } bytes)
            arguments["x-max-length-bytes"] = bytes;
        if (retention.MaxAge is { } age)
            arguments["x-max-age"] = age;
        await channel.QueueDeclareAsync(stream, durable: true, exclusive: false, autoDelete: false, arguments: arguments, cancellationToken: ct);
    }

    /// <summary>
    /// Makes a stream publishable through an exchange of its own name (direct, durable, bound with the stream's name
    /// as routing key). RabbitMQ checks a publish against the exchange only, so publishing through the default
    /// exchange would need write access that reaches every queue; through this exchange, a broker user's write
    /// permission confines it to its own stream. Needs configure permission on the exchange only when it is missing,
    /// and write on the stream and read on the exchange for the binding (idempotent).
    /// </summary>
    public static async Task EnsurePublishableAsync(IConnection connection, string stream, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            await channel.ExchangeDeclarePassiveAsync(stream, ct);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // The failed check closed the channel.
            await using var declaring = await connection.CreateChannelAsync(cancellationToken: ct);
            await declaring.ExchangeDeclareAsync(stream, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: ct);
        }
        await using var binding = await connection.CreateChannelAsync(cancellationToken: ct);
        await binding.QueueBindAsync(stream, stream, stream, cancellationToken: ct);
    }

    public static async Task<bool> ExistsAsync(IConnection connection, string stream, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            await channel.QueueDeclarePassiveAsync(stream, ct);
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// The offset of the last message in a stream, or null when it is empty. AMQP has no call for it: a consumer
    /// at <c>last</c> receives the last chunk, and the highest offset seen before the deliveries pause is the tail.
    /// </summary>
    public static async Task<long?> TailOffsetAsync(IConnection connection, string stream, CancellationToken ct) =>
        await ProbeAsync(connection, stream, "last", Math.Max, ct);

    /// <summary>The offset of the first message still in a stream (retention moves it), or null when it is empty.</summary>
    public static async Task<long?> HeadOffsetAsync(IConnection connection, string stream, CancellationToken ct) =>
        await ProbeAsync(connection, stream, "first", Math.Min, ct);

    private static async Task<long?> ProbeAsync(IConnection connection, string stream, string from, Func<long, long, long> pick, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        await channel.BasicQosAsync(0, 1000, false, ct);
        long? found = null;
        ulong lastTag = 0;
        var lastDelivery = DateTime.UtcNow;
        var consumer = new AsyncEventingBasicConsumer(channel);
        // The callback only records: acks (credit) go out from the loop below, so none can follow the cancel and
        // reach a channel the broker already considers closed (which would close the whole connection, 504).
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var offset = DeliveryOffset(delivery);
            lock (consumer)
            {
                found = found is { } f ? pick(f, offset) : offset;
                lastTag = delivery.DeliveryTag;
                lastDelivery = DateTime.UtcNow;
            }
            return Task.CompletedTask;
        };
        var tag = await channel.BasicConsumeAsync(stream, autoAck: false, consumerTag: "", noLocal: false, exclusive: false,
            arguments: new Dictionary<string, object?> { ["x-stream-offset"] = from }, consumer: consumer, cancellationToken: ct);
        var quiet = TimeSpan.FromMilliseconds(250);
        ulong acked = 0;
        while (true)
        {
            await Task.Delay(50, ct);
            ulong toAck;
            bool done;
            lock (consumer)
            {
                toAck = lastTag;
                done = (DateTime.UtcNow - lastDelivery > quiet && (found is not null || DateTime.UtcNow - lastDelivery > quiet * 2))
                       || (from == "first" && found is not null);
            }
            if (done)
                break;
            if (toAck > acked)
            {
                await channel.BasicAckAsync(toAck, multiple: true, ct);
                acked = toAck;
            }
        }
        await channel.BasicCancelAsync(tag, cancellationToken: ct);
        lock (consumer)
            return found;
    }

    /// <summary>The stream offset the broker stamps on every delivery from a stream.</summary>
    public static long DeliveryOffset(BasicDeliverEventArgs delivery) =>
        delivery.BasicProperties.Headers is { } headers && headers.TryGetValue("x-stream-offset", out var value) && value is long offset
            ? offset
            : throw new InvalidDataException("A delivery without x-stream-offset: the queue is not a stream.");
}
