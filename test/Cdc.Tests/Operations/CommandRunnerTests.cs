using Cdc.Cli.Operations;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Cdc.Tests.Operations;

/// <summary>A command never ends in an unhandled exception: whatever it throws becomes one line on standard error and exit 1.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CommandRunnerTests
{
    [Fact]
    public async Task A_connection_the_broker_closed_is_a_failure_that_names_the_broker_s_reason()
    {
        var closed = new ShutdownEventArgs(ShutdownInitiator.Peer, 504, "CHANNEL_ERROR - expected 'channel.open'");

        var (exit, error) = await RunAsync(_ => throw new AlreadyClosedException(closed));

        exit.Should().Be(CommandRunner.Failed);
        error.Should().StartWith("cdc status: the broker closed the connection").And.Contain("504").And.Contain("expected 'channel.open'");
    }

    [Fact]
    public async Task An_exception_nobody_expected_is_a_failure_that_names_it()
    {
        var (exit, error) = await RunAsync(_ => throw new InvalidOperationException("the report has no rows"));

        exit.Should().Be(CommandRunner.Failed);
        error.Should().StartWith("cdc status: failed unexpectedly: InvalidOperationException: the report has no rows");
    }

    private static async Task<(int Exit, string Error)> RunAsync(Func<CancellationToken, Task<int>> run)
    {
        using var output = new StringWriter();
        var error = Console.Error;
        Console.SetError(output);
        try
        {
            var exit = await CommandRunner.RunAsync("status", run);
            return (exit, output.ToString());
        }
        finally
        {
            Console.SetError(error);
        }
    }
}
