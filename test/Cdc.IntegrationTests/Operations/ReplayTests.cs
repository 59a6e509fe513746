using Cdc.IntegrationTests.Harness;

namespace Cdc.IntegrationTests.Operations;

/// <summary><c>cdc replay</c>: recovering a damaged target, and the exactly-once rules it keeps.</summary>
[Collection(AppliedOfficeCollection.Name)]
public sealed class ReplayTests(AppliedOffice office)
{
    [Fact]
    public async Task Replay_from_offset_0_recovers_a_truncated_target_and_refuses_what_breaks_exactly_once()
    {
        var (pipeline, _, apply) = await Workload.AppliedAsync("replay");
        await using var _pipeline = pipeline;
        var target = pipeline.Target.UriText;
        await pipeline.Source.ExecuteAsync("INSERT INTO notes VALUES (1000, 'a later transaction, at a later offset')");
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(30), Workload.Tables);

        var running = await Workload.CdcAsync("replay", "--stream", pipeline.Stream, "--from-offset", "0", "--target", target, "--broker", pipeline.Broker);
        running.ExitCode.Should().Be(1, running.Output);
        running.Output.Should().Contain($"Applier {pipeline.Applier} is running");

        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        await pipeline.Target.ExecuteAsync("TRUNCATE accounts; DELETE FROM notes WHERE id > 10;");

        var dry = await Workload.CdcAsync("replay", "--stream", pipeline.Stream, "--from-offset", "0", "--target", target, "--broker", pipeline.Broker, "--dry-run", "--json");
        dry.ExitCode.Should().Be(0, dry.Output);
        dry.Output.Should().Contain("\"table\":\"public.accounts\",\"op\":\"c\",\"changes\":200");
        (await pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM accounts")).Should().Be(0, "a dry run changes nothing");

        var tooShort = await Workload.CdcAsync("replay", "--stream", pipeline.Stream, "--from-offset", "0", "--to-offset", "0", "--target", target, "--broker", pipeline.Broker);
        tooShort.ExitCode.Should().Be(1, tooShort.Output);
        tooShort.Output.Should().Contain("would leave the target older");

        var replay = await Workload.CdcAsync("replay", "--stream", pipeline.Stream, "--from-offset", "0", "--target", target, "--broker", pipeline.Broker);
        replay.ExitCode.Should().Be(0, replay.Output);
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(1), Workload.Tables);
        replay.Output.Should().Contain("public.accounts");
    }

    [Fact]
    public async Task Replay_from_a_time_of_some_tables_only_touches_those()
    {
        var (pipeline, _, apply) = await Workload.AppliedAsync("replay_tables");
        await using var _pipeline = pipeline;
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        await pipeline.Target.ExecuteAsync("TRUNCATE accounts; TRUNCATE notes;");

        var replay = await Workload.CdcAsync("replay", "--stream", pipeline.Stream, "--from-time", "2000-01-01T00:00:00Z", "--tables", "notes",
            "--target", pipeline.Target.UriText, "--broker", pipeline.Broker);

        replay.ExitCode.Should().Be(0, replay.Output);
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(1), ("notes", "id"));
        (await pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM accounts")).Should().Be(0);
    }

    [Fact]
    public async Task Replay_into_a_target_no_applier_ever_wrote_creates_the_tables_it_needs()
    {
        var pipeline = office.Pipeline;
        await using var fresh = await PostgresDatabase.CreateAsync("replay_fresh");

        var (exit, output) = await Workload.CdcAsync("replay", "--stream", pipeline.Stream, "--from-offset", "0", "--target", fresh.UriText, "--broker", pipeline.Broker);

        exit.Should().Be(0, output);
        foreach (var (table, key) in Workload.Tables)
            (await fresh.RowsAsync(table, key)).Should().Equal(await pipeline.Source.RowsAsync(table, key), $"{table} replayed whole");
    }

    [Fact]
    public async Task Replay_fails_with_exit_1_and_says_why_for_an_unknown_stream_an_offset_beyond_the_end_and_an_unreachable_target()
    {
        var pipeline = office.Pipeline;
        await office.Apply.StopAsync(TimeSpan.FromSeconds(30));

        foreach (var (stream, offset, target, expected) in new[]
        {
            ("cdc.no_such_office_here", "0", pipeline.Target.UriText, "does not exist"),
            (pipeline.Stream, "1000000", pipeline.Target.UriText, "beyond the end"),
            (pipeline.Stream, "0", "postgres://cdc:cdc@127.0.0.1:1/nowhere", "check the database URI"),
        })
        {
            var (exit, output) = await Workload.CdcAsync("replay", "--stream", stream, "--from-offset", offset, "--target", target, "--broker", pipeline.Broker);

            exit.Should().Be(1, output);
            output.Should().Contain(expected).And.NotContain("cdc:cdc@");
        }
    }
}
