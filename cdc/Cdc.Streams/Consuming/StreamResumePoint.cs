using Cdc.Positions;
using Cdc.Streams.Broker;
using Cdc.Streams.Continuity;
using Cdc.Streams.Messages;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Cdc.Streams.Consuming;

/// <summary>
/// Where a MySQL capture resumes: the source position of the last record the office stream holds in order, read back
/// from the headers of its last messages (<see cref="InOrderTail"/>). The stream is exactly what the broker confirmed,
/// survives the capturer's container, and needs nothing stored on the source (MySQL keeps no replica state for us).
/// </summary>
public static class StreamResumePoint
{
    /// <summary>The window is read whole, bodies included (AMQP has no header-only read): up to 10,000 messages of at most 512 KiB.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>The position of the last record the stream holds in order, or null when the stream does not exist or is empty.</summary>
    public static async Task<SourcePosition?> ReadAsync(BrokerEndpoint broker, string stream, CancellationToken ct) =>
        (await ReadTailAsync(broker, stream, ct)).Last;

    /// <summary>
    /// Reads the headers of the stream's last <see cref="InOrderTail.Window"/> messages (bodies are not kept) and tells
    /// which are in order. Messages that are not Cdc change messages are left out.
    /// </summary>
    public static async Task<InOrderTail> ReadTailAsync(BrokerEndpoint broker, string stream, CancellationToken ct)
    {
        await using var connection = await broker.ConnectAsync($"cdc capture resume {stream}", ct);
        if (!await StreamBroker.ExistsAsync(connection, stream, ct))
            return InOrderTail.Empty;
        if (await StreamBroker.TailOffsetAsync(connection, stream, ct) is not { } tail)
            return InOrderTail.Empty;
        var window = new List<(long, ChangeMessageHeaders)>();
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(Patience);
        await using (var consumer = await StreamConsumer.StartAsync(connection, stream, new StreamOffset(Math.Max(0, tail - InOrderTail.Window + 1)), 1000, ct))
        {
            try
            {
                while (true)
                {
                    var message = await consumer.Messages.ReadAsync(patience.Token);
                    try
                    {
                        window.Add((message.Offset, ChangeMessageHeaders.FromAmqp(message.Headers)));
                    }
                    catch (ForeignMessageException)
                    {
                        // Not a capturer's: it links nothing.
                    }
                    if (message.Offset >= tail)
                        break;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"Reading back the last messages of stream {stream} (up to offset {tail}) took longer than {Patience.TotalMinutes} minutes; the broker is overloaded or unreachable.");
            }
        }
        return InOrderTail.Of(window);
    }

    /// <summary>The headers of the stream's last message and its offset, or null when the stream does not exist or is empty.</summary>
    public static async Task<(long Offset, ChangeMessageHeaders Headers)?> LastMessageAsync(BrokerEndpoint broker, string stream, CancellationToken ct)
    {
        await using var connection = await broker.ConnectAsync($"cdc capture resume {stream}", ct);
        if (!await StreamBroker.ExistsAsync(connection, stream, ct))
            return null;
        if (await StreamBroker.TailOffsetAsync(connection, stream, ct) is not { } tail)
            return null;
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        await channel.BasicQosAsync(0, 1, false, ct);
        var last = new TaskCompletionSource<ChangeMessageHeaders>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        // One message is all it takes (prefetch 1): no ack, so none can race the cancel and close below.
        consumer.ReceivedAsync += (_, delivery) =>
        {
            if (StreamBroker.DeliveryOffset(delivery) == tail)
            {
                try
                {
                    last.TrySetResult(ChangeMessageHeaders.FromAmqp(delivery.BasicProperties.Headers));
                }
                catch (ForeignMessageException e)
                {
                    last.TrySetException(new StreamException(
                        $"The last message of stream {stream} (offset {tail}) is not a Cdc change message ({e.Message}), so the capture cannot tell where to resume. " +
                        "Another publisher wrote to the stream: give this office its own stream (--stream).", e));
                }
            }
            return Task.CompletedTask;
        };
        var tag = await channel.BasicConsumeAsync(stream, autoAck: false, consumerTag: "", noLocal: false, exclusive: false,
            arguments: new Dictionary<string, object?> { ["x-stream-offset"] = tail }, consumer: consumer, cancellationToken: ct);
        var headers = await last.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await channel.BasicCancelAsync(tag, cancellationToken: ct);
        return (tail, headers);
    }
}
