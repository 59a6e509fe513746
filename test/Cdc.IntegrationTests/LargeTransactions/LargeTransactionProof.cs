using MySqlConnector;

namespace Cdc.IntegrationTests.LargeTransactions;

/// <summary>
/// One source transaction of many rows (and, after them, the first row of another table, which a MySQL/MariaDB target
/// must create halfway, where DDL would commit) goes from a source to a target of the same engine through real bin/cdc
/// processes. A reader polls the target's row count meanwhile: it must only ever see none or all of the transaction.
/// Returns the capturer's and the applier's peak resident memory (VmHWM), in MiB. Shared by the tests (a lowered
/// budget and a managed-heap limit, given as <c>environment</c> to both processes) and <c>make bench-large-transaction</c>
/// (full size, default settings).
/// </summary>
public static class LargeTransactionProof
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);

    public static async Task<(long CaptureMb, long ApplyMb)> PostgresAsync(int rows, Action<string> print, IReadOnlyDictionary<string, string> environment, params string[] applyArguments)
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("bigtx");
        await pipeline.Source.ExecuteAsync("""
            CREATE TABLE big (id int PRIMARY KEY, payload text NOT NULL);
            CREATE TABLE side (id int PRIMARY KEY, note text NOT NULL);
            """);
        var capture = pipeline.StartCapture(environment, "--tables", "public.big,public.side");
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        var apply = pipeline.StartApply(environment, applyArguments);
        await ExecuteLongAsync(await pipeline.Source.OpenAsync(), $"""
            BEGIN;
            INSERT INTO big SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, {rows}) g;
            INSERT INTO side VALUES (1, 'written after the big table, in the same transaction');
            COMMIT;
            """);
        print($"PostgreSQL: committed one transaction of {rows:N0} rows");
        await WatchAtomicAsync(print, () => CountAsync(pipeline.Target, "big"), rows, capture, apply);
        var peaks = Peaks(print, "PostgreSQL", capture, apply);
        (await CountAsync(pipeline.Target, "side")).Should().Be(1, "the other table's row committed with the big one");
        // Sums, not a sorted fingerprint: at 2,000,000 rows that outlasts the command timeout on a busy machine.
        const string sums = "SELECT concat_ws(' ', count(*), sum(id), sum(hashtext(payload)::bigint)) FROM big";
        (await ScalarLongAsync(await pipeline.Target.OpenAsync(), sums)).Should().Be(await ScalarLongAsync(await pipeline.Source.OpenAsync(), sums));
        return peaks;
    }

    public static async Task<(long CaptureMb, long ApplyMb)> MariaDbAsync(int rows, Action<string> print, IReadOnlyDictionary<string, string> environment, params string[] applyArguments)
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("bigtx");
        await using var processes = new ProcessGroup();
        await pipeline.Source.ExecuteAsync("""
            CREATE TABLE big (id int PRIMARY KEY, payload text NOT NULL);
            CREATE TABLE side (id int PRIMARY KEY, note text NOT NULL);
            """);
        var capture = pipeline.StartCapture(environment, "--tables", $"{pipeline.Source.Name}.big,{pipeline.Source.Name}.side");
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        var apply = processes.Start(environment, ["apply", "--name", $"{pipeline.Office}_my", "--streams", pipeline.Stream, "--target", pipeline.MariaDbTarget.UriText,
            "--broker", TestServers.Broker, .. applyArguments]);
        await ExecuteLongAsync(await pipeline.Source.OpenAsync(), $"""
            SET SESSION max_recursive_iterations = {rows + 1};
            START TRANSACTION;
            INSERT INTO big WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {rows})
                SELECT n, REPEAT(MD5(n), 8) FROM g;
            INSERT INTO side VALUES (1, 'written after the big table, in the same transaction');
            COMMIT;
            """);
        print($"MariaDB: committed one transaction of {rows:N0} rows");
        await WatchAtomicAsync(print, () => CountAsync(pipeline.MariaDbTarget, "big"), rows, capture, apply);
        var peaks = Peaks(print, "MariaDB", capture, apply);
        (await CountAsync(pipeline.MariaDbTarget, "side")).Should().Be(1, "the other table's row committed with the big one");
        const string sums = "SELECT concat_ws(' ', count(*), sum(id), sum(crc32(payload))) FROM big";
        (await ScalarLongAsync(await pipeline.MariaDbTarget.OpenAsync(), sums)).Should().Be(await ScalarLongAsync(await pipeline.Source.OpenAsync(), sums));
        if (apply.Output.Contains("needed DDL halfway", StringComparison.Ordinal))
            print("  the side table, first met after pieces were written, rolled them back, was created, and the transaction was applied again");
        return peaks;
    }

    /// <summary>Runs a statement without the command timeout (2,000,000 rows outlast it on a busy machine).</summary>
    private static async Task ExecuteLongAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using (connection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<string?> ScalarLongAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using (connection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 0;
            return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Polls the count until it is <paramref name="rows"/>; every value seen must be 0 or <paramref name="rows"/>, and
    /// none of the <paramref name="running"/> processes may end meanwhile (one out of memory never brings the rows).
    /// </summary>
    public static async Task WatchAtomicAsync(Action<string> print, Func<Task<long>> count, long rows, params CdcProcess[] running)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var none = 0;
        while (true)
        {
            var seen = await count();
            seen.Should().BeOneOf([0L, rows], "a reader of the target sees all of the source transaction or none of it");
            if (seen == rows)
                break;
            none++;
            if (running.FirstOrDefault(p => p.HasExited) is { } ended)
                throw new InvalidOperationException($"A cdc process ended before the {rows}-row transaction arrived:\n{Tail(ended.Output)}");
            if (clock.Elapsed > Patience)
                throw new TimeoutException($"The {rows}-row transaction did not arrive within {Patience.TotalSeconds}s ({none} polls saw none of it).");
            await Task.Delay(20);
        }
        print($"  arrived whole {clock.Elapsed.TotalSeconds:0.0} s after its commit; {none} polls of the target before saw none of it, none saw a part");
    }

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];

    private static (long, long) Peaks(Action<string> print, string engine, CdcProcess capture, CdcProcess apply)
    {
        var (captured, applied) = (capture.PeakMemoryKb() / 1024, apply.PeakMemoryKb() / 1024);
        print($"  {engine}: peak RSS (VmHWM) capturer {captured} MiB, applier {applied} MiB");
        return (captured, applied);
    }

    public static async Task<long> CountAsync(PostgresDatabase target, string table)
    {
        try
        {
            return await target.ScalarAsync<long>($"SELECT count(*) FROM {table}");
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01")
        {
            return 0; // not created yet: the applier creates it in the transaction
        }
    }

    private static async Task<long> CountAsync(MariaDbDatabase target, string table)
    {
        try
        {
            return await target.ScalarAsync<long>($"SELECT count(*) FROM {table}");
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.NoSuchTable)
        {
            return 0; // not created yet
        }
    }
}
