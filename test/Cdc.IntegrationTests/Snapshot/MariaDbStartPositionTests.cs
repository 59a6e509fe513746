namespace Cdc.IntegrationTests.Snapshot;

/// <summary>
/// A MySQL/MariaDB capture stores where it began in the source: a capturer that dies before anything reached its stream
/// resumes there, not at the binlog position of its next start, so the changes made while it was down are not lost.
/// </summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class MariaDbStartPositionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_capturer_killed_before_its_first_record_resumes_where_it_began()
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("mystart");
        await pipeline.Source.ExecuteAsync("CREATE TABLE notes (id int PRIMARY KEY, text varchar(40))");
        var first = pipeline.StartCapture("--snapshot-mode", "never");
        await first.WaitForOutputAsync("Streaming the binlog", Patience);
        first.Output.Should().Contain("Stream cdc." + pipeline.Office + " holds no record yet: starting at the server's current binlog position");
        first.Kill();

        await pipeline.Source.ExecuteAsync("INSERT INTO notes VALUES (1, 'written while no capturer ran'), (2, 'also')");
        await pipeline.Source.ExecuteAsync("FLUSH BINARY LOGS"); // the next start's current position is in another file
        var second = pipeline.StartCapture("--snapshot-mode", "never");
        pipeline.StartApplyToMariaDb();
        pipeline.StartApplyToPostgres();

        await pipeline.WaitForEqualAsync(Patience, "notes", "id, text", "id");
        second.Output.Should().Contain("starting at the binlog position stored when this capture began");
        (await second.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }
}
