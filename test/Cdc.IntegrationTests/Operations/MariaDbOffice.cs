using System.Text;
using Cdc.IntegrationTests.Harness;

namespace Cdc.IntegrationTests.Operations;

/// <summary>
/// A MariaDB office for the operator command tests, applied into a PostgreSQL and a MariaDB target. Its keys make the
/// engines' orders disagree: text keys in mixed case and beyond ASCII under a case-insensitive collation (tags), and a
/// composite key of text and number (stock). Every table has a unique number <c>n</c> to compare rows in one order.
/// </summary>
public static class MariaDbOffice
{
    public const string Schema = """
        CREATE TABLE accounts (id int PRIMARY KEY, owner varchar(50) NOT NULL, balance decimal(12,2), n int NOT NULL UNIQUE);
        CREATE TABLE tags (code varchar(30) COLLATE utf8mb4_general_ci PRIMARY KEY, label varchar(50), n int NOT NULL UNIQUE);
        CREATE TABLE stock (shop varchar(30) NOT NULL, sku int NOT NULL, qty int, n int NOT NULL UNIQUE, PRIMARY KEY (shop, sku));
        """;

    public static readonly string[] Tables = ["accounts", "tags", "stock"];

    /// <summary>Prefixes that sort differently by collation and by bytes: upper before lower case, accents and emoji last.</summary>
    private static readonly string[] Prefixes = ["apple", "Banana", "éclair", "Zebra", "Ωmega", "Äpfel", "ñu", "🌍 world"];

    public static string Rows()
    {
        var sql = new StringBuilder();
        for (var i = 1; i <= 40; i++)
            sql.Append($"INSERT INTO accounts VALUES ({i}, 'owner {i}', {i * 10}.50, {i});\n");
        var n = 0;
        foreach (var prefix in Prefixes)
            for (var i = 0; i < 5; i++, n++)
                sql.Append($"INSERT INTO tags VALUES ('{prefix}{i:00}', 'tag {n}', {n});\n");
        for (var sku = 1; sku <= 24; sku++)
            sql.Append($"INSERT INTO stock VALUES ('{Prefixes[sku % Prefixes.Length]}', {sku}, {sku * 3}, {sku});\n");
        sql.Append("UPDATE accounts SET balance = balance + 1 WHERE id % 7 = 0;\nDELETE FROM tags WHERE code = 'Zebra03';\n");
        return sql.ToString();
    }

    /// <summary>Creates the office, captures it and applies it into both targets; returns when both targets equal the source.</summary>
    public static async Task<(MariaDbPipeline Pipeline, CdcProcess Capture, CdcProcess ToPostgres, CdcProcess ToMariaDb)> AppliedAsync(string name, params string[] captureOptions)
    {
        var pipeline = await MariaDbPipeline.CreateAsync(name);
        try
        {
            await pipeline.Source.ExecuteAsync(Schema);
            var capture = pipeline.StartCapture(captureOptions);
            await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
            await pipeline.Source.ExecuteAsync(Rows());
            var toPostgres = pipeline.StartApplyToPostgres();
            var toMariaDb = pipeline.StartApplyToMariaDb();
            await WaitForEqualAsync(pipeline);
            return (pipeline, capture, toPostgres, toMariaDb);
        }
        catch
        {
            await pipeline.DisposeAsync();
            throw;
        }
    }

    public static async Task WaitForEqualAsync(MariaDbPipeline pipeline)
    {
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), "accounts", "id, owner, balance, n", "n");
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), "tags", "code, label, n", "n");
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), "stock", "shop, sku, qty, n", "n");
    }
}
