namespace Cdc.IntegrationTests.MySql;

/// <summary>
/// A MariaDB database that is both an applier's target and a capturer's source (offices in both directions): what the
/// applier wrote is recognised by its offset row and not published again; the database's own changes are.
/// </summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class MariaDbEchoTests
{
    [Fact]
    public async Task Changes_an_applier_wrote_into_a_captured_mariadb_do_not_come_back_but_local_changes_do()
    {
        await using var head = await PostgresDatabase.CreateAsync("echo_head");
        await using var branch = await MariaDbDatabase.CreateAsync("echo_branch");
        var headOffice = TestServers.UniqueName("echohead").ToLowerInvariant();
        var branchOffice = TestServers.UniqueName("echobranch").ToLowerInvariant();
        try
        {
            await head.ExecuteAsync("CREATE TABLE prices (id integer PRIMARY KEY, price numeric(10,2))");
            await branch.ExecuteAsync("CREATE TABLE sales (id int PRIMARY KEY, amount decimal(10,2))");
            await using var headCapture = CdcProcess.Start("capture", "--office", headOffice, "--source", head.UriText, "--broker", TestServers.Broker);
            await using var branchCapture = CdcProcess.Start("capture", "--office", branchOffice, "--source", branch.UriText, "--broker", TestServers.Broker);
            await headCapture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
            await branchCapture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
            await using var apply = CdcProcess.Start("apply", "--name", $"{branchOffice}_in", "--streams", $"cdc.{headOffice}", "--target", branch.UriText, "--broker", TestServers.Broker);

            await head.ExecuteAsync("INSERT INTO prices SELECT i, i * 1.5 FROM generate_series(1, 20) i; UPDATE prices SET price = 0 WHERE id = 1;");
            await Eventually.ReachAsync(() => branch.RowsAsync("SELECT id FROM prices"), rows => rows.Count == 20, TimeSpan.FromSeconds(60), rows => $"{rows.Count} prices applied");
            await branch.ExecuteAsync("INSERT INTO sales VALUES (1, 9.99)");

            var tail = await Eventually.ReachAsync(() => BrokerStreams.TailOffsetAsync($"cdc.{branchOffice}"), t => t is not null, TimeSpan.FromSeconds(30), t => $"tail {t}");
            tail.Should().Be(0, "the branch stream holds the local sale only: the applied prices were recognised and dropped");
        }
        finally
        {
            await BrokerStreams.DeleteAsync($"cdc.{headOffice}");
            await BrokerStreams.DeleteAsync($"cdc.{branchOffice}");
        }
    }
}
