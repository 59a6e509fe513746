using System.Globalization;
using System.Text;
using MySqlConnector;

namespace Cdc.IntegrationTests.Harness;

/// <summary>
/// The shop workload of <see cref="MixedWorkload"/> on MariaDB: customers → orders → order_lines with foreign keys;
/// inserts, counter updates and deletes in small transactions from a fixed seed. AFTER ROW triggers count each row
/// effect into <c>audit</c> on the source and on both targets, so a change applied twice shows as an extra UPDATE.
/// </summary>
public sealed class MariaDbWorkload(MariaDbDatabase database, int seed = 42)
{
    public static readonly string[] TableNames = ["customers", "orders", "order_lines"];

    public static readonly (string Table, string Columns, string OrderBy)[] Compared =
    [
        ("customers", "id, name, balance, counter", "id"),
        ("orders", "id, customer_id, total, status, placed_at, counter", "id"),
        ("order_lines", "order_id, line_no, product, qty, price, counter", "order_id, line_no"),
    ];

    private const string Schema = """
        CREATE TABLE customers (id bigint PRIMARY KEY, name varchar(100) NOT NULL, balance decimal(12,2) NOT NULL, counter int NOT NULL DEFAULT 0);
        CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id), total decimal(12,2), status varchar(20), placed_at datetime(6), counter int NOT NULL DEFAULT 0);
        CREATE TABLE order_lines (order_id bigint NOT NULL REFERENCES orders(id), line_no int NOT NULL, product varchar(100) NOT NULL, qty int NOT NULL, price decimal(10,2), counter int NOT NULL DEFAULT 0, PRIMARY KEY (order_id, line_no));
        CREATE TABLE audit (tbl varchar(20) NOT NULL, op varchar(10) NOT NULL, n bigint NOT NULL, PRIMARY KEY (tbl, op));
        """;

    private const string PostgresSchema = """
        CREATE SCHEMA "{0}";
        CREATE TABLE "{0}".customers (id bigint PRIMARY KEY, name varchar(100) NOT NULL, balance numeric(12,2) NOT NULL, counter integer NOT NULL DEFAULT 0);
        CREATE TABLE "{0}".orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES "{0}".customers(id), total numeric(12,2), status varchar(20), placed_at timestamp, counter integer NOT NULL DEFAULT 0);
        CREATE TABLE "{0}".order_lines (order_id bigint NOT NULL REFERENCES "{0}".orders(id), line_no integer NOT NULL, product varchar(100) NOT NULL, qty integer NOT NULL, price numeric(10,2), counter integer NOT NULL DEFAULT 0, PRIMARY KEY (order_id, line_no));
        CREATE TABLE "{0}".audit (tbl text NOT NULL, op text NOT NULL, n bigint NOT NULL, PRIMARY KEY (tbl, op));
        CREATE FUNCTION "{0}".count_effect() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO "{0}".audit VALUES (TG_TABLE_NAME, TG_OP, 1) ON CONFLICT (tbl, op) DO UPDATE SET n = audit.n + 1;
          RETURN NULL;
        END $$;
        CREATE TRIGGER customers_audit AFTER INSERT OR UPDATE OR DELETE ON "{0}".customers FOR EACH ROW EXECUTE FUNCTION "{0}".count_effect();
        CREATE TRIGGER orders_audit AFTER INSERT OR UPDATE OR DELETE ON "{0}".orders FOR EACH ROW EXECUTE FUNCTION "{0}".count_effect();
        CREATE TRIGGER order_lines_audit AFTER INSERT OR UPDATE OR DELETE ON "{0}".order_lines FOR EACH ROW EXECUTE FUNCTION "{0}".count_effect();
        """;

    private readonly ShopStatements _statements = new(seed, "NOW(6)", " 🌍");

    /// <summary>The tables the capturer publishes (audit stays out: each side counts its own effects).</summary>
    public static string CapturedTables(MariaDbDatabase source) => string.Join(",", TableNames.Select(t => $"{source.Name}.{t}"));

    /// <summary>Row changes made so far (each statement touches exactly one row).</summary>
    public int Changes => _statements.Changes;

    /// <summary>Tables and audit triggers on the source and both targets, before any applier writes.</summary>
    public static async Task CreateSchemaAsync(MariaDbPipeline pipeline)
    {
        var triggers = string.Concat(TableNames.SelectMany(t => new[] { "INSERT", "UPDATE", "DELETE" }.Select(op =>
            $"CREATE TRIGGER {t}_{op.ToLowerInvariant()} AFTER {op} ON {t} FOR EACH ROW INSERT INTO audit VALUES ('{t}', '{op}', 1) ON DUPLICATE KEY UPDATE n = n + 1;\n")));
        await pipeline.Source.ExecuteAsync(Schema + triggers);
        await pipeline.MariaDbTarget.ExecuteAsync(Schema + triggers);
        await pipeline.PostgresTarget.ExecuteAsync(string.Format(CultureInfo.InvariantCulture, PostgresSchema, pipeline.PostgresSchema));
    }

    /// <summary>Runs transactions until at least <paramref name="changes"/> row changes were made in all.</summary>
    public async Task RunAsync(int changes, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync();
        while (Changes < changes)
        {
            ct.ThrowIfCancellationRequested();
            var sql = new StringBuilder("START TRANSACTION;");
            for (var i = 0; i < 4; i++)
                sql.Append(_statements.Next());
            sql.Append("COMMIT;");
            await using var command = new MySqlCommand(sql.ToString(), connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    public static async Task<Dictionary<string, long>> AuditAsync(MariaDbDatabase database) =>
        (await database.RowsAsync("SELECT tbl, op, n FROM audit ORDER BY tbl, op")).ToDictionary(r => r[..r.LastIndexOf(" | ", StringComparison.Ordinal)], r => long.Parse(r[(r.LastIndexOf(" | ", StringComparison.Ordinal) + 3)..], CultureInfo.InvariantCulture));

    public static async Task<Dictionary<string, long>> AuditAsync(MariaDbPipeline pipeline) =>
        (await pipeline.PostgresRowsAsync($"SELECT tbl, op, n FROM \"{pipeline.PostgresSchema}\".audit ORDER BY tbl, op")).ToDictionary(r => r[..r.LastIndexOf(" | ", StringComparison.Ordinal)], r => long.Parse(r[(r.LastIndexOf(" | ", StringComparison.Ordinal) + 3)..], CultureInfo.InvariantCulture));

}
