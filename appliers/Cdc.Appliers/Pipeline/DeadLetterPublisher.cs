using Cdc.Streams.Broker;
using Cdc.Streams.Consuming;
using Cdc.Streams.Messages;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Cdc.Appliers.Pipeline;

/// <summary>
/// Parks the messages of one office stream that cannot be applied: a copy of each (body and headers, with a
/// <see cref="ParkedMessage"/> saying where it came from and why) into <c>cdc.&lt;office&gt;.dead</c>, which it declares.
/// A park returns once the broker confirmed the copy, so the caller may then store the original's offset as applied.
/// </summary>
internal sealed class DeadLetterPublisher : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly string _applier;

    private DeadLetterPublisher(IChannel channel, string applier, string stream)
    {
        _channel = channel;
        _applier = applier;
        Stream = stream;
    }

    /// <summary>The stream the copies go to.</summary>
    public string Stream { get; }

    public static async Task<DeadLetterPublisher> OpenAsync(IConnection connection, string applier, string office, CancellationToken ct)
    {
        var dead = StreamNames.DeadLetters(office);
        try
        {
            await StreamBroker.DeclareAsync(connection, dead, StreamRetention.Default, ct);
            await StreamBroker.EnsurePublishableAsync(connection, dead, ct);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 403)
        {
            throw new ApplyException(
                $"Applier {applier} (--on-bad-message park) may not declare or write the stream {dead} that parks the bad messages of office {office}: " +
                $"{e.ShutdownReason.ReplyText}. Give its broker user configure and write permission on ^cdc\\..+\\.dead$ (see deploy/rabbitmq/definitions.json), " +
                "or run it with --on-bad-message stop.", inner: e);
        }
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        return new DeadLetterPublisher(channel, applier, dead);
    }

    public async Task ParkAsync(StreamMessage message, string reason, CancellationToken ct)
    {
        var parked = new ParkedMessage(message.Stream, message.Offset, reason, message.PublishedBy ?? "", _applier);
        var properties = new BasicProperties { Headers = parked.AddTo(message.Headers), DeliveryMode = DeliveryModes.Persistent };
        await _channel.BasicPublishAsync(Stream, Stream, mandatory: true, properties, message.Body, ct);
    }

    public async ValueTask DisposeAsync() => await _channel.DisposeAsync();
}
