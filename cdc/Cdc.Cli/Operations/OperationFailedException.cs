namespace Cdc.Cli.Operations;

/// <summary>An operator command could not do its work (exit code 1): the message names what failed, why, and the fix.</summary>
internal sealed class OperationFailedException(string message, Exception? inner = null) : Exception(message, inner);
