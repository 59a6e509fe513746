using Cdc.IntegrationTests.MySql;

namespace Cdc.IntegrationTests.Continuity;

/// <summary>
/// A message the broker refuses while later ones are confirmed leaves those later ones in the stream before the
/// refused one's copy, which the capturer's next session publishes. Applying them would make the copy look applied
/// (it is at or below the last applied position) and its changes would be lost; the appliers must ignore them until
/// the copy comes, and apply every change once. The test-only fault CDC_TEST_RETURN_MESSAGE makes the broker return one
/// message in the middle of a burst (the capturer reads a backlog written while it was stopped).
/// </summary>
public sealed class OvertakingTests
{
    private const int Changes = 6_000;
    private const string ReturnedMessage = "300";
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_message_returned_in_a_burst_from_a_PostgreSQL_source_is_applied_once_in_order()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("overtaking_pg");
        await MixedWorkload.CreateSchemaAsync(pipeline.Source, pipeline.Target);
        // No snapshot: the tables are empty when the slot is made, and a snapshot resumed later would upsert rows again.
        var first = pipeline.StartCapture("--tables", MixedWorkload.Tables, "--snapshot-mode", "never");
        await first.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        (await first.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0, first.Output);
        await new MixedWorkload(pipeline.Source).RunAsync(Changes);

        var capture = pipeline.StartCapture(Fault, "--tables", MixedWorkload.Tables, "--snapshot-mode", "never");
        var apply = pipeline.StartApply();

        try
        {
            await MixedWorkload.ExpectAppliedExactlyOnceAsync(pipeline);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{e.Message}\nCAPTURE:\n{capture.Output}\nAPPLY:\n{apply.Output}", e);
        }
        ExpectOvertakingSeen(capture, apply);
    }

    [Fact]
    public async Task A_message_returned_in_a_burst_from_a_MariaDB_source_is_published_again_and_applied_once_in_order()
    {
        await using var pipeline = await MariaDbPipeline.CreateAsync("overtaking_my");
        await MariaDbWorkload.CreateSchemaAsync(pipeline);
        var tables = MariaDbWorkload.CapturedTables(pipeline.Source);
        var first = pipeline.StartCapture("--tables", tables, "--snapshot-mode", "never");
        await first.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        (await first.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0, first.Output);
        await new MariaDbWorkload(pipeline.Source).RunAsync(Changes);

        var capture = pipeline.StartCapture(Fault, "--tables", tables, "--snapshot-mode", "never");
        var apply = pipeline.StartApplyToPostgres();
        pipeline.StartApplyToMariaDb();

        await MariaDbChecks.ExpectTargetsEqualSourceAsync(pipeline, Changes, Convergence);
        ExpectOvertakingSeen(capture, apply);
    }

    private static readonly Dictionary<string, string> Fault = new() { ["CDC_TEST_RETURN_MESSAGE"] = ReturnedMessage };

    private static void ExpectOvertakingSeen(CdcProcess capture, CdcProcess apply)
    {
        capture.Output.Should().Contain("Publishing to", "the returned message failed the session").And.Contain("retrying");
        apply.Output.Should().Contain("it overtook a message the broker refused", "later messages were in the stream before the copy")
            .And.Contain("the refused one's copy arrived at offset");
    }
}
