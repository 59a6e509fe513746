using Xunit.Abstractions;

namespace Cdc.IntegrationTests.Snapshot;

/// <summary>
/// Attaching a capturer to a MariaDB database that already holds rows while a writer keeps changing them: the
/// snapshot in a consistent read at its matching binlog position, then the binlog from there; and a capturer killed
/// halfway through, which resumes after its last confirmed chunk. Both targets must equal the source at the end.
/// </summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class MariaDbInitialSnapshotTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Existing_rows_under_concurrent_writes_arrive_whole_in_postgresql_and_mariadb()
    {
        const int customers = 10_000, orders = 20_000, lines = 2; // 70,000 rows
        await using var pipeline = await MariaDbPipeline.CreateAsync("mysnap_attach");
        var shop = new MariaDbShopWorkload(pipeline.Source);
        await shop.LoadAsync(customers, orders, lines);
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(() => shop.RunAsync(customers, orders, stopWriting.Token));

        var capture = pipeline.StartCapture("--snapshot-chunk-size", "5000");
        pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();
        await capture.WaitForOutputAsync("read whole", Patience);
        await Task.Delay(TimeSpan.FromSeconds(2)); // changes after the snapshot, streamed
        await stopWriting.CancelAsync();
        await writing;

        await MariaDbShopWorkload.WaitForTargetsEqualAsync(pipeline, Patience);
        output.WriteLine($"Writer committed {shop.Transactions} transactions during the test.");
        output.WriteLine(string.Join('\n', capture.Output.Split('\n').Where(l => l.Contains("napshot", StringComparison.Ordinal))));
        shop.Transactions.Should().BeGreaterThan(0, "the snapshot must run under concurrent writes");
        var db = pipeline.Source.Name;
        capture.Output.Should().Contain("in a consistent snapshot at mariadb-bin.");
        capture.Output.IndexOf($"Snapshot of {db}.customers starts", StringComparison.Ordinal)
            .Should().BeLessThan(capture.Output.IndexOf($"Snapshot of {db}.orders starts", StringComparison.Ordinal), "foreign keys first");
        capture.Output.IndexOf($"Snapshot of {db}.orders starts", StringComparison.Ordinal)
            .Should().BeLessThan(capture.Output.IndexOf($"Snapshot of {db}.order_lines starts", StringComparison.Ordinal), "foreign keys first");
        capture.Output.Should().NotMatchRegex($@"Registered schema {System.Text.RegularExpressions.Regex.Escape(pipeline.Office)}\.\S+ version 2 ", "snapshot and binlog describe each table alike: one schema version");
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }

    [Fact]
    public async Task A_capturer_killed_mid_snapshot_resumes_after_its_last_confirmed_chunk()
    {
        const int customers = 5_000, orders = 30_000, lines = 1; // 65,000 rows
        await using var pipeline = await MariaDbPipeline.CreateAsync("mysnap_resume");
        var shop = new MariaDbShopWorkload(pipeline.Source);
        await shop.LoadAsync(customers, orders, lines);
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(() => shop.RunAsync(customers, orders, stopWriting.Token));
        pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();
        var db = pipeline.Source.Name;

        var first = pipeline.StartCapture("--snapshot-chunk-size", "2000");
        await first.WaitForOutputAsync($"Snapshot of {db}.customers starts", Patience);
        var progress = $"SELECT CONCAT(state, ' ', rows_done) FROM cdc_snapshot WHERE office = '{pipeline.Office}' AND table_name = '{db}.orders'";
        var deadline = DateTime.UtcNow + Patience;
        while (await pipeline.Source.ScalarAsync<string>(progress) is not { } seen || !seen.StartsWith("running", StringComparison.Ordinal) || seen.EndsWith(" 0", StringComparison.Ordinal))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"orders should be confirmed in part; capturer said:\n{first.Output}");
            await Task.Delay(20);
        }
        first.Kill();
        var atKill = await pipeline.Source.RowsAsync($"SELECT table_name, state, rows_done, last_key FROM cdc_snapshot WHERE office = '{pipeline.Office}' AND table_name <> '' ORDER BY ordinal");
        output.WriteLine("Progress at the kill:\n" + string.Join('\n', atKill));
        atKill.Should().Contain($"{db}.customers | done | 5000 | [\"5000\"]", "customers were read whole before orders");
        atKill.Should().Contain(r => r.StartsWith($"{db}.orders | running | ", StringComparison.Ordinal));

        var second = pipeline.StartCapture("--snapshot-chunk-size", "2000");
        await second.WaitForOutputAsync($"Snapshot of {db}.order_lines complete and confirmed", Patience);
        await stopWriting.CancelAsync();
        await writing;
        await MariaDbShopWorkload.WaitForTargetsEqualAsync(pipeline, Patience);

        output.WriteLine($"Writer committed {shop.Transactions} transactions during the test.");
        output.WriteLine("Second capturer:\n" + string.Join('\n', second.Output.Split('\n').Where(l => l.Contains("napshot", StringComparison.Ordinal) || l.Contains("binlog", StringComparison.Ordinal))));
        second.Output.Should().MatchRegex($@"Snapshot of {db}\.orders resumes after key \(\d+\) \(\d+ rows confirmed before\)");
        second.Output.Should().NotContain($"Snapshot of {db}.customers starts", "a table finished before the kill is not read again");
        second.Output.Should().NotContain("in a consistent snapshot", "the start is stored: resuming must not take a new snapshot");
        second.Output.Should().Contain("starting at the binlog position stored when this capture began",
            "the stream holds only snapshot records: the binlog is read from the snapshot's position, not the server's current one");
        (await second.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }
}
