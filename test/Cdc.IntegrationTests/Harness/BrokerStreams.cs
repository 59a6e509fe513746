using Cdc.Streams.Broker;
using RabbitMQ.Client;

namespace Cdc.IntegrationTests.Harness;

/// <summary>Broker chores for tests: deleting a test's stream (and its exchange), reading its tail.</summary>
public static class BrokerStreams
{
    public static async Task<IConnection> ConnectAsync(string? broker = null) =>
        await BrokerEndpoint.Parse(broker ?? TestServers.Broker).ConnectAsync("cdc tests", CancellationToken.None);

    public static async Task DeleteAsync(string stream, string? broker = null)
    {
        await using var connection = await ConnectAsync(broker);
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(stream);
        await channel.ExchangeDeleteAsync(stream); // the exchange capturers publish through
    }

    public static async Task<long?> TailOffsetAsync(string stream, string? broker = null)
    {
        await using var connection = await ConnectAsync(broker);
        return await StreamBroker.TailOffsetAsync(connection, stream, CancellationToken.None);
    }
}
