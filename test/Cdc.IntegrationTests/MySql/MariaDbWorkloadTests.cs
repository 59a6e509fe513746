namespace Cdc.IntegrationTests.MySql;

/// <summary>
/// Ten thousand mixed changes on three related MariaDB tables arrive exactly once in a PostgreSQL and a MariaDB
/// target, while the capturer is killed (SIGKILL) and restarted and the binlog is rotated in the middle.
/// </summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class MariaDbWorkloadTests
{
    private const int Changes = 10_000;
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Ten_thousand_changes_survive_a_capturer_kill_and_a_binlog_rotation_exactly_once_in_both_targets()
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("myload");
        await MariaDbWorkload.CreateSchemaAsync(pipeline);
        var tables = MariaDbWorkload.CapturedTables(pipeline.Source);
        var capture = pipeline.StartCapture("--tables", tables);
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();
        var workload = new MariaDbWorkload(pipeline.Source);

        await workload.RunAsync(Changes / 4);
        capture.Kill();
        await workload.RunAsync(Changes / 2);
        await pipeline.Source.ExecuteAsync("FLUSH BINARY LOGS");
        capture = pipeline.StartCapture("--tables", tables);
        await workload.RunAsync(3 * Changes / 4);
        await pipeline.Source.ExecuteAsync("FLUSH BINARY LOGS");
        await workload.RunAsync(Changes);

        await MariaDbChecks.ExpectTargetsEqualSourceAsync(pipeline, Changes, Convergence);
        capture.Output.Should().Contain("Resuming after the last record of stream");
    }
}
