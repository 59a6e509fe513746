using System.Text.RegularExpressions;
using Cdc.Binlog;
using Cdc.Model;
using Cdc.Sql;

namespace Cdc.Capture.MySql;

/// <summary>
/// What MariaDB's catalog knows of a table's columns and its binlog does not. JSON is LONGTEXT with a
/// <c>json_valid</c> check constraint (the check constraints name those columns); INET4, INET6 and UUID are, in a
/// TABLE_MAP, BINARY(4) and BINARY(16) (<c>information_schema.COLUMNS</c> names them). MySQL has a real JSON type and
/// none of the others: nothing here. Shared by the binlog reader and the snapshot catalog, so that both describe a
/// table alike.
/// </summary>
internal static partial class MariaDbColumnTypes
{
    public const string Json = "json";

    /// <returns>Column name → <c>json</c>, or the fixed-size type's name (see <see cref="MariaDbFixedBinary"/>).</returns>
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(BinlogClient client, TableId table, CancellationToken ct)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!client.IsMariaDb)
            return types;
        var schema = MySqlQuoting.Literal(table.Schema);
        var name = MySqlQuoting.Literal(table.Name);
        var checks = await client.QueryAsync(
            $"SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = {schema} AND TABLE_NAME = {name}", ct);
        foreach (var match in checks.Rows.Select(r => JsonCheck().Match(r[0] ?? "")).Where(m => m.Success))
            types[match.Groups[1].Value.Replace("``", "`", StringComparison.Ordinal)] = Json;
        var fixedBinary = await client.QueryAsync(
            $"SELECT COLUMN_NAME, LOWER(DATA_TYPE) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = {schema} AND TABLE_NAME = {name} " +
            $"AND LOWER(DATA_TYPE) IN ({string.Join(", ", MariaDbFixedBinary.Types.Select(t => MySqlQuoting.Literal(t)))})", ct);
        foreach (var row in fixedBinary.Rows)
            types[row[0]!] = row[1]!;
        return types;
    }

    [GeneratedRegex(@"^json_valid\(`((?:[^`]|``)+)`\)$", RegexOptions.IgnoreCase)]
    private static partial Regex JsonCheck();
}
