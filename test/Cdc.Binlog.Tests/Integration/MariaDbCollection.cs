namespace Cdc.Binlog.Tests.Integration;

/// <summary>
/// Integration tests share one MariaDB and some change server-wide settings (binlog_row_metadata) for a moment,
/// so they run one after another.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MariaDbCollection
{
    public const string Name = "MariaDB";
}
