using Cdc.Appliers.Assembly;
using Cdc.Appliers.Pipeline;
using Cdc.Positions;
using Cdc.Streams.Consuming;
using Microsoft.Extensions.Logging.Abstractions;
using static Cdc.Tests.Appliers.TransactionAssemblerTests;

namespace Cdc.Tests.Appliers;

/// <summary>How a transaction too large to hold is cut into pieces, and what a restarted transaction does to pieces written.</summary>
public sealed class TransactionPiecesTests
{
    private readonly List<SourceTransaction> _written = [];
    private int _abandoned;

    private TransactionPieces Pieces(long maxBytes, int maxRecords) =>
        new(maxBytes, maxRecords, (piece, _) =>
        {
            _written.Add(piece);
            return Task.CompletedTask;
        }, () =>
        {
            _abandoned++;
            _written.Clear();
            return Task.CompletedTask;
        });

    [Fact]
    public async Task Records_beyond_the_limit_go_out_as_pieces_and_the_end_holds_only_the_rest()
    {
        var assembler = new TransactionAssembler("cdc.head", SourcePosition.None, NullLogger.Instance);
        var pieces = Pieces(maxBytes: long.MaxValue, maxRecords: 4);

        SourceTransaction? end = null;
        for (var i = 0; i < 4; i++)
        {
            var last = i == 3;
            end = assembler.Add(i, Headers(tx: 100, first: i * 2, last: i * 2 + 1, end: last), Records(100, i * 2, i * 2 + 1));
            if (end is null && pieces.Due(assembler, Message(i, 10)))
                await pieces.WriteAsync(assembler, _ => true, Message(i, 10), Checkpoint.Start("a", "cdc.head"));
        }

        _written.Select(p => p.Records.Count).Should().Equal(4);
        pieces.Streaming.Should().BeTrue("the end commits the pieces");
        end!.Records.Select(r => r.Source.Position.Index).Should().Equal(4, 5, 6, 7);
        _written.SelectMany(p => p.Records).Concat(end.Records).Select(r => r.Source.Position.Index).Should().Equal(0, 1, 2, 3, 4, 5, 6, 7);
    }

    [Fact]
    public void Pieces_are_due_by_bytes_received_too()
    {
        var assembler = new TransactionAssembler("cdc.head", SourcePosition.None, NullLogger.Instance);
        var pieces = Pieces(maxBytes: 1000, maxRecords: int.MaxValue);

        assembler.Add(0, Headers(tx: 100, first: 0, last: 0, end: false), Records(100, 0));
        pieces.Due(assembler, Message(0, 600)).Should().BeFalse();
        assembler.Add(1, Headers(tx: 100, first: 1, last: 1, end: false), Records(100, 1));
        pieces.Due(assembler, Message(1, 600)).Should().BeTrue();
    }

    [Fact]
    public async Task A_transaction_sent_again_from_its_start_rolls_back_the_pieces_written_of_the_partial_copy()
    {
        var assembler = new TransactionAssembler("cdc.head", SourcePosition.None, NullLogger.Instance);
        var pieces = Pieces(maxBytes: long.MaxValue, maxRecords: 2);

        assembler.Add(1, Headers(tx: 200, first: 0, last: 1, end: false), Records(200, 0, 1));
        pieces.Due(assembler, Message(1, 10)).Should().BeTrue();
        await pieces.WriteAsync(assembler, _ => true, Message(1, 10), Checkpoint.Start("a", "cdc.head"));
        // The capturer crashed and publishes the transaction again from its first record.
        assembler.Add(2, Headers(tx: 200, first: 0, last: 0, end: false), Records(200, 0));
        await pieces.CheckRestartAsync(assembler);
        var end = assembler.Add(3, Headers(tx: 200, first: 1, last: 2, end: true), Records(200, 1, 2));
        await pieces.CheckRestartAsync(assembler);

        _abandoned.Should().Be(1);
        pieces.Streaming.Should().BeFalse();
        end!.Records.Select(r => r.Source.Position.Index).Should().Equal(0, 1, 2);
    }

    private static StreamMessage Message(long offset, int bytes) => new("cdc.head", offset, null, new byte[bytes]);
}
