namespace Cdc.Appliers;

/// <summary>
/// Applying cannot go on for a reason the operator must decide on (a foreign message in a stream, a schema the
/// target cannot take). The message names the stream and offset, and what to do.
/// </summary>
public sealed class ApplyException(string message, bool retryable = false, Exception? inner = null, bool stopsStreamOnly = false) : Exception(message, inner)
{
    public bool Retryable { get; } = retryable;

    /// <summary>The stream's session stops, the applier's other streams go on (a forged record in one office's stream).</summary>
    public bool StopsStreamOnly { get; } = stopsStreamOnly;

    /// <summary>What <c>/readyz</c> says of the stopped stream (no row values), when more than the kind of error.</summary>
    public string? ReadinessReason { get; init; }
}
