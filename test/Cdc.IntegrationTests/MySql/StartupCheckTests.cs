namespace Cdc.IntegrationTests.MySql;

/// <summary>
/// A MySQL/MariaDB source that cannot be captured stops the capturer at once with what is wrong and how to fix it.
/// The settings are changed on a server of the tests' own, never on the shared one.
/// </summary>
public sealed class StartupCheckTests(StartupCheckTests.Server server) : IClassFixture<StartupCheckTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public OwnMariaDbServer Own { get; private set; } = null!;

        public async Task InitializeAsync() => Own = await OwnMariaDbServer.StartAsync("checks");

        public async Task DisposeAsync() => await Own.DisposeAsync();
    }

    [Theory]
    [InlineData("binlog_format", "STATEMENT", "ROW")]
    [InlineData("binlog_row_image", "MINIMAL", "FULL")]
    [InlineData("binlog_row_metadata", "MINIMAL", "FULL")]
    public async Task A_binlog_setting_other_than_the_one_needed_is_refused_with_the_statement_that_fixes_it(string variable, string wrong, string right)
    {
        await server.Own.ExecuteAsync($"SET GLOBAL {variable} = '{wrong}'");
        try
        {
            var (exit, output) = await CaptureAsync(server.Own.Uri.WithDatabase("mysql"));

            exit.Should().Be(1);
            output.Should().Contain($"{variable} is '{wrong}'").And.Contain($"SET GLOBAL {variable} = '{right}'");
        }
        finally
        {
            await server.Own.ExecuteAsync($"SET GLOBAL {variable} = '{right}'");
        }
    }

    [Fact]
    public async Task Binary_logging_off_is_refused_with_the_configuration_that_turns_it_on()
    {
        await server.Own.StartWithoutBinlogAsync();
        try
        {
            var (exit, output) = await CaptureAsync(server.Own.Uri);

            exit.Should().Be(1);
            output.Should().Contain("Binary logging is off").And.Contain("log_bin");
        }
        finally
        {
            await server.Own.StopAsync();
            await server.Own.StartAsync();
        }
    }

    [Theory]
    [InlineData("SELECT", "REPLICATION SLAVE and REPLICATION CLIENT")]
    [InlineData("SELECT, REPLICATION SLAVE", "REPLICATION CLIENT")]
    [InlineData("SELECT, BINLOG MONITOR", "REPLICATION SLAVE")]
    public async Task An_account_without_the_replication_grants_is_refused_with_the_grant_to_run(string grants, string missing)
    {
        var user = TestServers.UniqueName("ck");
        await server.Own.ExecuteAsync($"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw'; GRANT {grants} ON *.* TO '{user}'@'%'");
        try
        {
            var (exit, output) = await CaptureAsync(server.Own.Uri with { User = user, Password = "pw" });

            exit.Should().Be(1);
            output.Should().Contain($"lacks {missing} ").And.Contain("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.*");
        }
        finally
        {
            await server.Own.ExecuteAsync($"DROP USER '{user}'@'%'");
        }
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_with_what_to_check()
    {
        var (exit, output) = await CaptureAsync(server.Own.Uri with { Password = "wrong" });

        exit.Should().Be(1);
        output.Should().Contain("Cannot log in").And.Contain("Check the user and password in --source");
    }

    private static Task<(int ExitCode, string Output)> CaptureAsync(Cdc.Connections.DatabaseUri source) =>
        CdcProcess.RunAsync(TimeSpan.FromSeconds(30),
            "capture", "--office", TestServers.UniqueName("checks").ToLowerInvariant(),
            "--source", $"mysql://{source.User}:{source.Password}@{source.Host}:{source.Port}/{source.Database}",
            "--broker", TestServers.Broker);
}
