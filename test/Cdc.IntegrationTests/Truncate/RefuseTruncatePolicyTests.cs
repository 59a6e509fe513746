namespace Cdc.IntegrationTests.Truncate;

/// <summary><c>--truncate refuse</c>: no truncate reaches the target, even of a table only that stream writes; the rest flows.</summary>
public sealed class RefuseTruncatePolicyTests
{
    [Fact]
    public async Task An_applier_that_refuses_truncates_keeps_the_rows_and_applies_what_follows()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("refusetrunc");
        await pipeline.Source.ExecuteAsync("CREATE TABLE notes (id integer PRIMARY KEY)");
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        var apply = pipeline.StartApply("--truncate", "refuse");
        await pipeline.Source.ExecuteAsync("INSERT INTO notes SELECT generate_series(1, 10)");
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), ("notes", "id"));

        await pipeline.Source.ExecuteAsync("TRUNCATE notes; INSERT INTO notes VALUES (100);");

        await Eventually.ReachAsync(() => pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM notes WHERE id = 100"), n => n == 1, TimeSpan.FromSeconds(60), n => $"{n} notes after the truncate");
        (await pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM notes")).Should().Be(11, "the truncate was refused, what followed it applied");
        await apply.WaitForOutputAsync("refuses every truncate (--truncate refuse)", TimeSpan.FromSeconds(10));
    }
}
