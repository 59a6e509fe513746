namespace Cdc.IntegrationTests.Topology;

/// <summary>
/// What `ps` shows of the native sample topology (`make up`, then `make demo`): no process of it carries a password
/// on its command line, and the files that hold the URIs are readable by their owner only.
/// </summary>
public sealed class TopologySecretsTests
{
    /// <summary>user:password@ of every account the sample uses (deploy/topology.conf, deploy/rabbitmq/definitions.json).</summary>
    private static readonly string[] Secrets =
        ["cdc:cdc@", "retail_applier:retail_applier@", "applier:applier@", "head:head@", "branch-1:branch-1@", "branch-2:branch-2@", "probe:probe@", "-pcdc"];

    [Fact]
    public async Task No_process_of_the_topology_shows_a_password_and_the_secret_files_are_private()
    {
        await using var topology = NativeTopology.Create();
        var seen = new List<string>();
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                lock (seen)
                    seen.AddRange(topology.LeftoverProcesses());
                await Task.Delay(100);
            }
        });

        await topology.RunAsync(TimeSpan.FromSeconds(150), "up");
        await topology.RunAsync(TimeSpan.FromSeconds(60), "demo", "3");
        await stop.CancelAsync();
        await watcher;

        lock (seen)
        {
            seen.Should().Contain(p => p.Contains(" capture ", StringComparison.Ordinal), "the watcher saw the capturers");
            seen.Should().Contain(p => p.Contains("workload.sh", StringComparison.Ordinal), "the watcher saw the workload");
            seen.Where(p => Secrets.Any(s => p.Contains(s, StringComparison.Ordinal))).Distinct().Should().BeEmpty();
        }
        var secrets = new DirectoryInfo(Path.Combine(topology.Folder, "secrets"));
        secrets.UnixFileMode.Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        secrets.GetFiles().Should().NotBeEmpty().And.OnlyContain(f => f.UnixFileMode == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }
}
