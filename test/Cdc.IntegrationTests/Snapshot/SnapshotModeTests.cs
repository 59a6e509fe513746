namespace Cdc.IntegrationTests.Snapshot;

/// <summary>Snapshot mode initial_only: the existing rows, then the capturer stops by itself.</summary>
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
}
