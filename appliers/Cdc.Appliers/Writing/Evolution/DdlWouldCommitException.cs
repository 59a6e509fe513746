namespace Cdc.Appliers.Writing.Evolution;

/// <summary>
/// A table evolution was asked for DDL while a target transaction is open on an engine whose DDL commits it
/// (<see cref="TableEvolver.RefusesDdl"/>); nothing was executed.
/// </summary>
public sealed class DdlWouldCommitException(string statement)
    : Exception($"DDL inside an open target transaction would commit it: {statement}")
{
    public string Statement { get; } = statement;
}
