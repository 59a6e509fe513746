namespace Cdc.Cli.Operations;

/// <summary>The command line asks for something that cannot be (exit code 2): the message says what to pass instead.</summary>
internal sealed class UsageException(string message) : Exception(message);
