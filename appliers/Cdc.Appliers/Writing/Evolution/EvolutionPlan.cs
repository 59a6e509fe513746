namespace Cdc.Appliers.Writing.Evolution;

/// <summary>
/// The DDL that brings a target table to a table's newest version, what each statement does (for the log), and what
/// cannot be evolved (reported, never guessed at).
/// </summary>
public sealed record EvolutionPlan(IReadOnlyList<string> Statements, IReadOnlyList<string> Changes, IReadOnlyList<string> Problems)
{
    public bool IsEmpty => Statements.Count == 0 && Problems.Count == 0;
}
