using System.Globalization;

namespace Cdc.Binlog;

/// <summary>
/// A DATE, DATETIME or TIMESTAMP value as MySQL/MariaDB store it: calendar fields that may be zero
/// (<c>0000-00-00</c>, or <c>2024-00-15</c> under a permissive sql_mode), which <see cref="DateTime"/> cannot hold.
/// TIMESTAMP values are already converted to UTC; DATE and DATETIME carry no time zone.
/// </summary>
/// <param name="Year">Year, 0-9999.</param>
/// <param name="Month">Month, 1-12, or 0 in a zero date.</param>
/// <param name="Day">Day, 1-31, or 0 in a zero date.</param>
/// <param name="Hour">Hour, 0-23.</param>
/// <param name="Minute">Minute, 0-59.</param>
/// <param name="Second">Second, 0-59.</param>
/// <param name="Microsecond">Fraction of the second in microseconds, 0-999999.</param>
public readonly record struct MySqlDateTime(int Year, int Month, int Day, int Hour, int Minute, int Second, int Microsecond)
{
    /// <summary>The zero date <c>0000-00-00 00:00:00</c>.</summary>
    public static MySqlDateTime Zero => default;

    /// <summary>True for <c>0000-00-00 00:00:00</c>.</summary>
    public bool IsZero => this == default;

    /// <summary>True when the year, month or day is zero (including <see cref="IsZero"/>): no real calendar date.</summary>
    public bool HasZeroParts => Year == 0 || Month == 0 || Day == 0;

    /// <summary>Creates the value of a <see cref="System.DateTime"/> (its ticks below a microsecond are dropped).</summary>
    public static MySqlDateTime FromDateTime(DateTime value) =>
        new(value.Year, value.Month, value.Day, value.Hour, value.Minute, value.Second, (int)(value.Ticks % TimeSpan.TicksPerSecond / 10));

    /// <summary>The calendar value as a <see cref="System.DateTime"/> of the given kind.</summary>
    /// <exception cref="InvalidOperationException">The value has zero parts (see <see cref="HasZeroParts"/>).</exception>
    public DateTime ToDateTime(DateTimeKind kind = DateTimeKind.Unspecified)
    {
        if (!TryToDateTime(kind, out var result))
            throw new InvalidOperationException($"{this} is not a calendar date (zero year, month or day); check HasZeroParts before converting.");
        return result;
    }

    /// <summary>Converts to <see cref="System.DateTime"/>; false when the value has zero parts or is out of range.</summary>
    public bool TryToDateTime(DateTimeKind kind, out DateTime result)
    {
        result = default;
        if (HasZeroParts || Month > 12 || Day > System.DateTime.DaysInMonth(Year, Month))
            return false;
        result = new DateTime(Year, Month, Day, Hour, Minute, Second, kind).AddTicks(Microsecond * 10L);
        return true;
    }

    /// <summary>The date part as a <see cref="DateOnly"/>.</summary>
    /// <exception cref="InvalidOperationException">The value has zero parts.</exception>
    public DateOnly ToDateOnly() => DateOnly.FromDateTime(ToDateTime());

    /// <summary>A TIMESTAMP's instant: these fields read as UTC.</summary>
    /// <exception cref="InvalidOperationException">The value has zero parts.</exception>
    public DateTimeOffset ToUtcDateTimeOffset() => new(ToDateTime(DateTimeKind.Utc), TimeSpan.Zero);

    /// <summary>Formats as <c>yyyy-MM-dd HH:mm:ss</c> with <c>.ffffff</c> when there is a fraction.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-{Month:00}-{Day:00} {Hour:00}:{Minute:00}:{Second:00}")
        + (Microsecond == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $".{Microsecond:000000}"));
}
