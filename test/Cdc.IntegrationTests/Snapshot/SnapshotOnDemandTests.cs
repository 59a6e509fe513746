using Cdc.IntegrationTests.Spine;

namespace Cdc.IntegrationTests.Snapshot;

/// <summary>
/// Snapshot records carry the same values and schema as streamed ones, and a running capturer re-reads tables on
/// request (<c>cdc snapshot</c>) in watermarked chunks, in order with the changes it streams.
/// </summary>
public sealed class SnapshotOnDemandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_mapped_type_arrives_unchanged_through_the_snapshot()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("snap_types");
        await pipeline.Source.ExecuteAsync(TypeRoundTripTests.Schema);
        await pipeline.Source.ExecuteAsync(TypeRoundTripTests.Changes);
        var capture = pipeline.StartCapture();
        var apply = pipeline.StartApply();

        await pipeline.WaitForEqualAsync(Patience, ("all_types", "id"), ("to_truncate", "id"));
        capture.Output.Should().Contain("in a consistent snapshot");
        (await pipeline.Target.ScalarAsync<string>("SELECT big_text FROM all_types WHERE id = 1")).Should().HaveLength(96_000);
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }

    [Fact]
    public async Task A_requested_snapshot_repairs_a_target_while_streaming_goes_on()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("snap_request");
        await pipeline.Source.ExecuteAsync("""
            CREATE TABLE items (id integer PRIMARY KEY, name text, qty integer);
            CREATE TABLE other (id integer PRIMARY KEY);
            INSERT INTO items SELECT i, 'item ' || i, i FROM generate_series(1, 20000) i;
            INSERT INTO other SELECT generate_series(1, 10);
            """);
        var capture = pipeline.StartCapture("--snapshot-mode", "never", "--snapshot-chunk-size", "1000");
        var apply = pipeline.StartApply();
        await capture.WaitForOutputAsync("Streaming from slot", Patience);
        await pipeline.Source.ExecuteAsync("UPDATE items SET qty = qty + 1 WHERE id <= 10");
        await Eventually.ReachAsync(() => pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'items'"), n => n == 1, Patience, _ => "no items table");
        await Eventually.ReachAsync(() => pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM items"), n => n == 10, Patience, n => $"{n} items");
        capture.Output.Should().NotContain("Snapshot of", "snapshot mode never streams only");

        var (usage, _) = await CdcProcess.RunAsync(TimeSpan.FromSeconds(30), "snapshot", "--office", pipeline.Office);
        usage.Should().Be(2);
        var (exit, said) = await CdcProcess.RunAsync(TimeSpan.FromSeconds(30), "snapshot", "--office", pipeline.Office, "--source", pipeline.Source.UriText, "--tables", "items", "--json");
        exit.Should().Be(0, said);
        said.Should().Contain("\"Requested\"").And.Contain("\"table\":\"public.items\"");
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(async () =>
        {
            for (var i = 0; !stopWriting.IsCancellationRequested; i++)
                await pipeline.Source.ExecuteAsync($"UPDATE items SET qty = qty + 1 WHERE id = {1 + i * 7919 % 20000}; DELETE FROM items WHERE id = {1 + i * 104729 % 20000}");
        });
        await capture.WaitForOutputAsync("Snapshot of public.items complete and confirmed", Patience);
        await stopWriting.CancelAsync();
        await writing;

        await pipeline.WaitForEqualAsync(Patience, ("items", "id"));
        capture.Output.Should().Contain("Snapshot of public.items requested").And.NotContain("Snapshot of public.other");
        (await pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'other'")).Should().Be(0, "only the requested table is read");
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }
}
