using System.Data.Common;
using System.Globalization;

namespace Cdc.IntegrationTests.Harness;

/// <summary>
/// Reads rows as engine-neutral text, so that a MariaDB source and a PostgreSQL target can be compared row by row:
/// numbers invariant (integers of any width alike, decimals with their scale), times as ISO text with microseconds,
/// bytes as hex, NULL as NULL.
/// </summary>
public static class TableRows
{
    public static async Task<List<string>> ReadAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader.IsDBNull(i) ? null : reader.GetValue(i)))));
        return rows;
    }

    private static string Text(object? value) => value switch
    {
        null => "NULL",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        MySqlConnector.MySqlDateTime { IsValidDateTime: true } time => Text(time.GetDateTime()),
        DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
