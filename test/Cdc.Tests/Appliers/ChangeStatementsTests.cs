using Cdc.Appliers.Writing;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Positions;

namespace Cdc.Tests.Appliers;

public sealed class ChangeStatementsTests
{
    private static readonly TableDefinition Orders = new(new TableId("shop", "orders"),
    [
        new ColumnDefinition("id", ColumnKind.Int64, "bigint", Nullable: false, IsKey: true),
        new ColumnDefinition("status", ColumnKind.String, "text"),
        new ColumnDefinition("notes", ColumnKind.String, "text"),
    ]);

    private static readonly TableDefinition History = new(new TableId("shop", "history"),
    [
        new ColumnDefinition("at", ColumnKind.TimestampTz, "timestamptz"),
        new ColumnDefinition("doc", ColumnKind.Json, "json"),
    ]);

    private readonly ChangeStatements _statements = new(new PostgresDialect());

    [Fact]
    public void Inserts_are_upserts_by_key()
    {
        var sql = _statements.For(Change(Orders, Operation.Create, null, Row(1L, "new", "n")))!;

        sql.Sql.Should().Be("INSERT INTO \"shop\".\"orders\" (\"id\", \"status\", \"notes\") VALUES ($1::bigint, $2::text, $3::text) " +
                            "ON CONFLICT (\"id\") DO UPDATE SET \"status\" = EXCLUDED.\"status\", \"notes\" = EXCLUDED.\"notes\"");
        sql.Parameters.Select(p => p.Value).Should().Equal(1L, "new", "n");
    }

    [Fact]
    public void Unavailable_columns_are_left_out_so_the_target_keeps_them()
    {
        var after = new RowImage([1L, "paid", null], [false, false, true]);

        var sql = _statements.For(Change(Orders, Operation.Update, null, after))!;

        sql.Sql.Should().NotContain("notes");
        sql.Parameters.Should().HaveCount(2);
    }

    [Fact]
    public void An_update_that_moves_the_key_updates_the_old_row_else_upserts_the_new_one()
    {
        var sql = _statements.For(Change(Orders, Operation.Update, Row(1L, "new", "n"), Row(2L, "new", "n")))!;

        sql.Sql.Should().Be(
            "WITH moved AS (UPDATE \"shop\".\"orders\" SET \"id\" = $1::bigint, \"status\" = $2::text, \"notes\" = $3::text WHERE \"id\" = $4::bigint RETURNING 1) " +
            "INSERT INTO \"shop\".\"orders\" (\"id\", \"status\", \"notes\") SELECT $5::bigint, $6::text, $7::text WHERE NOT EXISTS (SELECT 1 FROM moved) " +
            "ON CONFLICT (\"id\") DO UPDATE SET \"status\" = EXCLUDED.\"status\", \"notes\" = EXCLUDED.\"notes\"");
        sql.Parameters.Select(p => p.Value).Should().Equal(2L, "new", "n", 1L, 2L, "new", "n");
    }

    [Fact]
    public void Deletes_match_the_key_only()
    {
        var before = new RowImage([1L, null, null], [false, true, true]);

        var sql = _statements.For(Change(Orders, Operation.Delete, before, null))!;

        sql.Sql.Should().Be("DELETE FROM \"shop\".\"orders\" WHERE \"id\" = $1::bigint");
    }

    [Fact]
    public void Tables_without_a_key_change_one_row_matching_the_whole_old_row()
    {
        var before = Row(5L, "{\"a\":1}");

        var sql = _statements.For(Change(History, Operation.Delete, before, null))!;

        sql.Sql.Should().Be("DELETE FROM \"shop\".\"history\" WHERE ctid = (SELECT ctid FROM \"shop\".\"history\" WHERE " +
                            "\"at\" IS NOT DISTINCT FROM $1::timestamptz AND \"doc\"::text IS NOT DISTINCT FROM $2::json::text LIMIT 1)");
    }

    [Fact]
    public void Without_the_whole_old_row_a_keyless_update_cannot_be_matched()
    {
        _statements.For(Change(History, Operation.Update, null, Row(5L, "{}"))).Should().BeNull();
        _statements.For(Change(History, Operation.Create, null, Row(5L, "{}")))!.Sql.Should().NotContain("ON CONFLICT");
    }

    [Fact]
    public void Truncates_truncate()
    {
        _statements.For(Change(Orders, Operation.Truncate, null, null))!.Sql.Should().Be("TRUNCATE \"shop\".\"orders\"");
    }

    private static RowImage Row(params object?[] values) => new(values);

    private static ChangeRecord Change(TableDefinition table, Operation op, RowImage? before, RowImage? after) =>
        new(op, table, before, after, new SourceInfo("head", DatabaseEngine.Postgres, "shop", new SourcePosition(0, 1, 0), "0/1", "1", DateTimeOffset.UnixEpoch));
}
