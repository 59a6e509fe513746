using System.Text.Json;

namespace Cdc.IntegrationTests.Operations;

/// <summary><c>cdc tail</c>: decoded records as JSON lines, from where asked, stopping at the end.</summary>
[Collection(AppliedOfficeCollection.Name)]
public sealed class TailTests(AppliedOffice office)
{
    [Fact]
    public async Task Tail_prints_every_record_as_a_json_line_filters_by_table_and_starts_where_asked()
    {
        var pipeline = office.Pipeline;

        var all = await Workload.CdcAsync("tail", "--stream", pipeline.Stream, "--broker", pipeline.Broker);
        all.ExitCode.Should().Be(0, all.Output);
        var records = Lines(all.Output);
        records.Should().HaveCount(200 + 50 + 28 + 1 + 1);
        var delete = records.Single(r => r.GetProperty("op").GetString() == "d");
        delete.GetProperty("table").GetString().Should().Be("public.accounts");
        delete.GetProperty("before").GetProperty("id").GetInt32().Should().Be(13);
        delete.GetProperty("schema").GetString().Should().Be($"{pipeline.Office}.public.accounts@1");
        records.First().GetProperty("after").GetProperty("balance").GetString().Should().Be("10.00");

        var notes = Lines((await Workload.CdcAsync("tail", "--stream", pipeline.Stream, "--table", "notes", "--broker", pipeline.Broker)).Output);
        notes.Should().HaveCount(51).And.OnlyContain(r => r.GetProperty("table").GetString() == "public.notes");

        var lastOffset = records[^1].GetProperty("offset").GetInt64();
        var last = Lines((await Workload.CdcAsync("tail", "--stream", pipeline.Stream, "--from", "last", "--broker", pipeline.Broker)).Output);
        last.Should().NotBeEmpty().And.OnlyContain(r => r.GetProperty("offset").GetInt64() == lastOffset);
        var fromOffset = Lines((await Workload.CdcAsync("tail", "--stream", pipeline.Stream, "--from", "offset", lastOffset.ToString(), "--broker", pipeline.Broker)).Output);
        fromOffset.Select(r => r.GetRawText()).Should().Equal(last.Select(r => r.GetRawText()));

        var sinceLongAgo = Lines((await Workload.CdcAsync("tail", "--stream", pipeline.Stream, "--from", "time", "2000-01-01T00:00:00Z", "--broker", pipeline.Broker)).Output);
        sinceLongAgo.Should().HaveCount(records.Count);
        var future = await Workload.CdcAsync("tail", "--stream", pipeline.Stream, "--from", "time", DateTimeOffset.UtcNow.AddHours(1).ToString("O"), "--broker", pipeline.Broker);
        future.ExitCode.Should().Be(0, future.Output);
        Lines(future.Output).Should().BeEmpty();
    }

    [Fact]
    public async Task Tail_follows_new_records_until_stopped()
    {
        var (pipeline, _, _) = await Workload.AppliedAsync("tail_follow");
        await using var _pipeline = pipeline;
        await using var tail = Harness.CdcProcess.Start("tail", "--stream", pipeline.Stream, "--from", "last", "--follow", "--broker", pipeline.Broker);
        await Task.Delay(TimeSpan.FromSeconds(2));

        await pipeline.Source.ExecuteAsync("INSERT INTO notes VALUES (999, 'followed')");

        await tail.WaitForOutputAsync("followed", TimeSpan.FromSeconds(20));
        tail.HasExited.Should().BeFalse();
    }

    [Fact]
    public async Task Tail_of_an_unknown_stream_or_beyond_the_end_fails_with_exit_1()
    {
        var pipeline = office.Pipeline;

        var unknown = await Workload.CdcAsync("tail", "--stream", "cdc.no_such_office_here", "--broker", pipeline.Broker);
        unknown.ExitCode.Should().Be(1, unknown.Output);
        unknown.Output.Should().Contain("does not exist");
        var beyond = await Workload.CdcAsync("tail", "--stream", pipeline.Stream, "--from", "offset", "999999", "--broker", pipeline.Broker);
        beyond.ExitCode.Should().Be(1, beyond.Output);
        beyond.Output.Should().Contain("beyond the end");
        var noBroker = await Workload.CdcAsync("tail", "--stream", pipeline.Stream, "--broker", "amqp://cdc:cdc@127.0.0.1:1/%2F");
        noBroker.ExitCode.Should().Be(1, noBroker.Output);
        noBroker.Output.Should().Contain("unreachable");
    }

    private static List<JsonElement> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
}
