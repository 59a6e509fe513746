using System.CommandLine;
using Cdc.Cli.Commands;
using Cdc.Cli.Operations;

var root = new RootCommand("cdc: change data capture from PostgreSQL and MySQL/MariaDB into RabbitMQ streams, and back into databases.")
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
var parsed = root.Parse(args);
// Signals are the generic host's (graceful drain) or the command's own, not the parser's.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
if (parsed.Errors.Count > 0 && parsed.Action is System.CommandLine.Invocation.ParseErrorAction)
{
    // Usage errors exit 2 (the parser's default is 1, which means "the work failed" here).
    await parsed.InvokeAsync(invocation);
    return CommandRunner.Usage;
}
return await parsed.InvokeAsync(invocation);
