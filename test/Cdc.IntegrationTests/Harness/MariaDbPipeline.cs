using Cdc.Connections;
using Npgsql;

namespace Cdc.IntegrationTests.Harness;

/// <summary>
/// A MariaDB source with two targets of a test's own, a PostgreSQL and a MariaDB database, fed from one office stream
/// by two appliers; capturer and appliers run as real bin/cdc processes. On PostgreSQL the tables land in the schema
/// named after the source database; on MariaDB directly in the target database.
/// </summary>
public sealed class MariaDbPipeline : IAsyncDisposable
{
    private readonly ProcessGroup _processes = new();

    private MariaDbPipeline(MariaDbDatabase source, PostgresDatabase postgres, MariaDbDatabase mariaDb, string office)
    {
        Source = source;
        PostgresTarget = postgres;
        MariaDbTarget = mariaDb;
        Office = office;
    }

    public MariaDbDatabase Source { get; }

    public PostgresDatabase PostgresTarget { get; }

    public MariaDbDatabase MariaDbTarget { get; }

    public string Office { get; }

    public string Stream => $"cdc.{Office}";

    /// <summary>Where the source's tables are on the PostgreSQL target.</summary>
    public string PostgresSchema => Source.Name;

    public static async Task<MariaDbPipeline> CreateAsync(string name, DatabaseUri? sourceServer = null)
    {
        var office = TestServers.UniqueName(name).ToLowerInvariant();
        var source = await MariaDbDatabase.CreateAsync($"{name}_src", sourceServer);
        var postgres = await PostgresDatabase.CreateAsync($"{name}_pg");
        var mariaDb = await MariaDbDatabase.CreateAsync($"{name}_my");
        return new MariaDbPipeline(source, postgres, mariaDb, office);
    }

    public CdcProcess StartCapture(params string[] extra) => StartCapture(new Dictionary<string, string>(), extra);

    /// <summary>Starts the capturer with extra environment variables (a test-only fault, e.g. CDC_TEST_RETURN_MESSAGE).</summary>
    public CdcProcess StartCapture(IReadOnlyDictionary<string, string> environment, params string[] extra) =>
        _processes.Start(environment, ["capture", "--office", Office, "--source", Source.UriText, "--broker", TestServers.Broker, .. extra]);

    public CdcProcess StartApplyToPostgres() =>
        _processes.Start(["apply", "--name", $"{Office}_pg", "--streams", Stream, "--target", PostgresTarget.UriText, "--broker", TestServers.Broker]);

    public CdcProcess StartApplyToMariaDb() =>
        _processes.Start(["apply", "--name", $"{Office}_my", "--streams", Stream, "--target", MariaDbTarget.UriText, "--broker", TestServers.Broker]);

    /// <summary>Waits until both targets hold the source's rows of <paramref name="table"/> (the listed columns, in order).</summary>
    public async Task WaitForEqualAsync(TimeSpan timeout, string table, string columns, string orderBy)
    {
        var sql = $"SELECT {columns} FROM {{0}} ORDER BY {orderBy}";
        await Eventually.ReachAsync(
            async () => (
                Source: await Source.RowsAsync(string.Format(sql, table)),
                Postgres: await PostgresRowsAsync(string.Format(sql, $"\"{PostgresSchema}\".{table}")),
                MariaDb: await MariaDbTarget.RowsAsync(string.Format(sql, table))),
            rows => rows.Source.SequenceEqual(rows.Postgres) && rows.Source.SequenceEqual(rows.MariaDb),
            timeout,
            rows => $"{table}: source {rows.Source.Count} rows, PostgreSQL {rows.Postgres.Count}, MariaDB {rows.MariaDb.Count}; " +
                    $"PostgreSQL: {FirstDifference(rows.Source, rows.Postgres)}; MariaDB: {FirstDifference(rows.Source, rows.MariaDb)}");
    }

    public async Task<List<string>> PostgresRowsAsync(string sql)
    {
        await using var connection = await PostgresTarget.OpenAsync();
        try
        {
            return await TableRows.ReadAsync(connection, sql);
        }
        catch (PostgresException e) when (e.SqlState is "42P01" or "3F000" or "42703")
        {
            return [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _processes.DisposeAsync();
        await BrokerStreams.DeleteAsync(Stream);
        await Source.DisposeAsync();
        await PostgresTarget.DisposeAsync();
        await MariaDbTarget.DisposeAsync();
    }

    private static string FirstDifference(List<string> source, List<string> target)
    {
        for (var i = 0; i < Math.Max(source.Count, target.Count); i++)
        {
            var s = i < source.Count ? source[i] : "(none)";
            var t = i < target.Count ? target[i] : "(none)";
            if (s != t)
                return $"row {i}: source {s} / target {t}";
        }
        return "none";
    }
}
