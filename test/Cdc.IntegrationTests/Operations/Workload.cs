using Cdc.IntegrationTests.Harness;

namespace Cdc.IntegrationTests.Operations;

/// <summary>A small workload for the operator command tests: two tables, inserts, updates, a delete, all applied.</summary>
public static class Workload
{
    public const string Schema = """
        CREATE TABLE accounts (id integer PRIMARY KEY, owner text NOT NULL, balance numeric(12,2));
        CREATE TABLE notes (id bigint PRIMARY KEY, body text);
        """;

    public const string Changes = """
        INSERT INTO accounts SELECT i, 'owner ' || i, i * 10 FROM generate_series(1, 200) i;
        INSERT INTO notes SELECT i, 'note ' || i FROM generate_series(1, 50) i;
        UPDATE accounts SET balance = balance + 1 WHERE id % 7 = 0;
        DELETE FROM accounts WHERE id = 13;
        UPDATE notes SET body = 'edited' WHERE id = 3;
        """;

    public static readonly (string, string)[] Tables = [("accounts", "id"), ("notes", "id")];

    /// <summary>Creates a pipeline, runs the workload through capture and apply, and waits until the target equals the source.</summary>
    public static async Task<(PostgresPipeline Pipeline, CdcProcess Capture, CdcProcess Apply)> AppliedAsync(string name)
    {
        var pipeline = await PostgresPipeline.CreateAsync(name);
        await pipeline.Source.ExecuteAsync(Schema);
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        await pipeline.Source.ExecuteAsync(Changes);
        var apply = pipeline.StartApply();
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), Tables);
        return (pipeline, capture, apply);
    }

    /// <summary>Runs a short cdc command to its end.</summary>
    public static Task<(int ExitCode, string Output)> CdcAsync(params string[] arguments) =>
        CdcProcess.RunAsync(TimeSpan.FromSeconds(60), arguments);
}
