using Cdc.Binlog;
using Cdc.Capture.MySql;
using Cdc.Capture.Snapshot;
using Cdc.Model;

namespace Cdc.Tests.Snapshot;

/// <summary>The MySQL/MariaDB snapshot without a server: how the consistent read is opened, the chunk query, key literals and text values.</summary>
public sealed class MySqlSnapshotUnitTests
{
    [Theory]
    [InlineData(true, "10.11.19-MariaDB-0+deb12u1-log", "SnapshotStatus")]
    [InlineData(true, "5.3.12-MariaDB", "SnapshotStatus")]
    [InlineData(true, "5.2.14-MariaDB", "ShortReadLock")]
    [InlineData(false, "8.0.36", "ShortReadLock")]
    [InlineData(false, "8.4.3", "ShortReadLock")]
    [InlineData(false, "5.7.44-log", "ShortReadLock")]
    public void MariaDB_reads_the_snapshots_own_binlog_position_and_MySQL_pins_it_with_a_short_read_lock(bool isMariaDb, string version, string expected) =>
        MySqlConsistentRead.Choose(isMariaDb, version).ToString().Should().Be(expected);

    [Fact]
    public void A_chunk_after_a_compound_key_uses_the_expanded_comparison_that_range_scans_on_mariadb()
    {
        ChunkQuery.Build("`t`", ["`a`", "`b`", "`c`"], ["`a`", "`b`"], ["1", "'x'"], 500, expandRowComparison: true).Should()
            .Be("SELECT `a`, `b`, `c` FROM `t` WHERE (`a` > 1) OR (`a` = 1 AND `b` > 'x') ORDER BY `a`, `b` LIMIT 500");
        ChunkQuery.Build("t", ["a", "b"], ["a", "b"], ["$1", "$2"], 10, expandRowComparison: false).Should()
            .Be("SELECT a, b FROM t WHERE (a, b) > ($1, $2) ORDER BY a, b LIMIT 10");
        ChunkQuery.Build("t", ["a"], ["a"], null, 10, expandRowComparison: true).Should().Be("SELECT a FROM t ORDER BY a LIMIT 10");
    }

    [Fact]
    public void A_key_keeps_its_values_through_its_canonical_text()
    {
        var table = new TableDefinition(new TableId("shop", "t"),
        [
            new ColumnDefinition("d", ColumnKind.Date, "date", IsKey: true),
            new ColumnDefinition("n", ColumnKind.Decimal, "decimal(65,30)", IsKey: true, Precision: 65, Scale: 30),
            new ColumnDefinition("s", ColumnKind.String, "varchar(10)", IsKey: true),
            new ColumnDefinition("b", ColumnKind.Bytes, "varbinary(4)", IsKey: true),
        ]);
        var key = new SnapshotKey([int.MinValue, "-1.000000000000000000000000000001", "a'\\", new byte[] { 0, 255 }]);

        var back = SnapshotKey.FromTexts(table, key.ToTexts(table))!;

        back.Identity.Should().Be(key.Identity);
        SnapshotKey.FromTexts(table, ["1"]).Should().BeNull("a key of another shape means the table's key changed");
    }

    [Fact]
    public void Key_literals_compare_as_the_server_orders_the_column()
    {
        string Literal(ColumnKind kind, ColumnInfo info, object value) => MySqlSnapshotValues.Literal(new ColumnDefinition("c", kind, ""), info, value);
        var text = new ColumnInfo(0, ColumnType.VarChar, 40, false) { Name = "c", Collation = 45 };

        Literal(ColumnKind.String, text, "it's").Should().Be("_utf8mb4 X'69742773'");
        Literal(ColumnKind.Decimal, new ColumnInfo(0, ColumnType.NewDecimal, 65 << 8 | 30, false), "-1.000000000000000000000000000001").Should().Be("-1.000000000000000000000000000001");
        Literal(ColumnKind.Int64, new ColumnInfo(0, ColumnType.LongLong, 0, false), 42L).Should().Be("42");
        Literal(ColumnKind.Bytes, new ColumnInfo(0, ColumnType.String, 4, false) { Collation = 63 }, new byte[] { 1, 2 }).Should().Be("X'0102'");
        Literal(ColumnKind.Date, new ColumnInfo(0, ColumnType.Date, 0, false), 19_723).Should().Be("'2024-01-01'");
        Literal(ColumnKind.TimestampTz, new ColumnInfo(0, ColumnType.Timestamp2, 6, false), 1_704_067_200_000_001L).Should().Be("'2024-01-01 00:00:00.000001'");
        Literal(ColumnKind.Enum, new ColumnInfo(0, ColumnType.Enum, 0, false) { EnumValues = ["small", "large"] }, "large").Should().Be("2", "ENUM orders by index");
        Literal(ColumnKind.String, new ColumnInfo(0, ColumnType.Set, 0, false) { SetValues = ["a", "b", "c"] }, "a,c").Should().Be("5", "SET orders by bit mask");
    }

    [Fact]
    public void Text_results_become_the_binlog_clients_values()
    {
        MySqlSnapshotValues.Parse(new ColumnInfo(0, ColumnType.LongLong, 0, false) { IsUnsigned = true }, "18446744073709551615").Should().Be(ulong.MaxValue);
        MySqlSnapshotValues.Parse(new ColumnInfo(0, ColumnType.Float, 4, false), "0.10000000149011612").Should().Be(0.1f);
        MySqlSnapshotValues.Parse(new ColumnInfo(0, ColumnType.DateTime2, 6, false), "0000-00-00 00:00:00").Should().Be(MySqlDateTime.Zero);
        MySqlSnapshotValues.Parse(new ColumnInfo(0, ColumnType.DateTime2, 3, false), "2024-02-29 12:34:56.789").Should().Be(new MySqlDateTime(2024, 2, 29, 12, 34, 56, 789_000));
        MySqlSnapshotValues.Parse(new ColumnInfo(0, ColumnType.Time2, 6, false), "-838:59:59.000001").Should().Be(-TimeSpan.FromTicks(((838 * 3600L + 59 * 60 + 59) * 1_000_000 + 1) * 10));
        MySqlSnapshotValues.Parse(new ColumnInfo(0, ColumnType.VarChar, 8, false) { Collation = 63 }, "DEADBEEF").Should().BeEquivalentTo(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF });
        MySqlSnapshotValues.Parse(new ColumnInfo(0, ColumnType.Blob, 2, true) { Collation = 45 }, "text").Should().Be("text");
        MySqlSnapshotValues.Parse(new ColumnInfo(0, ColumnType.Year, 0, true), "0000").Should().Be(0);
        MySqlSnapshotValues.Parse(new ColumnInfo(0, ColumnType.Long, 0, true), null).Should().BeNull();
    }
}
