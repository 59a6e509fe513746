namespace Cdc.IntegrationTests.MySql;

/// <summary>What "nothing lost, nothing applied twice" means for a MariaDB workload.</summary>
internal static class MariaDbChecks
{
    /// <summary>Same rows in both targets as in the source, and each target's triggers counted exactly the source's row effects.</summary>
    public static async Task ExpectTargetsEqualSourceAsync(MariaDbPipeline pipeline, int changes, TimeSpan timeout)
    {
        foreach (var (table, columns, orderBy) in MariaDbWorkload.Compared)
            await pipeline.WaitForEqualAsync(timeout, table, columns, orderBy);
        var source = await MariaDbWorkload.AuditAsync(pipeline.Source);
        source.Values.Sum().Should().BeGreaterThanOrEqualTo(changes);
        (await MariaDbWorkload.AuditAsync(pipeline)).Should().BeEquivalentTo(source, "each source row change takes effect exactly once on PostgreSQL");
        (await MariaDbWorkload.AuditAsync(pipeline.MariaDbTarget)).Should().BeEquivalentTo(source, "each source row change takes effect exactly once on MariaDB");
    }
}
