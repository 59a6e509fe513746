using Cdc.IntegrationTests.MySql;

namespace Cdc.IntegrationTests.Snapshot;

/// <summary>
/// MariaDB snapshots beyond the first attach: every type through the consistent read, snapshot mode initial_only, and a
/// table re-read on request (<c>cdc snapshot</c>) in watermarked chunks while the binlog streams.
/// </summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class MariaDbSnapshotModeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_type_at_its_limits_arrives_through_the_snapshot_as_through_the_binlog()
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("mysnap_types");
        await pipeline.Source.ExecuteAsync(MariaDbTypeTests.Schema);
        await pipeline.Source.ExecuteAsync(MariaDbTypeTests.Changes);
        var capture = pipeline.StartCapture();
        pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();

        await pipeline.WaitForEqualAsync(Patience, "all_types", "id", "id");
        capture.Output.Should().Contain("in a consistent snapshot");
        foreach (var (column, mariaDb, postgres, expected) in MariaDbTypeTests.Columns)
        {
            (await pipeline.PostgresRowsAsync($"SELECT {postgres} FROM \"{pipeline.PostgresSchema}\".all_types ORDER BY id"))
                .Should().Equal(expected, $"column {column} in PostgreSQL, as the binlog path delivers it");
            var sql = $"SELECT {mariaDb} FROM all_types ORDER BY id";
            (await pipeline.MariaDbTarget.RowsAsync(sql)).Should().Equal(await pipeline.Source.RowsAsync(sql), $"column {column} in MariaDB");
        }
        await pipeline.Source.ExecuteAsync("UPDATE all_types SET v = 'streamed after the snapshot' WHERE id = 1");
        await pipeline.WaitForEqualAsync(Patience, "all_types", "id, v", "id");
        capture.Output.Should().NotMatchRegex($@"Registered schema {System.Text.RegularExpressions.Regex.Escape(pipeline.Office)}\.\S+ version 2 ", "the snapshot describes the table as the binlog's table map does");
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }

    [Fact]
    public async Task Initial_only_publishes_the_existing_rows_and_exits_0_and_a_later_capture_streams_on()
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("mysnap_only");
        await pipeline.Source.ExecuteAsync("CREATE TABLE things (id int PRIMARY KEY, name varchar(20)); INSERT INTO things SELECT seq, CONCAT('t', seq) FROM seq_1_to_2500;");

        var only = pipeline.StartCapture("--snapshot-mode", "initial_only", "--snapshot-chunk-size", "1000");
        (await only.WaitForExitAsync(Patience)).Should().Be(0, only.Output);
        only.Output.Should().Contain("Snapshot complete (snapshot mode initial_only)");
        pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();
        await pipeline.WaitForEqualAsync(Patience, "things", "id, name", "id");
        await pipeline.Source.ExecuteAsync("UPDATE things SET name = 'changed after' WHERE id <= 5; DELETE FROM things WHERE id > 2490;");

        var streaming = pipeline.StartCapture();
        await pipeline.WaitForEqualAsync(Patience, "things", "id, name", "id");
        streaming.Output.Should().NotContain("Snapshot of", "the start is stored and the snapshot is done: the changes since it stream");
        streaming.Output.Should().Contain("starting at the binlog position stored when this capture began");
    }

    [Fact]
    public async Task A_requested_snapshot_repairs_a_target_while_streaming_goes_on()
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("mysnap_request");
        await pipeline.Source.ExecuteAsync("""
            CREATE TABLE items (id int PRIMARY KEY, name varchar(20), qty int);
            CREATE TABLE other (id int PRIMARY KEY);
            INSERT INTO items SELECT seq, CONCAT('item ', seq), seq FROM seq_1_to_20000;
            INSERT INTO other SELECT seq FROM seq_1_to_10;
            """);
        // Captured tables named: the progress table is not among them, and its row events (the request, the watermarks) still reach the reader.
        var capture = pipeline.StartCapture("--snapshot-mode", "never", "--snapshot-chunk-size", "1000", "--tables", $"{pipeline.Source.Name}.items,{pipeline.Source.Name}.other");
        pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();
        await capture.WaitForOutputAsync("Streaming the binlog", Patience);
        await pipeline.Source.ExecuteAsync("UPDATE items SET qty = qty + 1 WHERE id <= 10");
        await Eventually.ReachAsync(async () => (await pipeline.MariaDbTarget.RowsAsync("SELECT id FROM items")).Count, n => n == 10, Patience, n => $"{n} items");
        capture.Output.Should().NotContain("Snapshot of", "snapshot mode never streams only");

        var (exit, said) = await CdcProcess.RunAsync(TimeSpan.FromSeconds(30), "snapshot", "--office", pipeline.Office, "--source", pipeline.Source.UriText, "--tables", "items");
        exit.Should().Be(0, said);
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(async () =>
        {
            for (var i = 0; !stopWriting.IsCancellationRequested; i++)
                await pipeline.Source.ExecuteAsync($"UPDATE items SET qty = qty + 1 WHERE id = {1 + i * 7919 % 20000}; DELETE FROM items WHERE id = {1 + i * 104729 % 20000}; UPDATE items SET id = id + 100000 WHERE id = {1 + i * 3571 % 20000}");
        });
        await capture.WaitForOutputAsync($"Snapshot of {pipeline.Source.Name}.items complete and confirmed", Patience);
        await stopWriting.CancelAsync();
        await writing;

        await pipeline.WaitForEqualAsync(Patience, "items", "id, name, qty", "id");
        capture.Output.Should().Contain($"Snapshot of {pipeline.Source.Name}.items requested").And.NotContain($"Snapshot of {pipeline.Source.Name}.other");
        (await pipeline.MariaDbTarget.ScalarAsync<long>($"SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{pipeline.MariaDbTarget.Name}' AND TABLE_NAME = 'other'"))
            .Should().Be(0, "only the requested table is read");
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }
}
