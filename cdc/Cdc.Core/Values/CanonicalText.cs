using System.Globalization;
using System.Text;
using Cdc.Model;

namespace Cdc.Values;

/// <summary>
/// The model's canonical text form of a value ⇄ the value: PostgreSQL's spelling (DateStyle ISO, IntervalStyle
/// postgres, bytea hex), whatever the engine. pgoutput sends it; PostgreSQL targets receive it with an explicit cast;
/// MySQL snapshots, keys and <c>cdc tail</c> use it too, so one parser and one formatter serve every direction.
/// ±infinity of dates and timestamps map to the extreme values the model reserves for them. A value the kind's native
/// form cannot hold (a timestamp beyond a long's microseconds, an array of more dimensions) keeps its text (<see cref="TextForm"/>).
/// </summary>
public static class CanonicalText
{
    public static object Parse(ColumnDefinition column, string text) => Parse(column.Kind, column.ElementKind, text);

    public static object Parse(ColumnKind kind, ColumnKind? elementKind, string text) => kind switch
    {
        ColumnKind.Boolean => text is "t" or "true",
        ColumnKind.Int16 or ColumnKind.Int32 => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        ColumnKind.Int64 => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        ColumnKind.Float32 => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        ColumnKind.Float64 => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        ColumnKind.Bytes => ParseBytea(text),
        ColumnKind.Date => ParseDate(text),
        ColumnKind.Time => ParseTimeOfDay(text),
        ColumnKind.Timestamp => ParseTimestamp(text, withZone: false),
        ColumnKind.TimestampTz => ParseTimestamp(text, withZone: true),
        ColumnKind.Array => ParseArray(elementKind!.Value, text),
        _ => text,
    };

    /// <summary>The elements of a one-dimensional array when each has its native value; otherwise the array's text.</summary>
    private static object ParseArray(ColumnKind elementKind, string text)
    {
        if (PostgresArrayText.ParseOneDimension(text) is not { } texts)
            return text;
        var items = new List<object?>(texts.Count);
        foreach (var item in texts)
        {
            var value = item is null ? null : Parse(elementKind, null, item);
            if (value is not null && TextForm.Is(elementKind, value))
                return text;
            items.Add(value);
        }
        return items;
    }

    public static string Format(ColumnDefinition column, object value) => Format(column.Kind, column.ElementKind, value);

    public static string Format(ColumnKind kind, ColumnKind? elementKind, object value) => value is string text ? text : kind switch
    {
        ColumnKind.Boolean => (bool)value ? "t" : "f",
        ColumnKind.Int16 or ColumnKind.Int32 => ((int)value).ToString(CultureInfo.InvariantCulture),
        ColumnKind.Int64 => ((long)value).ToString(CultureInfo.InvariantCulture),
        ColumnKind.Float32 => ((float)value).ToString("R", CultureInfo.InvariantCulture),
        ColumnKind.Float64 => ((double)value).ToString("R", CultureInfo.InvariantCulture),
        ColumnKind.Bytes => "\\x" + Convert.ToHexString((byte[])value),
        ColumnKind.Date => FormatDate((int)value),
        ColumnKind.Time => FormatTimeOfDay((long)value),
        ColumnKind.Timestamp => FormatTimestamp((long)value, withZone: false),
        ColumnKind.TimestampTz => FormatTimestamp((long)value, withZone: true),
        ColumnKind.Array => PostgresArrayText.Format(((IReadOnlyList<object?>)value).Select(e => e is null ? null : Format(elementKind!.Value, null, e))),
        _ => throw new InvalidCastException($"A {kind} value cannot be a {value.GetType().Name}."),
    };

    private static byte[] ParseBytea(string text) =>
        text.StartsWith("\\x", StringComparison.Ordinal)
            ? Convert.FromHexString(text.AsSpan(2))
            : throw new FormatException($"bytea '{text}' is not in hex format; set bytea_output = 'hex' on the source.");

    public static int ParseDate(string text) => text switch
    {
        "infinity" => int.MaxValue,
        "-infinity" => int.MinValue,
        _ => checked((int)ParseCalendarDay(text)),
    };

    public static string FormatDate(int days) => days switch
    {
        int.MaxValue => "infinity",
        int.MinValue => "-infinity",
        _ => FormatCalendarDay(days, out var bc) + (bc ? " BC" : ""),
    };

    private static long ParseTimeOfDay(string text)
    {
        var parts = text.Split(':');
        var seconds = decimal.Parse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return (long.Parse(parts[0], CultureInfo.InvariantCulture) * 3600 + long.Parse(parts[1], CultureInfo.InvariantCulture) * 60) * CivilTime.MicrosPerSecond
               + (long)(seconds * CivilTime.MicrosPerSecond);
    }

    private static string FormatTimeOfDay(long micros)
    {
        var seconds = micros / CivilTime.MicrosPerSecond;
        var fraction = micros % CivilTime.MicrosPerSecond;
        var text = string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
        return fraction == 0 ? text : text + "." + fraction.ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    /// <summary>Microseconds since the epoch, or the text itself when they do not fit a long (after year 294246).</summary>
    private static object ParseTimestamp(string text, bool withZone)
    {
        if (text == "infinity")
            return long.MaxValue;
        if (text == "-infinity")
            return long.MinValue;
        var original = text;
        var bc = text.EndsWith(" BC", StringComparison.Ordinal);
        if (bc)
            text = text[..^3];
        var space = text.IndexOf(' ');
        var time = text[(space + 1)..];
        var offsetMicros = 0L;
        if (withZone)
        {
            var sign = time.LastIndexOfAny(['+', '-']);
            offsetMicros = ParseOffset(time[sign..]);
            time = time[..sign];
        }
        var days = ParseCalendarDay(text[..space] + (bc ? " BC" : ""));
        try
        {
            var micros = checked(days * CivilTime.MicrosPerDay + ParseTimeOfDay(time) - offsetMicros);
            return micros is long.MaxValue or long.MinValue ? original : micros;
        }
        catch (OverflowException)
        {
            return original;
        }
    }

    private static string FormatTimestamp(long micros, bool withZone)
    {
        if (micros == long.MaxValue)
            return "infinity";
        if (micros == long.MinValue)
            return "-infinity";
        var (days, ofDay) = CivilTime.SplitMicros(micros);
        var date = FormatCalendarDay(days, out var bc);
        return $"{date} {FormatTimeOfDay(ofDay)}{(withZone ? "+00" : "")}{(bc ? " BC" : "")}";
    }

    private static long ParseOffset(string text)
    {
        var sign = text[0] == '-' ? -1 : 1;
        var parts = text[1..].Split(':');
        var seconds = int.Parse(parts[0], CultureInfo.InvariantCulture) * 3600
                      + (parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) * 60 : 0)
                      + (parts.Length > 2 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 0);
        return sign * seconds * CivilTime.MicrosPerSecond;
    }

    private static long ParseCalendarDay(string text)
    {
        var bc = text.EndsWith(" BC", StringComparison.Ordinal);
        var parts = (bc ? text[..^3] : text).Split('-');
        var year = long.Parse(parts[0], CultureInfo.InvariantCulture);
        return CivilTime.DaysFromCivil(bc ? 1 - year : year, int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private static string FormatCalendarDay(long days, out bool bc)
    {
        var (year, month, day) = CivilTime.CivilFromDays(days);
        bc = year <= 0;
        return string.Create(CultureInfo.InvariantCulture, $"{(bc ? 1 - year : year):0000}-{month:00}-{day:00}");
    }
}
