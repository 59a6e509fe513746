using System.Data.Common;
using System.Text;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Sql;
using MySqlConnector;

namespace Cdc.Capture.MySql;

/// <summary>
/// <c>cdc verify</c> on MySQL/MariaDB: a table is in the connection's database whatever its schema elsewhere (where
/// the appliers put it); text keys compared as the bytes of their utf8mb4 text.
/// </summary>
internal sealed class MySqlVerifyDialect : VerifyDialect
{
    /// <summary>MySQL/MariaDB types that sort natively as verify's key order does.</summary>
    private static readonly HashSet<string> Native =
    [
        "bit", "tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double", "year", "date", "time", "datetime",
        "timestamp", "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
    ];

    public override DbConnection Connect(DatabaseUri uri) => new MySqlConnection(uri.ToConnectionString());

    public override string UtcSession => "SET time_zone = '+00:00'";

    public override string ThisDatabase => " AND tc.table_schema = DATABASE()";

    public override string SchemaOf(TableId table) => "DATABASE()";

    public override string Quote(string identifier) => MySqlQuoting.Identifier(identifier);

    public override string Name(TableId table) => Quote(table.Name);

    public override bool SortsNatively(string type) => Native.Contains(type);

    public override string OrderedAsText(string quotedColumn) => $"CAST(CONVERT({quotedColumn} USING utf8mb4) AS BINARY)";

    public override object TextBound(string text) => Encoding.UTF8.GetBytes(text);
}
