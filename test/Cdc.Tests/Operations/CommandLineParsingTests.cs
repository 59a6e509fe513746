using Cdc.Cli.Commands;

namespace Cdc.Tests.Operations;

/// <summary>
/// The command-line conventions, in process (the parser and every command's options, no host, no server): --help
/// everywhere, exit 2 on usage errors. Failures of the work itself (exit 1) are CommandLineTests', on bin/cdc.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class CommandLineParsingTests
{
    [Theory]
    [InlineData("")]
    [InlineData("capture")]
    [InlineData("apply")]
    [InlineData("offsets")]
    [InlineData("streams")]
    [InlineData("snapshot")]
    [InlineData("schemas list")]
    [InlineData("schemas show")]
    [InlineData("schemas diff")]
    [InlineData("replay")]
    [InlineData("tail")]
    [InlineData("offsets list")]
    [InlineData("offsets set")]
    [InlineData("status")]
    [InlineData("verify")]
    [InlineData("streams list")]
    [InlineData("streams info")]
    public async Task Every_command_has_help(string command)
    {
        var (exit, output) = await RunAsync([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
        exit.Should().Be(0, output);
        output.Should().Contain("Usage:").And.Contain("--");
    }

    [Theory]
    [InlineData("replay --stream cdc.x --target postgres://a:b@h/d --broker amqp://a:b@h/%2F")] // neither --from-offset nor --from-time
    [InlineData("tail")] // --stream missing
    [InlineData("tail --stream cdc.x --no-such-option")]
    [InlineData("tail --stream cdc.x --from sideways")]
    [InlineData("offsets set --applier a --stream s --offset not-a-number")]
    [InlineData("no-such-command")]
    [InlineData("snapshot --office o --source postgres://a:b@h/d")] // --tables missing
    [InlineData("verify --chunk-size 0 --source postgres://a:b@h/d --target postgres://a:b@h/d")]
    [InlineData("replay --stream cdc.x --from-offset 0 --from-time 2026-01-01T00:00:00Z --target postgres://a:b@h/d --broker amqp://a:b@h/%2F")]
    public async Task Usage_errors_exit_2(string arguments)
    {
        var (exit, output) = await RunAsync(arguments.Split(' '));
        exit.Should().Be(2, output);
        output.Should().NotBeEmpty("a usage error says what is wrong");
    }

    /// <summary>Runs the command line as bin/cdc would, with the parser's output and standard error collected.</summary>
    private static async Task<(int Exit, string Output)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        var error = Console.Error;
        Console.SetError(output);
        try
        {
            var exit = await CdcCommandLine.RunAsync(args, output);
            return (exit, output.ToString());
        }
        finally
        {
            Console.SetError(error);
        }
    }
}
