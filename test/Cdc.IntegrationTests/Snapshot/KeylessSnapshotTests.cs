using Xunit.Abstractions;

namespace Cdc.IntegrationTests.Snapshot;

/// <summary>
/// Tables without a primary key (history, audit, log tables, identical rows allowed) are snapshotted too: read whole in
/// the slot's exported snapshot on the first start, reloaded whole in a snapshot of their own (a temporary slot's) when a
/// killed capturer resumes or <c>cdc snapshot</c> asks for them. The target must hold the source's rows, duplicates
/// included (sorted full rows compared).
/// </summary>
public sealed class KeylessSnapshotTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private const string Schema = """
        CREATE TABLE a_history (account integer, note text);
        ALTER TABLE a_history REPLICA IDENTITY FULL;
        CREATE TABLE m_items (id integer PRIMARY KEY, qty integer);
        CREATE TABLE z_audit (who text, what integer);
        ALTER TABLE z_audit REPLICA IDENTITY FULL;
        INSERT INTO a_history SELECT i % 700, 'n' || (i % 90) FROM generate_series(1, 10000) i;
        INSERT INTO m_items SELECT i, i FROM generate_series(1, 1000) i;
        INSERT INTO z_audit SELECT 'u' || (i % 30), i % 11 FROM generate_series(1, 2000) i;
        """;

    private static readonly (string, string)[] Tables = [("a_history", "t::text"), ("m_items", "id"), ("z_audit", "t::text")];

    [Fact]
    public async Task Keyless_rows_written_before_the_attach_arrive_even_when_the_capturer_is_killed_mid_snapshot()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("keyless_snap");
        await pipeline.Source.ExecuteAsync(Schema);
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(() => WriteAsync(pipeline.Source, stopWriting.Token));
        var apply = pipeline.StartApply();

        var first = pipeline.StartCapture("--snapshot-chunk-size", "50");
        await first.WaitForOutputAsync("Snapshot of public.a_history starts", Patience); // the progress table exists from here on
        var progress = $"SELECT state || ' ' || rows_done FROM cdc_snapshot WHERE office = '{pipeline.Office}' AND table_name = 'public.a_history'";
        // Polled tightly (the copy takes about a second): the kill must come while a_history is confirmed in part.
        var deadline = DateTime.UtcNow + Patience;
        while (await pipeline.Source.ScalarAsync<string>(progress) is not { } seen || !seen.StartsWith("running", StringComparison.Ordinal) || seen.EndsWith(" 0", StringComparison.Ordinal))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"a_history should be confirmed in part; capturer said:\n{first.Output}");
            await Task.Delay(5);
        }
        first.Kill();
        var atKill = await pipeline.Source.RowsAsync($"(SELECT table_name, state, rows_done FROM cdc_snapshot WHERE office = '{pipeline.Office}' AND table_name <> '')", "table_name");
        output.WriteLine("Progress at the kill:\n" + string.Join('\n', atKill));

        var second = pipeline.StartCapture("--snapshot-chunk-size", "50");
        foreach (var table in new[] { "a_history", "m_items", "z_audit" })
            await second.WaitForOutputAsync($"Snapshot of public.{table} complete and confirmed", Patience);
        await Task.Delay(TimeSpan.FromSeconds(1)); // changes after the snapshot, streamed
        await stopWriting.CancelAsync();
        var writes = await writing;

        await pipeline.WaitForEqualAsync(Patience, Tables);
        output.WriteLine($"Writer committed {writes} transactions during the test.");
        output.WriteLine("Second capturer:\n" + string.Join('\n', second.Output.Split('\n').Where(l => l.Contains("napshot", StringComparison.Ordinal))));
        writes.Should().BeGreaterThan(0, "the snapshot must run under concurrent writes");
        second.Output.Should().Contain("Snapshot of public.a_history reloads the table whole");
        (await pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM a_history")).Should().BeGreaterThan(10_000 - 1_000, "the rows written before the attach are there");
        (await second.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }

    [Fact]
    public async Task A_requested_snapshot_replaces_the_rows_of_a_keyless_table_on_a_drifted_target()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("keyless_request");
        await pipeline.Source.ExecuteAsync(Schema);
        var capture = pipeline.StartCapture("--snapshot-mode", "never", "--snapshot-chunk-size", "50");
        // The copy's truncate is the capturer's, not a source TRUNCATE: applied even by an applier that refuses those.
        var apply = pipeline.StartApply("--truncate", "refuse");
        await capture.WaitForOutputAsync("Streaming from slot", Patience);
        await pipeline.Source.ExecuteAsync("INSERT INTO a_history VALUES (1, 'streamed'), (1, 'streamed')");
        await Eventually.ReachAsync(() => pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'a_history'"), n => n == 1, Patience, _ => "no a_history table");
        await Eventually.ReachAsync(() => pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM a_history"), n => n == 2, Patience, n => $"{n} rows");
        await pipeline.Target.ExecuteAsync("INSERT INTO a_history VALUES (99999, 'only on the target')");

        var (exit, said) = await CdcProcess.RunAsync(TimeSpan.FromSeconds(30), "snapshot", "--office", pipeline.Office, "--source", pipeline.Source.UriText, "--tables", "a_history");
        exit.Should().Be(0, said);
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(() => WriteAsync(pipeline.Source, stopWriting.Token));
        await capture.WaitForOutputAsync("Snapshot of public.a_history complete and confirmed", Patience);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stopWriting.CancelAsync();
        await writing;

        await pipeline.WaitForEqualAsync(Patience, ("a_history", "t::text"));
        capture.Output.Should().NotContain("Snapshot of public.m_items", "only the requested table is read");
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }

    /// <summary>Inserts (identical rows too), updates and deletes of single rows of every table until stopped; returns the transactions committed.</summary>
    private static async Task<long> WriteAsync(PostgresDatabase source, CancellationToken stop)
    {
        var done = 0L;
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var account = i * 7919 % 700;
            await source.ExecuteAsync($"""
                INSERT INTO a_history VALUES ({account}, 'w{i % 5}'), ({account}, 'w{i % 5}');
                UPDATE a_history SET note = note || '+' WHERE ctid = (SELECT ctid FROM a_history WHERE account = {(account + 1) % 700} LIMIT 1);
                DELETE FROM a_history WHERE ctid = (SELECT ctid FROM a_history WHERE account = {(account + 2) % 700} LIMIT 1);
                UPDATE m_items SET qty = qty + 1 WHERE id = {1 + i * 104729 % 1000};
                INSERT INTO z_audit VALUES ('w', {i % 11});
                DELETE FROM z_audit WHERE ctid = (SELECT ctid FROM z_audit WHERE what = {i % 11} LIMIT 1);
                """);
            done++;
        }
        return done;
    }
}
