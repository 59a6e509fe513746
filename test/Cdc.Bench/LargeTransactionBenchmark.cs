using Cdc.IntegrationTests.LargeTransactions;

namespace Cdc.Bench;

/// <summary>
/// The large-transaction proof at full size (<c>make bench-large-transaction</c>): one transaction of <c>rows</c> rows
/// on a PostgreSQL and on a MariaDB source, each applied into a target of its engine by bin/cdc processes with their
/// default settings. It must arrive whole and atomically (a reader polling the target never sees a part of it), and
/// the capturer's and the applier's peak RSS (VmHWM) must stay under 256 MB. Exit code 1 otherwise.
/// </summary>
internal static class LargeTransactionBenchmark
{
    private const long BoundMb = 256;

    public static async Task<int> RunAsync(int rows)
    {
        var peaks = new List<(string Engine, long CaptureMb, long ApplyMb)>();
        var (capture, apply) = await LargeTransactionProof.PostgresAsync(rows, Console.WriteLine, new Dictionary<string, string>());
        peaks.Add(("PostgreSQL", capture, apply));
        (capture, apply) = await LargeTransactionProof.MariaDbAsync(rows, Console.WriteLine, new Dictionary<string, string>());
        peaks.Add(("MariaDB", capture, apply));
        var within = peaks.All(p => p.CaptureMb < BoundMb && p.ApplyMb < BoundMb);
        foreach (var (engine, captureMb, applyMb) in peaks)
            Console.WriteLine($"{engine,-10} {rows:N0}-row transaction: capturer {captureMb} MiB, applier {applyMb} MiB peak RSS (bound {BoundMb} MB)");
        Console.WriteLine(within ? "both arrived whole and atomically, memory within bound" : "MEMORY BOUND EXCEEDED");
        return within ? 0 : 1;
    }
}
