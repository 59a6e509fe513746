using Cdc.Connections;
using Cdc.IntegrationTests.Harness;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Streams.Broker;
using Cdc.Schemas.Compatibility;
using Cdc.Schemas.Registry;
using Cdc.Schemas.Wire;
using Cdc.Streams.Messages;
using RabbitMQ.Client;

namespace Cdc.IntegrationTests.Schemas;

/// <summary>A record naming a schema version the registry does not have waits for it, bounded, and is then refused.</summary>
public sealed class UnknownSchemaTests
{
    private static readonly TableDefinition Ghost = new(new TableId("public", "ghost"),
    [
        new ColumnDefinition("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true, SourceId: 1),
        new ColumnDefinition("label", ColumnKind.String, "text", SourceId: 2),
    ]);

    [Fact]
    public async Task A_late_registration_is_waited_for_and_a_missing_one_is_refused_with_the_offset()
    {
        var office = TestServers.UniqueName("unknown_schema").ToLowerInvariant();
        var stream = $"cdc.{office}";
        await using var target = await PostgresDatabase.CreateAsync("unknown_schema_tgt");
        await using var connection = await BrokerStreams.ConnectAsync();
        await StreamBroker.DeclareAsync(connection, stream, StreamRetention.Default, CancellationToken.None);
        try
        {
            await PublishAsync(connection, stream, office, version: 1, id: 1);
            await using var apply = CdcProcess.Start("apply", "--name", $"{office}_applier", "--streams", stream, "--target", target.UriText,
                "--broker", TestServers.Broker, "--schema-patience", "00:00:08");
            await apply.WaitForOutputAsync("consumes", TimeSpan.FromSeconds(30));

            // Registered after the record reached the applier: it waits, then applies with the exact version.
            await using (var registry = await SchemaEvolution.OpenRegistryAsync(TestServers.Broker))
                (await registry.RegisterAsync(office, Ghost, CompatibilityMode.Backward, CancellationToken.None)).Version.Should().Be(1);
            await Eventually.ReachAsync(() => RowsOrEmptyAsync(target), rows => rows.Count == 1, TimeSpan.FromSeconds(20), rows => $"{rows.Count} rows; applier printed:\n{apply.Output}");

            // Version 2 never comes: refused after the patience, naming the stream offset, never decoded with a guess.
            await PublishAsync(connection, stream, office, version: 2, id: 2);
            (await apply.WaitForExitAsync(TimeSpan.FromSeconds(40))).Should().Be(1);
            apply.Output.Should().Contain($"The message at offset 1 of stream {stream} cannot be applied")
                .And.Contain($"Schema {office}.public.ghost version 2 is not in the registry stream cdc.schemas after waiting 8s");
            (await RowsOrEmptyAsync(target)).Should().HaveCount(1);
        }
        finally
        {
            await BrokerStreams.DeleteAsync(stream);
        }
    }

    private static async Task PublishAsync(IConnection connection, string stream, string office, int version, int id)
    {
        var source = new SourceInfo(office, DatabaseEngine.Postgres, "ghostdb", new SourcePosition(0, (ulong)(100 * id), 0), $"0/{100 * id}", $"{id}", DateTimeOffset.UtcNow);
        var record = new ChangeRecord(Operation.Create, Ghost, null, new RowImage([id, $"row {id}"]), source);
        var message = new ChangeMessageBuilder();
        message.Add(record, RegisteredSchema.For(office, Ghost, version));
        var (headers, body) = message.Build(endOfTransaction: true);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = ChangeMessageHeaders.ContentType, DeliveryMode = DeliveryModes.Persistent, Headers = headers.ToAmqp(), UserId = "cdc" };
        await channel.BasicPublishAsync("", stream, mandatory: true, properties, body);
    }

    private static async Task<List<string>> RowsOrEmptyAsync(PostgresDatabase database)
    {
        try
        {
            return await database.RowsAsync("ghost", "id");
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01")
        {
            return [];
        }
    }
}
