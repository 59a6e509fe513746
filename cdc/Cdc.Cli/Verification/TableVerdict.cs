using Cdc.Model;

namespace Cdc.Cli.Verification;

/// <summary>What <c>cdc verify</c> found for one table: row counts, key ranges compared and those that differ, the differing keys.</summary>
internal sealed record TableVerdict(
    TableId Table,
    long SourceRows,
    long TargetRows,
    int Chunks,
    IReadOnlyList<DifferingRange> DifferingChunks,
    IReadOnlyList<(string Key, string Difference)> Differences,
    string? Problem = null)
{
    public bool Equal => Problem is null && Differences.Count == 0 && DifferingChunks.Count == 0 && SourceRows == TargetRows;
}
