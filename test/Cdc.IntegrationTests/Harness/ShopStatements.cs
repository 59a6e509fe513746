using System.Globalization;

namespace Cdc.IntegrationTests.Harness;

/// <summary>
/// The shop workload's statements, the same on every engine from a fixed seed: inserts of customers, orders and order
/// lines (parents before children), updates that increment a counter, deletes of the last line of an order. Each
/// statement touches exactly one row. Only the current-time expression and a name suffix differ per engine.
/// </summary>
public sealed class ShopStatements(int seed, string now, string nameSuffix = "")
{
    private readonly Random _random = new(seed);
    private readonly List<long> _customers = [];
    private readonly List<(long Order, int Lines)> _orders = [];
    private long _nextId = 1;

    /// <summary>Statements handed out so far: row changes made.</summary>
    public int Changes { get; private set; }

    public string Next()
    {
        Changes++;
        var roll = _random.Next(100);
        if (_customers.Count < 20 || roll < 15)
        {
            var id = _nextId++;
            _customers.Add(id);
            return Invariant($"INSERT INTO customers (id, name, balance) VALUES ({id}, 'customer {id}{nameSuffix}', {_random.Next(100000) / 100.0:0.00});");
        }
        if (roll < 40 || _orders.Count < 10)
        {
            var id = _nextId++;
            _orders.Add((id, 0));
            return Invariant($"INSERT INTO orders (id, customer_id, total, status, placed_at) VALUES ({id}, {Pick(_customers)}, {_random.Next(1000000) / 100.0:0.00}, 'new', {now});");
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
