using System.Globalization;
using MySqlConnector;

namespace Cdc.IntegrationTests.Snapshot;

/// <summary>
/// The snapshot shop on MariaDB: customers ← orders ← order_lines with foreign keys, bulk-loaded from the sequence
/// engine, and a writer that keeps changing the loaded rows in small transactions (updates, inserts, deletes and
/// primary-key moves of order lines), so that a snapshot runs against rows that change under it.
/// </summary>
public sealed class MariaDbShopWorkload(MariaDbDatabase database)
{
    public static readonly (string Table, string Columns, string OrderBy)[] Compared =
    [
        ("customers", "id, name, balance", "id"),
        ("orders", "id, customer_id, amount, note, created", "id"),
        ("order_lines", "order_id, line, qty", "order_id, line"),
    ];

    private const string Schema = """
        CREATE TABLE customers (id int PRIMARY KEY, name varchar(100) NOT NULL, balance decimal(12,2) NOT NULL);
        CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, amount decimal(12,2), note varchar(100), created datetime(6) NOT NULL,
                             FOREIGN KEY (customer_id) REFERENCES customers (id));
        CREATE TABLE order_lines (order_id bigint NOT NULL, line int NOT NULL, qty int NOT NULL, PRIMARY KEY (order_id, line),
                                  FOREIGN KEY (order_id) REFERENCES orders (id));
        """;

    public long Transactions { get; private set; }

    public async Task LoadAsync(int customers, int orders, int linesPerOrder)
    {
        await database.ExecuteAsync(Schema);
        await database.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO customers SELECT seq, CONCAT('customer ', seq), (seq % 1000) / 10 FROM seq_1_to_{customers};
            INSERT INTO orders SELECT seq, 1 + seq % {customers}, (seq % 10000) / 100, CONCAT('order ', seq), TIMESTAMP'2026-01-01 00:00:00' + INTERVAL seq SECOND
                FROM seq_1_to_{orders};
            INSERT INTO order_lines SELECT o.seq, l.seq, l.seq FROM seq_1_to_{orders} o, seq_1_to_{linesPerOrder} l;
            ANALYZE TABLE customers, orders, order_lines;
            """));
    }

    /// <summary>Writes until cancelled, one small transaction after another (at most a few hundred a second, as a busy shop would).</summary>
    public async Task RunAsync(int customers, int orders, CancellationToken stop)
    {
        var changes = new ShopChanges(customers, orders, "NOW(6)");
        await using var connection = await database.OpenAsync();
        while (!stop.IsCancellationRequested)
        {
            await using var command = new MySqlCommand(changes.NextTransaction(), connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
            Transactions++;
            await Task.Delay(2, CancellationToken.None);
        }
    }

    /// <summary>Waits until both targets hold every row of the three tables as the source does.</summary>
    public static async Task WaitForTargetsEqualAsync(MariaDbPipeline pipeline, TimeSpan timeout)
    {
        foreach (var (table, columns, orderBy) in Compared)
            await pipeline.WaitForEqualAsync(timeout, table, columns, orderBy);
    }
}
