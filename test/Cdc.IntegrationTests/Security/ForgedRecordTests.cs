using Cdc.Appliers.Writing;
using Cdc.IntegrationTests.Harness;
using Cdc.Model;
using Cdc.Schemas.Registry;

namespace Cdc.IntegrationTests.Security;

/// <summary>
/// A branch's broker credentials reach no further than the branch's own tables: with branch 1's user (permissions as
/// deploy/rabbitmq/definitions.json gives an office), junk and forged registry entries and forged records aimed at the
/// head office's tables, at <c>cdc_offsets</c> and at branch 2's subjects change nothing at the head office; each
/// forgery stops branch 1's stream at the head office with an error naming stream, offset, table and allow-list,
/// while branch 2's changes (even a new schema version that a forged entry tried to pre-empt) keep flowing.
/// </summary>
public sealed class ForgedRecordTests
{
    private static readonly TableDefinition Prices = new(new TableId("retail", "prices"),
    [
        new ColumnDefinition("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true, SourceId: 1),
        new ColumnDefinition("price", ColumnKind.Int32, "integer", SourceId: 2),
    ]);

    private static readonly TableDefinition Sales = new(new TableId("retail", "sales"),
    [
        new ColumnDefinition("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true, SourceId: 1),
        new ColumnDefinition("amount", ColumnKind.Int32, "integer", SourceId: 2),
    ]);

    [Fact]
    public async Task Branch_credentials_cannot_write_head_office_tables_offsets_or_another_branchs_records()
    {
        var b1 = TestServers.UniqueName("b1").ToLowerInvariant();
        var b2 = TestServers.UniqueName("b2").ToLowerInvariant();
        await using var head = await PostgresDatabase.CreateAsync("head");
        await using var branch1 = await PostgresDatabase.CreateAsync("branch1");
        await using var branch2 = await PostgresDatabase.CreateAsync("branch2");
        // A broker of its own: the junk and forged entries this test writes into cdc.schemas stay out of every other test's registry.
        await using var broker = await PrivateBroker.StartAsync();
        var user1 = await OfficeBrokerUser.CreateAsync(b1, broker);
        var user2 = await OfficeBrokerUser.CreateAsync(b2, broker);
        const string schema = "CREATE SCHEMA retail; CREATE TABLE retail.sales (id integer PRIMARY KEY, amount integer);";
        await branch1.ExecuteAsync(schema);
        await branch2.ExecuteAsync(schema);
        await head.ExecuteAsync(schema + "CREATE TABLE retail.prices (id integer PRIMARY KEY, price integer); INSERT INTO retail.prices VALUES (1, 10);");
        var processes = new ProcessGroup();
        try
        {
            var capture1 = processes.Start(["capture", "--office", b1, "--source", branch1.UriText, "--broker", user1.Uri]);
            var capture2 = processes.Start(["capture", "--office", b2, "--source", branch2.UriText, "--broker", user2.Uri]);
            await capture1.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(90));
            await capture2.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(90));
            CdcProcess Apply(string name, string streams) =>
                processes.Start(["apply", "--name", name, "--streams", streams, "--target", head.UriText, "--broker", broker.Uri, "--tables", "retail.sales", "--schema-patience", "00:00:05"]);
            var applier = Apply("head", $"cdc.{b1},cdc.{b2}");
            await branch1.ExecuteAsync("INSERT INTO retail.sales VALUES (1, 100)");
            await branch2.ExecuteAsync("INSERT INTO retail.sales VALUES (101, 200)");
            await WaitForRowsAsync(head, "retail.sales", ["(1,100)", "(101,200)"], applier);

            // Junk in the registry, and entries written with branch 1's credentials for its own and branch 2's subjects.
            await using var forger = await ForgedPublisher.ConnectAsync(user1);
            await forger.RegisterAsync("not json"u8.ToArray());
            await forger.RegisterAsync("{}"u8.ToArray());
            await forger.RegisterAsync("""{"subject": 5, "version": "two", "schema": null}"""u8.ToArray());
            await forger.RegisterAsync(new byte[5 * 1024 * 1024]);
            await forger.RegisterAsync(Registration.From(RegisteredSchema.For(b1, Sales, 7, user1.Name)).ToBytes(), withUserId: false);
            await forger.RegisterAsync(Registration.From(RegisteredSchema.For(b1, Prices, 1, user1.Name)).ToBytes() is var json
                ? System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(json).Replace($"\"{b1}.retail.prices\"", $"\"{b1}.retail.sales\"", StringComparison.Ordinal))
                : []);
            var pwned = new TableDefinition(Sales.Id, [.. Sales.Columns, new ColumnDefinition("pwned", ColumnKind.String, "text", SourceId: 3)]);
            await forger.RegisterAsync(b2, pwned, 2);
            await forger.RegisterAsync(b1, OffsetTable.Definition("public"), 1);
            await forger.RegisterAsync(b1, Prices, 1);

            // Forged records in branch 1's stream: a checkpoint of branch 2's stream, a head-office price, a record of branch 2's subject.
            var stream1 = $"cdc.{b1}";
            var offsetsRow = new object?[] { "head", $"cdc.{b2}", 999_999L, "0:999999:0", 0L };
            await forger.PublishRecordAsync(stream1, RegisteredSchema.For(b1, OffsetTable.Definition("public"), 1, user1.Name), offsetsRow, 900_000);
            var atOffsets = (await BrokerStreams.TailOffsetAsync(stream1, broker.Uri))!.Value;
            await forger.PublishRecordAsync(stream1, RegisteredSchema.For(b1, Prices, 1, user1.Name), [1, 0], 900_001);
            var atPrices = (await BrokerStreams.TailOffsetAsync(stream1, broker.Uri))!.Value;
            await forger.PublishRecordAsync(stream1, RegisteredSchema.For(b2, Sales, 1, user1.Name), [666, 0], 900_002);
            var atOtherOffice = (await BrokerStreams.TailOffsetAsync(stream1, broker.Uri))!.Value;

            await applier.WaitForOutputAsync($"stopped applying {stream1}", TimeSpan.FromSeconds(60));
            applier.Output.Should().Contain($"The message at offset {atOffsets} of stream {stream1} cannot be applied")
                .And.Contain("table public.cdc_offsets").And.Contain("retail.sales, never cdc_offsets or cdc_snapshot")
                .And.Contain($"Forged or unauthorised message at offset {atOffsets} of stream {stream1} (published by broker user {b1})");

            // Branch 2 goes on, through a new schema version of its own that the forged version 2 did not replace.
            await branch2.ExecuteAsync("ALTER TABLE retail.sales ADD COLUMN note text; INSERT INTO retail.sales VALUES (102, 300, 'ok');");
            await WaitForRowsAsync(head, "retail.sales", ["(1,100,)", "(101,200,)", "(102,300,ok)"], applier);
            applier.HasExited.Should().BeFalse();

            // The other two forgeries, each met by an applier that resumes right after the previous one.
            foreach (var (name, after, expected) in new[]
                     {
                         ("second", atOffsets, "table retail.prices"),
                         ("third", atPrices, $"it names subject {b2}.retail.sales, which is not a subject of office {b1}"),
                     })
            {
                var set = await CdcProcess.RunAsync(TimeSpan.FromSeconds(60), "offsets", "set", "--applier", name, "--stream", stream1, "--offset", $"{after}", "--target", head.UriText, "--broker", broker.Uri);
                set.ExitCode.Should().Be(0, set.Output);
                var next = Apply(name, stream1);
                await next.WaitForOutputAsync($"stopped applying {stream1}", TimeSpan.FromSeconds(60));
                next.Output.Should().Contain($"The message at offset {after + 1} of stream {stream1} cannot be applied").And.Contain(expected)
                    .And.Contain("Skipping a malformed registration");
            }
            atOtherOffice.Should().Be(atPrices + 1);

            (await head.RowsAsync("retail.prices", "id")).Should().Equal("(1,10)");
            (await head.ScalarAsync<long>("SELECT stream_offset FROM cdc_offsets WHERE applier = 'head' AND stream = 'cdc." + b2 + "'")).Should().BeLessThan(999_999);
            (await head.ScalarAsync<long>("SELECT count(*) FROM retail.sales WHERE id = 666")).Should().Be(0);
            (await head.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE column_name = 'pwned'")).Should().Be(0);
        }
        finally
        {
            await processes.DisposeAsync();
        }
    }

    private static Task WaitForRowsAsync(PostgresDatabase database, string table, string[] rows, CdcProcess applier) =>
        Eventually.ReachAsync(
            () => database.RowsAsync(table, "id"),
            actual => actual.SequenceEqual(rows),
            TimeSpan.FromSeconds(60),
            actual => $"{table} holds {string.Join(", ", actual)}; the applier said:\n{applier.Output}");
}
