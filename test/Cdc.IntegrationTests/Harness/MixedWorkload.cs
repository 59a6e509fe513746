using System.Globalization;
using System.Text;

namespace Cdc.IntegrationTests.Harness;

/// <summary>
/// A shop's write load on three related tables (customers → orders → order_lines, with foreign keys): inserts,
/// updates that increment a counter, and deletes, in small transactions, from a fixed seed. An AFTER ROW trigger on
/// every table counts each row effect into <c>audit</c>; the same triggers on the target count what the applier did,
/// so a change applied twice (an upsert that hits an existing row) shows as an extra UPDATE.
/// </summary>
public sealed class MixedWorkload(PostgresDatabase database, int seed = 42)
{
    public const string Tables = "public.customers,public.orders,public.order_lines";

    public static readonly (string Table, string OrderBy)[] Compared =
        [("customers", "id"), ("orders", "id"), ("order_lines", "order_id, line_no")];

    public const string Schema = """
        CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, balance numeric(12,2) NOT NULL, counter integer NOT NULL DEFAULT 0);
        CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id), total numeric(12,2), status text, placed_at timestamptz, counter integer NOT NULL DEFAULT 0);
        CREATE TABLE order_lines (order_id bigint NOT NULL REFERENCES orders(id), line_no integer NOT NULL, product text NOT NULL, qty integer NOT NULL, price numeric(10,2), counter integer NOT NULL DEFAULT 0, PRIMARY KEY (order_id, line_no));
        """;

    public const string Audit = """
        CREATE TABLE audit (tbl text NOT NULL, op text NOT NULL, n bigint NOT NULL, PRIMARY KEY (tbl, op));
        CREATE FUNCTION count_effect() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO audit VALUES (TG_TABLE_NAME, TG_OP, 1) ON CONFLICT (tbl, op) DO UPDATE SET n = audit.n + 1;
          RETURN NULL;
        END $$;
        CREATE TRIGGER customers_audit AFTER INSERT OR UPDATE OR DELETE ON customers FOR EACH ROW EXECUTE FUNCTION count_effect();
        CREATE TRIGGER orders_audit AFTER INSERT OR UPDATE OR DELETE ON orders FOR EACH ROW EXECUTE FUNCTION count_effect();
        CREATE TRIGGER order_lines_audit AFTER INSERT OR UPDATE OR DELETE ON order_lines FOR EACH ROW EXECUTE FUNCTION count_effect();
        """;

    private readonly ShopStatements _statements = new(seed, "now()");

    /// <summary>Row changes made so far (each statement touches exactly one row).</summary>
    public int Changes => _statements.Changes;

    /// <summary>Creates the tables and audit triggers in both databases (the target's are there before the applier writes).</summary>
    public static async Task CreateSchemaAsync(params PostgresDatabase[] databases)
    {
        foreach (var database in databases)
            await database.ExecuteAsync(Schema + Audit);
    }

    /// <summary>Runs transactions until at least <paramref name="changes"/> row changes were made.</summary>
    public async Task RunAsync(int changes, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync();
        while (Changes < changes)
        {
            ct.ThrowIfCancellationRequested();
            var sql = new StringBuilder("BEGIN;");
            for (var i = 0; i < 4; i++)
                sql.Append(_statements.Next());
            sql.Append("COMMIT;");
            await using var command = new Npgsql.NpgsqlCommand(sql.ToString(), connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Waits until the target counted more than <paramref name="changes"/> applied row effects.</summary>
    public static Task WaitForAppliedAsync(PostgresPipeline pipeline, int changes) =>
        Eventually.ReachAsync(
            () => pipeline.Target.ScalarAsync<long>("SELECT coalesce(sum(n), 0)::bigint FROM audit"),
            applied => applied > changes, TimeSpan.FromMinutes(2), applied => $"{applied} changes applied");

    /// <summary>Same rows, and the target's triggers counted exactly the source's row effects: nothing lost, nothing twice.</summary>
    public static async Task ExpectAppliedExactlyOnceAsync(PostgresPipeline pipeline)
    {
        await pipeline.WaitForEqualAsync(TimeSpan.FromMinutes(2), Compared);
        var source = await AuditAsync(pipeline.Source);
        (await AuditAsync(pipeline.Target)).Should().BeEquivalentTo(source, "each source row change takes effect exactly once on the target");
    }

    public static async Task<Dictionary<string, long>> AuditAsync(PostgresDatabase database)
    {
        var rows = await database.RowsAsync("audit", "tbl, op");
        return rows.ToDictionary(r => r[..r.LastIndexOf(',')], r => long.Parse(r[(r.LastIndexOf(',') + 1)..^1], CultureInfo.InvariantCulture));
    }
}
