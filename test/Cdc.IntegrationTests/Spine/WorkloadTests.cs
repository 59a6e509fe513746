namespace Cdc.IntegrationTests.Spine;

/// <summary>
/// Ten thousand mixed changes on three related tables flow into the target exactly once, also when the applier or the
/// capturer is killed in the middle (SIGKILL: no drain, no last checkpoint) and started again.
/// </summary>
public sealed class WorkloadTests
{
    private const int Changes = 10_000;

    [Fact]
    public async Task Ten_thousand_changes_arrive_exactly_once_and_the_offset_table_holds_the_last_offset()
    {
        await using var pipeline = await CreateAsync("workload");
        var capture = pipeline.StartCapture("--tables", MixedWorkload.Tables);
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        pipeline.StartApply();

        await new MixedWorkload(pipeline.Source).RunAsync(Changes);

        await MixedWorkload.ExpectAppliedExactlyOnceAsync(pipeline);
        (await MixedWorkload.AuditAsync(pipeline.Source)).Values.Sum().Should().BeGreaterThanOrEqualTo(Changes);
        var tail = await BrokerStreams.TailOffsetAsync(pipeline.Stream);
        var stored = await pipeline.Target.ScalarAsync<long>($"SELECT stream_offset FROM cdc_offsets WHERE applier = '{pipeline.Applier}'");
        stored.Should().Be(tail, "the offset table holds the offset of the last message applied, which is the stream's last");
    }

    [Fact]
    public async Task Killing_the_applier_mid_workload_neither_loses_nor_doubles_a_change()
    {
        await using var pipeline = await CreateAsync("killapply");
        var capture = pipeline.StartCapture("--tables", MixedWorkload.Tables);
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        var apply = pipeline.StartApply();
        var workload = new MixedWorkload(pipeline.Source);
        var writing = workload.RunAsync(Changes / 2);

        await MixedWorkload.WaitForAppliedAsync(pipeline, Changes / 10);
        apply.Kill();
        await writing;
        await workload.RunAsync(Changes); // while the applier is down
        pipeline.StartApply();

        await MixedWorkload.ExpectAppliedExactlyOnceAsync(pipeline);
    }

    [Fact]
    public async Task Killing_the_capturer_mid_workload_loses_nothing()
    {
        await using var pipeline = await CreateAsync("killcapture");
        var capture = pipeline.StartCapture("--tables", MixedWorkload.Tables);
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        pipeline.StartApply();
        var workload = new MixedWorkload(pipeline.Source);
        var writing = workload.RunAsync(Changes / 2);

        await MixedWorkload.WaitForAppliedAsync(pipeline, Changes / 10);
        capture.Kill();
        await writing;
        await workload.RunAsync(Changes); // while the capturer is down
        pipeline.StartCapture("--tables", MixedWorkload.Tables);

        await MixedWorkload.ExpectAppliedExactlyOnceAsync(pipeline);
    }

    private static async Task<PostgresPipeline> CreateAsync(string name)
    {
        var pipeline = await PostgresPipeline.CreateAsync(name);
        await MixedWorkload.CreateSchemaAsync(pipeline.Source, pipeline.Target);
        return pipeline;
    }
}
