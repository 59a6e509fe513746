using System.Globalization;
using Cdc.Binlog;
using Cdc.Model;
using Cdc.Sql;
using Cdc.Values;

namespace Cdc.Capture.MySql;

/// <summary>
/// A snapshot query's columns and keys in SQL, and its text results in the binlog client's value model (see
/// <see cref="Binlog.RowImage"/>), so that <see cref="MySqlValueConverter"/> turns them into exactly the values a row
/// event would give. Where the text protocol would lose something, the select expression says it exactly: FLOAT widened
/// to DOUBLE (every float prints exactly as a double), BIT as an unsigned integer, binary strings and geometry as hex.
/// TIMESTAMP text is UTC because the session's time zone is.
/// </summary>
internal static class MySqlSnapshotValues
{
    private const int BinaryCollation = 63;

    public static string Select(ColumnInfo column)
    {
        var name = MySqlQuoting.Identifier(column.Name!);
        return column.Type switch
        {
            ColumnType.Float => $"CAST({name} AS DOUBLE)",
            ColumnType.Bit => $"CAST({name} AS UNSIGNED)",
            ColumnType.Geometry => $"HEX({name})",
            ColumnType.VarChar or ColumnType.VarString or ColumnType.String or ColumnType.Blob when IsBinary(column) => $"HEX({name})",
            _ => name,
        };
    }

    public static object? Parse(ColumnInfo column, string? text)
    {
        if (text is null)
            return null;
        var unsigned = column.IsUnsigned == true;
        return column.Type switch
        {
            ColumnType.Tiny or ColumnType.Short or ColumnType.Int24 or ColumnType.Long or ColumnType.LongLong =>
                unsigned ? ulong.Parse(text, CultureInfo.InvariantCulture) : long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            ColumnType.Float => (float)double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
            ColumnType.Double => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
            ColumnType.Bit => ulong.Parse(text, CultureInfo.InvariantCulture),
            ColumnType.Year => int.Parse(text, CultureInfo.InvariantCulture),
            ColumnType.Date or ColumnType.DateTime or ColumnType.DateTime2 or ColumnType.Timestamp or ColumnType.Timestamp2 => DateTimeOf(text),
            ColumnType.Time or ColumnType.Time2 => TimeOf(text),
            ColumnType.Geometry => Convert.FromHexString(text),
            ColumnType.VarChar or ColumnType.VarString or ColumnType.String or ColumnType.Blob when IsBinary(column) => Convert.FromHexString(text),
            _ => text, // DECIMAL (exact text with every scale digit, as the binlog gives it), strings, ENUM and SET symbols, JSON
        };
    }

    /// <summary>A key value of the model as a literal the server compares exactly as it orders the column.</summary>
    public static string Literal(ColumnDefinition definition, ColumnInfo column, object value) => value switch
    {
        // ENUM and SET order by their index / bit mask, and a number compares with them the same way; their text does not.
        string symbol when column.Type == ColumnType.Enum => (column.EnumValues is { } symbols ? symbols.ToList().IndexOf(symbol) + 1 : 0).ToString(CultureInfo.InvariantCulture),
        string symbols when column.Type == ColumnType.Set => SetMask(column, symbols).ToString(CultureInfo.InvariantCulture),
        byte[] bytes => MySqlQuoting.Literal(bytes),
        string text when definition.Kind is ColumnKind.Decimal && text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c is '-' or '.') => text, // exact DECIMAL literal
        string text => MySqlQuoting.Literal(text),
        int days when definition.Kind == ColumnKind.Date => days == int.MinValue ? "'0000-00-00'" : $"'{CanonicalText.FormatDate(days)}'",
        long micros when definition.Kind is ColumnKind.Timestamp or ColumnKind.TimestampTz =>
            micros == long.MinValue ? "'0000-00-00 00:00:00'" : $"'{CanonicalText.Format(ColumnKind.Timestamp, null, micros)}'",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => MySqlQuoting.Literal(value.ToString()),
    };

    private static bool IsBinary(ColumnInfo column) => column.Collation is null or BinaryCollation;

    private static ulong SetMask(ColumnInfo column, string symbols)
    {
        var all = column.SetValues ?? [];
        return symbols.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => all.ToList().IndexOf(s)).Where(i => i >= 0).Aggregate(0UL, (mask, i) => mask | 1UL << i);
    }

    /// <summary><c>yyyy-MM-dd[ HH:mm:ss[.ffffff]]</c>, zero dates included.</summary>
    private static MySqlDateTime DateTimeOf(string text)
    {
        int Part(int start, int length) => text.Length >= start + length ? int.Parse(text.AsSpan(start, length), CultureInfo.InvariantCulture) : 0;
        var micro = text.Length > 20 ? int.Parse(text.AsSpan(20).ToString().PadRight(6, '0'), CultureInfo.InvariantCulture) : 0;
        return new MySqlDateTime(Part(0, 4), Part(5, 2), Part(8, 2), Part(11, 2), Part(14, 2), Part(17, 2), micro);
    }

    /// <summary><c>[-]H:mm:ss[.ffffff]</c>, hours up to 838.</summary>
    private static TimeSpan TimeOf(string text)
    {
        var negative = text.StartsWith('-');
        var parts = text.TrimStart('-').Split(':');
        var seconds = parts[2].Split('.');
        var micros = seconds.Length > 1 ? long.Parse(seconds[1].PadRight(6, '0'), CultureInfo.InvariantCulture) : 0;
        var total = ((long.Parse(parts[0], CultureInfo.InvariantCulture) * 60 + long.Parse(parts[1], CultureInfo.InvariantCulture)) * 60
                     + long.Parse(seconds[0], CultureInfo.InvariantCulture)) * CivilTime.MicrosPerSecond + micros;
        return TimeSpan.FromTicks((negative ? -total : total) * 10);
    }
}
