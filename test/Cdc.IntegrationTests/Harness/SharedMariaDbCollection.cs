namespace Cdc.IntegrationTests.Harness;

/// <summary>
/// The tests that capture from the shared MariaDB run one after another: the binlog is server-wide, and some rotate it
/// (FLUSH BINARY LOGS) or count its files and bytes (status), which a concurrent test's rotation would change. They
/// run beside the PostgreSQL tests (Properties.cs).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedMariaDbCollection
{
    public const string Name = "shared MariaDB";
}
