namespace Cdc.IntegrationTests.Operations;

/// <summary><c>cdc offsets list|set</c> and the applier's lock.</summary>
public sealed class OffsetsTests
{
    [Fact]
    public async Task Offsets_are_listed_and_move_only_while_the_applier_is_stopped()
    {
        var (pipeline, _, apply) = await Workload.AppliedAsync("offsets");
        await using var _pipeline = pipeline;
        var target = pipeline.Target.UriText;
        var tail = await Harness.BrokerStreams.TailOffsetAsync(pipeline.Stream);

        var list = await Workload.CdcAsync("offsets", "list", "--target", target);
        list.ExitCode.Should().Be(0, list.Output);
        list.Output.Should().Contain($"{pipeline.Applier}\t{pipeline.Stream}\t{tail}\t");

        var refused = await Workload.CdcAsync("offsets", "set", "--applier", pipeline.Applier, "--stream", pipeline.Stream, "--offset", "0", "--target", target, "--broker", pipeline.Broker);
        refused.ExitCode.Should().Be(1, refused.Output);
        refused.Output.Should().Contain("Stop it first");
        var second = pipeline.StartApply();
        await second.WaitForOutputAsync("Another applier named", TimeSpan.FromSeconds(20));
        await second.StopAsync(TimeSpan.FromSeconds(20));

        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        var beyond = await Workload.CdcAsync("offsets", "set", "--applier", pipeline.Applier, "--stream", pipeline.Stream, "--offset", "999999", "--target", target, "--broker", pipeline.Broker);
        beyond.ExitCode.Should().Be(1, beyond.Output);
        var set = await Workload.CdcAsync("offsets", "set", "--applier", pipeline.Applier, "--stream", pipeline.Stream, "--offset", "-1", "--target", target, "--broker", pipeline.Broker);
        set.ExitCode.Should().Be(0, set.Output);
        set.Output.Should().Contain("resumes at offset 0");
        var json = await Workload.CdcAsync("offsets", "list", "--target", target, "--json");
        json.Output.Should().Contain($"\"applier\":\"{pipeline.Applier}\",\"stream\":\"{pipeline.Stream}\",\"offset\":-1");

        // From the start again: the whole stream is re-applied and the target converges to the source again.
        await pipeline.Target.ExecuteAsync("TRUNCATE accounts");
        pipeline.StartApply();
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(30), Workload.Tables);
    }
}
