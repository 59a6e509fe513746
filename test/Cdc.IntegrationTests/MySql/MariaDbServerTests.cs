namespace Cdc.IntegrationTests.MySql;

/// <summary>
/// What happens to the source server itself: a restart in the middle of a workload loses and doubles nothing, and a
/// binlog purged while the capturer was down stops it with the way out (a new snapshot) instead of skipping changes.
/// Both run on a MariaDB server of their own.
/// </summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class MariaDbServerTests
{
    private const int Changes = 4_000;
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Restarting_the_source_server_mid_workload_neither_loses_nor_doubles_a_change()
    {
        await using var server = await OwnMariaDbServer.StartAsync("restart");
        await using var pipeline = await MariaDbPipeline.CreateAsync("myrestart", server.Uri);
        await MariaDbWorkload.CreateSchemaAsync(pipeline);
        var capture = pipeline.StartCapture("--tables", MariaDbWorkload.CapturedTables(pipeline.Source));
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();
        var workload = new MariaDbWorkload(pipeline.Source);

        await workload.RunAsync(Changes / 2);
        await server.RestartAsync();
        await workload.RunAsync(Changes);

        await MariaDbChecks.ExpectTargetsEqualSourceAsync(pipeline, Changes, Convergence);
        capture.Output.Should().Contain("ended the binlog stream").And.Contain("Resuming after the last record of stream");
        capture.HasExited.Should().BeFalse("the capturer reconnects by itself after a server restart");
    }

    [Fact]
    public async Task A_binlog_purged_while_the_capturer_was_down_stops_it_and_says_to_take_a_new_snapshot()
    {
        await using var server = await OwnMariaDbServer.StartAsync("purge");
        await using var pipeline = await MariaDbPipeline.CreateAsync("mypurge", server.Uri);
        await pipeline.Source.ExecuteAsync("CREATE TABLE t (id int PRIMARY KEY, v varchar(20))");
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        pipeline.StartApplyToPostgres();
        await pipeline.Source.ExecuteAsync("INSERT INTO t VALUES (1, 'before')");
        await Eventually.ReachAsync(
            () => pipeline.PostgresRowsAsync($"SELECT id FROM \"{pipeline.PostgresSchema}\".t"),
            rows => rows.Count == 1, Convergence, rows => $"{rows.Count} rows applied");
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);

        await pipeline.Source.ExecuteAsync("INSERT INTO t VALUES (2, 'while down')");
        // MariaDB keeps a binlog until InnoDB has checkpointed its transactions, so purge until the old files are gone.
        await Eventually.ReachAsync(
            async () =>
            {
                await pipeline.Source.ExecuteAsync("FLUSH BINARY LOGS");
                var current = (await pipeline.Source.RowsAsync("SHOW MASTER STATUS"))[0].Split(" | ")[0];
                await pipeline.Source.ExecuteAsync($"PURGE BINARY LOGS TO '{current}'");
                return await pipeline.Source.RowsAsync("SHOW BINARY LOGS");
            },
            logs => logs.Count == 1, TimeSpan.FromSeconds(30), logs => $"binlogs left: {string.Join(", ", logs)}");
        var (exit, output) = await CdcProcess.RunAsync(TimeSpan.FromSeconds(60),
            "capture", "--office", pipeline.Office, "--source", pipeline.Source.UriText, "--broker", TestServers.Broker);

        exit.Should().Be(1, "skipping the purged changes silently would lose row 2");
        output.Should().Contain("The binlog was purged").And.Contain("Take a new snapshot");
    }
}
