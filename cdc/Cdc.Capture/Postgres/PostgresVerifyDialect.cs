using System.Data.Common;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Sql;
using Npgsql;

namespace Cdc.Capture.Postgres;

/// <summary><c>cdc verify</c> on PostgreSQL: schema-qualified names, text keys compared as text in the C collation.</summary>
internal sealed class PostgresVerifyDialect : VerifyDialect
{
    /// <summary>PostgreSQL types that sort natively as verify's key order does.</summary>
    private static readonly HashSet<string> Native =
    [
        "smallint", "integer", "bigint", "numeric", "real", "double precision", "boolean", "bytea", "date", "interval",
        "time without time zone", "timestamp without time zone", "timestamp with time zone",
    ];

    public override DbConnection Connect(DatabaseUri uri) => new NpgsqlConnection(uri.ToConnectionString());

    public override string UtcSession => "SET TimeZone = 'UTC'";

    public override string ThisDatabase => "";

    public override string SchemaOf(TableId table) => "@schema";

    public override string Quote(string identifier) => PostgresQuoting.Identifier(identifier);

    public override string Name(TableId table) => $"{Quote(table.Schema)}.{Quote(table.Name)}";

    public override bool SortsNatively(string type) => Native.Contains(type);

    public override string OrderedAsText(string quotedColumn) => $"{quotedColumn}::text COLLATE \"C\"";

    public override object TextBound(string text) => text;
}
