using System.CommandLine;
using Cdc.Cli.Commands;

var root = new RootCommand("cdc: change data capture from PostgreSQL and MySQL/MariaDB into RabbitMQ streams, and back into databases.")
{
    CaptureCommand.Create(),
    ApplyCommand.Create(),
    SchemasCommand.Create(),
};
// Signals are the generic host's to handle (graceful drain), not the parser's.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
