using Cdc.IntegrationTests.Harness;

namespace Cdc.IntegrationTests.Operations;

/// <summary>The command-line conventions: --help everywhere, exit 2 on usage errors.</summary>
public sealed class CommandLineTests
{
    [Theory]
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
        var (exit, output) = await Workload.CdcAsync([.. command.Split(' '), "--help"]);
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
    public async Task Usage_errors_exit_2(string arguments)
    {
        var (exit, output) = await Workload.CdcAsync(arguments.Split(' '));
        exit.Should().Be(2, output);
    }
}
