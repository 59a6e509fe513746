namespace Cdc.Appliers;

/// <summary>
/// Applying cannot go on for a reason the operator must decide on (a foreign message in a stream, a schema the
/// target cannot take). The message names the stream and offset, and what to do. Unless <see cref="Retryable"/>, the
/// stream's session halts (the applier's other streams go on); see <see cref="ApplyFailure"/>.
/// </summary>
public sealed class ApplyException(string message, bool retryable = false, Exception? inner = null, bool badMessage = false, long? offset = null)
    : Exception(message, inner)
{
    public bool Retryable { get; } = retryable;

    /// <summary>What <c>/readyz</c> says of the stopped stream (no row values), when more than the kind of error.</summary>
    public string? ReadinessReason { get; init; }
    /// <summary>
    /// The message (or source transaction) itself is at fault, not the target or the applier: it is refused again on
    /// every retry, and <see cref="BadMessagePolicy.Park"/> may set it aside.
    /// </summary>
    public bool BadMessage { get; } = badMessage;

    /// <summary>The stream offset the stream halts at: <c>cdc offsets set --offset</c> with it skips that message (or the transaction that ends there).</summary>
    public long? Offset { get; } = offset;
}
