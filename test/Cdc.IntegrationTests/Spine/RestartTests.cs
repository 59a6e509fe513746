namespace Cdc.IntegrationTests.Spine;

/// <summary>The broker or the source database restarts under a running workload: both processes reconnect, nothing is lost or doubled.</summary>
public sealed class RestartTests
{
    private const int Changes = 5_000;
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Retries at most 2 s apart instead of 30 s: how soon the processes notice the server is back is not what these
    /// tests prove (that nothing is lost or doubled across the outage is), and the default backoff made them wait for it.
    /// </summary>
    private static readonly string QuickRetries = WriteConfig("""{"Capture": {"MaxRetryDelay": "00:00:02"}, "Apply": {"MaxRetryDelay": "00:00:02"}}""");

    [Fact]
    public async Task A_broker_restart_with_capturer_and_applier_running_loses_nothing()
    {
        await using var broker = await PrivateBroker.StartAsync();
        await using var pipeline = await PostgresPipeline.CreateAsync("brokerrestart", broker.Uri);
        await MixedWorkload.CreateSchemaAsync(pipeline.Source, pipeline.Target);
        var capture = pipeline.StartCapture("--tables", MixedWorkload.Tables, "--config", QuickRetries);
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        var apply = pipeline.StartApply("--config", QuickRetries);
        var workload = new MixedWorkload(pipeline.Source);
        var writing = workload.RunAsync(Changes / 2);

        await MixedWorkload.WaitForAppliedAsync(pipeline, Changes / 8);
        await broker.StopAsync();
        await writing;
        await workload.RunAsync(Changes); // while the broker is down
        await broker.StartAgainAsync();

        await MixedWorkload.ExpectAppliedExactlyOnceAsync(pipeline);
        capture.Output.Should().Contain("retrying", "the capturer noticed the broker going away and reconnected");
        apply.Output.Should().Contain("retrying", "so did the applier");
    }

    [Fact]
    public async Task A_source_restart_mid_workload_loses_nothing()
    {
        await using var server = await ScratchPostgres.StartAsync("wal_level=logical");
        await using var pipeline = await PostgresPipeline.CreateAsync("sourcerestart");
        var source = new PostgresDatabase(Cdc.Connections.DatabaseUri.Parse(server.UriText));
        await MixedWorkload.CreateSchemaAsync(source, pipeline.Target);
        await using var capture = CdcProcess.Start("capture", "--office", pipeline.Office, "--source", server.UriText,
            "--broker", pipeline.Broker, "--tables", MixedWorkload.Tables, "--config", QuickRetries);
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        pipeline.StartApply("--config", QuickRetries);
        var workload = new MixedWorkload(source);
        await workload.RunAsync(Changes / 2);

        await MixedWorkload.WaitForAppliedAsync(pipeline, Changes / 8);
        await server.RestartAsync();
        Npgsql.NpgsqlConnection.ClearAllPools(); // the workload's pooled connections died with the server
        await workload.RunAsync(Changes);

        await Eventually.ReachAsync(
            async () => (Source: await source.RowsAsync("orders", "id"), Target: await pipeline.Target.RowsAsync("orders", "id")),
            rows => rows.Source.SequenceEqual(rows.Target), Convergence, rows => $"{rows.Source.Count} vs {rows.Target.Count} orders");
        foreach (var (table, orderBy) in MixedWorkload.Compared)
            (await pipeline.Target.RowsAsync(table, orderBy)).Should().Equal(await source.RowsAsync(table, orderBy));
        (await MixedWorkload.AuditAsync(pipeline.Target)).Should().BeEquivalentTo(await MixedWorkload.AuditAsync(source));
        capture.Output.Should().Contain("retrying");
    }

    private static string WriteConfig(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cdc-quick-retries-{Environment.ProcessId}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
