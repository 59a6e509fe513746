using Cdc.IntegrationTests.Harness;

namespace Cdc.IntegrationTests.Operations;

/// <summary>The command-line conventions: --help everywhere, exit 2 on usage errors.</summary>
public sealed class CommandLineTests
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
        var (exit, output) = await Workload.CdcAsync([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
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
        var (exit, output) = await Workload.CdcAsync(arguments.Split(' '));
        exit.Should().Be(2, output);
    }

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
