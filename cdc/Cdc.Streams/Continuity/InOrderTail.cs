using Cdc.Positions;
using Cdc.Streams.Messages;

namespace Cdc.Streams.Continuity;

/// <summary>
/// The end of a stream as a capturer must see it when it resumes: which of its last messages the broker holds in order
/// (by the same rule as the appliers', <see cref="StreamContinuity"/>). A message that overtook one the broker refused
/// is in the stream, but what comes before it is not: resuming after it (MySQL resumes from the stream) would never
/// publish the refused one again, and linking to it would let appliers skip that one.
/// </summary>
public sealed class InOrderTail
{
    /// <summary>
    /// How many of the last messages a capturer reads back: more than the publisher's confirms in flight (4,096), plus what
    /// a session publishes between a refused confirm and its end.
    /// </summary>
    public const int Window = 10_000;

    private readonly List<SourcePosition> _inOrder;

    private InOrderTail(List<SourcePosition> inOrder) => _inOrder = inOrder;

    /// <summary>A stream that holds nothing (never written: retention never deletes the segment being written).</summary>
    public static readonly InOrderTail Empty = new([]);

    /// <summary>The last messages of a stream, in stream order; the first is taken to be in order (nothing before it is read).</summary>
    public static InOrderTail Of(IEnumerable<(long Offset, ChangeMessageHeaders Headers)> window)
    {
        var inOrder = new List<SourcePosition>();
        StreamContinuity? continuity = null;
        foreach (var (offset, headers) in window)
        {
            continuity ??= new StreamContinuity(SourcePosition.None, new StreamOffset(offset), acceptFirst: true);
            if (continuity.Judge(offset, headers) == Link.Follows)
                inOrder.Add(headers.Last);
        }
        return new InOrderTail(inOrder);
    }

    /// <summary>Whether the stream held no message.</summary>
    public bool IsEmpty => _inOrder.Count == 0;

    /// <summary>The last position the stream holds in order: where a capture that resumes from the stream goes on; null when empty.</summary>
    public SourcePosition? Last => _inOrder.Count == 0 ? null : _inOrder[^1];

    /// <summary>
    /// The <see cref="ChangeMessageHeaders.Previous"/> of a session's first message, whose first record is
    /// <paramref name="first"/>: every change before it was confirmed in order before the session began, so it is the
    /// last position held in order below it; <see cref="SourcePosition.None"/> in an empty stream. When the window holds
    /// none below it (a session that publishes again from further back than the window reaches; appliers see those
    /// messages as duplicates), the position right below <paramref name="first"/>, which claims nothing.
    /// </summary>
    public SourcePosition PreviousOf(SourcePosition first)
    {
        if (_inOrder.Count == 0)
            return SourcePosition.None;
        var at = _inOrder.BinarySearch(first);
        var below = at >= 0 ? at - 1 : ~at - 1;
        return below >= 0 ? _inOrder[below] : first with { Index = first.Index - 1 };
    }
}
