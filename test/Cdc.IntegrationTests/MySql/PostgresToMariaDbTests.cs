namespace Cdc.IntegrationTests.MySql;

/// <summary>
/// A PostgreSQL office into a MariaDB target: each PostgreSQL type lands in the MariaDB column type of the README's
/// "Types across engines" table with its value intact; ±infinity dates clamp to the zero date and the largest value.
/// </summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class PostgresToMariaDbTests
{
    private const string Schema = """
        CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
        CREATE TABLE all_types (
            id integer PRIMARY KEY,
            c_smallint smallint, c_int integer, c_bigint bigint, c_num numeric(12,3), c_num_free numeric, c_real real,
            c_double double precision, c_bool boolean, c_text text, c_varchar varchar(20), c_char char(5), c_bytea bytea,
            c_uuid uuid, c_date date, c_time time, c_ts timestamp, c_tstz timestamptz, c_interval interval,
            c_json json, c_jsonb jsonb, c_enum mood, c_int_arr integer[]);
        """;

    private const string Changes = """
        INSERT INTO all_types VALUES
          (1, -32768, 2147483647, -9223372036854775808, 123456789.123, 0.000000000000000000001, 3.14, 2.718281828459045,
           true, 'héllo 🌍 ''quoted''', 'varchar', 'ab', '\x00ff10', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
           '2024-02-29', '23:59:59.999999', '2024-02-29 12:34:56.123456', '2024-02-29 12:34:56.5+02', '1 year 2 mons 3 days 04:05:06.789',
           '{"a": [1, 2, {"b": null}]}', '{"k": "v", "n": 1.5}', 'happy', '{1,NULL,3}'),
          (2, 32767, -2147483648, 9223372036854775807, -0.001, 12345678901234567890.5, -0.5, -1e-300,
           false, '', '', '', '\x', '00000000-0000-0000-0000-000000000000',
           'infinity', '00:00:00', '-infinity', 'infinity', '0',
           'null', '[]', 'sad', '{}'),
          (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          (4, 1, 1, 1, 1, 1, 1, 1, true, 'x', 'x', 'x', '\x01', '00000000-0000-0000-0000-000000000001', '2000-01-01', '01:00', '2000-01-01', '2000-01-01Z', '1 day', '{}', '{}', 'ok', '{1}');
        UPDATE all_types SET c_int = c_int - 1, c_text = 'updated 🌍' WHERE id = 1;
        DELETE FROM all_types WHERE id = 4;
        """;

    private static readonly (string Column, string[] Expected)[] Expected =
    [
        ("c_smallint", ["-32768", "32767", "NULL"]),
        ("c_int", ["2147483646", "-2147483648", "NULL"]),
        ("c_bigint", ["-9223372036854775808", "9223372036854775807", "NULL"]),
        ("c_num", ["123456789.123", "-0.001", "NULL"]),
        ("c_num_free", ["0.000000000000000000001000000000", "12345678901234567890.500000000000000000000000000000", "NULL"]),
        ("c_real", ["3.14", "-0.5", "NULL"]),
        ("c_double", ["2.718281828459045", "-1e-300", "NULL"]),
        ("c_bool", ["1", "0", "NULL"]),
        ("c_text", ["updated 🌍", "", "NULL"]),
        ("c_varchar", ["varchar", "", "NULL"]),
        ("c_char", ["ab   ", "     ", "NULL"]),
        ("LOWER(HEX(c_bytea))", ["00ff10", "", "NULL"]),
        ("c_uuid", ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "00000000-0000-0000-0000-000000000000", "NULL"]),
        ("c_date", ["2024-02-29", "9999-12-31", "NULL"]),
        ("c_time", ["23:59:59.999999", "00:00:00.000000", "NULL"]),
        ("c_ts", ["2024-02-29 12:34:56.123456", "0000-00-00 00:00:00.000000", "NULL"]),
        ("c_tstz", ["2024-02-29 10:34:56.500000", "9999-12-31 23:59:59.999999", "NULL"]),
        ("c_interval", ["1 year 2 mons 3 days 04:05:06.789", "00:00:00", "NULL"]),
        ("c_json", ["{\"a\": [1, 2, {\"b\": null}]}", "null", "NULL"]),
        ("c_jsonb", ["{\"k\": \"v\", \"n\": 1.5}", "[]", "NULL"]),
        ("c_enum", ["happy", "sad", "NULL"]),
        ("c_int_arr", ["[1,null,3]", "[]", "NULL"]),
    ];

    [Fact]
    public async Task Every_postgresql_type_arrives_in_mariadb_as_the_type_table_says()
    {
        await using var source = await PostgresDatabase.CreateAsync("pgmy_src");
        await using var target = await MariaDbDatabase.CreateAsync("pgmy_tgt");
        var office = TestServers.UniqueName("pgmy").ToLowerInvariant();
        try
        {
            await source.ExecuteAsync(Schema);
            await using var capture = CdcProcess.Start("capture", "--office", office, "--source", source.UriText, "--broker", TestServers.Broker);
            await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
            await source.ExecuteAsync(Changes);
            await using var apply = CdcProcess.Start("apply", "--name", $"{office}_my", "--streams", $"cdc.{office}", "--target", target.UriText, "--broker", TestServers.Broker);

            await Eventually.ReachAsync(
                () => target.RowsAsync("SELECT id FROM all_types ORDER BY id"),
                rows => rows.SequenceEqual(["1", "2", "3"]), TimeSpan.FromSeconds(60), rows => $"ids {string.Join(",", rows)}; applier said: {apply.Output}");
            foreach (var (column, expected) in Expected)
            {
                var sql = column.Contains('(') ? $"SELECT {column} FROM all_types ORDER BY id" : $"SELECT CAST({column} AS CHAR) FROM all_types ORDER BY id";
                (await target.RowsAsync(sql)).Should().Equal(expected, $"column {column} in MariaDB");
            }
        }
        finally
        {
            await BrokerStreams.DeleteAsync($"cdc.{office}");
        }
    }
}
