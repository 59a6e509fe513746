namespace Cdc.IntegrationTests.Snapshot;

/// <summary>
/// The snapshot shop writer's transactions, the same on PostgreSQL and MariaDB from a fixed seed: balance updates,
/// new orders with their lines, order updates, order deletes, order-line key moves and quantity updates. Only the
/// current-time expression differs per engine.
/// </summary>
public sealed class ShopChanges(int customers, int orders, string now)
{
    private readonly Random _random = new(42);
    private long _nextOrder = 10_000_000L;

    /// <summary>The next transaction, whole (<c>START TRANSACTION; ...; COMMIT;</c>: both engines take that spelling).</summary>
    public string NextTransaction()
    {
        var customer = _random.Next(1, customers + 1);
        var order = _random.Next(1, orders + 1);
        var sql = _random.Next(6) switch
        {
            0 => $"UPDATE customers SET balance = balance + 1 WHERE id = {customer}",
            1 => $"INSERT INTO orders VALUES ({++_nextOrder}, {customer}, 1.50, 'new', {now}); INSERT INTO order_lines VALUES ({_nextOrder}, 1, 1), ({_nextOrder}, 2, 2)",
            2 => $"UPDATE orders SET note = CONCAT('order ', id, ' changed ', {_random.Next(1000)}), amount = amount + 1 WHERE id = {order}",
            3 => $"DELETE FROM order_lines WHERE order_id = {order}; DELETE FROM orders WHERE id = {order}",
            4 => $"UPDATE order_lines SET line = line + 100 WHERE order_id = {order} AND line = 1",
            _ => $"UPDATE order_lines SET qty = qty + 1 WHERE order_id = {order}",
        };
        return $"START TRANSACTION; {sql}; COMMIT;";
    }
}
