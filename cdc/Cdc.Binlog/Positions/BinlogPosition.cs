using System.Globalization;

namespace Cdc.Binlog;

/// <summary>
/// A point in a server's binary log: a file name and a byte offset in it. Formats as <c>file:position</c>.
/// Ordered by the file's sequence number (the numeric extension, e.g. 12 in <c>binlog.000012</c>), then by
/// position (two files with the same sequence but different base names order by name).
/// </summary>
/// <param name="File">Binlog file name, e.g. <c>mariadb-bin.000003</c>.</param>
/// <param name="Position">Byte offset in the file; 4 is the first event after the magic header.</param>
public readonly record struct BinlogPosition(string File, long Position) : IComparable<BinlogPosition>
{
    /// <summary>The offset of the first event of every binlog file (after the 4-byte magic number).</summary>
    public const long FileStart = 4;

    /// <summary>The sequence number of <see cref="File"/>: its digits after the last dot, or -1 when there are none.</summary>
    public long FileSequence
    {
        get
        {
            var dot = File?.LastIndexOf('.') ?? -1;
            return dot >= 0 && long.TryParse(File.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        }
    }

    /// <summary>Parses <c>file:position</c>, e.g. <c>binlog.000012:1234</c>.</summary>
    /// <exception cref="FormatException">The text has no <c>:</c> followed by a non-negative integer.</exception>
    public static BinlogPosition Parse(string text)
    {
        if (TryParse(text, out var position))
            return position;
        throw new FormatException($"'{text}' is not a binlog position; expected file:position, e.g. binlog.000012:1234.");
    }

    /// <summary>Parses <c>file:position</c>; false when the text is not one.</summary>
    public static bool TryParse(string? text, out BinlogPosition position)
    {
        position = default;
        var colon = text?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || !long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            return false;
        position = new BinlogPosition(text![..colon], offset);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(BinlogPosition other)
    {
        var bySequence = FileSequence.CompareTo(other.FileSequence);
        if (bySequence != 0)
            return bySequence;
        var byName = string.CompareOrdinal(File, other.File);
        return byName != 0 ? byName : Position.CompareTo(other.Position);
    }

    /// <summary>True when <paramref name="left"/> comes before <paramref name="right"/>.</summary>
    public static bool operator <(BinlogPosition left, BinlogPosition right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> comes after <paramref name="right"/>.</summary>
    public static bool operator >(BinlogPosition left, BinlogPosition right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> comes before or is <paramref name="right"/>.</summary>
    public static bool operator <=(BinlogPosition left, BinlogPosition right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> comes after or is <paramref name="right"/>.</summary>
    public static bool operator >=(BinlogPosition left, BinlogPosition right) => left.CompareTo(right) >= 0;

    /// <summary>Formats as <c>file:position</c>.</summary>
    public override string ToString() => $"{File}:{Position.ToString(CultureInfo.InvariantCulture)}";
}
