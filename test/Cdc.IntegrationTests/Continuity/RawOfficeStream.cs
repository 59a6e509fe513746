using Cdc.Model;
using Cdc.Positions;
using Cdc.Schemas.Registry;
using Cdc.Schemas.Wire;
using Cdc.Streams.Broker;
using Cdc.Streams.Messages;
using RabbitMQ.Client;

namespace Cdc.IntegrationTests.Continuity;

/// <summary>
/// An office's stream written by hand, with the shared broker's admin user as the office's publisher: the schema of
/// <c>shop.items (id, qty)</c> registered, good inserts, and each kind of bad message an applier must not choke on,
/// published as raw headers and bytes. Each source transaction is one message at its own position.
/// </summary>
internal sealed class RawOfficeStream : IAsyncDisposable
{
    public static readonly TableDefinition Items = new(new TableId("shop", "items"),
    [
        new ColumnDefinition("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true, SourceId: 1),
        new ColumnDefinition("qty", ColumnKind.Int32, "integer", SourceId: 2),
    ]);

    /// <summary>The bad inputs, by name.</summary>
    public static readonly string[] BadInputs = ["foreign", "schemas-without-at", "oversized-count", "huge-varint", "time-out-of-range", "insert-without-after", "check-violation"];

    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly RegisteredSchema _schema;
    private readonly string _user;
    private ulong _position = 1000;

    private RawOfficeStream(string office, IConnection connection, IChannel channel, RegisteredSchema schema, string user)
    {
        Office = office;
        _connection = connection;
        _channel = channel;
        _schema = schema;
        _user = user;
    }

    public string Office { get; }

    public string Stream => StreamNames.ForOffice(Office);

    public static async Task<RawOfficeStream> CreateAsync(string office)
    {
        var user = new Uri(TestServers.Broker).UserInfo.Split(':')[0];
        var connection = await BrokerStreams.ConnectAsync();
        var stream = StreamNames.ForOffice(office);
        await StreamBroker.DeclareAsync(connection, stream, StreamRetention.Default, CancellationToken.None);
        await StreamBroker.EnsurePublishableAsync(connection, stream, CancellationToken.None);
        await StreamBroker.DeclareAsync(connection, StreamNames.Schemas, StreamRetention.Forever, CancellationToken.None);
        await StreamBroker.EnsurePublishableAsync(connection, StreamNames.Schemas, CancellationToken.None);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var schema = RegisteredSchema.For(office, Items, 1, user);
        await channel.BasicPublishAsync(StreamNames.Schemas, StreamNames.Schemas, mandatory: true,
            new BasicProperties { ContentType = "application/json", UserId = user }, Registration.From(schema).ToBytes());
        return new RawOfficeStream(office, connection, channel, schema, user);
    }

    /// <summary>Publishes an insert of (<paramref name="id"/>, <paramref name="qty"/>); returns its offset.</summary>
    public Task<long> InsertAsync(int id, int qty)
    {
        var (headers, body) = Message(Operation.Create, new RowImage([id, qty]), DateTimeOffset.UtcNow);
        return PublishAsync(headers.ToAmqp(), body);
    }

    /// <summary>Publishes the bad input <paramref name="name"/> (one of <see cref="BadInputs"/>; the check violation inserts a negative qty as <paramref name="id"/>); returns its offset.</summary>
    public Task<long> PublishBadAsync(string name, int id)
    {
        var (headers, body) = Message(Operation.Create, new RowImage([id, 1]), DateTimeOffset.UnixEpoch.AddTicks(10)); // commit time 1 µs: one varint byte
        var amqp = headers.ToAmqp();
        switch (name)
        {
            case "foreign":
                return PublishAsync(new Dictionary<string, object?> { ["app"] = "not cdc" }, "hello"u8.ToArray());
            case "schemas-without-at":
                amqp["cdc-schemas"] = _schema.Subject;
                return PublishAsync(amqp, body);
            case "oversized-count":
                amqp["cdc-count"] = int.MaxValue;
                return PublishAsync(amqp, body);
            case "huge-varint":
                // The op, right after the single-object header, as a 10-byte varint that fits no int.
                return PublishAsync(amqp, [.. body[..10], 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, .. body[11..]]);
            case "time-out-of-range":
                // The record ends with the commit time (zigzag 1 µs = 0x02) and the snapshot flag: the time becomes long.MaxValue µs.
                body[^2].Should().Be(0x02);
                return PublishAsync(amqp, [.. body[..^2], 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, body[^1]]);
            case "insert-without-after":
                var (noAfter, noAfterBody) = Message(Operation.Create, null, DateTimeOffset.UtcNow, before: new RowImage([id, 1]));
                return PublishAsync(noAfter.ToAmqp(), noAfterBody);
            case "check-violation":
                var (negative, negativeBody) = Message(Operation.Create, new RowImage([id, -1]), DateTimeOffset.UtcNow);
                return PublishAsync(negative.ToAmqp(), negativeBody);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "not a bad input");
        }
    }

    private (ChangeMessageHeaders Headers, byte[] Body) Message(Operation op, RowImage? after, DateTimeOffset commit, RowImage? before = null)
    {
        var position = _position++;
        var source = new SourceInfo(Office, Cdc.Connections.DatabaseEngine.Postgres, "raw", new SourcePosition(0, position, 0), $"0/{position:X}", $"{position}", commit);
        var builder = new ChangeMessageBuilder();
        builder.Add(new ChangeRecord(op, Items, before, after, source), _schema);
        return builder.Build(endOfTransaction: true);
    }

    private async Task<long> PublishAsync(IDictionary<string, object?> headers, byte[] body)
    {
        var properties = new BasicProperties { ContentType = ChangeMessageHeaders.ContentType, Headers = headers, UserId = _user };
        await _channel.BasicPublishAsync(Stream, Stream, mandatory: true, properties, body);
        return (await StreamBroker.TailOffsetAsync(_connection, Stream, CancellationToken.None))!.Value;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
        await BrokerStreams.DeleteAsync(Stream);
        await BrokerStreams.DeleteAsync(StreamNames.DeadLetters(Office));
    }
}
