using Cdc.Streams.Consuming;
using Cdc.Positions;
using Cdc.Streams.Broker;
using RabbitMQ.Client;

namespace Cdc.IntegrationTests.Operations;

/// <summary>
/// Closing a stream consumer while its deliveries are still being acked leaves the connection usable. An ack that
/// follows the channel's close makes RabbitMQ close the whole connection (504 CHANNEL_ERROR "expected
/// 'channel.open'"): <c>cdc status</c> reads one message at a time from a stream (its first and last publish time, an
/// applier's lag), each time with a new consumer on the same connection, and crashed on the next one.
/// </summary>
public sealed class ConsumerCloseTests
{
    private const int Messages = 3000;
    private const int Readers = 8;
    private const int Rounds = 20;

    [Fact]
    public async Task A_consumer_closed_after_its_first_message_never_acks_on_the_closed_channel()
    {
        var stream = TestServers.UniqueName("cdc.close");
        await using var connection = await BrokerStreams.ConnectAsync();
        try
        {
            await StreamBroker.DeclareAsync(connection, stream, StreamRetention.Default, CancellationToken.None);
            await PublishAsync(connection, stream);

            // As cdc status reads one message (a publish time, an applier's lag): the broker keeps delivering up to the
            // prefetch, and the consumer acking, while it closes. Several at once on the connection, to be acking when
            // another closes as often as possible: the window is one delivery wide.
            await Task.WhenAll(Enumerable.Range(0, Readers).Select(reader => Task.Run(async () =>
            {
                for (var round = 0; round < Rounds; round++)
                {
                    var from = reader * Rounds + round;
                    await using (var consumer = await StreamConsumer.StartAsync(connection, stream, new StreamOffset(from), prefetch: 1000, CancellationToken.None))
                        (await consumer.Messages.ReadAsync()).Offset.Should().Be(from);
                    connection.IsOpen.Should().BeTrue($"closing a consumer must leave the connection open, but the broker closed it: {connection.CloseReason}");
                }
            })));
            (await StreamBroker.ExistsAsync(connection, stream, CancellationToken.None)).Should().BeTrue("the connection still works");
        }
        finally
        {
            await BrokerStreams.DeleteAsync(stream);
        }
    }

    private static async Task PublishAsync(IConnection connection, string stream)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true, outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(4096)));
        var body = new byte[64];
        var confirms = new List<Task>();
        for (var i = 0; i < Messages; i++)
            confirms.Add(channel.BasicPublishAsync("", stream, mandatory: true, new BasicProperties(), body).AsTask());
        await Task.WhenAll(confirms);
    }
}
