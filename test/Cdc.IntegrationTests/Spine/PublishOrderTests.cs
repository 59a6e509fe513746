using Cdc.Streams.Consuming;
using Cdc.Capture;
using Cdc.Capture.Publishing;
using Cdc.Positions;
using Cdc.Streams.Broker;
using Cdc.Streams.Messages;

namespace Cdc.IntegrationTests.Spine;

/// <summary>
/// The stream must hold messages in the order the capturer published them: the applier skips every record at or below
/// the last position it applied, so a message that overtakes an earlier one makes the earlier one look applied, and
/// its changes are lost. Publishing many messages with confirms in flight (a snapshot chunk, a backlog after a
/// restart) is where an out-of-order send would show.
/// </summary>
public sealed class PublishOrderTests
{
    [Fact]
    public async Task Messages_published_with_thousands_of_confirms_in_flight_arrive_in_publishing_order()
    {
        const int messages = 12_000;
        var broker = BrokerEndpoint.Parse(TestServers.Broker);
        var options = new CaptureSettings { Office = TestServers.UniqueName("publish_order").ToLowerInvariant(), Source = TestServers.Postgres, Broker = broker };
        try
        {
            await using (var publisher = await StreamPublisher.OpenAsync(broker, options, CancellationToken.None))
            {
                var confirms = new List<Task>(messages);
                var body = new byte[200];
                for (var i = 1; i <= messages; i++)
                {
                    var position = new SourcePosition(0, (ulong)i, 0);
                    var headers = new ChangeMessageHeaders(options.Office, $"{i}", position, position, true, 1, "public.t", "c", []);
                    confirms.Add(await publisher.PublishAsync(headers, body, CancellationToken.None));
                }
                await Task.WhenAll(confirms);
            }

            await using var connection = await BrokerStreams.ConnectAsync();
            await using var consumer = await StreamConsumer.StartAsync(connection, options.StreamName, new StreamOffset(0), 1000, CancellationToken.None);
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var previous = 0UL;
            var outOfOrder = new List<string>();
            for (var read = 0; read < messages; read++)
            {
                var message = await consumer.Messages.ReadAsync(patience.Token);
                var first = ChangeMessageHeaders.FromAmqp(message.Headers).First.Offset;
                if (first < previous && outOfOrder.Count < 10)
                    outOfOrder.Add($"offset {message.Offset}: message {first} after message {previous}");
                previous = Math.Max(previous, first);
            }
            outOfOrder.Should().BeEmpty("the stream must keep the publishing order");
        }
        finally
        {
            await BrokerStreams.DeleteAsync(options.StreamName);
        }
    }
}
