using Cdc.Appliers.Writing;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Positions;

namespace Cdc.Tests.Appliers;

public sealed class StatementCoalescerTests
{
    private static readonly TableDefinition Orders = new(new TableId("shop", "orders"),
    [
        new ColumnDefinition("id", ColumnKind.Int64, "bigint", Nullable: false, IsKey: true),
        new ColumnDefinition("status", ColumnKind.String, "text"),
        new ColumnDefinition("notes", ColumnKind.String, "text"),
    ]);

    private static readonly TableDefinition Lines = new(new TableId("shop", "lines"),
    [
        new ColumnDefinition("order_id", ColumnKind.Int64, "bigint", Nullable: false, IsKey: true),
        new ColumnDefinition("line", ColumnKind.Int32, "integer", Nullable: false, IsKey: true),
        new ColumnDefinition("sku", ColumnKind.Bytes, "bytea"),
    ]);

    private static readonly TableDefinition Blobs = new(new TableId("shop", "blobs"),
    [
        new ColumnDefinition("hash", ColumnKind.Bytes, "bytea", Nullable: false, IsKey: true),
    ]);

    private static readonly TableDefinition History = new(new TableId("shop", "history"),
    [
        new ColumnDefinition("at", ColumnKind.Int64, "bigint"),
    ]);

    private readonly List<ChangeRecord> _unmatched = [];

    [Fact]
    public void Consecutive_inserts_reads_and_updates_of_distinct_keys_become_one_upsert_in_source_order()
    {
        var statements = Coalesce(Insert(Orders, 1L, "new", "a"), Change(Orders, Operation.Read, null, Row(2L, "old", "b")),
            Change(Orders, Operation.Update, Row(3L, "x", "c"), Row(3L, "paid", "c")));

        statements.Should().ContainSingle().Which.Sql.Should().Be(
            "INSERT INTO \"shop\".\"orders\" (\"id\", \"status\", \"notes\") VALUES ($1::bigint, $2::text, $3::text), ($4::bigint, $5::text, $6::text), " +
            "($7::bigint, $8::text, $9::text) ON CONFLICT (\"id\") DO UPDATE SET \"status\" = EXCLUDED.\"status\", \"notes\" = EXCLUDED.\"notes\"");
        statements[0].Parameters.Select(p => p.Value).Should().Equal(1L, "new", "a", 2L, "old", "b", 3L, "paid", "c");
    }

    [Fact]
    public void A_repeated_key_starts_a_new_run_so_both_changes_apply_in_order()
    {
        var statements = Coalesce(Insert(Orders, 1L, "new", "a"), Insert(Orders, 2L, "new", "b"), Insert(Orders, 1L, "paid", "a"), Insert(Orders, 3L, "new", "c"));

        statements.Select(s => s.Parameters.Count).Should().Equal(6, 6);
        statements.Select(s => s.Parameters[0].Value).Should().Equal(1L, 1L);
        statements[1].Parameters.Select(p => p.Value).Should().Equal(1L, "paid", "a", 3L, "new", "c");
    }

    [Fact]
    public void Another_table_another_kind_or_other_available_columns_end_a_run()
    {
        var withoutNotes = new RowImage([4L, "paid", null], [false, false, true]);

        var statements = Coalesce(Insert(Orders, 1L, "new", "a"), Insert(Lines, 1L, 1, new byte[] { 1 }), Insert(Orders, 2L, "new", "b"),
            Change(Orders, Operation.Delete, Row(1L, null, null), null), Insert(Orders, 3L, "new", "c"),
            Change(Orders, Operation.Update, null, withoutNotes), Change(Orders, Operation.Update, null, new RowImage([5L, "paid", null], [false, false, true])));

        // An update without some columns updates an existing row only (see UnavailableColumnStatementTests): one statement each.
        statements.Select(s => s.Sql[..11]).Should().Equal("INSERT INTO", "INSERT INTO", "INSERT INTO", "DELETE FROM", "INSERT INTO", "UPDATE \"sho", "UPDATE \"sho");
        statements.Select(s => s.Parameters[0].Value).Should().Equal(1L, 1L, 2L, 1L, 3L, "paid", "paid");
        statements[5].Sql.Should().NotContain("notes");
        statements[6].Parameters[^1].Value.Should().Be(5L);
    }

    [Fact]
    public void Another_version_of_the_same_table_ends_a_run()
    {
        var widened = new TableDefinition(Orders.Id, [.. Orders.Columns.Take(2), Orders.Columns[2] with { SourceType = "varchar(10)", Length = 10 }]);

        var statements = Coalesce(Insert(Orders, 1L, "new", "a"), Insert(widened, 2L, "new", "b"));

        statements.Should().HaveCount(2);
        statements[1].Sql.Should().Contain("$3::varchar(10)");
    }

    [Fact]
    public void Deletes_by_key_share_one_statement_single_and_composite_keys()
    {
        var statements = Coalesce(Change(Orders, Operation.Delete, Row(1L, null, null), null), Change(Orders, Operation.Delete, Row(2L, null, null), null),
            Change(Lines, Operation.Delete, Row(1L, 1, null), null), Change(Lines, Operation.Delete, Row(1L, 2, null), null));

        statements.Select(s => s.Sql).Should().Equal(
            "DELETE FROM \"shop\".\"orders\" WHERE \"id\" IN ($1::bigint, $2::bigint)",
            "DELETE FROM \"shop\".\"lines\" WHERE (\"order_id\", \"line\") IN (($1::bigint, $2::integer), ($3::bigint, $4::integer))");
        statements[1].Parameters.Select(p => p.Value).Should().Equal(1L, 1, 1L, 2);
    }

