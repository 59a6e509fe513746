using Cdc.IntegrationTests.Harness;
using Cdc.Streams.Broker;
using Cdc.Schemas.Compatibility;
using Cdc.Schemas.Registry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdc.IntegrationTests.Schemas;

/// <summary>
/// The DDL these tests run at the source while a workload writes, each followed by a change so that each becomes its
/// own version: add a column without and with a default, widen two types, rename, drop, and add a table.
/// </summary>
internal static class SchemaEvolution
{
    public const string Create = """
        CREATE TABLE items (id integer PRIMARY KEY, qty integer, name varchar(20) NOT NULL, old_col text NOT NULL DEFAULT 'old');
        """;

    /// <summary>Rows written once the capturer runs (nothing snapshots what was there before its slot).</summary>
    public const string Seed = "INSERT INTO items (id, qty, name) SELECT i, i, 'item ' || i FROM generate_series(1, 20) i";

    public static readonly string[] Steps =
    [
        "ALTER TABLE items ADD COLUMN note text",
        "ALTER TABLE items ADD COLUMN status text NOT NULL DEFAULT 'new'",
        "ALTER TABLE items ALTER COLUMN qty TYPE bigint",
        "ALTER TABLE items ALTER COLUMN name TYPE varchar(40)",
        "ALTER TABLE items RENAME COLUMN note TO remark",
        "ALTER TABLE items DROP COLUMN old_col",
    ];

    /// <summary>What the registry must hold between consecutive versions of items, one step each.</summary>
    public static readonly ColumnChangeKind[] Expected =
    [
        ColumnChangeKind.AddedOptional, ColumnChangeKind.AddedOptional, ColumnChangeKind.Widened,
        ColumnChangeKind.Widened, ColumnChangeKind.Renamed, ColumnChangeKind.RemovedOptional,
    ];

    /// <summary>The columns source and target share whatever the dropped-column policy.</summary>
    public const string Compared = "(SELECT id, qty, name, remark, status FROM items)";

    /// <summary>
    /// Runs the steps, each followed by its own changes, then adds a table (the publication is FOR ALL TABLES). Each
    /// step waits until the capturer acknowledged the previous step's changes, as DDL at an office is not issued within milliseconds
    /// of the last: the capturer reads the catalog when a Relation message arrives, and a column renamed twice before
    /// it catches up cannot be told apart from a new one (see PgTypeMapper).
    /// </summary>
    public static async Task RunAsync(PostgresDatabase source)
    {
        await source.ExecuteAsync(Seed);
        var next = 1000;
        foreach (var step in Steps)
        {
            await source.ExecuteAsync(step);
            var before = await source.ScalarAsync<string>("SELECT pg_current_wal_insert_lsn()::text");
            await source.ExecuteAsync($"INSERT INTO items (id, qty, name) VALUES ({next}, {next}, 'after step {next - 999}')");
            await source.ExecuteAsync($"UPDATE items SET qty = qty + 1 WHERE id = {next - 999}");
            if (step.Contains("remark", StringComparison.Ordinal) || step.Contains("note", StringComparison.Ordinal))
                await source.ExecuteAsync($"UPDATE items SET {(step.Contains("RENAME") ? "remark" : "note")} = 'noted {next}' WHERE id = {next}");
            await CapturedAsync(source, before!);
            next++;
        }
        await source.ExecuteAsync("UPDATE items SET qty = 3000000000 WHERE id = 2"); // only fits the widened bigint
        await source.ExecuteAsync("UPDATE items SET name = 'a name longer than twenty characters' WHERE id = 3"); // and varchar(40)
        await source.ExecuteAsync("CREATE TABLE extra (id integer PRIMARY KEY, label text); INSERT INTO extra VALUES (1, 'one'), (2, 'two');");
    }

    /// <summary>
    /// Waits until the capturer's slot acknowledged a transaction that ended after <paramref name="before"/> (it
    /// acknowledges after the broker's confirm, and moves the slot to that transaction's end). Not "everything written
    /// so far": the server is shared, and other databases' WAL is nothing this slot will ever acknowledge.
    /// </summary>
    private static async Task CapturedAsync(PostgresDatabase source, string before) =>
        await Eventually.ReachAsync(
            () => source.ScalarAsync<bool>($"SELECT coalesce(bool_and(confirmed_flush_lsn > '{before}'::pg_lsn), false) FROM pg_replication_slots WHERE database = current_database()"),
            acknowledged => acknowledged,
            TimeSpan.FromSeconds(20),
            _ => $"the slot has not acknowledged a transaction after {before}");

    /// <summary>A target table's columns as information_schema shows them: name, type, length, nullable, default.</summary>
    public static Task<string?> ColumnsAsync(PostgresDatabase database, string table) => database.ScalarAsync<string>($"""
        SELECT string_agg(column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || ' ' || is_nullable
                          || coalesce(' ' || column_default, ''), ', ' ORDER BY ordinal_position)
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}'
        """);

    public static async Task<SchemaRegistry> OpenRegistryAsync(string broker) =>
        await SchemaRegistry.OpenAsync(BrokerEndpoint.Parse(broker), "cdc tests", NullLogger.Instance, CancellationToken.None);
}
