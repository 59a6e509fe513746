namespace Cdc.IntegrationTests.MySql;

/// <summary>
/// Every MariaDB column type, at its limits, arrives in a PostgreSQL and a MariaDB target as the README's
/// "Types across engines" table says; inserts, an update and a delete go through the whole pipeline.
/// </summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class MariaDbTypeTests
{
    internal const string Schema = """
        CREATE TABLE all_types (
          id int PRIMARY KEY,
          ti tinyint, tu tinyint unsigned, si smallint, su smallint unsigned, mi mediumint, mu mediumint unsigned,
          i int, iu int unsigned, bi bigint, bu bigint unsigned, de decimal(65,30), fl float, dbl double,
          b5 bit(5), b64 bit(64), y year, d date, dt datetime(6), dt3 datetime(3), ts timestamp(6) NULL, tm time(6),
          c char(10), v varchar(100), mt mediumtext, bl blob, bn binary(4), vb varbinary(8), j json,
          e enum('small','large'), st set('a','b','c'), g geometry);
        """;

    internal const string Changes = """
        SET sql_mode = '';
        INSERT INTO all_types VALUES
          (1, 127, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295, -9223372036854775808, 18446744073709551615,
           '99999999999999999999999999999999999.999999999999999999999999999999', 1.5, 1.7976931348623157e308,
           b'11111', b'1111111111111111111111111111111111111111111111111111111111111111', 2155,
           '9999-12-31', '9999-12-31 23:59:59.999999', '2024-02-29 12:34:56.789', '2038-01-19 03:14:07.999999', '838:59:59',
           'ab', 'héllo 🌍 𝄞', REPEAT('x', 100000), x'00ff00', x'01', x'deadbeef', '{"k": [1, "🌍", null]}',
           'large', 'a,c', ST_GeomFromText('POINT(1 2)')),
          (2, -128, 0, 32767, 0, 8388607, 0, 2147483647, 0, 9223372036854775807, 0,
           '-0.000000000000000000000000000001', -0.25, 2.2250738585072014e-308,
           b'0', b'0', 1901,
           '1000-01-01', '1000-01-01 00:00:00', '1970-01-01 00:00:00.001', '1970-01-01 00:00:01', '-838:59:59',
           '', '', '', x'', x'', x'', '[]',
           'small', '', NULL),
          (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           '0000-00-00', '0000-00-00 00:00:00', NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          (5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, b'1', b'1', 2000, '2000-01-01', '2000-01-01', '2000-01-01', '2000-01-01', '01:00',
           'c', 'v', 'mt', x'01', x'01', x'01', '{}', 'small', 'a', NULL);
        UPDATE all_types SET v = 'updated 🌍', ti = ti + 1 WHERE id = 2;
        DELETE FROM all_types WHERE id = 5;
        """;

    /// <summary>Column, how MariaDB shows it, how PostgreSQL shows it, and what PostgreSQL must show for rows 1 to 4.</summary>
    internal static readonly (string Column, string MariaDb, string Postgres, string[] Expected)[] Columns =
    [
        ("ti", "ti", "ti::text", ["127", "-127", "NULL", "NULL"]),
        ("tu", "tu", "tu::text", ["255", "0", "NULL", "NULL"]),
        ("si", "si", "si::text", ["-32768", "32767", "NULL", "NULL"]),
        ("su", "su", "su::text", ["65535", "0", "NULL", "NULL"]),
        ("mi", "mi", "mi::text", ["-8388608", "8388607", "NULL", "NULL"]),
        ("mu", "mu", "mu::text", ["16777215", "0", "NULL", "NULL"]),
        ("i", "i", "i::text", ["-2147483648", "2147483647", "NULL", "NULL"]),
        ("iu", "iu", "iu::text", ["4294967295", "0", "NULL", "NULL"]),
        ("bi", "bi", "bi::text", ["-9223372036854775808", "9223372036854775807", "NULL", "NULL"]),
        ("bu", "CAST(bu AS CHAR)", "bu::text", ["18446744073709551615", "0", "NULL", "NULL"]),
        ("de", "CAST(de AS CHAR)", "de::text", ["99999999999999999999999999999999999.999999999999999999999999999999", "-0.000000000000000000000000000001", "NULL", "NULL"]),
        ("fl", "CAST(fl AS CHAR)", "fl::text", ["1.5", "-0.25", "NULL", "NULL"]),
        ("dbl", "CAST(dbl AS CHAR)", "dbl::text", ["1.7976931348623157e+308", "2.2250738585072014e-308", "NULL", "NULL"]),
        ("b5", "CAST(b5 + 0 AS CHAR)", "b5::text", ["31", "0", "NULL", "NULL"]),
        ("b64", "CAST(b64 + 0 AS CHAR)", "b64::text", ["18446744073709551615", "0", "NULL", "NULL"]),
        ("y", "CAST(y AS CHAR)", "y::text", ["2155", "1901", "NULL", "NULL"]),
        ("d", "CAST(d AS CHAR)", "d::text", ["9999-12-31", "1000-01-01", "-infinity", "NULL"]),
        ("dt", "CAST(dt AS CHAR)", "dt::text", ["9999-12-31 23:59:59.999999", "1000-01-01 00:00:00", "-infinity", "NULL"]),
        ("dt3", "CAST(dt3 AS CHAR)", "dt3::text", ["2024-02-29 12:34:56.789", "1970-01-01 00:00:00.001", "NULL", "NULL"]),
        ("ts", "CAST(ts AS CHAR)", "ts::text", ["2038-01-19 03:14:07.999999+00", "1970-01-01 00:00:01+00", "-infinity", "NULL"]),
        ("tm", "CAST(tm AS CHAR)", "tm::text", ["838:59:59", "-838:59:59", "NULL", "NULL"]),
        ("c", "c", "c", ["ab", "", "NULL", "NULL"]),
        ("v", "v", "v", ["héllo 🌍 𝄞", "updated 🌍", "NULL", "NULL"]),
        ("mt", "MD5(mt)", "md5(mt)", ["d5816f35916d1d9482fb0f1ec201101d", "d41d8cd98f00b204e9800998ecf8427e", "NULL", "NULL"]),
        ("bl", "LOWER(HEX(bl))", "encode(bl, 'hex')", ["00ff00", "", "NULL", "NULL"]),
        ("bn", "LOWER(HEX(bn))", "encode(bn, 'hex')", ["01000000", "00000000", "NULL", "NULL"]),
        ("vb", "LOWER(HEX(vb))", "encode(vb, 'hex')", ["deadbeef", "", "NULL", "NULL"]),
        ("j", "j", "j::text", ["{\"k\": [1, \"🌍\", null]}", "[]", "NULL", "NULL"]),
        ("e", "e", "e", ["large", "small", "NULL", "NULL"]),
        ("st", "st", "st", ["a,c", "", "NULL", "NULL"]),
        ("g", "LOWER(HEX(g))", "encode(g, 'hex')", ["000000000101000000000000000000f03f0000000000000040", "NULL", "NULL", "NULL"]),
    ];

    [Fact]
    public async Task Every_type_at_its_limits_arrives_in_postgresql_and_mariadb()
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("mytypes");
        await pipeline.Source.ExecuteAsync(Schema);
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        await pipeline.Source.ExecuteAsync(Changes);
        pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();

        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), "all_types", "id", "id");
        foreach (var (column, mariaDb, postgres, expected) in Columns)
        {
            var inPostgres = await pipeline.PostgresRowsAsync($"SELECT {postgres} FROM \"{pipeline.PostgresSchema}\".all_types ORDER BY id");
            inPostgres.Should().Equal(expected, $"column {column} in PostgreSQL");
            var sql = $"SELECT {mariaDb} FROM all_types ORDER BY id";
            (await pipeline.MariaDbTarget.RowsAsync(sql)).Should().Equal(await pipeline.Source.RowsAsync(sql), $"column {column} in MariaDB");
        }
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }
}
