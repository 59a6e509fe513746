using Cdc.IntegrationTests.Harness;

namespace Cdc.IntegrationTests.Spine;

/// <summary>
/// A target may compare keys differently from its source: with a case-insensitive collation on the target's key, two
/// keys that differ at the source are one row there. One statement per row, the second upsert updates that row; one
/// multi-row statement would change it twice, which PostgreSQL refuses, so the writer applies that target transaction
/// again one statement per row.
/// </summary>
public sealed class TargetKeyCollationTests
{
    [Fact]
    public async Task Keys_distinct_at_the_source_but_one_on_the_target_apply_one_after_the_other()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("key_collation");
        await pipeline.Source.ExecuteAsync("CREATE TABLE tags (name text PRIMARY KEY, uses integer)");
        await pipeline.Target.ExecuteAsync("""
            CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
            CREATE TABLE tags (name text COLLATE case_insensitive PRIMARY KEY, uses integer);
            """);
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        var apply = pipeline.StartApply();

        await pipeline.Source.ExecuteAsync("INSERT INTO tags VALUES ('a', 1), ('A', 2), ('b', 3)");

        await Eventually.ReachAsync(() => pipeline.Target.RowsAsync("tags", "name"), rows => rows.SequenceEqual(["(a,2)", "(b,3)"]),
            TimeSpan.FromSeconds(60), rows => $"target rows {string.Join(", ", rows)}; applier output:\n{apply.Output}");
        apply.Output.Should().Contain("one statement per row");
    }
}
