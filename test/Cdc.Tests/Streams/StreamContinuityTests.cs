using Cdc.Positions;
using Cdc.Streams.Continuity;
using Cdc.Streams.Messages;

namespace Cdc.Tests.Streams;

/// <summary>
/// The rule that keeps "skip what is at or below the last applied position" sound: a message is taken only when it
/// links to what was taken; one that does not overtook a refused message (ignored) or lies beyond a hole (stop).
/// </summary>
public sealed class StreamContinuityTests
{
    [Fact]
    public void Messages_that_link_to_the_last_taken_one_follow()
    {
        var continuity = new StreamContinuity(SourcePosition.None, new StreamOffset(0));

        continuity.Judge(0, Message(1, previous: 0)).Should().Be(Link.Follows);
        continuity.Judge(1, Message(2, previous: 1)).Should().Be(Link.Follows);
        continuity.Accepted.Should().Be(At(2));
    }

    [Fact]
    public void A_message_that_overtook_a_refused_one_is_ignored_until_the_copy_of_the_refused_one_comes()
    {
        var continuity = new StreamContinuity(At(1), new StreamOffset(10));

        // 2 was refused by the broker; 3 and 4 were confirmed and are in the stream before 2's copy.
        continuity.Judge(10, Message(3, previous: 2)).Should().Be(Link.Overtaking);
        continuity.Judge(11, Message(4, previous: 3)).Should().Be(Link.Overtaking);
        continuity.Accepted.Should().Be(At(1), "what overtook is not taken as applied");
        // The capturer's next session publishes 2, 3, 4 again.
        continuity.Judge(12, Message(2, previous: 1)).Should().Be(Link.Follows);
        continuity.Judge(13, Message(3, previous: 2)).Should().Be(Link.Follows);
        continuity.Judge(14, Message(4, previous: 3)).Should().Be(Link.Follows);
        continuity.Accepted.Should().Be(At(4));
    }

    [Fact]
    public void Messages_at_or_below_what_was_taken_are_duplicates_whatever_they_link_to()
    {
        var continuity = new StreamContinuity(At(5), new StreamOffset(0));

        continuity.Judge(0, Message(4, previous: 3)).Should().Be(Link.Duplicate);
        continuity.Judge(1, Message(5, previous: 4)).Should().Be(Link.Duplicate);
        continuity.Judge(2, Message(6, previous: 5)).Should().Be(Link.Follows);
    }

    [Fact]
    public void Skipped_offsets_before_a_message_that_does_not_link_are_a_hole()
    {
        // The applier stored offset 99; retention deleted up to offset 499.
        var continuity = new StreamContinuity(At(100), new StreamOffset(100));

        continuity.Judge(500, Message(501, previous: 500)).Should().Be(Link.Hole);
        continuity.SkippedTo.Should().Be(500);
    }

    [Fact]
    public void Skipped_offsets_that_held_nothing_new_are_no_hole()
    {
        var continuity = new StreamContinuity(At(100), new StreamOffset(100));

        continuity.Judge(105, Message(100, previous: 99)).Should().Be(Link.Duplicate);
        continuity.Judge(106, Message(101, previous: 100)).Should().Be(Link.Follows);
        continuity.SkippedTo.Should().BeNull();
    }

    [Fact]
    public void A_hole_is_told_even_when_duplicates_come_first_after_the_skipped_offsets()
    {
        var continuity = new StreamContinuity(At(100), new StreamOffset(100));

        continuity.Judge(500, Message(90, previous: 89)).Should().Be(Link.Duplicate);
        continuity.Judge(501, Message(300, previous: 299)).Should().Be(Link.Hole);
    }

    [Fact]
    public void Messages_without_a_link_from_earlier_versions_are_taken_as_before()
    {
        var continuity = new StreamContinuity(At(1), new StreamOffset(0));

        continuity.Judge(0, Message(7, previous: null)).Should().Be(Link.Follows);
    }

    [Fact]
    public void A_replay_from_a_chosen_offset_takes_its_first_message_whatever_it_links_to()
    {
        var continuity = new StreamContinuity(SourcePosition.None, new StreamOffset(0), acceptFirst: true);

        continuity.Judge(40, Message(41, previous: 40)).Should().Be(Link.Follows);
        continuity.Judge(41, Message(43, previous: 42)).Should().Be(Link.Overtaking);
    }

    [Fact]
    public void The_tail_in_order_ends_before_what_overtook_a_refused_message()
    {
        // 3 was refused; 4 and 5 overtook it; nothing published it again yet.
        var tail = InOrderTail.Of([(7, Message(1, previous: 0)), (8, Message(2, previous: 1)), (9, Message(4, previous: 3)), (10, Message(5, previous: 4))]);

        tail.Last.Should().Be(At(2), "a MySQL capture resumes there, so that 3 is published again");
        tail.PreviousOf(At(3)).Should().Be(At(2), "the copy of 3 links to 2, which appliers applied");
    }

    [Fact]
    public void A_session_that_publishes_again_what_the_stream_holds_links_below_its_first_record()
    {
        var tail = InOrderTail.Of([(0, Message(1, previous: 0)), (1, Message(2, previous: 1)), (2, Message(3, previous: 2))]);

        tail.PreviousOf(At(2)).Should().Be(At(1));
        tail.PreviousOf(At(9)).Should().Be(At(3));
        tail.PreviousOf(At(1)).Should().Be(At(1) with { Index = -1 }, "nothing below it in the window: a claim of nothing");
        InOrderTail.Empty.PreviousOf(At(1)).Should().Be(SourcePosition.None, "the first message of a stream");
    }

    [Fact]
    public void The_link_travels_in_the_headers_and_is_absent_in_messages_of_earlier_versions()
    {
        var linked = Message(2, previous: 1);
        ChangeMessageHeaders.FromAmqp(linked.ToAmqp()).Previous.Should().Be(At(1));
        var earlier = linked.ToAmqp();
        earlier.Remove("cdc-previous-position");
        ChangeMessageHeaders.FromAmqp(earlier).Previous.Should().BeNull();
    }

    private static SourcePosition At(ulong transaction) => new(0, transaction * 100, 0);

    private static ChangeMessageHeaders Message(ulong transaction, ulong? previous) =>
        new("office", $"{transaction}", At(transaction), At(transaction), true, 1, "public.t", "c", [])
        {
            Previous = previous is { } p ? (p == 0 ? SourcePosition.None : At(p)) : null,
        };
}
