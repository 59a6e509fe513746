namespace Cdc.Values;

/// <summary>
/// Calendar ⇄ day and microsecond counts on the proleptic Gregorian calendar with astronomical years (1 BC is year 0),
/// which PostgreSQL and Avro both use; <see cref="DateOnly"/> and <see cref="DateTime"/> stop at year 1.
/// </summary>
public static class CivilTime
{
    public const long MicrosPerSecond = 1_000_000;
    public const long MicrosPerDay = 86_400 * MicrosPerSecond;

    /// <summary>Days since 1970-01-01 (H. Hinnant's days_from_civil).</summary>
    public static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - era * 400;
        var dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097 + dayOfEra - 719468;
    }

    /// <summary>The calendar date of a day count since 1970-01-01.</summary>
    public static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719468;
        var era = (days >= 0 ? days : days - 146096) / 146097;
        var dayOfEra = days - era * 146097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var mp = (5 * dayOfYear + 2) / 153;
        var day = (int)(dayOfYear - (153 * mp + 2) / 5 + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day);
    }

    /// <summary>Splits microseconds since the epoch into whole days and microseconds into the day (always 0 or more).</summary>
    public static (long Days, long MicrosOfDay) SplitMicros(long micros)
    {
        var days = Math.DivRem(micros, MicrosPerDay, out var rest);
        if (rest < 0)
        {
            days--;
            rest += MicrosPerDay;
        }
        return (days, rest);
    }
}
