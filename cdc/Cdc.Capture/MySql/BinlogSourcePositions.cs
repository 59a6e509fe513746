using Cdc.Binlog;
using Cdc.Positions;

namespace Cdc.Capture.MySql;

/// <summary>
/// Binlog positions as source positions and back: the file's sequence number is the log, the byte position the offset
/// (of the transaction's first event), the record's index in the transaction the index. The only place that converts.
/// </summary>
internal static class BinlogSourcePositions
{
    /// <summary>The position of record <paramref name="index"/> of the transaction starting at <paramref name="start"/>.</summary>
    public static SourcePosition At(BinlogPosition start, long index) => new((ulong)start.FileSequence, (ulong)start.Position, index);

    /// <summary>A position just before every transaction starting at <paramref name="start"/> or later, and nobody's.</summary>
    public static SourcePosition JustBefore(BinlogPosition start) => new((ulong)start.FileSequence, (ulong)start.Position - 1, 0);

    /// <summary>Whether <paramref name="position"/> lies before the transaction starting at <paramref name="start"/>.</summary>
    public static bool IsBefore(SourcePosition position, BinlogPosition start) =>
        position.Log < (ulong)start.FileSequence || (position.Log == (ulong)start.FileSequence && position.Offset < (ulong)start.Position);

    /// <summary>Whether <paramref name="file"/> is the binlog file that holds <paramref name="position"/>.</summary>
    public static bool Holds(string file, SourcePosition position) =>
        new BinlogPosition(file, BinlogPosition.FileStart).FileSequence == (long)position.Log;

    /// <summary>The binlog position of <paramref name="position"/>'s transaction, in <paramref name="file"/> (the one that <see cref="Holds"/> it).</summary>
    public static BinlogPosition In(string file, SourcePosition position) => new(file, (long)position.Offset);
}
