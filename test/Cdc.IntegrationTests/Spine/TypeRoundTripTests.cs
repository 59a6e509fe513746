namespace Cdc.IntegrationTests.Spine;

/// <summary>Every PostgreSQL type of the mapping arrives in the target as it left the source.</summary>
public sealed class TypeRoundTripTests
{
    internal const string Schema = """
        CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
        CREATE TABLE all_types (
            id integer PRIMARY KEY,
            c_smallint smallint, c_int integer, c_bigint bigint,
            c_num numeric(12,3), c_num_free numeric, c_real real, c_double double precision,
            c_bool boolean, c_text text, c_varchar varchar(20), c_char char(5), c_bytea bytea, c_uuid uuid,
            c_date date, c_time time, c_ts timestamp, c_tstz timestamptz, c_interval interval,
            c_json json, c_jsonb jsonb, c_enum mood, c_int_arr integer[], c_text_arr text[],
            big_text text);
        CREATE TABLE to_truncate (id integer PRIMARY KEY, note text);
        """;

    internal const string Changes = """
        INSERT INTO all_types VALUES
          (1, -32768, -2147483648, -9223372036854775808, 123456789.123, 0.000000000000000000001, 3.14, 2.718281828459045,
           true, 'héllo 🌍 ''quoted''', 'varchar', 'ab', '\x00ff10', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
           '2024-02-29', '23:59:59.999999', '2024-02-29 12:34:56.123456', '2024-02-29 12:34:56.5+02', '1 year 2 mons 3 days 04:05:06.789',
           '{"a": [1, 2, {"b": null}]}', '{"k": "v", "n": 1.5}', 'happy', '{1,NULL,3}', '{"a b",NULL,"c\"d","e,f"}', 'short'),
          (2, 32767, 2147483647, 9223372036854775807, 'NaN', 'Infinity', 'NaN', '-Infinity',
           false, '', '', '', '\x', '00000000-0000-0000-0000-000000000000',
           'infinity', '00:00:00', '-infinity', 'infinity', '-178000000 years',
           'null', '[]', 'sad', '{}', '{}', NULL),
          (3, NULL, NULL, NULL, -0.001, '-Infinity', 'Infinity', 'NaN',
           NULL, NULL, NULL, NULL, NULL, NULL,
           '0044-03-15 BC', NULL, '1900-01-01 00:00:00', '1969-12-31 23:59:59.999999+00', NULL,
           NULL, NULL, NULL, NULL, NULL, NULL),
          (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        -- Out-of-line TOAST: about 96 kB of hex digits that do not compress below the inline limit.
        UPDATE all_types SET big_text = (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 3000) i) WHERE id = 1;
        -- big_text is not in this update: pgoutput sends it as an unchanged TOAST value, which must not become NULL.
        UPDATE all_types SET c_int = c_int + 1, c_text = 'changed' WHERE id = 1;
        UPDATE all_types SET id = 5 WHERE id = 3;
        DELETE FROM all_types WHERE id = 4;
        INSERT INTO to_truncate SELECT i, 'row ' || i FROM generate_series(1, 50) i;
        TRUNCATE to_truncate;
        INSERT INTO to_truncate VALUES (1000, 'after the truncate');
        """;

    [Fact]
    public async Task Every_mapped_type_null_toast_delete_and_truncate_arrive_unchanged()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("types");
        await pipeline.Source.ExecuteAsync(Schema);
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        await pipeline.Source.ExecuteAsync(Changes);
        var apply = pipeline.StartApply();

        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), ("all_types", "id"), ("to_truncate", "id"));

        var bigText = await pipeline.Target.ScalarAsync<string>("SELECT big_text FROM all_types WHERE id = 1");
        bigText.Should().HaveLength(96_000, "an unchanged TOAST value must keep the target's value, never become NULL");
        var rows = await pipeline.Target.RowsAsync("all_types", "id");
        rows.Select(r => r[..3]).Should().Equal("(1,", "(2,", "(5,");
        (await pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM to_truncate")).Should().Be(1);
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }
}
