using System.Globalization;
using Cdc.Model;
using Cdc.Values;

namespace Cdc.Appliers.Writing;

/// <summary>
/// Model values as MySqlConnector sends them correctly: numbers and bytes as themselves, decimals, dates and times as
/// their exact text (the session runs in UTC, so timestamps need no zone). What MySQL/MariaDB cannot hold is clamped
/// where a natural bound exists and refused otherwise, naming the column and value: −infinity dates and timestamps
/// become the zero date, +infinity the largest value; NaN and ±infinity numbers and dates outside years 1–9999 are refused.
/// Arrays (PostgreSQL) become JSON arrays (<see cref="MySqlJsonArray"/>).
/// </summary>
internal static class MySqlValues
{
    public static object ToParameter(ColumnDefinition column, object value) => column.Kind switch
    {
        ColumnKind.Float32 when !float.IsFinite((float)value) => throw Refused(column, value, "FLOAT has no NaN or infinity"),
        ColumnKind.Float64 when !double.IsFinite((double)value) => throw Refused(column, value, "DOUBLE has no NaN or infinity"),
        ColumnKind.Decimal or ColumnKind.Numeric when value is "NaN" or "Infinity" or "-Infinity" =>
            throw Refused(column, value, "DECIMAL has no NaN or infinity"),
        ColumnKind.Date => Date(column, (int)value),
        ColumnKind.Time => Time((long)value),
        ColumnKind.Timestamp or ColumnKind.TimestampTz when value is string text => throw Refused(column, text, "MySQL/MariaDB dates run from year 1 to 9999"),
        ColumnKind.Timestamp or ColumnKind.TimestampTz => Timestamp(column, (long)value),
        ColumnKind.Array => MySqlJsonArray.From(column, value),
        _ => value,
    };

    private static string Date(ColumnDefinition column, int days) => days switch
    {
        int.MinValue => "0000-00-00",
        int.MaxValue => "9999-12-31",
        _ => CalendarDay(column, days),
    };

    private static string Timestamp(ColumnDefinition column, long micros)
    {
        if (micros == long.MinValue)
            return "0000-00-00 00:00:00";
        if (micros == long.MaxValue)
            return "9999-12-31 23:59:59.999999";
        var (days, ofDay) = CivilTime.SplitMicros(micros);
        return CalendarDay(column, days) + " " + Time(ofDay);
    }

    /// <summary><c>[-]H:MM:SS.ffffff</c>: MySQL's TIME also holds durations beyond a day and negative ones.</summary>
    private static string Time(long micros)
    {
        var sign = micros < 0 ? "-" : "";
        var magnitude = Math.Abs(micros);
        var seconds = magnitude / CivilTime.MicrosPerSecond;
        return string.Create(CultureInfo.InvariantCulture,
            $"{sign}{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}.{magnitude % CivilTime.MicrosPerSecond:000000}");
    }

    private static string CalendarDay(ColumnDefinition column, long days)
    {
        var (year, month, day) = CivilTime.CivilFromDays(days);
        if (year is < 1 or > 9999)
            throw Refused(column, $"{year}-{month:00}-{day:00}", "MySQL/MariaDB dates run from year 1 to 9999");
        return string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{month:00}-{day:00}");
    }

    private static ApplyException Refused(ColumnDefinition column, object value, string why) => new(
        $"Column {column.Name} ({column.SourceType}) holds {Convert.ToString(value, CultureInfo.InvariantCulture)}, which a MySQL/MariaDB target cannot store: {why}. " +
        "Fix the value at the source (or exclude the table with --tables on the capturer) and replay; nothing after it was applied.");
}
