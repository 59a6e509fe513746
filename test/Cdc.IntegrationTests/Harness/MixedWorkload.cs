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

    private readonly Random _random = new(seed);
    private readonly List<long> _customers = [];
    private readonly List<(long Order, int Lines)> _orders = [];
    private long _nextId = 1;

    /// <summary>Row changes made so far (each statement below touches exactly one row).</summary>
    public int Changes { get; private set; }

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
                sql.Append(NextStatement());
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

    private string NextStatement()
    {
        Changes++;
        var roll = _random.Next(100);
        if (_customers.Count < 20 || roll < 15)
        {
            var id = _nextId++;
            _customers.Add(id);
            return Invariant($"INSERT INTO customers (id, name, balance) VALUES ({id}, 'customer {id}', {_random.Next(100000) / 100.0:0.00});");
        }
        if (roll < 40 || _orders.Count < 10)
        {
            var id = _nextId++;
            _orders.Add((id, 0));
            return Invariant($"INSERT INTO orders (id, customer_id, total, status, placed_at) VALUES ({id}, {Pick(_customers)}, {_random.Next(1000000) / 100.0:0.00}, 'new', now());");
        }
        if (roll < 60)
        {
            var index = _random.Next(_orders.Count);
            var (order, lines) = _orders[index];
            _orders[index] = (order, lines + 1);
            return Invariant($"INSERT INTO order_lines (order_id, line_no, product, qty, price) VALUES ({order}, {lines + 1}, 'product {_random.Next(500)}', {_random.Next(1, 10)}, {_random.Next(10000) / 100.0:0.00});");
        }
        if (roll < 75)
            return Invariant($"UPDATE customers SET counter = counter + 1, balance = balance + 1 WHERE id = {Pick(_customers)};");
        if (roll < 88)
            return Invariant($"UPDATE orders SET counter = counter + 1, status = 'paid' WHERE id = {Pick(_orders).Order};");
        var withLines = _orders.FindIndex(o => o.Lines > 0);
        if (withLines < 0)
            return Invariant($"UPDATE customers SET counter = counter + 1 WHERE id = {Pick(_customers)};");
        var (victim, count) = _orders[withLines];
        _orders[withLines] = (victim, count - 1);
        return Invariant($"DELETE FROM order_lines WHERE order_id = {victim} AND line_no = {count};");
    }

    private T Pick<T>(List<T> items) => items[_random.Next(items.Count)];

    private static string Invariant(FormattableString sql) => sql.ToString(CultureInfo.InvariantCulture);
}
