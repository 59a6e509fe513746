namespace Cdc.IntegrationTests.Echo;

/// <summary>
/// An existing PostgreSQL publication that lists tables must list the applier offset table too (else an applier's
/// transactions echo): the capturer adds it, or, when it may not change the source, stops with the statement to run.
/// </summary>
public sealed class PublicationOffsetTableTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_listed_publication_without_the_offset_table_is_refused_with_the_alter_publication_to_run_or_completed()
    {
        await using var database = await PostgresDatabase.CreateAsync("listedpub");
        var office = database.Name;
        await database.ExecuteAsync($"CREATE TABLE notes (id integer PRIMARY KEY); CREATE PUBLICATION \"cdc_{office}\" FOR TABLE notes;");

        var (exit, output) = await CdcProcess.RunAsync(Patience,
            "capture", "--office", office, "--source", database.UriText, "--broker", TestServers.Broker, "--create-missing", "false");

        exit.Should().Be(1, output);
        output.Should().Contain($"Publication 'cdc_{office}'").And.Contain("does not include the applier offset table public.cdc_offsets")
            .And.Contain($"ALTER PUBLICATION \"cdc_{office}\" ADD TABLE \"public\".\"cdc_offsets\";");

        try
        {
            await using var capture = CdcProcess.Start("capture", "--office", office, "--source", database.UriText, "--broker", TestServers.Broker);
            await capture.WaitForOutputAsync("Capturing office", Patience);
            (await database.ScalarAsync<long>($"SELECT count(*) FROM pg_publication_tables WHERE pubname = 'cdc_{office}' AND schemaname = 'public' AND tablename = 'cdc_offsets'"))
                .Should().Be(1, "a capturer that may create what is missing adds the offset table to the publication");
        }
        finally
        {
            await BrokerStreams.DeleteAsync($"cdc.{office}");
        }
    }
}
