namespace Cdc.IntegrationTests.Truncate;

/// <summary>A target database of either engine, as the truncate tests need it: SQL that both engines take, and counts.</summary>
public sealed class TruncateTarget : IAsyncDisposable
{
    private readonly PostgresDatabase? _postgres;
    private readonly MariaDbDatabase? _mariaDb;

    private TruncateTarget(PostgresDatabase? postgres, MariaDbDatabase? mariaDb)
    {
        _postgres = postgres;
        _mariaDb = mariaDb;
    }

    public static async Task<TruncateTarget> CreateAsync(string engine, string prefix) => engine switch
    {
        "postgres" => new TruncateTarget(await PostgresDatabase.CreateAsync(prefix), null),
        "mariadb" => new TruncateTarget(null, await MariaDbDatabase.CreateAsync(prefix)),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "postgres or mariadb"),
    };

    public string UriText => _postgres?.UriText ?? _mariaDb!.UriText;

    public Task ExecuteAsync(string sql) => _postgres is not null ? _postgres.ExecuteAsync(sql) : _mariaDb!.ExecuteAsync(sql);

    /// <summary>Rows of a table of the source's public schema (on MariaDB: of the target database), 0 while it does not exist.</summary>
    public async Task<long> CountAsync(string table, string where = "TRUE")
    {
        try
        {
            var sql = $"SELECT count(*) FROM {table} WHERE {where}";
            return _postgres is not null ? await _postgres.ScalarAsync<long>(sql) : await _mariaDb!.ScalarAsync<long>(sql);
        }
        catch (Exception e) when (e.Message.Contains("does not exist", StringComparison.Ordinal) || e.Message.Contains("doesn't exist", StringComparison.Ordinal))
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
        if (_mariaDb is not null)
            await _mariaDb.DisposeAsync();
    }
}
