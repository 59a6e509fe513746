namespace Cdc.IntegrationTests.Operations;

/// <summary><c>cdc streams list|info</c>.</summary>
[Collection(AppliedOfficeCollection.Name)]
public sealed class StreamsTests(AppliedOffice office)
{
    [Fact]
    public async Task Streams_info_and_list_show_the_offices_stream()
    {
        var pipeline = office.Pipeline;
        var tail = await Harness.BrokerStreams.TailOffsetAsync(pipeline.Stream);

        var info = await Workload.CdcAsync("streams", "info", pipeline.Stream, "--broker", pipeline.Broker, "--json");
        info.ExitCode.Should().Be(0, info.Output);
        info.Output.Should().Contain($"\"stream\":\"{pipeline.Stream}\",\"length\":{tail + 1},\"first_offset\":0,\"last_offset\":{tail}");
        var list = await Workload.CdcAsync("streams", "list", "--broker", pipeline.Broker);
        list.ExitCode.Should().Be(0, list.Output);
        list.Output.Should().Contain($"{pipeline.Stream}\t{tail + 1}\t0\t{tail}").And.Contain("cdc.schemas\t");
        var unknown = await Workload.CdcAsync("streams", "info", "cdc.no_such_office_here", "--broker", pipeline.Broker);
        unknown.ExitCode.Should().Be(1, unknown.Output);
    }
}
