namespace Cdc.Streams.Continuity;

/// <summary>How a message stands to what was accepted before it (<see cref="StreamContinuity"/>).</summary>
public enum Link
{
    /// <summary>It follows what was accepted: apply it.</summary>
    Follows,

    /// <summary>Every record in it was accepted before (a re-published message): the assembler skips it.</summary>
    Duplicate,

    /// <summary>
    /// An earlier message is missing before it, and the stream went on without a gap: it overtook a message the broker
    /// refused, which the capturer publishes again after it. Ignore it; its own copy follows the missing one.
    /// </summary>
    Overtaking,

    /// <summary>An earlier message is missing before it, and stream offsets were skipped: retention deleted what was missing.</summary>
    Hole,
}
