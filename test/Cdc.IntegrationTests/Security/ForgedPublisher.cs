using Cdc.Model;
using Cdc.Positions;
using Cdc.Streams.Broker;
using Cdc.Schemas.Registry;
using Cdc.Schemas.Wire;
using Cdc.Streams.Messages;
using RabbitMQ.Client;

namespace Cdc.IntegrationTests.Security;

/// <summary>
/// A small raw AMQP publisher with one office's broker credentials, as an attacker holding them would use it: change
/// records and registry entries of its own making, through the exchanges those credentials may write.
/// </summary>
internal sealed class ForgedPublisher : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _user;

    private ForgedPublisher(IConnection connection, IChannel channel, string user)
    {
        _connection = connection;
        _channel = channel;
        _user = user;
    }

    public static async Task<ForgedPublisher> ConnectAsync(OfficeBrokerUser user)
    {
        var connection = await BrokerEndpoint.Parse(user.Uri).ConnectAsync("forger", CancellationToken.None);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new ForgedPublisher(connection, channel, user.Name);
    }

    /// <summary>A registry entry with this user's user-id (or none), as bytes of any shape.</summary>
    public Task RegisterAsync(byte[] entry, bool withUserId = true) =>
        _channel.BasicPublishAsync(StreamNames.Schemas, StreamNames.Schemas, mandatory: true,
            new BasicProperties { ContentType = "application/json", UserId = withUserId ? _user : null }, entry).AsTask();

    /// <summary>A well-formed registration of <paramref name="table"/> as <paramref name="office"/>'s subject.</summary>
    public Task RegisterAsync(string office, TableDefinition table, int version) =>
        RegisterAsync(Registration.From(RegisteredSchema.For(office, table, version, _user)).ToBytes());

    /// <summary>One record inserting <paramref name="row"/>, under <paramref name="schema"/>, into stream <paramref name="stream"/>.</summary>
    public async Task PublishRecordAsync(string stream, RegisteredSchema schema, object?[] row, ulong position)
    {
        var source = new SourceInfo(schema.Office, Cdc.Connections.DatabaseEngine.Postgres, "forged", new SourcePosition(0, position, 0), $"0/{position:X}", $"{position}", DateTimeOffset.UtcNow);
        var message = new ChangeMessageBuilder();
        message.Add(new ChangeRecord(Operation.Create, schema.Table, null, new RowImage(row), source), schema);
        var (headers, body) = message.Build(endOfTransaction: true);
        var properties = new BasicProperties { ContentType = ChangeMessageHeaders.ContentType, Headers = headers.ToAmqp(), UserId = _user };
        await _channel.BasicPublishAsync(stream, stream, mandatory: true, properties, body);
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
