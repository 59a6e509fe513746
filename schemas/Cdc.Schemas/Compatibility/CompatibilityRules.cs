namespace Cdc.Schemas.Compatibility;

/// <summary>
/// Which column changes break which readers. Every Avro field of ours is a nullable union with a null default, so
/// Avro's own rules pass almost anything; these judge what a reader can rely on, on the column model:
/// <list type="table">
/// <item><term>added optional, removed optional, redefined</term><description>compatible both ways</description></item>
/// <item><term>added required</term><description>breaks BACKWARD: old records have no value for it</description></item>
/// <item><term>removed required</term><description>breaks FORWARD: old readers miss a value they need</description></item>
/// <item><term>widened / now nullable</term><description>breaks FORWARD: old readers get values they cannot hold</description></item>
/// <item><term>narrowed / now required</term><description>breaks BACKWARD: old values may not fit the new type</description></item>
/// <item><term>renamed, retyped</term><description>breaks both: a reader matching by name loses the values</description></item>
/// </list>
/// </summary>
public static class CompatibilityRules
{
    /// <summary>The changes that break <paramref name="mode"/>, each described with its column; empty when compatible.</summary>
    public static IReadOnlyList<ColumnChange> Violations(CompatibilityMode mode, IReadOnlyList<ColumnChange> changes) =>
        changes.Where(c => Breaks(mode, c.Kind)).ToArray();

    public static bool Breaks(CompatibilityMode mode, ColumnChangeKind kind) => mode switch
    {
        CompatibilityMode.Backward => BreaksBackward(kind),
        CompatibilityMode.Forward => BreaksForward(kind),
        CompatibilityMode.Full => BreaksBackward(kind) || BreaksForward(kind),
        _ => false,
    };

    private static bool BreaksBackward(ColumnChangeKind kind) => kind is
        ColumnChangeKind.AddedRequired or ColumnChangeKind.Narrowed or ColumnChangeKind.NowRequired
        or ColumnChangeKind.Renamed or ColumnChangeKind.Retyped;

    private static bool BreaksForward(ColumnChangeKind kind) => kind is
        ColumnChangeKind.RemovedRequired or ColumnChangeKind.Widened or ColumnChangeKind.NowNullable
        or ColumnChangeKind.Renamed or ColumnChangeKind.Retyped;
}
