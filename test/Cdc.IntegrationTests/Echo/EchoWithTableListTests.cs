using System.Text.Json;

namespace Cdc.IntegrationTests.Echo;

/// <summary>
/// Echo suppression with table lists (<c>--tables</c>): the applier's offset table is in every publication the capturer
/// creates, so two offices that replicate both ways each publish their own changes only; and the rule matches the
/// applier's own offset table exactly, so a user table called cdc_offsets in another schema replicates like any other.
/// </summary>
public sealed class EchoWithTableListTests
{
    [Fact]
    public async Task Two_offices_both_ways_with_table_lists_each_publish_exactly_their_own_changes()
    {
        await using var head = await PostgresDatabase.CreateAsync("echolist_head");
        await using var branch = await MariaDbDatabase.CreateAsync("echolist_branch");
        var headOffice = TestServers.UniqueName("echolisthead").ToLowerInvariant();
        var branchOffice = TestServers.UniqueName("echolistbranch").ToLowerInvariant();
        try
        {
            // A publication lists tables that exist: the head office holds its copy of the branch's sales already.
            await head.ExecuteAsync($"CREATE TABLE prices (id integer PRIMARY KEY, price numeric(10,2)); CREATE SCHEMA \"{branch.Name}\"; " +
                                    $"CREATE TABLE \"{branch.Name}\".sales (id integer PRIMARY KEY, amount numeric(10,2))");
            await branch.ExecuteAsync("CREATE TABLE sales (id int PRIMARY KEY, amount decimal(10,2))");
            // Each capturer lists its own table and the one it receives: without the offset table in the publication,
            // what the appliers write would be published again and bounce between the offices.
            await using var headCapture = CdcProcess.Start("capture", "--office", headOffice, "--source", head.UriText, "--broker", TestServers.Broker,
                "--tables", $"public.prices,{branch.Name}.sales");
            await using var branchCapture = CdcProcess.Start("capture", "--office", branchOffice, "--source", branch.UriText, "--broker", TestServers.Broker,
                "--tables", $"{branch.Name}.sales,{branch.Name}.prices");
            await headCapture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
            await branchCapture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
            await using var toBranch = CdcProcess.Start("apply", "--name", "to_branch", "--streams", $"cdc.{headOffice}", "--target", branch.UriText, "--broker", TestServers.Broker);
            await using var toHead = CdcProcess.Start("apply", "--name", "to_head", "--streams", $"cdc.{branchOffice}", "--target", head.UriText, "--broker", TestServers.Broker);

            await head.ExecuteAsync("INSERT INTO prices SELECT i, i * 1.5 FROM generate_series(1, 20) i");
            await branch.ExecuteAsync("INSERT INTO sales VALUES " + string.Join(", ", Enumerable.Range(1, 20).Select(i => $"({i}, {i}.25)")));
            await Eventually.ReachAsync(() => branch.RowsAsync("SELECT id FROM prices"), rows => rows.Count == 20, TimeSpan.FromSeconds(60), rows => $"{rows.Count} prices at the branch");
            await Eventually.ReachAsync(() => head.ScalarAsync<long>($"SELECT count(*) FROM \"{branch.Name}\".sales"), n => n == 20, TimeSpan.FromSeconds(60), n => $"{n} sales at the head office");
            // A last local change at each office, applied at the other: anything echoed was published before it.
            await head.ExecuteAsync("INSERT INTO prices VALUES (1000, 1)");
            await branch.ExecuteAsync("INSERT INTO sales VALUES (1000, 1)");
            await Eventually.ReachAsync(() => branch.RowsAsync("SELECT id FROM prices WHERE id = 1000"), rows => rows.Count == 1, TimeSpan.FromSeconds(60), rows => $"{rows.Count} last price");
            await Eventually.ReachAsync(() => head.ScalarAsync<long>($"SELECT count(*) FROM \"{branch.Name}\".sales WHERE id = 1000"), n => n == 1, TimeSpan.FromSeconds(60), n => $"{n} last sale");

            (await TablesOfRecordsAsync($"cdc.{headOffice}")).Should().Equal(Enumerable.Repeat("public.prices", 21), "the head office's stream holds its own 21 price changes, nothing applied from the branch");
            (await TablesOfRecordsAsync($"cdc.{branchOffice}")).Should().Equal(Enumerable.Repeat($"{branch.Name}.sales", 21), "the branch's stream holds its own 21 sales, nothing applied from the head office");
        }
        finally
        {
            await BrokerStreams.DeleteAsync($"cdc.{headOffice}");
            await BrokerStreams.DeleteAsync($"cdc.{branchOffice}");
        }
    }

    [Fact]
    public async Task A_user_table_named_cdc_offsets_in_another_schema_replicates_while_applier_transactions_are_still_recognised()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("echo_usertable");
        await pipeline.Source.ExecuteAsync("""
            CREATE SCHEMA myschema;
            CREATE TABLE myschema.cdc_offsets (applier varchar(200), stream varchar(200), stream_offset bigint, source_position varchar(100), applied_at timestamptz,
                                               PRIMARY KEY (applier, stream));
            CREATE TABLE notes (id integer PRIMARY KEY, note text);
            """);
        var capture = pipeline.StartCapture("--tables", "myschema.cdc_offsets,public.notes");
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        pipeline.StartApply();

        // Its first change is to myschema.cdc_offsets: a user transaction all the same, to be published whole.
        await pipeline.Source.ExecuteAsync("""
            BEGIN;
            INSERT INTO myschema.cdc_offsets VALUES ('mine', 'not a stream', 7, '0:1:2', '2026-01-01 00:00:00+00');
            INSERT INTO notes VALUES (1, 'in the same transaction');
            COMMIT;
            """);

        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), ("myschema.cdc_offsets", "applier"), ("notes", "id"));
        (await pipeline.Source.ScalarAsync<long>("SELECT count(*) FROM pg_publication_tables WHERE tablename = 'cdc_offsets' AND schemaname = 'public'"))
            .Should().Be(1, "the capturer adds the applier offset table to the publication it creates for --tables");
    }

    private static async Task<List<string>> TablesOfRecordsAsync(string stream)
    {
        var (exit, output) = await CdcProcess.RunAsync(TimeSpan.FromSeconds(60), "tail", "--stream", stream, "--broker", TestServers.Broker);
        exit.Should().Be(0, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("table").GetString()!)
            .ToList();
    }
}
