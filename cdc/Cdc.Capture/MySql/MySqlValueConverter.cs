using System.Globalization;
using Cdc.Binlog;
using Cdc.Model;
using Cdc.Values;
using Microsoft.Extensions.Logging;

namespace Cdc.Capture.MySql;

/// <summary>
/// Converts row values as the binlog client decodes them (see <see cref="Binlog.RowImage"/>) to the values the
/// column's <see cref="ColumnKind"/> fixes. Zero and partial dates (<c>0000-00-00</c>, <c>2024-00-15</c>) have no
/// calendar value: they travel as −infinity (<c>int.MinValue</c> days, <c>long.MinValue</c> micros), which a
/// MySQL/MariaDB target writes back as the zero date and PostgreSQL stores as <c>-infinity</c>; logged once per column.
/// MariaDB's INET4, INET6 and UUID bytes become MariaDB's text for them (<see cref="MariaDbFixedBinary"/>).
/// </summary>
internal sealed partial class MySqlValueConverter(ILogger logger)
{
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public Model.RowImage Convert(TableDefinition table, Binlog.RowImage row, string position) => Convert(table, row.Values, row.IsPresent, position);

    /// <summary>A whole row in the binlog client's value model read some other way (a snapshot query): every column present.</summary>
    public Model.RowImage Convert(TableDefinition table, IReadOnlyList<object?> row, string position) => Convert(table, row, _ => true, position);

    private Model.RowImage Convert(TableDefinition table, IReadOnlyList<object?> row, Func<int, bool> isPresent, string position)
    {
        var values = new object?[table.Columns.Count];
        var unavailable = new bool[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!isPresent(i))
                unavailable[i] = true;
            else if (row[i] is { } value)
                values[i] = Convert(table, table.Columns[i], value, position);
        }
        return new Model.RowImage(values, unavailable);
    }

    private object Convert(TableDefinition table, ColumnDefinition column, object value, string position) => column.Kind switch
    {
        ColumnKind.Int16 or ColumnKind.Int32 => value switch { long l => checked((int)l), ulong u => checked((int)u), _ => (int)value },
        ColumnKind.Int64 => value switch { ulong u => unchecked((long)u), _ => (long)value },
        ColumnKind.Decimal when value is ulong u => u.ToString(CultureInfo.InvariantCulture),
        ColumnKind.Date => Days((MySqlDateTime)value, table, column, position),
        ColumnKind.Timestamp or ColumnKind.TimestampTz => Micros((MySqlDateTime)value, table, column, position),
        ColumnKind.Interval => Elapsed((TimeSpan)value, column.Precision ?? 0),
        ColumnKind.Text when value is byte[] bytes && MariaDbFixedBinary.Size(column.SourceType) is not null => MariaDbFixedBinary.Text(column.SourceType, bytes),
        _ => value,
    };

    /// <summary>MySQL's own TIME text, which PostgreSQL's interval and MySQL's TIME both read back exactly.</summary>
    private static string Elapsed(TimeSpan value, int fsp)
    {
        var micros = Math.Abs(value.Ticks / 10);
        var seconds = micros / CivilTime.MicrosPerSecond;
        var text = string.Create(CultureInfo.InvariantCulture, $"{(value < TimeSpan.Zero ? "-" : "")}{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
        return fsp == 0 ? text : text + "." + (micros % CivilTime.MicrosPerSecond).ToString("000000", CultureInfo.InvariantCulture)[..fsp];
    }

    private int Days(MySqlDateTime value, TableDefinition table, ColumnDefinition column, string position) =>
        IsCalendarDate(value, table, column, position)
            ? checked((int)CivilTime.DaysFromCivil(value.Year, value.Month, value.Day))
            : int.MinValue;

    private long Micros(MySqlDateTime value, TableDefinition table, ColumnDefinition column, string position) =>
        IsCalendarDate(value, table, column, position)
            ? CivilTime.DaysFromCivil(value.Year, value.Month, value.Day) * CivilTime.MicrosPerDay
              + ((value.Hour * 60L + value.Minute) * 60 + value.Second) * CivilTime.MicrosPerSecond + value.Microsecond
            : long.MinValue;

    private bool IsCalendarDate(MySqlDateTime value, TableDefinition table, ColumnDefinition column, string position)
    {
        if (!value.HasZeroParts && value.Day <= DateTime.DaysInMonth(value.Year, value.Month))
            return true;
        var name = $"{table.Id}.{column.Name}";
        if (_reported.Add(name))
            LogZeroDate(logger, name, value.ToString(), position);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Column {Column} holds {Value}, which is no calendar date (at {Position}): it travels as -infinity, and MySQL targets write the zero date back. Reported once per column.")]
    private static partial void LogZeroDate(ILogger logger, string column, string value, string position);
}
