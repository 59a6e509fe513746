using System.Diagnostics;
using Cdc.IntegrationTests.Harness;
using Cdc.IntegrationTests.Snapshot;

namespace Cdc.Bench;

/// <summary>
/// The snapshot proof at full size, on the test servers through real bin/cdc capture and apply processes: a capturer
/// attaches to a PostgreSQL database that already holds <c>rows</c> rows in three tables with foreign keys (10 %
/// customers, 30 % orders, 60 % order lines) while a writer keeps changing them; with <c>kill</c> the first capturer
/// is killed (SIGKILL) halfway through and a second one resumes. Prints whether the target equals the source table by
/// table (row count and md5 of every row), the snapshot's rows/s, and the capturer's peak memory (VmHWM) after the
/// snapshot and at the end. Exit code 1 when the target differs.
/// </summary>
internal static class SnapshotBenchmark
{
    private const string ChunkSize = "20000";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(20);

    public static async Task<int> RunAsync(int rows, bool kill)
    {
        int customers = rows / 10, orders = rows * 3 / 10;
        await using var pipeline = await PostgresPipeline.CreateAsync("bench_snapshot");
        var shop = new ShopWorkload(pipeline.Source);
        var clock = Stopwatch.StartNew();
        await shop.LoadAsync(customers, orders, 2);
        var total = customers + orders * 3L;
        Console.WriteLine($"source: {total:N0} existing rows (customers {customers:N0}, orders {orders:N0}, order lines {orders * 2:N0}) loaded in {clock.Elapsed.TotalSeconds:0.0} s");

        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(() => shop.RunAsync(customers, orders, stopWriting.Token));
        var apply = pipeline.StartApply();
        clock.Restart();
        var capture = pipeline.StartCapture("--snapshot-chunk-size", ChunkSize);
        if (kill)
            capture = await KillHalfwayAndResumeAsync(pipeline, capture, orders);
        else
            await capture.WaitForOutputAsync("read whole", Patience);
        var snapshot = clock.Elapsed;
        var peakAfterSnapshot = capture.PeakMemoryKb();
        await Task.Delay(TimeSpan.FromSeconds(2)); // changes after the snapshot, streamed
        await stopWriting.CancelAsync();
        await writing;

        var same = true;
        try
        {
            await pipeline.WaitForSameFingerprintAsync(Patience, ShopWorkload.Tables);
        }
        catch (TimeoutException e)
        {
            Console.WriteLine($"TARGET DIFFERS FROM SOURCE: {e.Message}");
            same = false;
        }
        var replicated = clock.Elapsed;
        var peak = capture.PeakMemoryKb();
        foreach (var (table, orderBy) in ShopWorkload.Tables)
            Console.WriteLine($"{table,-12} source {await pipeline.Source.FingerprintAsync(table, orderBy)} | target {await pipeline.Target.FingerprintAsync(table, orderBy)}");
        Console.WriteLine(string.Join('\n', capture.Output.Split('\n').Where(l => l.Contains("read:", StringComparison.Ordinal) || l.Contains("resumes after", StringComparison.Ordinal))));
        Console.WriteLine($"writer: {shop.Transactions:N0} transactions committed during the snapshot");
        Console.WriteLine($"snapshot: {total:N0} rows read in {snapshot.TotalSeconds:0.0} s ({total / snapshot.TotalSeconds:0} rows/s){(kill ? ", killed halfway and resumed" : "")}; target equal {replicated.TotalSeconds:0.0} s after the start");
        Console.WriteLine($"capturer peak memory (VmHWM): {peakAfterSnapshot / 1024} MiB after the snapshot, {peak / 1024} MiB at the end (chunks of {ChunkSize} rows)");
        Console.WriteLine(same ? "target == source" : "TARGET != SOURCE");
        await capture.StopAsync(TimeSpan.FromSeconds(30));
        await apply.StopAsync(TimeSpan.FromSeconds(30));
        return same ? 0 : 1;
    }

    /// <summary>Kills the capturer once half the orders are confirmed, starts another, and waits until it finished the snapshot.</summary>
    private static async Task<CdcProcess> KillHalfwayAndResumeAsync(PostgresPipeline pipeline, CdcProcess first, int orders)
    {
        await first.WaitForOutputAsync("Snapshot of public.customers starts", Patience); // the progress table exists from here on
        var progress = $"SELECT coalesce(sum(rows_done), 0)::bigint FROM cdc_snapshot WHERE office = '{pipeline.Office}' AND table_name = 'public.orders'";
        await Eventually.ReachAsync(() => pipeline.Source.ScalarAsync<long>(progress), n => n >= orders / 2, Patience, n => $"{n} orders confirmed");
        var peak = first.PeakMemoryKb();
        first.Kill();
        var unfinished = (await pipeline.Source.RowsAsync($"(SELECT table_name FROM cdc_snapshot WHERE office = '{pipeline.Office}' AND table_name <> '' AND state <> 'done')", "table_name"))
            .Select(row => row.Trim('(', ')')).ToArray(); // rows print as records: (public.orders)
        Console.WriteLine($"capturer killed with {string.Join(", ", unfinished)} unfinished; its peak memory (VmHWM) {peak / 1024} MiB");
        var second = pipeline.StartCapture("--snapshot-chunk-size", ChunkSize);
        foreach (var table in unfinished)
            await second.WaitForOutputAsync($"Snapshot of {table} complete and confirmed", Patience);
        return second;
    }
}
