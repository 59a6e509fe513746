namespace Cdc.IntegrationTests.Spine;

/// <summary>
/// A PostgreSQL source whose tables are idle while another database of the same server writes a lot: the slot follows
/// the server's WAL end (its keepalives), so it does not keep the other database's WAL, and nothing is lost.
/// </summary>
public sealed class IdleSourceTests
{
    private const long Megabyte = 1024 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_idle_slot_does_not_retain_the_wal_another_database_writes()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("idlewal");
        await using var busy = await PostgresDatabase.CreateAsync("idlewal_busy");
        foreach (var database in new[] { pipeline.Source, pipeline.Target })
            await database.ExecuteAsync("CREATE TABLE quiet (id int PRIMARY KEY, v text)");
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", Patience);
        pipeline.StartApply();
        await pipeline.Source.ExecuteAsync("INSERT INTO quiet VALUES (1, 'before')");
        await pipeline.WaitForEqualAsync(Patience, ("quiet", "id"));

        // 200 MB of WAL in another database (non-transactional messages: written at once, decoded by no slot here).
        var before = await WalAsync(pipeline);
        await busy.ExecuteAsync("SELECT count(pg_logical_emit_message(false, 'padding', repeat('x', 1048576))) FROM generate_series(1, 200)");
        (await WalAsync(pipeline) - before).Should().BeGreaterThan(190 * Megabyte, "the busy database wrote 200 MB of WAL");

        // A checkpoint logs the running transactions, which lets the slot's restart point follow its confirmed point.
        await Eventually.ReachAsync(
            async () =>
            {
                await busy.ExecuteAsync("CHECKPOINT");
                return await RetainedAsync(pipeline);
            },
            retained => retained.Confirmed < 16 * Megabyte && retained.Restart < 32 * Megabyte,
            Patience,
            retained => $"the slot retains {retained.Confirmed / Megabyte} MB after its confirmed point and {retained.Restart / Megabyte} MB after its restart point");

        await pipeline.Source.ExecuteAsync("INSERT INTO quiet VALUES (2, 'after')");
        await pipeline.WaitForEqualAsync(Patience, ("quiet", "id"));
        capture.HasExited.Should().BeFalse();
    }

    [Fact]
    public async Task A_slot_moves_while_its_own_database_writes_only_tables_outside_the_publication()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("idletables");
        foreach (var database in new[] { pipeline.Source, pipeline.Target })
            await database.ExecuteAsync("CREATE TABLE quiet (id int PRIMARY KEY, v text)");
        await pipeline.Source.ExecuteAsync("CREATE TABLE noise (id int PRIMARY KEY, v text)");
        var capture = pipeline.StartCapture("--tables", "public.quiet");
        await capture.WaitForOutputAsync("Capturing office", Patience);
        pipeline.StartApply();
        await pipeline.Source.ExecuteAsync("INSERT INTO quiet VALUES (1, 'before')");
        await pipeline.WaitForEqualAsync(Patience, ("quiet", "id"));

        // About 100 MB of WAL in a table of the same database that the publication does not cover.
        var before = await WalAsync(pipeline);
        await pipeline.Source.ExecuteAsync("INSERT INTO noise SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 300000) g");
        (await WalAsync(pipeline) - before).Should().BeGreaterThan(50 * Megabyte, "the unpublished table's rows are that much WAL");

        await Eventually.ReachAsync(
            () => RetainedAsync(pipeline),
            retained => retained.Confirmed < 16 * Megabyte,
            Patience,
            retained => $"the slot retains {retained.Confirmed / Megabyte} MB after its confirmed point");
        await pipeline.Source.ExecuteAsync("INSERT INTO quiet VALUES (2, 'after')");
        await pipeline.WaitForEqualAsync(Patience, ("quiet", "id"));
    }

    private static async Task<long> WalAsync(PostgresPipeline pipeline) =>
        (long)await pipeline.Source.ScalarAsync<decimal>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')");

    private static async Task<(long Confirmed, long Restart)> RetainedAsync(PostgresPipeline pipeline)
    {
        var confirmed = await pipeline.Source.ScalarAsync<decimal>(
            $"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) FROM pg_replication_slots WHERE database = '{pipeline.Source.Name}'");
        var restart = await pipeline.Source.ScalarAsync<decimal>(
            $"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) FROM pg_replication_slots WHERE database = '{pipeline.Source.Name}'");
        return ((long)confirmed, (long)restart);
    }
}
