using System.CommandLine;
using System.CommandLine.Invocation;
using Cdc.Cli.Operations;

namespace Cdc.Cli.Commands;

/// <summary>
/// The whole command line: every command under one root, and the exit code of a usage error. Parsing, help and usage
/// errors start no host and touch no server, so tests run them in process.
/// </summary>
internal static class CdcCommandLine
{
    public static RootCommand Root() => new("cdc: change data capture from PostgreSQL and MySQL/MariaDB into RabbitMQ streams, and back into databases.")
    {
        CaptureCommand.Create(),
        ApplyCommand.Create(),
        ReplayCommand.Create(),
        TailCommand.Create(),
        OffsetsCommand.Create(),
        StreamsCommand.Create(),
        VerifyCommand.Create(),
        StatusCommand.Create(),
        SchemasCommand.Create(),
        SnapshotCommand.Create(),
    };

    /// <param name="output">Where help and parse errors go instead of the console (tests).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null)
    {
        var parsed = Root().Parse(args);
        // Signals are the generic host's (graceful drain) or the command's own, not the parser's.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        if (output is not null)
        {
            invocation.Output = output;
            invocation.Error = output;
        }
        if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction)
        {
            // Usage errors exit 2 (the parser's default is 1, which means "the work failed" here).
            await parsed.InvokeAsync(invocation);
            return CommandRunner.Usage;
        }
        return await parsed.InvokeAsync(invocation);
    }
}
