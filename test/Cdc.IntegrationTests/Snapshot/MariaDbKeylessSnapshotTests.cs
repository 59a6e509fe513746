using Xunit.Abstractions;

namespace Cdc.IntegrationTests.Snapshot;

/// <summary>
/// MariaDB tables without a primary key are snapshotted too: read whole in the consistent read of the first start,
/// reloaded whole in a consistent read of their own (with its binlog position) when a killed capturer resumes or
/// <c>cdc snapshot</c> asks for them. Both targets must hold the source's rows, duplicates included (sorted full rows).
/// </summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class MariaDbKeylessSnapshotTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private const string Schema = """
        CREATE TABLE a_history (account int, note varchar(20));
        CREATE TABLE m_items (id int PRIMARY KEY, qty int);
        CREATE TABLE z_audit (who varchar(20), what int);
        INSERT INTO a_history SELECT seq % 700, CONCAT('n', seq % 90) FROM seq_1_to_10000;
        INSERT INTO m_items SELECT seq, seq FROM seq_1_to_1000;
        INSERT INTO z_audit SELECT CONCAT('u', seq % 30), seq % 11 FROM seq_1_to_2000;
        """;

    [Fact]
    public async Task Keyless_rows_written_before_the_attach_arrive_even_when_the_capturer_is_killed_mid_snapshot()
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("mykeyless_snap");
        await pipeline.Source.ExecuteAsync(Schema);
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(() => WriteAsync(pipeline.Source, stopWriting.Token));
        pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();
        var db = pipeline.Source.Name;

        var first = pipeline.StartCapture("--snapshot-chunk-size", "50");
        await first.WaitForOutputAsync($"Snapshot of {db}.a_history starts", Patience); // the progress table exists from here on
        var progress = $"SELECT CONCAT(state, ' ', rows_done) FROM cdc_snapshot WHERE office = '{pipeline.Office}' AND table_name = '{db}.a_history'";
        // Polled tightly (the copy takes about a second): the kill must come while a_history is confirmed in part.
        var deadline = DateTime.UtcNow + Patience;
        while (await pipeline.Source.ScalarAsync<string>(progress) is not { } seen || !seen.StartsWith("running", StringComparison.Ordinal) || seen.EndsWith(" 0", StringComparison.Ordinal))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"a_history should be confirmed in part; capturer said:\n{first.Output}");
            await Task.Delay(5);
        }
        first.Kill();
        var atKill = await pipeline.Source.RowsAsync($"SELECT table_name, state, rows_done FROM cdc_snapshot WHERE office = '{pipeline.Office}' AND table_name <> '' ORDER BY ordinal");
        output.WriteLine("Progress at the kill:\n" + string.Join('\n', atKill));

        var second = pipeline.StartCapture("--snapshot-chunk-size", "50");
        foreach (var table in new[] { "a_history", "m_items", "z_audit" })
            await second.WaitForOutputAsync($"Snapshot of {db}.{table} complete and confirmed", Patience);
        await Task.Delay(TimeSpan.FromSeconds(1)); // changes after the snapshot, streamed
        await stopWriting.CancelAsync();
        var writes = await writing;

        foreach (var (table, columns) in new[] { ("a_history", "account, note"), ("m_items", "id, qty"), ("z_audit", "who, what") })
            await WaitForSameRowsAsync(pipeline, table, columns);
        output.WriteLine($"Writer committed {writes} transactions during the test.");
        output.WriteLine("Second capturer:\n" + string.Join('\n', second.Output.Split('\n').Where(l => l.Contains("napshot", StringComparison.Ordinal))));
        writes.Should().BeGreaterThan(0, "the snapshot must run under concurrent writes");
        second.Output.Should().Contain($"Snapshot of {db}.a_history reloads the table whole");
        (await pipeline.MariaDbTarget.ScalarAsync<long>("SELECT count(*) FROM a_history")).Should().BeGreaterThan(10_000 - 1_000, "the rows written before the attach are there");
        (await second.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }

    [Fact]
    public async Task A_requested_snapshot_replaces_the_rows_of_a_keyless_table_on_drifted_targets()
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("mykeyless_request");
        await pipeline.Source.ExecuteAsync(Schema);
        var capture = pipeline.StartCapture("--snapshot-mode", "never", "--snapshot-chunk-size", "50");
        pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();
        await capture.WaitForOutputAsync("Streaming the binlog", Patience);
        await pipeline.Source.ExecuteAsync("INSERT INTO a_history VALUES (1, 'streamed'), (1, 'streamed')");
        await Eventually.ReachAsync(async () => (await pipeline.MariaDbTarget.RowsAsync("SELECT account FROM a_history")).Count, n => n == 2, Patience, n => $"{n} rows");
        await Eventually.ReachAsync(async () => (await pipeline.PostgresRowsAsync($"SELECT account FROM \"{pipeline.PostgresSchema}\".a_history")).Count, n => n == 2, Patience, n => $"{n} rows");
        await pipeline.MariaDbTarget.ExecuteAsync("INSERT INTO a_history VALUES (99999, 'only on the target')");
        await pipeline.PostgresTarget.ExecuteAsync($"DELETE FROM \"{pipeline.PostgresSchema}\".a_history");

        var (exit, said) = await CdcProcess.RunAsync(TimeSpan.FromSeconds(30), "snapshot", "--office", pipeline.Office, "--source", pipeline.Source.UriText, "--tables", "a_history");
        exit.Should().Be(0, said);
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(() => WriteAsync(pipeline.Source, stopWriting.Token));
        await capture.WaitForOutputAsync($"Snapshot of {pipeline.Source.Name}.a_history complete and confirmed", Patience);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stopWriting.CancelAsync();
        await writing;

        await WaitForSameRowsAsync(pipeline, "a_history", "account, note");
        capture.Output.Should().NotContain($"Snapshot of {pipeline.Source.Name}.m_items", "only the requested table is read");
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }

    /// <summary>Both targets hold the source's rows, compared as sorted full rows (duplicates count).</summary>
    private static async Task WaitForSameRowsAsync(MariaDbPipeline pipeline, string table, string columns)
    {
        static List<string> Sorted(List<string> rows) => rows.Order(StringComparer.Ordinal).ToList();
        await Eventually.ReachAsync(
            async () => (
                Source: Sorted(await pipeline.Source.RowsAsync($"SELECT {columns} FROM {table}")),
                Postgres: Sorted(await pipeline.PostgresRowsAsync($"SELECT {columns} FROM \"{pipeline.PostgresSchema}\".{table}")),
                MariaDb: Sorted(await pipeline.MariaDbTarget.RowsAsync($"SELECT {columns} FROM {table}"))),
            rows => rows.Source.SequenceEqual(rows.Postgres) && rows.Source.SequenceEqual(rows.MariaDb),
            Patience,
            rows => $"{table}: source {rows.Source.Count} rows, PostgreSQL {rows.Postgres.Count}, MariaDB {rows.MariaDb.Count}; " +
                    $"only in the source (PostgreSQL): {string.Join("; ", rows.Source.Except(rows.Postgres).Take(5))}; " +
                    $"only in PostgreSQL: {string.Join("; ", rows.Postgres.Except(rows.Source).Take(5))}; " +
                    $"only in the source (MariaDB): {string.Join("; ", rows.Source.Except(rows.MariaDb).Take(5))}; " +
                    $"only in MariaDB: {string.Join("; ", rows.MariaDb.Except(rows.Source).Take(5))}");
    }

    /// <summary>Inserts (identical rows too), updates and deletes of single rows of every table until stopped; returns the transactions committed.</summary>
    private static async Task<long> WriteAsync(MariaDbDatabase source, CancellationToken stop)
    {
        var done = 0L;
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var account = i * 7919 % 700;
            await source.ExecuteAsync($"""
                START TRANSACTION;
                INSERT INTO a_history VALUES ({account}, 'w{i % 5}'), ({account}, 'w{i % 5}');
                UPDATE a_history SET note = CONCAT(note, '+') WHERE account = {(account + 1) % 700} LIMIT 1;
                DELETE FROM a_history WHERE account = {(account + 2) % 700} LIMIT 1;
                UPDATE m_items SET qty = qty + 1 WHERE id = {1 + i * 104729 % 1000};
                INSERT INTO z_audit VALUES ('w', {i % 11});
                DELETE FROM z_audit WHERE what = {i % 11} LIMIT 1;
                COMMIT;
                """);
            done++;
        }
        return done;
    }
}
