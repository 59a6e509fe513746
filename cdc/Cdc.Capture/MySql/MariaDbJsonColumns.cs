using System.Text.RegularExpressions;
using Cdc.Binlog;
using Cdc.Model;
using Cdc.Sql;

namespace Cdc.Capture.MySql;

/// <summary>
/// MariaDB stores JSON as LONGTEXT with a <c>json_valid</c> check constraint, and neither the binlog nor
/// information_schema.COLUMNS says JSON: the check constraints name those columns. MySQL has a real JSON type: none here.
/// Shared by the binlog reader and the snapshot catalog, so that both describe a table alike.
/// </summary>
internal static partial class MariaDbJsonColumns
{
    public static async Task<IReadOnlySet<string>> ReadAsync(BinlogClient client, TableId table, CancellationToken ct)
    {
        if (!client.IsMariaDb)
            return new HashSet<string>();
        var result = await client.QueryAsync(
            "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS " +
            $"WHERE CONSTRAINT_SCHEMA = {MySqlQuoting.Literal(table.Schema)} AND TABLE_NAME = {MySqlQuoting.Literal(table.Name)}", ct);
        return result.Rows.Select(r => JsonCheck().Match(r[0] ?? ""))
            .Where(m => m.Success).Select(m => m.Groups[1].Value.Replace("``", "`", StringComparison.Ordinal)).ToHashSet();
    }

    [GeneratedRegex(@"^json_valid\(`((?:[^`]|``)+)`\)$", RegexOptions.IgnoreCase)]
    private static partial Regex JsonCheck();
}
