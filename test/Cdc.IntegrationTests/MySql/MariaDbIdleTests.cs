namespace Cdc.IntegrationTests.MySql;

/// <summary>
/// A MariaDB capture whose database is idle while another database of the server writes: its stream gets nothing new,
/// yet its resume point moves (stored in the source), so binlogs rotated and purged meanwhile do not stop a restart
/// with a false "binlog purged" when nothing was missed. On a MariaDB server of its own (it purges binlogs).
/// </summary>
public sealed class MariaDbIdleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_idle_capture_restarts_after_its_binlogs_were_purged_and_loses_nothing()
    {
        await using var server = await OwnMariaDbServer.StartAsync("idle");
        await using var pipeline = await MariaDbPipeline.CreateAsync("myidle", server.Uri);
        await using var busy = await MariaDbDatabase.CreateAsync("myidle_busy", server.Uri);
        await pipeline.Source.ExecuteAsync("CREATE TABLE t (id int PRIMARY KEY, v varchar(20))");
        await busy.ExecuteAsync("CREATE TABLE pad (id int AUTO_INCREMENT PRIMARY KEY, v text)");
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", Patience);
        pipeline.StartApplyToPostgres();
        await pipeline.Source.ExecuteAsync("INSERT INTO t VALUES (1, 'before')");
        await WaitForRowsAsync(pipeline, 1);

        // Only the other database writes while the binlogs rotate and the old ones (row 1's included) are purged. The server
        // keeps a file while a binlog dump still reads it or InnoDB has not checkpointed its transactions, both of which
        // lag on a busy machine: the wait is the test's patience, and a timeout says which it was.
        await Eventually.ReachAsync(
            async () =>
            {
                await server.ExecuteAsync("FLUSH BINARY LOGS");
                await busy.ExecuteAsync("INSERT INTO pad (v) VALUES (repeat('x', 1000))");
                await server.ExecuteAsync($"PURGE BINARY LOGS TO '{await CurrentBinlogAsync(pipeline)}'");
                return (Logs: await pipeline.Source.RowsAsync("SHOW BINARY LOGS"),
                    Dumps: await pipeline.Source.RowsAsync("SELECT concat_ws(' ', id, time, state) FROM information_schema.PROCESSLIST WHERE command LIKE 'Binlog Dump%'"));
            },
            r => r.Logs.Count == 1, Patience,
            r => $"binlogs left: {string.Join(", ", r.Logs)}; binlog dumps: {string.Join(" / ", r.Dumps)}; the capturer said:\n{capture.Output}");
        await busy.ExecuteAsync("INSERT INTO pad (v) VALUES ('in the current binlog')");
        await Eventually.ReachAsync(
            async () => (Stored: await pipeline.Source.RowsAsync($"SELECT binlog_start FROM cdc_snapshot WHERE office = '{pipeline.Office}' AND table_name = ''"),
                Current: await CurrentBinlogAsync(pipeline)),
            r => r.Stored.Count == 1 && r.Stored[0].StartsWith(r.Current, StringComparison.Ordinal),
            Patience, r => $"stored resume point {string.Join(",", r.Stored)}, current binlog {r.Current}");
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);

        await pipeline.Source.ExecuteAsync("INSERT INTO t VALUES (2, 'while down')");
        var restarted = pipeline.StartCapture();
        await WaitForRowsAsync(pipeline, 2);
        restarted.Output.Should().NotContain("purged");
        restarted.HasExited.Should().BeFalse();
    }

    private static async Task<string> CurrentBinlogAsync(MariaDbPipeline pipeline) =>
        (await pipeline.Source.RowsAsync("SHOW MASTER STATUS"))[0].Split(" | ")[0];

    private static Task WaitForRowsAsync(MariaDbPipeline pipeline, int count) =>
        Eventually.ReachAsync(
            () => pipeline.PostgresRowsAsync($"SELECT id FROM \"{pipeline.PostgresSchema}\".t"),
            rows => rows.Count == count, Patience, rows => $"{rows.Count} of {count} rows applied");
}
