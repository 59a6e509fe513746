using Xunit.Abstractions;

namespace Cdc.IntegrationTests.Snapshot;

/// <summary>
/// Attaching a capturer to a PostgreSQL database that already holds rows while a writer keeps changing them: the
/// snapshot in the slot's exported snapshot, then streaming; and a capturer killed halfway through, which resumes
/// after its last confirmed chunk. The target must equal the source at the end. Sized to run in well under a minute;
/// the million-row proof with peak memory is `make bench` (test/Cdc.Bench, SnapshotBenchmark).
/// </summary>
public sealed class InitialSnapshotTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Existing_rows_under_concurrent_writes_arrive_whole_in_foreign_key_order()
    {
        const int customers = 10_000, orders = 30_000, lines = 2; // 10k + 30k + 60k = 100,000 rows
        await using var pipeline = await PostgresPipeline.CreateAsync("snap_attach");
        var shop = new ShopWorkload(pipeline.Source);
        await shop.LoadAsync(customers, orders, lines);
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(() => shop.RunAsync(customers, orders, stopWriting.Token));

        var capture = pipeline.StartCapture("--snapshot-chunk-size", "5000");
        var apply = pipeline.StartApply();
        await capture.WaitForOutputAsync("read whole", Patience);
        await Task.Delay(TimeSpan.FromSeconds(1)); // changes after the snapshot, streamed
        await stopWriting.CancelAsync();
        await writing;

        await pipeline.WaitForSameFingerprintAsync(Patience, ShopWorkload.Tables);
        output.WriteLine($"Writer committed {shop.Transactions} transactions during the test.");
        output.WriteLine(string.Join('\n', capture.Output.Split('\n').Where(l => l.Contains("Snapshot", StringComparison.Ordinal))));
        shop.Transactions.Should().BeGreaterThan(0, "the snapshot must run under concurrent writes");
        capture.Output.Should().Contain("Snapshot of public.customers read").And.Contain("Snapshot of public.order_lines read");
        // Foreign keys first: customers before orders before order_lines.
        capture.Output.IndexOf("Snapshot of public.customers starts", StringComparison.Ordinal)
            .Should().BeLessThan(capture.Output.IndexOf("Snapshot of public.orders starts", StringComparison.Ordinal));
        capture.Output.IndexOf("Snapshot of public.orders starts", StringComparison.Ordinal)
            .Should().BeLessThan(capture.Output.IndexOf("Snapshot of public.order_lines starts", StringComparison.Ordinal));
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }

    [Fact]
    public async Task A_capturer_killed_mid_snapshot_resumes_after_its_last_confirmed_chunk()
    {
        const int customers = 5_000, orders = 20_000, lines = 2; // 65,000 rows in chunks of 1,000
        await using var pipeline = await PostgresPipeline.CreateAsync("snap_resume");
        var shop = new ShopWorkload(pipeline.Source);
        await shop.LoadAsync(customers, orders, lines);
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(() => shop.RunAsync(customers, orders, stopWriting.Token));
        var apply = pipeline.StartApply();

        var first = pipeline.StartCapture("--snapshot-chunk-size", "1000");
        await first.WaitForOutputAsync("Snapshot of public.customers starts", Patience); // the progress table exists from here on
        var progress = $"SELECT coalesce(sum(rows_done), 0)::bigint FROM cdc_snapshot WHERE office = '{pipeline.Office}' AND table_name = 'public.orders'";
        await Eventually.ReachAsync(() => pipeline.Source.ScalarAsync<long>(progress), rows => rows >= 4_000, Patience, rows => $"{rows} orders confirmed");
        first.Kill();
        var atKill = await pipeline.Source.RowsAsync($"(SELECT table_name, state, rows_done, last_key FROM cdc_snapshot WHERE office = '{pipeline.Office}' AND table_name <> '')", "table_name");
        output.WriteLine("Progress at the kill:\n" + string.Join('\n', atKill));
        atKill.Should().Contain(r => r.StartsWith($"(public.customers,done,{customers},", StringComparison.Ordinal), "customers were read whole before orders");
        var unfinished = atKill.Where(r => !r.Contains(",done,", StringComparison.Ordinal)).Select(r => r[1..r.IndexOf(',', StringComparison.Ordinal)]).ToArray();
        unfinished.Should().NotBeEmpty("the kill must come before the snapshot is confirmed whole (make the tables larger if it does not)");

        var second = pipeline.StartCapture("--snapshot-chunk-size", "1000");
        foreach (var table in unfinished)
            await second.WaitForOutputAsync($"Snapshot of {table} complete and confirmed", Patience);
        await stopWriting.CancelAsync();
        await writing;
        await pipeline.WaitForSameFingerprintAsync(Patience, ShopWorkload.Tables);

        output.WriteLine("Second capturer:\n" + string.Join('\n', second.Output.Split('\n').Where(l => l.Contains("Snapshot", StringComparison.Ordinal))));
        foreach (var table in unfinished)
            second.Output.Should().MatchRegex($@"Snapshot of {table.Replace(".", @"\.", StringComparison.Ordinal)} resumes after key (the start|\(.+\)) \(\d+ rows confirmed before\)");
        if (unfinished.Contains("public.orders"))
            second.Output.Should().MatchRegex(@"Snapshot of public\.orders resumes after key \(\d+\) \([1-9]\d* rows confirmed before\)", "confirmed chunks are not read again");
        second.Output.Should().NotContain("Snapshot of public.customers starts", "a table finished before the kill is not read again");
        second.Output.Should().NotContain("in a consistent snapshot", "the slot exists: resuming must not create a new one");
        (await second.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }
}
