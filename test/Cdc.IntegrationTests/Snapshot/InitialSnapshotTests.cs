using Xunit.Abstractions;

namespace Cdc.IntegrationTests.Snapshot;

/// <summary>
/// Attaching a capturer to a PostgreSQL database that already holds a million rows while a writer keeps changing
/// them: the snapshot in the slot's exported snapshot, then streaming; and a capturer killed halfway through, which
/// resumes after its last confirmed chunk. The target must equal the source at the end.
/// </summary>
public sealed class InitialSnapshotTests(ITestOutputHelper output)
{
    // Generous: the applier works through a million rows on a 2-core machine shared with other test runs.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(480);

    [Fact]
    public async Task A_million_existing_rows_under_concurrent_writes_arrive_whole()
    {
        const int customers = 100_000, orders = 300_000, lines = 2; // 100k + 300k + 600k = 1,000,000 rows
        await using var pipeline = await PostgresPipeline.CreateAsync("snap_million");
        var shop = new ShopWorkload(pipeline.Source);
        await shop.LoadAsync(customers, orders, lines);
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(() => shop.RunAsync(customers, orders, stopWriting.Token));

        var capture = pipeline.StartCapture("--snapshot-chunk-size", "20000");
        var apply = pipeline.StartApply();
        await capture.WaitForOutputAsync("read whole", Patience);
        var peakAfterSnapshot = capture.PeakMemoryKb();
        await Task.Delay(TimeSpan.FromSeconds(2)); // changes after the snapshot, streamed
        await stopWriting.CancelAsync();
        await writing;

        await pipeline.WaitForSameFingerprintAsync(Patience, ShopWorkload.Tables);
        var peak = capture.PeakMemoryKb();
        output.WriteLine($"Writer committed {shop.Transactions} transactions during the test.");
        output.WriteLine($"Capturer peak memory (VmHWM): {peakAfterSnapshot / 1024} MiB after the 1,000,000-row snapshot, {peak / 1024} MiB at the end.");
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
        const int customers = 50_000, orders = 100_000, lines = 2; // 350,000 rows
        await using var pipeline = await PostgresPipeline.CreateAsync("snap_resume");
        var shop = new ShopWorkload(pipeline.Source);
        await shop.LoadAsync(customers, orders, lines);
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(() => shop.RunAsync(customers, orders, stopWriting.Token));
        var apply = pipeline.StartApply();

        var first = pipeline.StartCapture("--snapshot-chunk-size", "10000");
        await first.WaitForOutputAsync("Snapshot of public.customers starts", Patience);
        var progress = $"SELECT coalesce(sum(rows_done), 0)::bigint FROM cdc_snapshot WHERE office = '{pipeline.Office}' AND table_name = 'public.orders'";
        await Eventually.ReachAsync(() => pipeline.Source.ScalarAsync<long>(progress), rows => rows >= 30_000, Patience, rows => $"{rows} orders confirmed");
        first.Kill();
        var atKill = await pipeline.Source.RowsAsync($"(SELECT table_name, state, rows_done, last_key FROM cdc_snapshot WHERE office = '{pipeline.Office}' AND table_name <> '')", "table_name");
        output.WriteLine("Progress at the kill:\n" + string.Join('\n', atKill));
        atKill.Should().Contain(r => r.StartsWith("(public.customers,done,50000,", StringComparison.Ordinal), "customers were read whole before orders");

        var second = pipeline.StartCapture("--snapshot-chunk-size", "10000");
        await second.WaitForOutputAsync("Snapshot of public.order_lines complete and confirmed", Patience);
        await stopWriting.CancelAsync();
        await writing;
        await pipeline.WaitForSameFingerprintAsync(Patience, ShopWorkload.Tables);

        output.WriteLine("Second capturer:\n" + string.Join('\n', second.Output.Split('\n').Where(l => l.Contains("Snapshot", StringComparison.Ordinal))));
        second.Output.Should().MatchRegex(@"Snapshot of public\.orders resumes after key \(\d+\) \(\d+ rows confirmed before\)");
        second.Output.Should().NotContain("Snapshot of public.customers starts", "a table finished before the kill is not read again");
        second.Output.Should().NotContain("in a consistent snapshot", "the slot exists: resuming must not create a new one");
        (await second.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }
}
