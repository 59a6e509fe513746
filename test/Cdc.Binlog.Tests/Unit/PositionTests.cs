namespace Cdc.Binlog.Tests.Unit;

public sealed class PositionTests
{
    [Fact]
    public void Binlog_position_parses_formats_and_orders_by_file_sequence_then_offset()
    {
        var a = BinlogPosition.Parse("mariadb-bin.000009:1234");
        var b = new BinlogPosition("mariadb-bin.000010", 4);
        var c = new BinlogPosition("mariadb-bin.000010", 5);

        a.Should().Be(new BinlogPosition("mariadb-bin.000009", 1234));
        a.ToString().Should().Be("mariadb-bin.000009:1234");
        a.FileSequence.Should().Be(9);
        (a < b).Should().BeTrue("file 10 comes after file 9 whatever the offsets");
        (b < c).Should().BeTrue();
        (c >= b).Should().BeTrue();
        new[] { c, a, b }.Order().Should().Equal(a, b, c);
        new BinlogPosition("bin.999999", 4).Should().BeLessThan(new BinlogPosition("bin.1000000", 4), "numeric, not textual, order");
    }

    [Theory]
    [InlineData("")]
    [InlineData("file")]
    [InlineData(":12")]
    [InlineData("file:-1")]
    [InlineData("file:x")]
    public void Binlog_position_rejects_malformed_text(string text)
    {
        BinlogPosition.TryParse(text, out _).Should().BeFalse();
        var act = () => BinlogPosition.Parse(text);
        act.Should().Throw<FormatException>().WithMessage("*file:position*");
    }

    [Fact]
    public void Mariadb_gtid_and_state_parse_and_format()
    {
        MariaDbGtid.Parse("0-1-42").Should().Be(new MariaDbGtid(0, 1, 42));
        new MariaDbGtid(1, 2, 18446744073709551615).ToString().Should().Be("1-2-18446744073709551615");
        var state = MariaDbGtidState.Parse(" 1-2-7 , 0-1-42");
        state.ToString().Should().Be("0-1-42,1-2-7");
        state.Advance(new MariaDbGtid(1, 3, 8)).ToString().Should().Be("0-1-42,1-3-8");
        state.Should().Be(MariaDbGtidState.Parse("0-1-42,1-2-7"));
        MariaDbGtidState.Parse("").Should().Be(MariaDbGtidState.Empty);
        var bad = () => MariaDbGtid.Parse("0-1");
        bad.Should().Throw<FormatException>().WithMessage("*domain-server-sequence*");
        var twice = () => MariaDbGtidState.Parse("0-1-1,0-2-2");
        twice.Should().Throw<ArgumentException>().WithMessage("*Domain 0*");
    }

    [Fact]
    public void Mysql_gtid_set_parses_merges_and_formats_like_gtid_executed()
    {
        var set = MySqlGtidSet.Parse("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:7,\n 3e11fa47-71ca-11e1-9e33-c80aa9429562:6, 00000000-0000-0000-0000-000000000001:3");

        set.ToString().Should().Be("00000000-0000-0000-0000-000000000001:3,3e11fa47-71ca-11e1-9e33-c80aa9429562:1-7");
        set.Contains(MySqlGtid.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:7")).Should().BeTrue();
        set.Contains(MySqlGtid.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:8")).Should().BeFalse();
        set.Add(MySqlGtid.Parse("00000000-0000-0000-0000-000000000001:4")).ToString()
            .Should().StartWith("00000000-0000-0000-0000-000000000001:3-4,");
        MySqlGtidSet.Parse("").Should().Be(MySqlGtidSet.Empty);
        var bad = () => MySqlGtidSet.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:5-1");
        bad.Should().Throw<FormatException>();
    }

    [Fact]
    public void Mysql_gtid_set_encodes_for_com_binlog_dump_gtid()
    {
        // n_sids u64; per sid: 16 uuid bytes, n_intervals u64, then start u64 and exclusive end u64 per interval.
        var set = MySqlGtidSet.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7");

        set.Encode().Should().Equal(new Bytes().U64(1).Hex("3E11FA4771CA11E19E33C80AA9429562").U64(2).U64(1).U64(6).U64(7).U64(8).ToArray());
        MySqlGtidSet.Empty.Encode().Should().Equal(new byte[8]);
    }

    [Fact]
    public void MySqlDateTime_helpers()
    {
        var value = new MySqlDateTime(2024, 2, 29, 23, 59, 58, 123456);

        value.ToString().Should().Be("2024-02-29 23:59:58.123456");
        value.ToDateTime().Should().Be(new DateTime(2024, 2, 29, 23, 59, 58).AddTicks(1_234_560));
        value.ToUtcDateTimeOffset().Offset.Should().Be(TimeSpan.Zero);
        value.ToDateOnly().Should().Be(new DateOnly(2024, 2, 29));
        MySqlDateTime.FromDateTime(value.ToDateTime()).Should().Be(value);
        value.IsZero.Should().BeFalse();
        MySqlDateTime.Zero.IsZero.Should().BeTrue();
        MySqlDateTime.Zero.ToString().Should().Be("0000-00-00 00:00:00");
        var partial = new MySqlDateTime(2024, 0, 15, 0, 0, 0, 0);
        partial.HasZeroParts.Should().BeTrue();
        partial.TryToDateTime(DateTimeKind.Unspecified, out _).Should().BeFalse();
        var act = () => partial.ToDateTime();
        act.Should().Throw<InvalidOperationException>().WithMessage("*HasZeroParts*");
    }

    [Fact]
    public void Options_parse_a_mysql_uri()
    {
        var options = BinlogClientOptions.FromUri("mysql://cdc:p%40ss@db.example:13306/shop");

        (options.Host, options.Port, options.User, options.Password, options.Database).Should().Be(("db.example", 13306, "cdc", "p@ss", "shop"));
        BinlogClientOptions.FromUri("mysql://root@localhost").Port.Should().Be(3306);
        var bad = () => BinlogClientOptions.FromUri("postgres://x@y/z");
        bad.Should().Throw<FormatException>();
    }
}
