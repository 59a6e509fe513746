namespace Cdc.IntegrationTests.Operations;

/// <summary>
/// A setting whose value its type cannot hold (a prefetch of 100,000 where at most 65,535 fit) stops a capturer or an
/// applier at once with one line naming the setting, exit code 1: not an unhandled exception and its stack trace.
/// </summary>
public sealed class BadSettingsTests
{
    private static readonly TimeSpan StopsAtOnce = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_applier_with_a_value_its_setting_cannot_hold_stops_naming_the_setting()
    {
        var config = WriteConfig("""{"Apply": {"Prefetch": 100000}}""");
        try
        {
            var (exit, output) = await CdcProcess.RunAsync(StopsAtOnce, "apply", "--name", "bad_settings", "--streams", "cdc.bad_settings",
                "--target", "postgres://cdc:cdc@127.0.0.1:1/postgres", "--broker", TestServers.Broker, "--config", config);
            Expect(exit, output, "Apply:Prefetch");
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task A_capturer_with_a_value_its_setting_cannot_hold_stops_naming_the_setting()
    {
        var config = WriteConfig("""{"Capture": {"MaxRecordsPerMessage": "many"}}""");
        try
        {
            var (exit, output) = await CdcProcess.RunAsync(StopsAtOnce, "capture", "--office", "bad_settings",
                "--source", "postgres://cdc:cdc@127.0.0.1:1/postgres", "--broker", TestServers.Broker, "--config", config);
            Expect(exit, output, "Capture:MaxRecordsPerMessage");
        }
        finally
        {
            File.Delete(config);
        }
    }

    private static void Expect(int exit, string output, string setting)
    {
        exit.Should().Be(1, output);
        output.Should().Contain(setting).And.Contain("Fix that setting");
        output.Should().NotContain("Unhandled").And.NotContain("BackgroundService has thrown");
        output.Split('\n').Should().NotContain(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal), "no stack trace");
    }

    private static string WriteConfig(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cdc-bad-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
