namespace Cdc.Tests.Operations;

/// <summary>Tests that redirect the process's standard error (Console.SetError) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
