namespace Cdc.IntegrationTests.Spine;

/// <summary>Each way a capturer can be misconfigured ends with exit code 1 and a message that says what to do.</summary>
public sealed class StartupErrorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_source_without_logical_wal_level_is_refused_with_the_setting_to_change()
    {
        await using var server = await ScratchPostgres.StartAsync("wal_level=replica");

        var (exit, output) = await CdcProcess.RunAsync(Patience,
            "capture", "--office", "walcheck", "--source", server.UriText, "--broker", TestServers.Broker);

        exit.Should().Be(1);
        output.Should().Contain("wal_level is 'replica'").And.Contain("ALTER SYSTEM SET wal_level = logical");
    }

    [Fact]
    public async Task A_role_without_replication_is_refused_with_the_grant_to_run()
    {
        await using var database = await PostgresDatabase.CreateAsync("norepl");
        var role = $"{database.Name}_user";
        await database.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD 'secret-pw'; GRANT ALL ON DATABASE {database.Name} TO {role};");
        try
        {
            var (exit, output) = await CdcProcess.RunAsync(Patience,
                "capture", "--office", "norepl", "--source", $"postgres://{role}:secret-pw@127.0.0.1:{TestServers.Postgres.Port}/{database.Name}",
                "--broker", TestServers.Broker);

            exit.Should().Be(1);
            output.Should().Contain($"Role '{role}' may not start replication").And.Contain($"ALTER ROLE \"{role}\" REPLICATION");
            output.Should().NotContain("secret-pw", "secrets are never logged");
        }
        finally
        {
            await database.DisposeAsync();
            await using var admin = await PostgresDatabase.CreateAsync("dropper");
            await admin.ExecuteAsync($"DROP ROLE IF EXISTS {role}");
        }
    }

    [Fact]
    public async Task A_missing_publication_that_may_not_be_created_is_reported_with_the_statement_to_run()
    {
        await using var database = await PostgresDatabase.CreateAsync("nopub");

        var (exit, output) = await CdcProcess.RunAsync(Patience,
            "capture", "--office", database.Name, "--source", database.UriText, "--broker", TestServers.Broker, "--create-missing", "false");

        exit.Should().Be(1);
        output.Should().Contain($"Publication 'cdc_{database.Name}' does not exist")
            .And.Contain($"CREATE PUBLICATION \"cdc_{database.Name}\" FOR ALL TABLES;");
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_without_showing_the_password()
    {
        var source = $"postgres://cdc:not-the-password@127.0.0.1:{TestServers.Postgres.Port}/postgres";

        var (exit, output) = await CdcProcess.RunAsync(Patience,
            "capture", "--office", "badlogin", "--source", source, "--broker", TestServers.Broker);

        exit.Should().Be(1);
        output.Should().Contain("Cannot log in to postgres://cdc@127.0.0.1").And.Contain("password authentication failed");
        output.Should().NotContain("not-the-password");
    }

    [Fact]
    public async Task An_unreachable_broker_is_retried_and_each_attempt_says_where()
    {
        await using var database = await PostgresDatabase.CreateAsync("nobroker");
        await using var capture = CdcProcess.Start(
            "capture", "--office", database.Name, "--source", database.UriText, "--broker", "amqp://cdc:cdc@127.0.0.1:1/%2F");

        await capture.WaitForOutputAsync("broker amqp://cdc@127.0.0.1:1/%2F is unreachable", Patience);
        await capture.WaitForOutputAsync("retrying in 2s", Patience);
        capture.HasExited.Should().BeFalse("an unreachable broker is a passing condition: the capturer keeps trying");
        (await capture.StopAsync(Patience)).Should().Be(0);
    }
}
