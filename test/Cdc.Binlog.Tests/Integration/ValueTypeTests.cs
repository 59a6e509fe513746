using System.Globalization;

namespace Cdc.Binlog.Tests.Integration;

/// <summary>Every column type, at its limits, inserted on the real server and decoded from the row event.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class ValueTypeTests
{
    private static MySqlDateTime Dt(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int us = 0) => new(y, mo, d, h, mi, s, us);

    private static TimeSpan Time(bool negative, int h, int m, int s, int us)
    {
        var ticks = ((h * 3600L + m * 60 + s) * 1_000_000 + us) * 10;
        return TimeSpan.FromTicks(negative ? -ticks : ticks);
    }

    /// <summary>Column definition, SQL literal, expected decoded value (null: compare with the stored bytes via HEX()).</summary>
    public static readonly (string Type, string Literal, object? Expected)[] Cases =
    [
        ("TINYINT", "-128", -128L),
        ("TINYINT", "127", 127L),
        ("TINYINT UNSIGNED", "255", 255UL),
        ("SMALLINT", "-32768", -32768L),
        ("SMALLINT UNSIGNED", "65535", 65535UL),
        ("MEDIUMINT", "-8388608", -8388608L),
        ("MEDIUMINT", "8388607", 8388607L),
        ("MEDIUMINT UNSIGNED", "16777215", 16777215UL),
        ("INT", "-2147483648", -2147483648L),
        ("INT UNSIGNED", "4294967295", 4294967295UL),
        ("BIGINT", "-9223372036854775808", long.MinValue),
        ("BIGINT", "9223372036854775807", long.MaxValue),
        ("BIGINT UNSIGNED", "18446744073709551615", ulong.MaxValue),
        ("DECIMAL(65,30)", "-99999999999999999999999999999999999.999999999999999999999999999999",
            "-99999999999999999999999999999999999.999999999999999999999999999999"),
        ("DECIMAL(65,30)", "12345678901234567890.000000000000000000000000000001", "12345678901234567890.000000000000000000000000000001"),
        ("DECIMAL(20,10)", "-12345.6789", "-12345.6789000000"),
        ("DECIMAL(10,4)", "-999999.9999", "-999999.9999"),
        ("DECIMAL(5,0)", "-0", "0"),
        ("DECIMAL(4,2)", "-0.05", "-0.05"),
        ("FLOAT", "-1.5", -1.5f),
        ("DOUBLE", "1.7976931348623157e308", double.MaxValue),
        ("DOUBLE", "-2.2250738585072014e-308", -2.2250738585072014e-308),
        ("BIT(1)", "b'1'", 1UL),
        ("BIT(10)", "b'1000000001'", 513UL),
        ("BIT(64)", "0xFFFFFFFFFFFFFFFF", ulong.MaxValue),
        ("YEAR", "1901", 1901),
        ("YEAR", "2155", 2155),
        ("YEAR", "0000", 0),
        ("DATE", "'9999-12-31'", Dt(9999, 12, 31)),
        ("DATE", "'0000-00-00'", MySqlDateTime.Zero),
        ("DATE", "'2024-00-15'", Dt(2024, 0, 15)),
        ("DATETIME", "'1000-01-01 00:00:00'", Dt(1000, 1, 1)),
        ("DATETIME", "'0000-00-00 00:00:00'", MySqlDateTime.Zero),
        ("DATETIME(6)", "'9999-12-31 23:59:59.999999'", Dt(9999, 12, 31, 23, 59, 59, 999999)),
        ("TIMESTAMP(6) NULL", "'2038-01-19 08:14:07.999999'", Dt(2038, 1, 19, 3, 14, 7, 999999)), // session time zone +05:00
        ("TIMESTAMP NULL", "'2024-06-01 12:00:00'", Dt(2024, 6, 1, 7, 0, 0)),
        ("TIMESTAMP NULL", "'0000-00-00 00:00:00'", MySqlDateTime.Zero),
        ("TIME", "'-838:59:59'", Time(true, 838, 59, 59, 0)),
        ("TIME", "'838:59:59'", Time(false, 838, 59, 59, 0)),
        ("TIME(1)", "'-00:00:00.5'", Time(true, 0, 0, 0, 500000)),
        ("TIME(2)", "'-01:00:00.01'", Time(true, 1, 0, 0, 10000)),
        ("TIME(3)", "'-00:00:01.001'", Time(true, 0, 0, 1, 1000)),
        ("TIME(4)", "'-12:34:56.7891'", Time(true, 12, 34, 56, 789100)),
        ("TIME(5)", "'100:00:00.00001'", Time(false, 100, 0, 0, 10)),
        ("TIME(6)", "'-838:59:58.999999'", Time(true, 838, 59, 58, 999999)),
        ("TIME(6)", "'-00:00:00.000001'", Time(true, 0, 0, 0, 1)),
        ("CHAR(10)", "'abc'", "abc"),
        ("CHAR(255)", "REPEAT('é', 255)", new string('é', 255)),
        ("VARCHAR(300)", "'😀 emoji and ünïcödé'", "😀 emoji and ünïcödé"),
        ("VARCHAR(20) CHARACTER SET latin1", "'café € œ'", "café € œ"),
        ("CHAR(5) CHARACTER SET latin1", "'Ÿ'", "Ÿ"),
        ("TEXT", "'line1\\nline2 😀'", "line1\nline2 😀"),
        ("LONGTEXT CHARACTER SET latin1", "'ß'", "ß"),
        ("VARCHAR(10) COLLATE utf8mb4_bin", "'Bin'", "Bin"),
        ("BINARY(4)", "0x61620000", new byte[] { 0x61, 0x62, 0, 0 }),
        ("BINARY(3)", "0x00FF00", new byte[] { 0, 0xFF, 0 }),
        ("VARBINARY(10)", "0x00FF", new byte[] { 0, 0xFF }),
        ("BLOB", "0xDEADBEEF", new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }),
        ("TINYBLOB", "''", Array.Empty<byte>()),
        ("ENUM('a','b','c')", "'c'", "c"),
        ("ENUM('a','b','c')", "'not a symbol'", ""),
        ("SET('x','y','z')", "'x,z'", "x,z"),
        ("SET('x','y','z')", "''", ""),
        ("JSON", "'{\"a\": [1, 2.5, \"x\"], \"b\": null}'", "{\"a\": [1, 2.5, \"x\"], \"b\": null}"),
        ("GEOMETRY", "ST_GeomFromText('POINT(1 2)')", null),
        ("POINT", "ST_GeomFromText('POINT(-1.5 2)', 4326)", null),
        ("POLYGON", "ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))')", null),
        // After the geometry columns: checks that charset metadata counts only character columns.
        ("VARCHAR(5) CHARACTER SET latin1", "'ü€'", "ü€"),
        ("ENUM('é','ß') CHARACTER SET latin1", "'ß'", "ß"),
        ("SET('ä','😀') CHARACTER SET utf8mb4", "'ä,😀'", "ä,😀"),
        ("TINYINT UNSIGNED", "200", 200UL),
    ];

    [Fact]
    public async Task Every_type_decodes_at_its_limits_and_as_null()
    {
        await using var db = await TestDatabase.CreateAsync();
        var columns = string.Join(", ", Cases.Select((c, i) => $"c{i} {c.Type}"));
        await db.ExecuteAsync($"CREATE TABLE types (id INT PRIMARY KEY, {columns})");
        await db.ExecuteAsync("SET SESSION sql_mode = '', SESSION time_zone = '+05:00'");
        await using var client = await db.ConnectAsync();
        var from = await client.GetCurrentPositionAsync();
        await db.ExecuteAsync($"INSERT INTO types VALUES (1, {string.Join(", ", Cases.Select(c => c.Literal))})");
        await db.ExecuteAsync($"INSERT INTO types (id) VALUES (2)");

        var events = await EventReader.ReadTransactionsAsync(client.ReadEventsAsync(from), db.Name, 2);

        var rows = events.Rows<WriteRowsEvent>(db.Name).SelectMany(e => e.Rows).ToList();
        rows.Should().HaveCount(2);
        var map = events.OfType<TableMapEvent>().First(m => m.Database == db.Name);
        for (var i = 0; i < Cases.Length; i++)
        {
            var (type, literal, expected) = Cases[i];
            var because = $"c{i} {type} = {literal}";
            var actual = rows[0][i + 1];
            expected ??= Convert.FromHexString((string)(await db.ScalarAsync($"SELECT HEX(c{i}) FROM types WHERE id = 1"))!);
            if (expected is byte[] bytes)
                actual.Should().BeOfType<byte[]>(because).Which.Should().Equal(bytes, because);
            else
            {
                actual.Should().BeOfType(expected.GetType(), because);
                actual.Should().Be(expected, because);
            }
            rows[1].IsPresent(i + 1).Should().BeTrue(because);
            rows[1][i + 1].Should().BeNull(because);
        }
        map.Columns.Single(c => c.Name == "c0").IsUnsigned.Should().BeFalse();
        map.Columns.Single(c => c.Name == "c2").IsUnsigned.Should().BeTrue();
        map.Columns.Single(c => c.Name == $"c{Array.FindIndex(Cases, c => c.Type.StartsWith("ENUM", StringComparison.Ordinal))}")
            .EnumValues.Should().Equal("a", "b", "c");
        map.Columns.Where(c => c.Type == ColumnType.Geometry).Select(c => c.GeometryType).Should().Equal(0, 1, 3);
    }

    [Fact]
    public async Task Fractional_seconds_0_to_6_decode_for_datetime_timestamp_and_time()
    {
        await using var db = await TestDatabase.CreateAsync();
        var fsps = Enumerable.Range(0, 7).ToArray();
        await db.ExecuteAsync("CREATE TABLE f (id INT PRIMARY KEY, "
            + string.Join(", ", fsps.Select(p => $"dt{p} DATETIME({p}), ts{p} TIMESTAMP({p}) NULL, tm{p} TIME({p})")) + ")");
        await db.ExecuteAsync("SET SESSION time_zone = '+00:00'");
        await using var client = await db.ConnectAsync();
        var from = await client.GetCurrentPositionAsync();
        string Fraction(int p) => p == 0 ? "" : "." + "123456"[..p];
        await db.ExecuteAsync("INSERT INTO f VALUES (1, " + string.Join(", ", fsps.Select(p =>
            $"'2024-02-29 23:59:58{Fraction(p)}', '2024-02-29 23:59:58{Fraction(p)}', '-25:01:02{Fraction(p)}'")) + ")");

        var events = await EventReader.ReadTransactionsAsync(client.ReadEventsAsync(from), db.Name);

        var row = events.Rows<WriteRowsEvent>(db.Name).Single().Rows.Single();
        foreach (var p in fsps)
        {
            var micro = p == 0 ? 0 : int.Parse("123456"[..p].PadRight(6, '0'), CultureInfo.InvariantCulture);
            row[1 + p * 3].Should().Be(Dt(2024, 2, 29, 23, 59, 58, micro), $"DATETIME({p})");
            row[2 + p * 3].Should().Be(Dt(2024, 2, 29, 23, 59, 58, micro), $"TIMESTAMP({p})");
            row[3 + p * 3].Should().Be(Time(true, 25, 1, 2, micro), $"TIME({p})");
        }
    }
}
