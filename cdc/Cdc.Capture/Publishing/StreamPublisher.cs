using Cdc.Streams.Broker;
using Cdc.Streams.Messages;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Cdc.Capture.Publishing;

/// <summary>
/// Publishes change messages to an office stream with publisher confirms, in order. <see cref="PublishAsync"/> sends
/// one message and hands back its confirm: the task completes when the broker has the message durably, and faults
/// when it refused it or the connection died. Many confirms may be in flight at once (the broker's throughput depends
/// on it), but the stream must hold messages in publishing order: the applier skips records at or below the last
/// position it applied, so a message that overtook an earlier one would make the earlier one look applied and its
/// changes would be lost. Hence no rate limiter inside the client (RabbitMQ.Client's <c>ThrottlingRateLimiter</c>
/// delays each publish by a different <c>Task.Delay</c> once half its permits are taken, so later messages overtake
/// earlier ones); the cap on confirms in flight is taken here, before the message is handed to the channel, by the
/// one loop that publishes and awaits each send in turn.
/// </summary>
internal sealed class StreamPublisher : IAsyncDisposable
{
    private const int MaxConfirmsInFlight = 4096;
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _stream;
    private readonly string _user;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _inFlight = new(MaxConfirmsInFlight, MaxConfirmsInFlight);

    private StreamPublisher(IConnection connection, IChannel channel, string stream, string user)
    {
        _user = user;
        _connection = connection;
        _channel = channel;
        _stream = stream;
        _connection.ConnectionShutdownAsync += OnShutdown;
        _channel.ChannelShutdownAsync += OnShutdown;
    }

    public static async Task<StreamPublisher> OpenAsync(BrokerEndpoint broker, CaptureSettings options, CancellationToken ct)
    {
        var connection = await broker.ConnectAsync($"cdc capture {options.Office}", ct);
        try
        {
            await StreamBroker.DeclareAsync(connection, options.StreamName, options.Retention, ct);
            await StreamBroker.EnsurePublishableAsync(connection, options.StreamName, ct);
            var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true,
                publisherConfirmationTrackingEnabled: true,
                outstandingPublisherConfirmationsRateLimiter: null), ct);
            return new StreamPublisher(connection, channel, options.StreamName, broker.User);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes, faulted, when the channel or connection shuts down: no confirm can come after it.</summary>
    public Task Closed => _closed.Task;

    /// <summary>
    /// Waits (<paramref name="ct"/>) until fewer than the maximum confirms are in flight, sends the message, and returns
    /// its confirm. Await each call before the next one: messages reach the stream in the order of the calls. Once sent,
    /// a message gets its confirm whatever <paramref name="ct"/> does, so a graceful stop can acknowledge it.
    /// </summary>
    public async ValueTask<Task> PublishAsync(ChangeMessageHeaders headers, byte[] body, CancellationToken ct)
    {
        await _inFlight.WaitAsync(ct);
        var properties = new BasicProperties
        {
            ContentType = ChangeMessageHeaders.ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = headers.First.ToString(),
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            Headers = headers.ToAmqp(),
            // Checked by the broker against this connection's user: appliers bind the stream's records to these credentials.
            UserId = _user,
        };
        // Through the stream's own exchange, never the default one: see StreamBroker.EnsurePublishableAsync.
        // Without a rate limiter the channel's first wait is its own first-come lock, under which it takes the publish
        // sequence number and writes the frame: the send order is the order of these calls.
        var confirm = _channel.BasicPublishAsync(_stream, PublishFaultForTests.RoutingKey(_stream), mandatory: true, properties, body, CancellationToken.None).AsTask();
        _ = confirm.ContinueWith(_ => _inFlight.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return confirm;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
        // _inFlight is not disposed: confirms failing with the channel still release it (it holds no wait handle).
    }

    private Task OnShutdown(object sender, ShutdownEventArgs args)
    {
        _closed.TrySetException(new IOException($"The broker closed the publishing {(sender is IChannel ? "channel" : "connection")} of stream {_stream}: {args.ReplyCode} {args.ReplyText}."));
        return Task.CompletedTask;
    }
}
