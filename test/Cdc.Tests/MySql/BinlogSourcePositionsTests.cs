using Cdc.Binlog;
using Cdc.Capture.MySql;
using Cdc.Positions;

namespace Cdc.Tests.MySql;

/// <summary>Binlog positions as source positions and back: order kept, a file found again by its sequence number.</summary>
public sealed class BinlogSourcePositionsTests
{
    private static readonly BinlogPosition Start = new("mariadb-bin.000003", 1234);

    [Fact]
    public void A_record_is_its_transactions_start_and_index()
    {
        BinlogSourcePositions.At(Start, 2).Should().Be(new SourcePosition(3, 1234, 2));
        BinlogSourcePositions.JustBefore(Start).Should().BeLessThan(BinlogSourcePositions.At(Start, 0));
        BinlogSourcePositions.JustBefore(Start).Should().BeGreaterThan(BinlogSourcePositions.At(new BinlogPosition("mariadb-bin.000003", 1000), 50));
    }

    [Fact]
    public void Tells_what_lies_before_a_transaction()
    {
        BinlogSourcePositions.IsBefore(new SourcePosition(2, 99_999, 0), Start).Should().BeTrue();
        BinlogSourcePositions.IsBefore(new SourcePosition(3, 1233, 7), Start).Should().BeTrue();
        BinlogSourcePositions.IsBefore(BinlogSourcePositions.At(Start, 0), Start).Should().BeFalse();
        BinlogSourcePositions.IsBefore(new SourcePosition(4, 4, 0), Start).Should().BeFalse();
    }

    [Fact]
    public void Finds_the_file_of_a_position_again()
    {
        var position = BinlogSourcePositions.At(Start, 5);
        BinlogSourcePositions.Holds("mariadb-bin.000003", position).Should().BeTrue();
        BinlogSourcePositions.Holds("mariadb-bin.000004", position).Should().BeFalse();
        BinlogSourcePositions.In("mariadb-bin.000003", position).Should().Be(Start);
    }
}
