using System.Globalization;

namespace Cdc.Positions;

/// <summary>
/// A record's place in its source log: unique per record and totally ordered per source. A raw LSN or binlog offset
/// is not unique (one transaction's rows share it), so the position is the transaction's place in the log plus the
/// record's index inside the transaction.
/// </summary>
/// <param name="Log">Which log file: the binlog file's sequence number on MySQL/MariaDB; 0 on PostgreSQL (one WAL).</param>
/// <param name="Offset">The transaction's offset in that log: PostgreSQL's commit LSN, the binlog offset of the transaction's first event.</param>
/// <param name="Index">The record's index inside its transaction, from 0.</param>
public readonly record struct SourcePosition(ulong Log, ulong Offset, long Index) : IComparable<SourcePosition>
{
    /// <summary>Before every record: nothing applied yet.</summary>
    public static readonly SourcePosition None = new(0, 0, -1);

    /// <summary>The position of the next record of the same transaction.</summary>
    public SourcePosition Next => this with { Index = Index + 1 };

    /// <summary>Whether this and <paramref name="other"/> belong to the same source transaction.</summary>
    public bool SameTransaction(SourcePosition other) => Log == other.Log && Offset == other.Offset;

    public int CompareTo(SourcePosition other)
    {
        var byLog = Log.CompareTo(other.Log);
        if (byLog != 0)
            return byLog;
        var byOffset = Offset.CompareTo(other.Offset);
        return byOffset != 0 ? byOffset : Index.CompareTo(other.Index);
    }

    public static bool operator <(SourcePosition a, SourcePosition b) => a.CompareTo(b) < 0;
    public static bool operator >(SourcePosition a, SourcePosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(SourcePosition a, SourcePosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(SourcePosition a, SourcePosition b) => a.CompareTo(b) >= 0;

    /// <summary>The canonical text form <c>log:offset:index</c> that headers and offset tables store.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Log}:{Offset}:{Index}");

    public static SourcePosition Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3
            || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var log)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
            throw new FormatException($"'{text}' is not a source position; expected log:offset:index, e.g. 0:23456789:0.");
        return new SourcePosition(log, offset, index);
    }
}
