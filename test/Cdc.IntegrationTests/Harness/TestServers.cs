using Cdc.Connections;

namespace Cdc.IntegrationTests.Harness;

/// <summary>Where the servers started by <c>make services</c> listen (override with the CDC_TEST_* variables).</summary>
public static class TestServers
{
    public static DatabaseUri Postgres { get; } = DatabaseUri.Parse(Env("CDC_TEST_POSTGRES", "postgres://cdc:cdc@127.0.0.1:15432/postgres"));

    public static DatabaseUri MariaDb { get; } = DatabaseUri.Parse(Env("CDC_TEST_MARIADB", "mysql://cdc:cdc@127.0.0.1:13306/mysql"));

    public static string Broker { get; } = Env("CDC_TEST_BROKER", "amqp://cdc:cdc@127.0.0.1:35672/%2F");

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The published command-line tool, as users run it.</summary>
    public static string CdcBinary
    {
        get
        {
            var path = Path.Combine(RepositoryRoot, "bin", "cdc");
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: run `make build` first.");
        }
    }

    /// <summary>A name unique to this test run, usable as database, office and slot name.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid().ToString("N")[..8]}";

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cdc.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("Cdc.sln not found above the test binaries.");
    }
}
