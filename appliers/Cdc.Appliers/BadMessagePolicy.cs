namespace Cdc.Appliers;

/// <summary>
/// What an applier does with a bad message: one that cannot be decoded, or whose source transaction the target refuses
/// (a value out of range, a CHECK constraint). Either way the applier's other streams go on.
/// </summary>
public enum BadMessagePolicy
{
    /// <summary>Halt the message's stream at it, with its offset, the reason and how to skip it in the log and <c>/readyz</c>.</summary>
    Stop,

    /// <summary>
    /// Copy it (body and headers, with the reason and its offset) to the stream <c>cdc.&lt;office&gt;.dead</c>, store its
    /// offset as applied, and go on past it.
    /// </summary>
    Park,
}
