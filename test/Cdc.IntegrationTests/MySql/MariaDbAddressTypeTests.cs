namespace Cdc.IntegrationTests.MySql;

/// <summary>
/// MariaDB's INET6, INET4 and UUID, as values and as keys, NULLs included: rows that exist before the capturer
/// (snapshot) and rows changed after it (binlog) reach a MariaDB target in the same types and a PostgreSQL target as
/// <c>uuid</c> and text, each with exactly the text MariaDB prints. The binlog gives these types as BINARY(4)/BINARY(16)
/// without their trailing zero bytes, so <c>::</c> and the nil UUID arrive as empty strings there. <c>cdc verify</c>
/// finds both targets equal to the source.
/// </summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class MariaDbAddressTypeTests
{
    private const string Schema = """
        CREATE TABLE hosts (ip inet6 PRIMARY KEY, v4 inet4, owner uuid, raw binary(16));
        CREATE TABLE devices (id uuid PRIMARY KEY, ip inet6);
        """;

    // Before the capturer: IPv4-mapped and -compatible addresses, trailing and single zero words, both ends of each range.
    private const string Existing = """
        INSERT INTO hosts VALUES
          ('::ffff:192.168.0.1', '192.168.0.1', '6ccd780c-baba-1026-9564-5b8c656024db', x'00ff'),
          ('::1.2.3.4', '0.0.0.0', '00000000-0000-0000-0000-000000000000', x'00'),
          ('::', '255.255.255.255', 'ffffffff-ffff-ffff-ffff-ffffffffffff', NULL),
          ('1:0:2:3:4:5:6:7', NULL, NULL, NULL),
          ('2001:db8::', '10.0.0.1', '12345678-9abc-4ef0-9234-56789abcdef0', x'0102030405060708090a0b0c0d0e0f10');
        INSERT INTO devices VALUES
          ('6ccd780c-baba-1026-9564-5b8c656024db', '::ffff:10.1.2.3'),
          ('00000000-0000-0000-0000-000000000000', '::'),
          ('01890a5d-ac96-774b-bcce-b302099a8057', NULL);
        """;

    // After it: the same edges through the binlog, a key moved, values set to NULL and back, a row deleted.
    private const string Changes = """
        INSERT INTO hosts VALUES
          ('::ffff:0.0.0.0', '1.2.3.4', '00000000-0000-0000-0000-000000000001', x''),
          ('::2', '127.0.0.1', '10000000-0000-1000-8000-000000000000', NULL),
          ('1::2:0:0:3:4', NULL, 'ffffffff-ffff-ffff-ffff-ffffffffffff', NULL),
          ('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '0.0.0.1', NULL, x'ff');
        INSERT INTO devices VALUES
          ('ffffffff-ffff-ffff-ffff-ffffffffffff', '::ffff:1.2.3.4'),
          ('12345678-9abc-4ef0-9234-56789abcdef0', 'fe80::202:b3ff:fe1e:8329');
        UPDATE hosts SET ip = '::ffff:192.168.0.2' WHERE ip = '::ffff:192.168.0.1';
        UPDATE hosts SET v4 = NULL, owner = NULL WHERE ip = '::';
        UPDATE hosts SET owner = '6ccd780c-baba-1026-9564-5b8c656024db' WHERE ip = '1:0:2:3:4:5:6:7';
        UPDATE devices SET id = '00000000-0000-0000-0000-000000000002', ip = '::' WHERE id = '01890a5d-ac96-774b-bcce-b302099a8057';
        DELETE FROM devices WHERE id = '00000000-0000-0000-0000-000000000000';
        DELETE FROM hosts WHERE ip = '::1.2.3.4';
        """;

    [Fact]
    public async Task Inet6_inet4_and_uuid_keep_their_text_from_snapshot_and_binlog_into_postgresql_and_mariadb()
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("myaddr");
        await pipeline.Source.ExecuteAsync(Schema + Existing);
        var capture = pipeline.StartCapture("--snapshot-chunk-size", "2"); // chunks resume after an INET6 / UUID key literal
        await capture.WaitForOutputAsync($"Snapshot of {pipeline.Source.Name}.hosts complete and confirmed", TimeSpan.FromSeconds(60));
        await capture.WaitForOutputAsync($"Snapshot of {pipeline.Source.Name}.devices complete and confirmed", TimeSpan.FromSeconds(60));
        await pipeline.Source.ExecuteAsync(Changes);
        pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();

        const string hosts = "SELECT {0} FROM {1}hosts", devices = "SELECT {0} FROM {1}devices";
        await WaitForSameTextAsync(pipeline, hosts, ["ip", "v4", "owner"], "LOWER(HEX(raw))", "encode(raw, 'hex')");
        await WaitForSameTextAsync(pipeline, devices, ["id", "ip"]);

        var mariaDbTypes = await pipeline.MariaDbTarget.RowsAsync(
            "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, ' ', COLUMN_TYPE) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() " +
            "AND TABLE_NAME IN ('hosts', 'devices') ORDER BY 1");
        mariaDbTypes.Should().Equal("devices.id uuid", "devices.ip inet6", "hosts.ip inet6", "hosts.owner uuid", "hosts.raw varbinary(16)", "hosts.v4 inet4");
        var postgresTypes = await pipeline.PostgresRowsAsync(
            $"SELECT table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = '{pipeline.PostgresSchema}' " +
            "AND table_name IN ('hosts', 'devices') ORDER BY 1");
        postgresTypes.Should().Equal("devices.id uuid", "devices.ip text", "hosts.ip text", "hosts.owner uuid", "hosts.raw bytea", "hosts.v4 text");
        foreach (var target in new[] { pipeline.PostgresTarget.UriText, pipeline.MariaDbTarget.UriText })
        {
            var verify = await CdcProcess.RunAsync(TimeSpan.FromSeconds(60), "verify", "--source", pipeline.Source.UriText, "--target", target, "--tables", "hosts,devices");
            verify.ExitCode.Should().Be(0, $"verify into {target} said:\n{verify.Output}");
            verify.Output.Should().Contain("hosts\t8\t8\t").And.Contain("devices\t4\t4\t");
        }
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }

    /// <summary>
    /// Waits until both targets hold the source's rows, each column compared as the text its engine prints for it
    /// (rows sorted here: the engines order these types differently), and says which rows differ when they do not.
    /// </summary>
    private static async Task WaitForSameTextAsync(MariaDbPipeline pipeline, string select, string[] columns, string? mariaDbExtra = null, string? postgresExtra = null)
    {
        string Columns(Func<string, string> asText, string? extra) => string.Join(", ", columns.Select(asText).Append(extra).OfType<string>());
        var mariaDb = string.Format(select, Columns(c => $"CAST({c} AS CHAR)", mariaDbExtra), "");
        var postgres = string.Format(select, Columns(c => $"{c}::text", postgresExtra), $"\"{pipeline.PostgresSchema}\".");
        static List<string> Sorted(List<string> rows) => rows.Order(StringComparer.Ordinal).ToList();
        await Eventually.ReachAsync(
            async () => (Source: Sorted(await pipeline.Source.RowsAsync(mariaDb)), Postgres: Sorted(await pipeline.PostgresRowsAsync(postgres)),
                MariaDb: Sorted(await pipeline.MariaDbTarget.RowsAsync(mariaDb))),
            rows => rows.Source.SequenceEqual(rows.Postgres) && rows.Source.SequenceEqual(rows.MariaDb),
            TimeSpan.FromSeconds(60),
            rows => $"{select}\nsource:\n{string.Join('\n', rows.Source)}\nPostgreSQL:\n{string.Join('\n', rows.Postgres)}\nMariaDB:\n{string.Join('\n', rows.MariaDb)}");
    }
}
