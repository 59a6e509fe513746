using Cdc.IntegrationTests.Harness;

namespace Cdc.IntegrationTests.Operations;

/// <summary>
/// The command-line conventions that need bin/cdc as users run it: failures of the work exit 1 and say why. Help and
/// usage errors are parsed in process: Cdc.Tests' CommandLineParsingTests.
/// </summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("status --target postgres://cdc:cdc@127.0.0.1:1/nowhere --broker {broker}", "check the database URI")]
    [InlineData("status --source mysql://cdc:cdc@127.0.0.1:1/nowhere --broker {broker}", "check the database URI")]
    [InlineData("offsets list --target mysql://cdc:cdc@127.0.0.1:1/nowhere", "check the database URI")]
    [InlineData("offsets set --applier a --stream cdc.no_such_office_here --offset 0 --target postgres://cdc:cdc@127.0.0.1:1/nowhere --broker {broker}", "does not exist")]
    [InlineData("streams list --broker amqp://cdc:cdc@127.0.0.1:1/%2F", "unreachable")]
    [InlineData("snapshot --office o --tables items --source postgres://cdc:cdc@127.0.0.1:1/nowhere", "check the source URI")]
    public async Task Unreachable_servers_and_unknown_streams_fail_with_exit_1_and_say_why(string arguments, string expected)
    {
        var (exit, output) = await Workload.CdcAsync(arguments.Replace("{broker}", TestServers.Broker, StringComparison.Ordinal).Split(' '));

        exit.Should().Be(1, output);
        output.Should().Contain(expected).And.NotContain("cdc:cdc@", "no password is ever printed");
    }
}
