using Cdc.IntegrationTests.Harness;

namespace Cdc.IntegrationTests.Schemas;

/// <summary>After several evolutions, a replay from offset 0 into an empty target decodes each record with its own version.</summary>
public sealed class ReplayEvolutionTests
{
    [Fact]
    public async Task A_replay_from_offset_0_into_an_empty_target_ends_with_the_same_table()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("replay_evolution");
        await pipeline.Source.ExecuteAsync(SchemaEvolution.Create);
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(30));
        var live = pipeline.StartApply("--dropped-columns", "drop");
        await SchemaEvolution.RunAsync(pipeline.Source);
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(30), ("items", "id"), ("extra", "id"));
        (await live.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        var columns = await SchemaEvolution.ColumnsAsync(pipeline.Target, "items");
        columns.Should().Be("id integer NO, qty bigint YES, name character varying(40) NO, remark text YES, status text NO 'new'::text",
            "with --dropped-columns drop, old_col goes at the target too");

        await using var empty = await PostgresDatabase.CreateAsync("replay_evolution_tgt2");
        await using var replay = CdcProcess.Start("apply", "--name", $"{pipeline.Office}_replay", "--streams", pipeline.Stream,
            "--target", empty.UriText, "--broker", pipeline.Broker, "--dropped-columns", "drop");
        await Eventually.ReachAsync(
            async () => (Expected: await pipeline.Target.RowsAsync("items", "id"), Replayed: await RowsOrEmptyAsync(empty, "items")),
            rows => rows.Expected.SequenceEqual(rows.Replayed),
            TimeSpan.FromSeconds(30),
            rows => $"target has {rows.Expected.Count} rows, replayed {rows.Replayed.Count}; applier printed:\n{replay.Output}");
        (await SchemaEvolution.ColumnsAsync(empty, "items")).Should().Be(columns);
        (await empty.RowsAsync("extra", "id")).Should().Equal(await pipeline.Target.RowsAsync("extra", "id"));
        replay.Output.Should().Contain("evolved to version 7");
        (await replay.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }

    private static async Task<List<string>> RowsOrEmptyAsync(PostgresDatabase database, string table)
    {
        try
        {
            return await database.RowsAsync(table, "id");
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01")
        {
            return [];
        }
    }
}
