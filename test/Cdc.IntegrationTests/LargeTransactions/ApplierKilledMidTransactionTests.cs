namespace Cdc.IntegrationTests.LargeTransactions;

/// <summary>
/// An applier killed (SIGKILL) while pieces of a large source transaction sit in its open target transaction leaves
/// nothing of it and its checkpoint where it was; the next applier reads the transaction again from the stored offset
/// and applies it whole, once.
/// </summary>
public sealed class ApplierKilledMidTransactionTests
{
    private const int Rows = 200_000;

    /// <summary>The transaction that inserts into <c>big</c> holds this lock until it ends: pieces are written and not committed.</summary>
    private const string PiecesOpen =
        "SELECT count(*) FROM pg_locks WHERE relation = to_regclass('public.big') AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()";

    [Fact]
    public async Task An_applier_killed_between_pieces_leaves_nothing_and_its_successor_applies_the_transaction_whole()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("bigtxkill");
        await pipeline.Source.ExecuteAsync("""
            CREATE TABLE big (id int PRIMARY KEY, payload text NOT NULL);
            CREATE TABLE side (id int PRIMARY KEY, note text NOT NULL);
            """);
        var capture = pipeline.StartCapture("--tables", "public.big,public.side", "--snapshot-mode", "never");
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        var apply = pipeline.StartApply("--piece-bytes", "1048576", "--prefetch", "32");
        await pipeline.Source.ExecuteAsync("INSERT INTO side VALUES (1, 'a small transaction before the big one')");
        await Eventually.ReachAsync(() => LargeTransactionProof.CountAsync(pipeline.Target, "side"), n => n == 1, TimeSpan.FromSeconds(60), n => $"{n} side rows applied");
        var stored = await StoredOffsetAsync(pipeline);

        await pipeline.Source.ExecuteAsync($"""
            BEGIN;
            INSERT INTO big SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, {Rows}) g;
            INSERT INTO side VALUES (2, 'written after the big table, in the same transaction');
            COMMIT;
            """);
        await Eventually.ReachAsync(() => pipeline.Target.ScalarAsync<long>(PiecesOpen), n => n > 0, TimeSpan.FromSeconds(120),
            n => "the applier never held an open target transaction with rows of the big table (pieces)");
        (apply.PeakMemoryKb() / 1024).Should().BeLessThan(200,
            "the target transaction holds pieces while the applier holds one piece, not the whole transaction (that peaks near 350 MiB)");
        apply.Kill();

        await Eventually.ReachAsync(() => pipeline.Target.ScalarAsync<long>(PiecesOpen), n => n == 0, TimeSpan.FromSeconds(30),
            n => "the killed applier's target transaction was not rolled back");
        (await LargeTransactionProof.CountAsync(pipeline.Target, "big")).Should().Be(0, "nothing of a transaction whose end was not applied is committed");
        (await LargeTransactionProof.CountAsync(pipeline.Target, "side")).Should().Be(1);
        (await StoredOffsetAsync(pipeline)).Should().Be(stored, "the checkpoint moves only with the transaction's end");

        pipeline.StartApply("--piece-bytes", "1048576", "--prefetch", "32");
        await LargeTransactionProof.WatchAtomicAsync(_ => { }, () => LargeTransactionProof.CountAsync(pipeline.Target, "big"), Rows);
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), ("side", "id"));
        (await pipeline.Target.FingerprintAsync("big", "id")).Should().Be(await pipeline.Source.FingerprintAsync("big", "id"));
    }

    private static Task<long> StoredOffsetAsync(PostgresPipeline pipeline) =>
        pipeline.Target.ScalarAsync<long>($"SELECT stream_offset FROM cdc_offsets WHERE applier = '{pipeline.Applier}' AND stream = '{pipeline.Stream}'");
}
