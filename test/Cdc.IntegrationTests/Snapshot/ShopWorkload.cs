using Npgsql;

namespace Cdc.IntegrationTests.Snapshot;

/// <summary>
/// A shop's tables with foreign keys (customers ← orders ← order_lines), bulk-loaded with generate_series, and a
/// writer that keeps changing them in small transactions: updates, inserts, deletes and primary-key moves, so that a
/// snapshot runs against rows that change under it.
/// </summary>
public sealed class ShopWorkload(PostgresDatabase database)
{
    public static readonly (string Table, string OrderBy)[] Tables =
        [("customers", "id"), ("orders", "id"), ("order_lines", "order_id, line")];

    private const string Schema = """
        CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, balance numeric(12,2) NOT NULL);
        CREATE TABLE orders (id bigint PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers, amount numeric(12,2),
                             note text, created timestamptz NOT NULL);
        CREATE TABLE order_lines (order_id bigint REFERENCES orders, line integer, qty integer NOT NULL, PRIMARY KEY (order_id, line));
        """;

    public long Transactions { get; private set; }

    /// <summary>Creates the tables and loads <paramref name="customers"/> + <paramref name="orders"/> + 2 lines per order... rows in total.</summary>
    public async Task LoadAsync(int customers, int orders, int linesPerOrder)
    {
        await database.ExecuteAsync(Schema);
        await database.ExecuteAsync($"""
            INSERT INTO customers SELECT i, 'customer ' || i, (i % 1000) / 10.0 FROM generate_series(1, {customers}) i;
            INSERT INTO orders SELECT i, 1 + i % {customers}, (i % 10000) / 100.0, 'order ' || i, '2026-01-01'::timestamptz + i * interval '1 second'
                FROM generate_series(1, {orders}) i;
            INSERT INTO order_lines SELECT o, l, l FROM generate_series(1, {orders}) o, generate_series(1, {linesPerOrder}) l;
            ANALYZE;
            """);
    }

    /// <summary>Writes until cancelled, one small transaction after another.</summary>
    public async Task RunAsync(int customers, int orders, CancellationToken stop)
    {
        var random = new Random(42);
        var nextOrder = 10_000_000L;
        await using var connection = await database.OpenAsync();
        while (!stop.IsCancellationRequested)
        {
            var customer = random.Next(1, customers + 1);
            var order = random.Next(1, orders + 1);
            var sql = random.Next(6) switch
            {
                0 => $"UPDATE customers SET balance = balance + 1 WHERE id = {customer}",
                1 => $"INSERT INTO orders VALUES ({++nextOrder}, {customer}, 1.50, 'new', now()); INSERT INTO order_lines VALUES ({nextOrder}, 1, 1), ({nextOrder}, 2, 2)",
                2 => $"UPDATE orders SET note = note || '+', amount = amount + 1 WHERE id = {order}",
                3 => $"DELETE FROM order_lines WHERE order_id = {order}; DELETE FROM orders WHERE id = {order}",
                4 => $"UPDATE order_lines SET line = line + 100 WHERE order_id = {order} AND line = 1",
                _ => $"UPDATE order_lines SET qty = qty + 1 WHERE order_id = {order}",
            };
            await using var command = new NpgsqlCommand($"BEGIN; {sql}; COMMIT;", connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
            Transactions++;
        }
    }
}
