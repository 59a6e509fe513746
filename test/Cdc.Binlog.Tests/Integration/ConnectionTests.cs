namespace Cdc.Binlog.Tests.Integration;

[Collection(MariaDbCollection.Name)]
public sealed class ConnectionTests
{
    [Fact]
    public async Task Connects_and_runs_a_text_query()
    {
        await using var client = await BinlogClient.ConnectAsync(TestDatabase.Options());

        var result = await client.QueryAsync("SELECT 1 AS one, NULL AS nothing, 'é😀' AS text");

        client.IsMariaDb.Should().BeTrue();
        client.ServerVersion.Should().Contain("MariaDB").And.NotStartWith("5.5.5-");
        result.Columns.Should().Equal("one", "nothing", "text");
        result.Rows.Should().ContainSingle().Which.Should().Equal("1", null, "é😀");
    }

    [Fact]
    public async Task Bad_password_is_error_1045_naming_the_user_and_the_fix()
    {
        var act = () => BinlogClient.ConnectAsync(TestDatabase.Options(password: "not-the-password"));

        var error = (await act.Should().ThrowAsync<BinlogServerException>()).Which;
        error.ErrorCode.Should().Be(1045);
        error.SqlState.Should().Be("28000");
        error.Message.Should().Contain("'cdc'").And.Contain("Check the password");
    }

    [Fact]
    public async Task Failed_statement_carries_the_server_error()
    {
        await using var client = await BinlogClient.ConnectAsync(TestDatabase.Options());

        var act = () => client.QueryAsync("SELECT * FROM no_such_database.no_such_table");

        (await act.Should().ThrowAsync<BinlogServerException>()).Which.ErrorCode.Should().Be(1146);
        (await client.QueryAsync("SELECT 2")).Rows[0][0].Should().Be("2", "the connection stays usable after an error");
    }

    [Fact]
    public async Task Reads_the_current_position_and_gtid_state()
    {
        await using var client = await BinlogClient.ConnectAsync(TestDatabase.Options());

        var position = await client.GetCurrentPositionAsync();
        var gtids = await client.GetMariaDbGtidPositionAsync();

        position.File.Should().NotBeEmpty();
        position.Position.Should().BeGreaterThanOrEqualTo(4);
        gtids.Should().NotBeNull();
    }

    [Fact]
    public async Task Tls_follows_the_ssl_mode()
    {
        await using var probe = await BinlogClient.ConnectAsync(TestDatabase.Options());
        var serverHasTls = (await probe.QueryAsync("SELECT @@have_ssl")).Rows[0][0] == "YES";
        var options = TestDatabase.Options();
        var required = new BinlogClientOptions { Host = options.Host, Port = options.Port, User = options.User, Password = options.Password, SslMode = BinlogSslMode.Required };

        if (serverHasTls)
        {
            await using var client = await BinlogClient.ConnectAsync(required);
            client.IsEncrypted.Should().BeTrue();
            (await client.QueryAsync("SHOW SESSION STATUS LIKE 'Ssl_cipher'")).Rows[0][1].Should().NotBeNullOrEmpty();
        }
        else
        {
            probe.IsEncrypted.Should().BeFalse("Preferred falls back to plain TCP");
            var act = () => BinlogClient.ConnectAsync(required);
            (await act.Should().ThrowAsync<BinlogSecurityException>()).Which.Message.Should().Contain("does not offer TLS but ssl-mode=REQUIRED");
        }
    }
}
