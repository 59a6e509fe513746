using Cdc.Positions;
using Cdc.Streams.Messages;

namespace Cdc.Streams.Continuity;

/// <summary>
/// Proves that what a reader of a stream accepts follows what it accepted before. Exactly-once by "skip what is at or
/// below the last applied position" is sound only while the reader sees every message of its source in source order;
/// each message therefore carries the capturer's claim <see cref="ChangeMessageHeaders.Previous"/> (no change of the
/// source lies between that position and the message's first record). A message is accepted when that claim starts at
/// or below the last accepted position; otherwise a message is missing before it: a message the broker refused while
/// later ones were confirmed (it comes again later: ignore this one), or, when stream offsets were skipped to reach it,
/// messages retention deleted (a hole: stop). Messages of versions without the claim are accepted, as before it.
/// </summary>
public sealed class StreamContinuity
{
    private long _expected;
    private bool _acceptNext;

    /// <param name="accepted">The last position accepted (a checkpoint's).</param>
    /// <param name="from">The offset reading starts at: a first delivery after it means offsets were skipped.</param>
    /// <param name="acceptFirst">
    /// Accept the first message that is not a duplicate whatever its link: a reader that starts where an operator chose
    /// (<c>cdc replay --from-offset</c>), or that reads back only a window of a stream, has nothing to link it to.
    /// </param>
    public StreamContinuity(SourcePosition accepted, StreamOffset from, bool acceptFirst = false)
    {
        Accepted = accepted;
        _expected = from.Value;
        _acceptNext = acceptFirst;
    }

    /// <summary>The highest position accepted so far.</summary>
    public SourcePosition Accepted { get; private set; }

    /// <summary>The offset delivered after skipped ones since the last message accepted, if any: the first offset the stream still held.</summary>
    public long? SkippedTo { get; private set; }

    /// <summary>Judges the next message read; a message that follows becomes the last accepted.</summary>
    public Link Judge(long offset, ChangeMessageHeaders headers)
    {
        if (offset != _expected)
            SkippedTo = offset;
        _expected = offset + 1;
        if (headers.Last <= Accepted)
            return Link.Duplicate;
        if (_acceptNext || headers.Previous is not { } previous || previous <= Accepted)
        {
            Accepted = headers.Last;
            _acceptNext = false;
            SkippedTo = null;
            return Link.Follows;
        }
        return SkippedTo is null ? Link.Overtaking : Link.Hole;
    }

    /// <summary>
    /// Passes over a message set aside without being applied (a bad message parked elsewhere): it takes its offset, and,
    /// when its headers are a capturer's, its place, so that the message after it links to something accepted.
    /// </summary>
    public void SetAside(long offset, ChangeMessageHeaders? headers)
    {
        if (headers is not null)
        {
            Judge(offset, headers);
            return;
        }
        if (offset != _expected)
            SkippedTo = offset;
        _expected = offset + 1;
    }
}
