using Cdc.Model;

namespace Cdc.Appliers.Writing;

/// <summary>What <see cref="TruncateGuard"/> decided for one batch.</summary>
internal sealed class TruncatePlan
{
    /// <summary>Truncate records that are not applied.</summary>
    public HashSet<ChangeRecord> Refused { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Statements for the batch's transaction, after the offset row: feeds recorded, refusals counted.</summary>
    public List<SqlStatement> Statements { get; } = [];

    /// <summary>Target tables whose feed by this stream the transaction records.</summary>
    public List<string> NewFeeds { get; } = [];

    /// <summary>Each refused run: its tables, the source position of its first truncate, why.</summary>
    public List<(string Tables, string Position, string Reason)> Refusals { get; } = [];

    public bool Applies(ChangeRecord record) => !Refused.Contains(record);
}
