namespace Cdc.IntegrationTests.Snapshot;

/// <summary>
/// Snapshot modes: initial_only (the existing rows, then the capturer stops by itself) and always (every start reads
/// every table again, the first one in a consistent snapshot, later ones in watermarked chunks while streaming).
/// </summary>
public sealed class SnapshotModeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Initial_only_publishes_the_existing_rows_and_exits_0_and_a_later_capture_streams_on()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("snap_only");
        await pipeline.Source.ExecuteAsync("CREATE TABLE things (id integer PRIMARY KEY, name text); INSERT INTO things SELECT i, 't' || i FROM generate_series(1, 2500) i;");

        var only = pipeline.StartCapture("--snapshot-mode", "initial_only", "--snapshot-chunk-size", "1000");
        (await only.WaitForExitAsync(Patience)).Should().Be(0, only.Output);
        only.Output.Should().Contain("Snapshot complete (snapshot mode initial_only)");
        pipeline.StartApply();
        await pipeline.WaitForEqualAsync(Patience, ("things", "id"));
        await pipeline.Source.ExecuteAsync("UPDATE things SET name = 'changed after' WHERE id <= 5; DELETE FROM things WHERE id > 2490;");

        var streaming = pipeline.StartCapture();
        await pipeline.WaitForEqualAsync(Patience, ("things", "id"));
        streaming.Output.Should().NotContain("Snapshot of", "the slot exists and the snapshot is done: the changes since it stream");
    }

    [Fact]
    public async Task Always_reads_every_table_again_at_every_start_and_repairs_a_target_that_drifted()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("snap_always");
        await pipeline.Source.ExecuteAsync("""
            CREATE TABLE things (id integer PRIMARY KEY, name text);
            CREATE TABLE tags (id integer PRIMARY KEY, label text);
            INSERT INTO things SELECT i, 't' || i FROM generate_series(1, 3000) i;
            INSERT INTO tags SELECT i, 'tag ' || i FROM generate_series(1, 20) i;
            """);
        var apply = pipeline.StartApply();
        var first = pipeline.StartCapture("--snapshot-mode", "always", "--snapshot-chunk-size", "1000");
        await pipeline.WaitForEqualAsync(Patience, ("things", "id"), ("tags", "id"));
        first.Output.Should().Contain("in a consistent snapshot", "the first start has no slot yet");
        (await first.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);

        // The target loses and changes rows behind the pipeline's back; the source moves on while no capturer runs.
        await pipeline.Target.ExecuteAsync("DELETE FROM things WHERE id % 10 = 0; UPDATE things SET name = 'drifted' WHERE id % 10 = 1; DELETE FROM tags;");
        await pipeline.Source.ExecuteAsync("UPDATE things SET name = 'while stopped' WHERE id <= 3; DELETE FROM things WHERE id = 2999;");

        var second = pipeline.StartCapture("--snapshot-mode", "always", "--snapshot-chunk-size", "1000");
        await second.WaitForOutputAsync("Snapshot of public.things complete and confirmed", Patience);
        await pipeline.Source.ExecuteAsync("UPDATE things SET name = 'after the snapshot' WHERE id = 4; INSERT INTO tags VALUES (21, 'new');");
        await pipeline.WaitForEqualAsync(Patience, ("things", "id"), ("tags", "id"));
        second.Output.Should().NotContain("in a consistent snapshot", "the slot exists: the tables are read again while streaming");
        second.Output.Should().Contain("Snapshot of public.tags complete and confirmed");
        (await second.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }
}
