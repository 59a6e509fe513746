namespace Cdc.Appliers;

/// <summary>
/// Applying cannot go on for a reason the operator must decide on (a foreign message in a stream, a schema the
/// target cannot take). The message names the stream and offset, and what to do.
/// </summary>
public sealed class ApplyException(string message, bool retryable = false, Exception? inner = null) : Exception(message, inner)
{
    public bool Retryable { get; } = retryable;
}