    [Fact]
    public void A_run_ends_at_the_parameter_limit()
    {
        var statements = Coalesce(new StatementCoalescer(new PostgresDialect(), 7), Enumerable.Range(1, 5).Select(i => Insert(Orders, (long)i, "new", "a")).ToArray());

        statements.Select(s => s.Parameters.Count).Should().Equal(6, 6, 3);
    }

    [Fact]
    public void With_no_parameters_to_spare_every_change_has_its_statement_of_one_row()
    {
        var statements = Coalesce(new StatementCoalescer(new PostgresDialect(), 0), Insert(Orders, 1L, "new", "a"), Insert(Orders, 2L, "new", "b"),
            Change(Orders, Operation.Delete, Row(1L, null, null), null), Change(Orders, Operation.Delete, Row(2L, null, null), null));

        statements.Select(s => s.Sql[..11]).Should().Equal("INSERT INTO", "INSERT INTO", "DELETE FROM", "DELETE FROM");
        statements[2].Sql.Should().Be("DELETE FROM \"shop\".\"orders\" WHERE \"id\" = $1::bigint");
    }

    [Fact]
    public void Key_moves_and_keyless_changes_keep_their_own_statements_in_place()
    {
        var statements = Coalesce(Insert(Orders, 1L, "new", "a"), Change(Orders, Operation.Update, Row(2L, "new", "b"), Row(3L, "new", "b")),
            Insert(Orders, 4L, "new", "a"), Insert(History, 1L), Insert(History, 2L), Change(History, Operation.Update, null, Row(3L)), Insert(Orders, 5L, "new", "a"));

        statements.Select(s => s.Sql[..11]).Should().Equal("INSERT INTO", "WITH moved ", "INSERT INTO", "INSERT INTO", "INSERT INTO", "INSERT INTO");
        statements.Select(s => s.Parameters.Count).Should().Equal(3, 7, 3, 1, 1, 3);
        _unmatched.Should().ContainSingle().Which.Table.Should().Be(History);
    }

    [Fact]
    public void Byte_array_keys_compare_by_content()
    {
        var statements = Coalesce(Insert(Blobs, new byte[] { 1, 2 }), Insert(Blobs, new byte[] { 3 }), Insert(Blobs, new byte[] { 1, 2 }));

        statements.Select(s => s.Parameters.Count).Should().Equal(2, 1);
    }

    [Fact]
    public void MySql_upserts_rows_with_one_values_list()
    {
        var statements = Coalesce(new StatementCoalescer(new MySqlDialect(), 2000), Insert(Orders, 1L, "new", "a"), Insert(Orders, 2L, "new", "b"));

        statements.Should().ContainSingle().Which.Sql.Should().Be(
            "INSERT INTO `orders` (`id`, `status`, `notes`) VALUES (?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE `status` = VALUES(`status`), `notes` = VALUES(`notes`)");
    }

    [Fact]
    public void Consecutive_truncates_are_one_truncation_of_their_tables_in_its_place()
    {
        var statements = Coalesce(Insert(Orders, 1L, "new", "a"), Change(Orders, Operation.Truncate, null, null), Change(Lines, Operation.Truncate, null, null),
            Insert(Orders, 2L, "new", "b"));

        statements.Select(s => s.Sql[..11]).Should().Equal("INSERT INTO", "TRUNCATE \"s", "INSERT INTO");
        statements[1].Sql.Should().Be("TRUNCATE \"shop\".\"orders\", \"shop\".\"lines\"");
    }

    [Fact]
    public void MySql_empties_truncated_tables_together_with_foreign_key_checks_off()
    {
        var statements = Coalesce(new StatementCoalescer(new MySqlDialect(), 2000), Change(Orders, Operation.Truncate, null, null), Change(Lines, Operation.Truncate, null, null));

        statements.Should().ContainSingle().Which.Sql.Should().Be(
            "SET SESSION foreign_key_checks = 0; DELETE FROM `orders`; DELETE FROM `lines`; SET SESSION foreign_key_checks = 1");
    }

    private List<SqlStatement> Coalesce(params ChangeRecord[] changes) => Coalesce(new StatementCoalescer(new PostgresDialect(), 2000), changes);

    private List<SqlStatement> Coalesce(StatementCoalescer coalescer, params ChangeRecord[] changes) => coalescer.For(changes, _unmatched.Add).ToList();

    private static ChangeRecord Insert(TableDefinition table, params object?[] values) => Change(table, Operation.Create, null, Row(values));

    private static RowImage Row(params object?[] values) => new(values);

    private static ChangeRecord Change(TableDefinition table, Operation op, RowImage? before, RowImage? after) =>
        new(op, table, before, after, new SourceInfo("head", DatabaseEngine.Postgres, "shop", new SourcePosition(0, 1, 0), "0/1", "1", DateTimeOffset.UnixEpoch));
}
