using Xunit.Abstractions;

namespace Cdc.IntegrationTests.LargeTransactions;

/// <summary>
/// A source transaction larger than the applier may hold (200,000 rows, about 80 MB as records, against pieces of
/// 2 MiB and a 4 MiB queue) arrives whole and atomically, with capturer and applier under a peak memory bound that an
/// applier holding the transaction whole exceeds. The full-size proof (2,000,000 rows, default settings, 256 MB) is
/// <c>make bench-large-transaction</c>.
/// </summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class LargeTransactionTests(ITestOutputHelper output)
{
    private const int Rows = 200_000;

    /// <summary>
    /// Peak resident memory (VmHWM) each process must stay under, in MiB. An applier that held these rows whole peaked at
    /// about 300 MiB (measured with the build before pieces); with pieces it stays near its base size.
    /// </summary>
    private const long PeakMemoryMb = 200;

    /// <summary>Pieces of 2 MiB, a 4 MiB queue, 32 messages prefetched, retries 2 s apart, in a settings file (older builds ignore unknown keys).</summary>
    private static readonly string Settings = WriteSettings(
        """{"Apply": {"PieceBytes": 2097152, "MaxBufferBytes": 4194304, "Prefetch": 32, "MaxRetryDelay": "00:00:02"}}""");

    [Fact]
    public async Task A_PostgreSQL_transaction_larger_than_the_applier_may_hold_arrives_whole_and_atomically_in_bounded_memory() =>
        ExpectBounded(await LargeTransactionProof.PostgresAsync(Rows, output.WriteLine, "--config", Settings));

    [Fact]
    public async Task A_MariaDB_transaction_larger_than_the_applier_may_hold_arrives_whole_and_atomically_in_bounded_memory() =>
        ExpectBounded(await LargeTransactionProof.MariaDbAsync(Rows, output.WriteLine, "--config", Settings));

    private static void ExpectBounded((long CaptureMb, long ApplyMb) peaks)
    {
        peaks.CaptureMb.Should().BeLessThan(PeakMemoryMb, "the capturer publishes a transaction message by message, never holding it whole");
        peaks.ApplyMb.Should().BeLessThan(PeakMemoryMb, "the applier writes a transaction too large to hold in pieces, and its queue is bounded in bytes");
    }

    private static string WriteSettings(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cdc-large-transaction-{Environment.ProcessId}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
