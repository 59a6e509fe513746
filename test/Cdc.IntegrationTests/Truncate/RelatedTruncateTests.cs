namespace Cdc.IntegrationTests.Truncate;

/// <summary>
/// PostgreSQL's <c>TRUNCATE a, b</c> of tables that reference each other reaches a target that carries the same foreign
/// keys as one truncation of both: one statement on PostgreSQL, foreign-key-safe on MariaDB; never a retry loop.
/// </summary>
public sealed class RelatedTruncateTests
{
    /// <summary>Both engines take it: orders and order_lines reference each other.</summary>
    private const string Tables = """
        CREATE TABLE orders (id integer PRIMARY KEY, best_line integer);
        CREATE TABLE order_lines (id integer PRIMARY KEY, order_id integer, FOREIGN KEY (order_id) REFERENCES orders (id));
        ALTER TABLE orders ADD FOREIGN KEY (best_line) REFERENCES order_lines (id);
        """;

    [Theory]
    [InlineData("postgres")]
    [InlineData("mariadb")]
    public async Task Truncating_two_tables_that_reference_each_other_empties_both_at_a_target_with_the_same_foreign_keys(string engine)
    {
        await using var source = await PostgresDatabase.CreateAsync("reltrunc_src");
        await using var target = await TruncateTarget.CreateAsync(engine, "reltrunc_tgt");
        var office = TestServers.UniqueName("reltrunc").ToLowerInvariant();
        try
        {
            await source.ExecuteAsync(Tables);
            await target.ExecuteAsync(Tables);
            await using var capture = CdcProcess.Start("capture", "--office", office, "--source", source.UriText, "--broker", TestServers.Broker);
            await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
            await using var apply = CdcProcess.Start("apply", "--name", "reltrunc", "--streams", $"cdc.{office}", "--target", target.UriText, "--broker", TestServers.Broker);
            await source.ExecuteAsync("""
                INSERT INTO orders VALUES (1, NULL), (2, NULL);
                INSERT INTO order_lines VALUES (10, 1), (20, 2);
                UPDATE orders SET best_line = id * 10;
                """);
            await Eventually.ReachAsync(() => target.CountAsync("orders", "best_line IS NOT NULL"), n => n == 2, TimeSpan.FromSeconds(60), n => $"{n} orders with their best line");

            await source.ExecuteAsync("TRUNCATE orders, order_lines");
            await source.ExecuteAsync("INSERT INTO orders VALUES (3, NULL); INSERT INTO order_lines VALUES (30, 3);");

            await Eventually.ReachAsync(() => target.CountAsync("order_lines", "id = 30"), n => n == 1, TimeSpan.FromSeconds(60), n => $"{n} order_lines after the truncate");
            (await target.CountAsync("orders")).Should().Be(1, "the truncate emptied orders before order 3 came");
            (await target.CountAsync("order_lines")).Should().Be(1, "the truncate emptied order_lines before line 30 came");
            apply.Output.Should().NotContain("interrupted", "the truncate applied at once, not after retries");
        }
        finally
        {
            await BrokerStreams.DeleteAsync($"cdc.{office}");
        }
    }
}
