using Cdc.Appliers;
using Cdc.Appliers.Writing;
using Cdc.Connections;
using Cdc.Model;

namespace Cdc.Tests.Writing;

public sealed class MySqlDialectTests
{
    private static readonly MySqlDialect Dialect = new();
    private static readonly ColumnDefinition Id = new("id", ColumnKind.Int64, "bigint", Nullable: false, IsKey: true);
    private static readonly ColumnDefinition Name = new("na`me", ColumnKind.String, "varchar(10)", Length: 10);

    [Fact]
    public void An_upsert_updates_the_non_key_columns_on_a_duplicate_key_and_a_key_only_table_does_nothing()
    {
        Dialect.Upsert("`t`", [Id, Name], [["?", "?"]], [Id], [Name]).Should()
            .Be("INSERT INTO `t` (`id`, `na``me`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `na``me` = VALUES(`na``me`)");
        Dialect.Upsert("`t`", [Id], [["?"]], [Id], []).Should()
            .Be("INSERT INTO `t` (`id`) VALUES (?) ON DUPLICATE KEY UPDATE `id` = VALUES(`id`)");
    }

    [Fact]
    public void A_key_move_updates_the_old_row_else_upserts_the_new_one_with_parameters_in_set_where_values_order()
    {
        var table = new TableDefinition(new TableId("shop", "t"), [Id, Name]);
        var source = new SourceInfo("o", DatabaseEngine.MySql, "shop", new Positions.SourcePosition(1, 4, 0), "f.000001:4", "0-1-1", DateTimeOffset.UnixEpoch);
        var change = new ChangeRecord(Operation.Update, table, new RowImage([1L, "a"]), new RowImage([101L, "b"]), source);

        var statement = new ChangeStatements(Dialect).For(change)!;

        statement.Sql.Should().Be(
            "UPDATE `t` SET `id` = ?, `na``me` = ? WHERE `id` = ?; " +
            "INSERT INTO `t` (`id`, `na``me`) SELECT ?, ? FROM DUAL WHERE ROW_COUNT() = 0 ON DUPLICATE KEY UPDATE `na``me` = VALUES(`na``me`)");
        statement.Parameters.Select(p => p.Item2).Should().Equal(101L, "b", 1L, 101L, "b");
    }

    [Fact]
    public void A_table_without_a_key_changes_one_matching_row_and_truncate_stays_in_the_transaction()
    {
        Dialect.ChangeOneRow("`t`", null, "`a` <=> ?").Should().Be("DELETE FROM `t` WHERE `a` <=> ? LIMIT 1");
        Dialect.ChangeOneRow("`t`", "`a` = ?", "`a` <=> ?").Should().Be("UPDATE `t` SET `a` = ? WHERE `a` <=> ? LIMIT 1");
        Dialect.Truncate(["`t`"]).Should().Be("SET SESSION foreign_key_checks = 0; DELETE FROM `t`; SET SESSION foreign_key_checks = 1");
        Dialect.TableName(new TableId("public", "t")).Should().Be("`t`", "the target database is the container");
    }

    [Theory]
    [InlineData(ColumnKind.String, null, false, "LONGTEXT")]
    [InlineData(ColumnKind.String, 40, false, "VARCHAR(40)")]
    [InlineData(ColumnKind.String, null, true, "VARCHAR(255)")]
    [InlineData(ColumnKind.String, 5000, true, "VARCHAR(768)")]
    [InlineData(ColumnKind.Bytes, null, false, "LONGBLOB")]
    [InlineData(ColumnKind.TimestampTz, null, false, "DATETIME(6)")]
    [InlineData(ColumnKind.Numeric, null, false, "DECIMAL(65,30)")]
    public void Column_types_stay_within_mysql_limits(ColumnKind kind, int? length, bool isKey, string expected) =>
        Dialect.ColumnType(new ColumnDefinition("c", kind, "", IsKey: isKey, Length: length)).Should().Be(expected);

    [Fact]
    public void Values_are_sent_as_mysql_reads_them_and_what_it_cannot_hold_is_clamped_or_refused()
    {
        var date = new ColumnDefinition("d", ColumnKind.Date, "date");
        var stamp = new ColumnDefinition("ts", ColumnKind.TimestampTz, "timestamptz", Precision: 6);
        var time = new ColumnDefinition("t", ColumnKind.Time, "time");
        Dialect.ParameterValue(date, 19782).Should().Be("2024-02-29");
        Dialect.ParameterValue(date, int.MinValue).Should().Be("0000-00-00");
        Dialect.ParameterValue(stamp, 1_709_210_096_123_456L).Should().Be("2024-02-29 12:34:56.123456");
        Dialect.ParameterValue(stamp, long.MaxValue).Should().Be("9999-12-31 23:59:59.999999");
        Dialect.ParameterValue(time, -3_723_000_001L).Should().Be("-01:02:03.000001");

        var act = () => Dialect.ParameterValue(new ColumnDefinition("price", ColumnKind.Decimal, "numeric(10,2)"), "NaN");
        act.Should().Throw<ApplyException>().WithMessage("*price*NaN*cannot store*");
    }
}
