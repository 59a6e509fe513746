using Cdc.Schemas.Broker;
using Cdc.Schemas.Wire;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Cdc.Capture.Publishing;

/// <summary>
/// Publishes change messages to an office stream with publisher confirms. <see cref="PublishAsync"/> returns the
/// confirm: the task completes when the broker has the message durably, and faults when it refused it or the
/// connection died. Many confirms may be in flight at once (the broker's throughput depends on it).
/// </summary>
internal sealed class StreamPublisher : IAsyncDisposable
{
    private const int MaxConfirmsInFlight = 4096;
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _stream;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StreamPublisher(IConnection connection, IChannel channel, string stream)
    {
        _connection = connection;
        _channel = channel;
        _stream = stream;
        _connection.ConnectionShutdownAsync += OnShutdown;
        _channel.ChannelShutdownAsync += OnShutdown;
    }

    public static async Task<StreamPublisher> OpenAsync(BrokerEndpoint broker, CaptureOptions options, CancellationToken ct)
    {
        var connection = await broker.ConnectAsync($"cdc capture {options.Office}", ct);
        try
        {
            await Streams.DeclareAsync(connection, options.StreamName, new StreamRetention(options.StreamMaxBytes, options.StreamMaxAge), ct);
            await Streams.EnsurePublishableAsync(connection, options.StreamName, ct);
            var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true,
                publisherConfirmationTrackingEnabled: true,
                outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(MaxConfirmsInFlight)), ct);
            return new StreamPublisher(connection, channel, options.StreamName);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes, faulted, when the channel or connection shuts down: no confirm can come after it.</summary>
    public Task Closed => _closed.Task;

    public Task PublishAsync(ChangeMessageHeaders headers, byte[] body, CancellationToken ct)
    {
        var properties = new BasicProperties
        {
            ContentType = ChangeMessageHeaders.ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = headers.First.ToString(),
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            Headers = headers.ToAmqp(),
        };
        // Through the stream's own exchange, never the default one: see Streams.EnsurePublishableAsync.
        return _channel.BasicPublishAsync(_stream, _stream, mandatory: true, properties, body, ct).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private Task OnShutdown(object sender, ShutdownEventArgs args)
    {
        _closed.TrySetException(new IOException($"The broker closed the publishing {(sender is IChannel ? "channel" : "connection")} of stream {_stream}: {args.ReplyCode} {args.ReplyText}."));
        return Task.CompletedTask;
    }
}
