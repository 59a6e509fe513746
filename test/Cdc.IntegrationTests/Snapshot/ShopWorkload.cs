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
        var changes = new ShopChanges(customers, orders, "now()");
        await using var connection = await database.OpenAsync();
        while (!stop.IsCancellationRequested)
        {
            await using var command = new NpgsqlCommand(changes.NextTransaction(), connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
            Transactions++;
        }
    }
}
