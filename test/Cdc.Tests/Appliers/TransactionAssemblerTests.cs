using Cdc.Appliers.Assembly;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Streams.Messages;
using Cdc.Tests.Schemas;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdc.Tests.Appliers;

public sealed class TransactionAssemblerTests
{
    [Fact]
    public void A_transaction_completes_with_its_last_message_and_not_before()
    {
        var assembler = new TransactionAssembler("cdc.head", SourcePosition.None, NullLogger.Instance);

        assembler.Add(10, Headers(tx: 100, first: 0, last: 1, end: false), Records(100, 0, 1)).Should().BeNull();
        var complete = assembler.Add(11, Headers(tx: 100, first: 2, last: 2, end: true), Records(100, 2));

        complete!.Records.Select(r => r.Source.Position.Index).Should().Equal(0, 1, 2);
        complete.LastOffset.Should().Be(new StreamOffset(11));
        assembler.LastApplied.Should().Be(new SourcePosition(0, 100, 2));
    }

    [Fact]
    public void Records_at_or_below_the_last_applied_position_are_skipped()
    {
        var assembler = new TransactionAssembler("cdc.head", new SourcePosition(0, 100, 1), NullLogger.Instance);

        var replayed = assembler.Add(5, Headers(tx: 100, first: 0, last: 2, end: true), Records(100, 0, 1, 2));
        var older = assembler.Add(6, Headers(tx: 90, first: 0, last: 0, end: true), Records(90, 0));

        replayed!.Records.Select(r => r.Source.Position.Index).Should().Equal(2);
        older!.Records.Should().BeEmpty("the whole transaction was applied before; the checkpoint still moves past it");
        older.LastOffset.Should().Be(new StreamOffset(6));
        assembler.LastApplied.Should().Be(new SourcePosition(0, 100, 2));
    }

    [Fact]
    public void A_transaction_sent_again_from_its_start_replaces_the_partial_copy()
    {
        var assembler = new TransactionAssembler("cdc.head", SourcePosition.None, NullLogger.Instance);

        assembler.Add(1, Headers(tx: 200, first: 0, last: 1, end: false), Records(200, 0, 1)).Should().BeNull();
        assembler.Add(2, Headers(tx: 200, first: 0, last: 1, end: false), Records(200, 0, 1)).Should().BeNull();
        var complete = assembler.Add(3, Headers(tx: 200, first: 2, last: 2, end: true), Records(200, 2));

        complete!.Records.Select(r => r.Source.Position.Index).Should().Equal(0, 1, 2);
    }

    [Fact]
    public void A_transaction_left_unfinished_by_a_crash_is_dropped_when_another_begins()
    {
        var assembler = new TransactionAssembler("cdc.head", SourcePosition.None, NullLogger.Instance);

        assembler.Add(1, Headers(tx: 300, first: 0, last: 0, end: false), Records(300, 0));
        var next = assembler.Add(2, Headers(tx: 400, first: 0, last: 0, end: true), Records(400, 0));

        next!.Records.Should().ContainSingle().Which.Source.Position.Offset.Should().Be(400UL);
    }

    [Fact]
    public void Index_gaps_of_uncaptured_tables_still_continue_the_transaction()
    {
        var assembler = new TransactionAssembler("cdc.head", SourcePosition.None, NullLogger.Instance);

        assembler.Add(1, Headers(tx: 500, first: 0, last: 3, end: false), Records(500, 0, 3));
        var complete = assembler.Add(2, Headers(tx: 500, first: 7, last: 7, end: true), Records(500, 7));

        complete!.Records.Select(r => r.Source.Position.Index).Should().Equal(0, 3, 7);
    }

    internal static ChangeMessageHeaders Headers(ulong tx, long first, long last, bool end) =>
        new("head", tx.ToString(System.Globalization.CultureInfo.InvariantCulture), new SourcePosition(0, tx, first), new SourcePosition(0, tx, last),
            end, (int)(last - first + 1), "public.all-kinds", "c", [new SchemaReference("head.public.all-kinds", 1)]);

    internal static List<ChangeRecord> Records(ulong tx, params long[] indexes) =>
        indexes.Select(i => SampleTables.Record(Operation.Create, null, new RowImage(SampleTables.Values(i))) with
        {
            Source = SampleTables.Source(new SourcePosition(0, tx, i)),
        }).ToList();
}
