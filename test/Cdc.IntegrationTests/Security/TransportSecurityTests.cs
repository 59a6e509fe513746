using System.Security.Authentication;
using Cdc.Binlog;
using Cdc.Capture;
using Cdc.Capture.MySql;
using Cdc.Connections;
using Cdc.Streams.Broker;
using MySqlConnector;
using Npgsql;

namespace Cdc.IntegrationTests.Security;

/// <summary>
/// TLS that is verified: against servers of the class's own with TLS on (a throw-away CA made by the test), each URI
/// form connects with the CA that signed the server, is refused with another CA, and is refused by a server with TLS
/// off (the shared test servers) when it requires TLS. Then a capture and an apply that use TLS for every connection.
/// </summary>
public sealed class TransportSecurityTests(TlsServers servers) : IClassFixture<TlsServers>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private string Ca => servers.Certificates.CaFile;

    private string WrongCa => servers.Certificates.WrongCaFile;

    [Fact]
    public async Task Postgres_uris_verify_the_server_certificate_and_require_tls_when_told()
    {
        foreach (var mode in new[] { "verify-ca", "verify-full" })
        {
            await using var connection = new NpgsqlConnection(DatabaseUri.Parse(servers.Postgres($"sslmode={mode}&sslrootcert={Ca}")).ToConnectionString());
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", connection);
            (await command.ExecuteScalarAsync()).Should().Be(true, $"sslmode={mode} with the right CA connects over TLS");
        }

        var wrongCa = () => OpenPostgresAsync(DatabaseUri.Parse(servers.Postgres($"sslmode=verify-ca&sslrootcert={WrongCa}")).ToConnectionString());
        (await wrongCa.Should().ThrowAsync<NpgsqlException>()).Which.GetBaseException().Should().BeAssignableTo<AuthenticationException>(
            "a server whose certificate another CA signed is refused");

        var plainServer = DatabaseUri.Parse($"postgres://cdc:cdc@{TestServers.Postgres.Host}:{TestServers.Postgres.Port}/postgres?sslmode=require");
        var requireOnPlain = () => OpenPostgresAsync(plainServer.ToConnectionString());
        (await requireOnPlain.Should().ThrowAsync<NpgsqlException>()).Which.Message.Should().Contain("SSL",
            "sslmode=require refuses a server with TLS off");
    }

    [Fact]
    public async Task MariaDb_uris_verify_the_server_certificate_for_mysqlconnector_and_the_binlog_client()
    {
        foreach (var mode in new[] { "VERIFY_CA", "VERIFY_IDENTITY" })
        {
            var uri = DatabaseUri.Parse(servers.MariaDb($"ssl-mode={mode}&ssl-ca={Ca}"));
            await using (var connection = new MySqlConnection(uri.ToConnectionString()))
            {
                await connection.OpenAsync();
                await using var command = new MySqlCommand("SHOW SESSION STATUS LIKE 'Ssl_cipher'", connection);
                await using var reader = await command.ExecuteReaderAsync();
                (await reader.ReadAsync()).Should().BeTrue();
                reader.GetString(1).Should().NotBeEmpty($"ssl-mode={mode} with the right CA connects MySqlConnector over TLS");
            }
            await using var binlog = await MySqlSourceChecks.ConnectAsync(uri, Capture("tlsok", uri), CancellationToken.None);
            binlog.IsEncrypted.Should().BeTrue($"ssl-mode={mode} with the right CA connects the binlog client over TLS");
        }

        var wrong = DatabaseUri.Parse(servers.MariaDb($"ssl-mode=VERIFY_CA&ssl-ca={WrongCa}"));
        var wrongBinlog = () => MySqlSourceChecks.ConnectAsync(wrong, Capture("tlswrong", wrong), CancellationToken.None);
        (await wrongBinlog.Should().ThrowAsync<CaptureException>()).Which.Message.Should()
            .Contain("TLS with").And.Contain("ssl-mode=VERIFY_CA").And.Contain("ssl-ca");
        var wrongConnector = async () =>
        {
            await using var connection = new MySqlConnection(wrong.ToConnectionString());
            await connection.OpenAsync();
        };
        await wrongConnector.Should().ThrowAsync<MySqlException>("MySqlConnector refuses a certificate another CA signed");

        var plainServer = DatabaseUri.Parse($"mysql://cdc:cdc@{TestServers.MariaDb.Host}:{TestServers.MariaDb.Port}/mysql?ssl-mode=REQUIRED");
        var requiredOnPlain = () => MySqlSourceChecks.ConnectAsync(plainServer, Capture("tlsoff", plainServer), CancellationToken.None);
        (await requiredOnPlain.Should().ThrowAsync<CaptureException>()).Which.Message.Should()
            .Contain($"{plainServer.Host}:{plainServer.Port} does not offer TLS but ssl-mode=REQUIRED").And.Contain("PREFERRED");
        var requiredConnector = async () =>
        {
            await using var connection = new MySqlConnection(plainServer.ToConnectionString());
            await connection.OpenAsync();
        };
        await requiredConnector.Should().ThrowAsync<MySqlException>("MySqlConnector with ssl-mode=REQUIRED refuses a server without TLS");
    }

    [Fact]
    public async Task Amqps_uris_trust_exactly_the_ca_file_they_name()
    {
        await using (var connection = await BrokerEndpoint.Parse(servers.Amqps(Ca)).ConnectAsync("tls test", CancellationToken.None))
            connection.IsOpen.Should().BeTrue("amqps with the CA that signed the broker's certificate connects");

        var wrongCa = () => BrokerEndpoint.Parse(servers.Amqps(WrongCa)).ConnectAsync("tls test", CancellationToken.None);
        (await wrongCa.Should().ThrowAsync<Exception>()).Which.GetBaseException().Should().BeAssignableTo<AuthenticationException>(
            "a broker whose certificate another CA signed is refused");

        var plainPort = new Uri(TestServers.Broker).Port;
        var tlsOff = () => BrokerEndpoint.Parse($"amqps://cdc:cdc@localhost:{plainPort}/%2F?cacertfile={Ca}").ConnectAsync("tls test", CancellationToken.None);
        await tlsOff.Should().ThrowAsync<Exception>("amqps to a broker port without TLS does not fall back to plain AMQP");
    }

    [Fact]
    public async Task A_capture_over_verified_binlog_tls_and_an_apply_over_verified_postgres_tls_meet_through_amqps()
    {
        var office = TestServers.UniqueName("tls").ToLowerInvariant();
        var source = servers.MariaDb($"ssl-mode=VERIFY_CA&ssl-ca={Ca}", office);
        var target = servers.Postgres($"sslmode=verify-full&sslrootcert={Ca}").Replace("/postgres?", $"/{office}?");
        var broker = servers.Amqps(Ca);
        await ExecuteMariaDbAsync(servers.MariaDb($"ssl-mode=VERIFY_CA&ssl-ca={Ca}"),
            $"CREATE DATABASE {office}; CREATE TABLE {office}.sales (id int PRIMARY KEY, amount decimal(10,2)); INSERT INTO {office}.sales VALUES (1, 1.50), (2, 2.50);");
        await using (var admin = new NpgsqlConnection(DatabaseUri.Parse(servers.Postgres($"sslmode=verify-full&sslrootcert={Ca}")).ToConnectionString()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {office}", admin);
            await create.ExecuteNonQueryAsync();
        }

        await using var capture = CdcProcess.Start("capture", "--office", office, "--source", source, "--broker", broker);
        await capture.WaitForOutputAsync("Capturing office", Timeout);
        await using var apply = CdcProcess.Start("apply", "--name", $"{office}_pg", "--streams", $"cdc.{office}", "--target", target, "--broker", broker);
        await ExecuteMariaDbAsync(source, "INSERT INTO sales VALUES (3, 3.50), (4, 4.50); UPDATE sales SET amount = 0 WHERE id = 1;");

        var rows = await Eventually.ReachAsync(
            () => PostgresRowsAsync(target, $"SELECT id, amount FROM \"{office}\".sales ORDER BY id"),
            r => r.Count == 4 && r[0] == "1 | 0.00",
            Timeout,
            r => $"{r.Count} rows [{string.Join("; ", r)}]; capture: {capture.Output}; apply: {apply.Output}");
        rows.Should().Equal("1 | 0.00", "2 | 2.50", "3 | 3.50", "4 | 4.50");
        capture.HasExited.Should().BeFalse();
    }

    [Fact]
    public async Task A_capturer_whose_source_fails_the_certificate_check_stops_and_says_what_to_fix()
    {
        var office = TestServers.UniqueName("tlsbad").ToLowerInvariant();

        var (exit, output) = await CdcProcess.RunAsync(Timeout,
            "capture", "--office", office, "--source", servers.MariaDb($"ssl-mode=VERIFY_CA&ssl-ca={WrongCa}"), "--broker", servers.Amqps(Ca));

        exit.Should().Be(1, "a certificate that fails the check does not pass by retrying");
        output.Should().Contain("ssl-mode=VERIFY_CA").And.Contain("ssl-ca").And.NotContain("retrying");
    }

    /// <summary>Long enough for a process that stops at its first connection; one that retries (1 s, 2 s, 4 s, ...) outlasts it.</summary>
    private static readonly TimeSpan StopsAtOnce = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_capturer_whose_postgres_source_or_broker_fails_tls_stops_and_says_what_to_fix()
    {
        var office = TestServers.UniqueName("tlspgbad").ToLowerInvariant();
        var plainServer = $"postgres://cdc:cdc@{TestServers.Postgres.Host}:{TestServers.Postgres.Port}/postgres?sslmode=require";
        var cases = new (string Source, string Broker, string[] Says)[]
        {
            (servers.Postgres($"sslmode=verify-full&sslrootcert={WrongCa}"), servers.Amqps(Ca), ["TLS to the source postgres://cdc@127.0.0.1:", "certificate", "sslrootcert="]),
            (plainServer, servers.Amqps(Ca), [$"TLS to the source postgres://cdc@{TestServers.Postgres.Host}:{TestServers.Postgres.Port}/postgres", "offers no TLS", "ssl = on", "sslmode=prefer"]),
            (servers.Postgres($"sslmode=verify-full&sslrootcert={Ca}"), servers.Amqps(WrongCa), ["TLS to the broker amqps://cdc@localhost:", "certificate", "cacertfile="]),
        };
        foreach (var (source, broker, says) in cases)
        {
            var (exit, output) = await CdcProcess.RunAsync(StopsAtOnce, "capture", "--office", office, "--source", source, "--broker", broker);

            exit.Should().Be(1, $"a TLS failure does not pass by retrying; cdc printed:\n{output}");
            output.Should().ContainAll(says).And.Contain("capturer stops instead of retrying").And.NotContain("retrying in");
        }
    }

    [Fact]
    public async Task An_applier_whose_postgres_or_mariadb_target_or_broker_fails_tls_stops_and_says_what_to_fix()
    {
        var office = TestServers.UniqueName("tlsapplybad").ToLowerInvariant();
        var stream = $"cdc.{office}";
        await using (var connection = await BrokerStreams.ConnectAsync(servers.Amqp))
            await StreamBroker.DeclareAsync(connection, stream, StreamRetention.Default, CancellationToken.None);
        var cases = new (string Target, string Broker, string[] Says)[]
        {
            (servers.Postgres($"sslmode=verify-ca&sslrootcert={WrongCa}"), servers.Amqps(Ca), ["TLS to the target postgres://cdc@127.0.0.1:", "certificate", "sslrootcert="]),
            (servers.MariaDb($"ssl-mode=VERIFY_CA&ssl-ca={WrongCa}"), servers.Amqps(Ca), ["TLS to the target mysql://cdc@127.0.0.1:", "certificate", "ssl-ca="]),
            ($"mysql://cdc:cdc@{TestServers.MariaDb.Host}:{TestServers.MariaDb.Port}/mysql?ssl-mode=REQUIRED", servers.Amqps(Ca),
                [$"TLS to the target mysql://cdc@{TestServers.MariaDb.Host}:{TestServers.MariaDb.Port}/mysql", "offers no TLS", "ssl-mode=PREFERRED"]),
            (servers.Postgres($"sslmode=verify-full&sslrootcert={Ca}"), servers.Amqps(WrongCa), ["TLS to the broker amqps://cdc@localhost:", "certificate", "cacertfile="]),
        };
        try
        {
            foreach (var (target, broker, says) in cases)
            {
                var (exit, output) = await CdcProcess.RunAsync(StopsAtOnce, "apply", "--name", office, "--streams", stream, "--target", target, "--broker", broker);

                exit.Should().Be(1, $"a TLS failure does not pass by retrying; cdc printed:\n{output}");
                output.Should().ContainAll(says).And.Contain("applier stops instead of retrying").And.NotContain("retrying in");
            }
        }
        finally
        {
            await BrokerStreams.DeleteAsync(stream, servers.Amqp);
        }
    }

    private static CaptureSettings Capture(string office, DatabaseUri source) => new() { Office = office, Source = source };

    private static async Task OpenPostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
    }

    private static async Task ExecuteMariaDbAsync(string uri, string sql)
    {
        await using var connection = new MySqlConnection(DatabaseUri.Parse(uri).ToConnectionString());
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> PostgresRowsAsync(string uri, string sql)
    {
        await using var connection = new NpgsqlConnection(DatabaseUri.Parse(uri).ToConnectionString());
        await connection.OpenAsync();
        try
        {
            return await TableRows.ReadAsync(connection, sql);
        }
        catch (PostgresException e) when (e.SqlState is "42P01" or "3F000")
        {
            return [];
        }
    }
}
