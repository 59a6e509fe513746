namespace Cdc.IntegrationTests.Spine;

/// <summary>
/// An update that leaves a TOASTed column unchanged does not carry it in the log (pgoutput sends it as 'u'). A target
/// without the row must still end with the whole row: the capturer re-reads such columns by key at the source.
/// </summary>
public sealed class UnchangedToastTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Stored out of line and uncompressed: over 2 kB, so every update that does not set it sends it as 'u'.</summary>
    private const string Schema = """
        CREATE TABLE docs (id integer PRIMARY KEY, n integer NOT NULL, body text NOT NULL);
        ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL;
        """;

    private static string Rows(int count) =>
        $"INSERT INTO docs SELECT i, 0, (SELECT string_agg(md5(i::text || '.' || j), '') FROM generate_series(1, 300) j) FROM generate_series(1, {count}) i;";

    [Fact]
    public async Task An_update_that_leaves_a_toasted_column_unchanged_restores_the_whole_row_on_a_target_that_lost_it()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("toast_missing");
        await pipeline.Source.ExecuteAsync(Schema + Rows(2));
        var capture = pipeline.StartCapture();
        var apply = pipeline.StartApply();
        await pipeline.WaitForEqualAsync(Patience, ("docs", "id"));

        await pipeline.Target.ExecuteAsync("DELETE FROM docs WHERE id = 1"); // a target repaired by hand
        await pipeline.Source.ExecuteAsync("UPDATE docs SET n = n + 1 WHERE id = 1");

        await WaitForEqualAsync(pipeline, capture, apply);
        (await pipeline.Target.ScalarAsync<int>("SELECT length(body) FROM docs WHERE id = 1")).Should().Be(9600);
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }

    [Fact]
    public async Task An_update_inside_a_snapshot_window_of_a_row_the_target_lacks_arrives_whole()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("toast_window");
        await pipeline.Source.ExecuteAsync(Schema + Rows(100));
        var capture = pipeline.StartCapture("--snapshot-mode", "never", "--snapshot-chunk-size", "5");
        var apply = pipeline.StartApply();
        await capture.WaitForOutputAsync("Streaming from slot", Patience);

        var (exit, said) = await CdcProcess.RunAsync(Patience, "snapshot", "--office", pipeline.Office, "--source", pipeline.Source.UriText, "--tables", "docs");
        exit.Should().Be(0, said);
        // Every transaction touches every tenth row, so a chunk (five consecutive keys) whose window sees one loses a row
        // that then reaches the target only through these updates, which do not carry the body.
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(async () =>
        {
            for (var i = 0; !stopWriting.IsCancellationRequested; i++)
            {
                await pipeline.Source.ExecuteAsync($"UPDATE docs SET n = n + 1 WHERE id % 10 = {i % 10}");
                await Task.Delay(20);
            }
        });
        await capture.WaitForOutputAsync("Snapshot of public.docs complete and confirmed", Patience);
        await stopWriting.CancelAsync();
        await writing;

        await WaitForEqualAsync(pipeline, capture, apply);
        (await pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM docs WHERE length(body) = 9600")).Should().Be(100);
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
    }

    private static async Task WaitForEqualAsync(PostgresPipeline pipeline, CdcProcess capture, CdcProcess apply)
    {
        try
        {
            await pipeline.WaitForEqualAsync(Patience, ("docs", "id"));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\napplier:\n{Tail(apply.Output)}\ncapturer:\n{Tail(capture.Output)}", e);
        }
    }

    private static string Tail(string output) => output.Length > 3000 ? output[^3000..] : output;
}
