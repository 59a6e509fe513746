using Cdc.IntegrationTests.Harness;

namespace Cdc.IntegrationTests.Schemas;

/// <summary>
/// A source table's primary key changes (widened, added to a keyless table, replaced): the targets take the new key, so
/// rows distinct at the source stay distinct (a MariaDB target merged them under the old key) and upserts keep working
/// (a PostgreSQL target's ON CONFLICT matched no constraint any more, for ever). A target whose rows cannot take the new
/// key stops the applier with the statement to run.
/// </summary>
public sealed class KeyChangeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_key_widened_and_a_key_added_at_a_postgresql_source_become_the_keys_of_both_target_engines()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("key_change");
        await using var mariaDb = await MariaDbDatabase.CreateAsync("key_change_my");
        await pipeline.Source.ExecuteAsync("""
            CREATE TABLE accounts (id integer PRIMARY KEY, region text NOT NULL, qty integer);
            CREATE TABLE history (a integer NOT NULL, b text);
            ALTER TABLE history REPLICA IDENTITY FULL;
            """);
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        await pipeline.Source.ExecuteAsync("""
            INSERT INTO accounts VALUES (1, 'north', 1), (2, 'south', 2);
            INSERT INTO history VALUES (1, 'one'), (2, 'two');
            """);
        pipeline.StartApply();
        await using var toMariaDb = CdcProcess.Start("apply", "--name", $"{pipeline.Office}_my", "--streams", pipeline.Stream, "--target", mariaDb.UriText, "--broker", pipeline.Broker);
        await pipeline.WaitForEqualAsync(Patience, ("accounts", "id"), ("history", "a"));

        await pipeline.Source.ExecuteAsync("""
            ALTER TABLE accounts DROP CONSTRAINT accounts_pkey, ADD PRIMARY KEY (id, region);
            INSERT INTO accounts VALUES (1, 'south', 10), (2, 'north', 20);
            UPDATE accounts SET qty = qty + 100 WHERE id = 1 AND region = 'north';
            ALTER TABLE history ADD PRIMARY KEY (a);
            ALTER TABLE history REPLICA IDENTITY DEFAULT;
            INSERT INTO history VALUES (3, 'three');
            UPDATE history SET b = 'uno' WHERE a = 1;
            DELETE FROM history WHERE a = 2;
            """);

        await pipeline.WaitForEqualAsync(Patience, ("accounts", "id, region"), ("history", "a"));
        (await pipeline.Target.ScalarAsync<string>(PostgresKey("public.accounts"))).Should().Be("id,region");
        (await pipeline.Target.ScalarAsync<string>(PostgresKey("public.history"))).Should().Be("a");
        await Eventually.ReachAsync(
            () => mariaDb.RowsAsync("SELECT CONCAT_WS(',', id, region, qty) FROM accounts ORDER BY id, region"),
            rows => rows.SequenceEqual(["1,north,101", "1,south,10", "2,north,20", "2,south,2"]),
            Patience,
            rows => $"MariaDB accounts: {string.Join(" | ", rows)}; applier said: {toMariaDb.Output}");
        await Eventually.ReachAsync(
            () => mariaDb.RowsAsync("SELECT CONCAT_WS(',', a, b) FROM history ORDER BY a"),
            rows => rows.SequenceEqual(["1,uno", "3,three"]),
            Patience,
            rows => $"MariaDB history: {string.Join(" | ", rows)}; applier said: {toMariaDb.Output}");
        (await mariaDb.RowsAsync(MariaDbKey("accounts"))).Should().Equal("id", "region");
        (await mariaDb.RowsAsync(MariaDbKey("history"))).Should().Equal("a");
    }

    [Fact]
    public async Task A_key_added_to_a_keyless_mariadb_table_and_then_widened_becomes_the_key_of_both_target_engines()
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("key_change_maria");
        await pipeline.Source.ExecuteAsync("CREATE TABLE stock (shop INT NOT NULL, sku VARCHAR(20) NOT NULL, bin INT NOT NULL, qty INT)");
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        await pipeline.Source.ExecuteAsync("INSERT INTO stock VALUES (1, 'a', 0, 1), (1, 'b', 0, 2), (2, 'a', 0, 3), (3, 'c', 0, 4)");
        pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();
        await pipeline.WaitForEqualAsync(Patience, "stock", "shop, sku, bin, qty", "shop, sku, bin");

        await pipeline.Source.ExecuteAsync("""
            ALTER TABLE stock ADD PRIMARY KEY (shop, sku);
            INSERT INTO stock VALUES (2, 'b', 0, 5);
            UPDATE stock SET qty = qty * 10 WHERE shop = 1;
            ALTER TABLE stock DROP PRIMARY KEY, ADD PRIMARY KEY (shop, sku, bin);
            INSERT INTO stock VALUES (1, 'a', 6, 1), (4, 'a', 7, 0);
            UPDATE stock SET qty = qty + 1 WHERE sku = 'a' AND bin = 0;
            DELETE FROM stock WHERE shop = 3;
            """);

        await pipeline.WaitForEqualAsync(Patience, "stock", "shop, sku, bin, qty", "shop, sku, bin");
        (await pipeline.MariaDbTarget.RowsAsync(MariaDbKey("stock"))).Should().Equal("shop", "sku", "bin");
        (await pipeline.PostgresRowsAsync(PostgresKey($"\"{pipeline.PostgresSchema}\".stock"))).Should().Equal("shop,sku,bin");
    }

    [Fact]
    public async Task A_target_whose_rows_cannot_take_the_new_key_stops_the_applier_with_the_statement_to_run()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("key_narrowed");
        await pipeline.Source.ExecuteAsync("""
            CREATE TABLE accounts (id integer, region text, qty integer, PRIMARY KEY (id, region));
            INSERT INTO accounts VALUES (1, 'north', 1);
            """);
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        var apply = pipeline.StartApply();
        await pipeline.WaitForEqualAsync(Patience, ("accounts", "id, region"));
        await pipeline.Target.ExecuteAsync("INSERT INTO public.accounts VALUES (1, 'by hand', 0)");

        await pipeline.Source.ExecuteAsync("""
            ALTER TABLE accounts DROP CONSTRAINT accounts_pkey, ADD PRIMARY KEY (id);
            UPDATE accounts SET qty = 2;
            """);

        (await apply.WaitForExitAsync(Patience)).Should().Be(1, apply.Output);
        apply.Output.Should().Contain("The primary key of public.accounts changed at the source from (id, region) to (id)")
            .And.Contain("ALTER TABLE \"public\".\"accounts\" DROP CONSTRAINT \"accounts_pkey\", ADD PRIMARY KEY (\"id\")");
        (await pipeline.Target.RowsAsync("accounts", "id, region")).Should().Equal("(1,\"by hand\",0)", "(1,north,1)");
    }

    private static string PostgresKey(string table) => $"""
        SELECT string_agg(a.attname, ',' ORDER BY array_position(c.conkey, a.attnum))
        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.conrelid = '{table}'::regclass AND c.contype = 'p'
        """;

    private static string MariaDbKey(string table) =>
        $"SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION";
}
