namespace Cdc.IntegrationTests.Operations;

/// <summary><c>cdc status</c>: capturer, stream and appliers of an office on one screen.</summary>
public sealed class StatusTests
{
    [Fact]
    public async Task Status_shows_the_capturer_slot_the_stream_and_the_applier_with_its_lag()
    {
        var (pipeline, _, apply) = await Workload.AppliedAsync("status");
        await using var _pipeline = pipeline;
        var tail = await Harness.BrokerStreams.TailOffsetAsync(pipeline.Stream);
        string[] args = ["status", "--source", pipeline.Source.UriText, "--target", pipeline.Target.UriText, "--broker", pipeline.Broker];

        var running = await Workload.CdcAsync(args);
        running.ExitCode.Should().Be(0, running.Output);
        running.Output.Should()
            .Contain($"# {pipeline.Office}: capturer").And.Contain($"cdc_{pipeline.Office}\tcapturing\t")
            .And.Contain($"{pipeline.Stream}\t{tail + 1}\t0\t{tail}")
            .And.Contain($"{pipeline.Applier}\t{pipeline.Stream}\t{pipeline.Target.Uri}\trunning\t{tail}\t0\t0\t");

        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        await pipeline.Source.ExecuteAsync("INSERT INTO notes VALUES (1001, 'one'), (1002, 'two');");
        await Harness.Eventually.ReachAsync(() => Harness.BrokerStreams.TailOffsetAsync(pipeline.Stream), t => t > tail, TimeSpan.FromSeconds(30), t => $"{t}");
        var behind = await Workload.CdcAsync([.. args, "--json"]);
        behind.ExitCode.Should().Be(0, behind.Output);
        behind.Output.Should().Contain($"\"applier\":\"{pipeline.Applier}\",\"stream\":\"{pipeline.Stream}\",\"target\":\"{pipeline.Target.Uri}\",\"state\":\"stopped\",\"applied_offset\":{tail},\"lag_records\":1,");
    }
}
