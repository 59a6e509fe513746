namespace Cdc.IntegrationTests.Harness;

/// <summary>
/// A PostgreSQL → stream → PostgreSQL pipeline of a test's own: source and target databases, an office (hence a
/// stream and a slot) and an applier, all named after the test; capturer and applier run as real bin/cdc processes.
/// </summary>
public sealed class PostgresPipeline : IAsyncDisposable
{
    private readonly ProcessGroup _processes = new();

    private PostgresPipeline(PostgresDatabase source, PostgresDatabase target, string office, string broker)
    {
        Source = source;
        Target = target;
        Office = office;
        Broker = broker;
    }

    public PostgresDatabase Source { get; }

    public PostgresDatabase Target { get; }

    public string Office { get; }

    public string Broker { get; }

    public string Stream => $"cdc.{Office}";

    public string Applier => $"{Office}_applier";

    public static async Task<PostgresPipeline> CreateAsync(string name, string? broker = null)
    {
        var office = TestServers.UniqueName(name).ToLowerInvariant();
        var source = await PostgresDatabase.CreateAsync($"{name}_src");
        var target = await PostgresDatabase.CreateAsync($"{name}_tgt");
        return new PostgresPipeline(source, target, office, broker ?? TestServers.Broker);
    }

    public CdcProcess StartCapture(params string[] extra) => StartCapture(new Dictionary<string, string>(), extra);

    /// <summary>Starts the capturer with extra environment variables (a test-only fault, e.g. CDC_TEST_RETURN_MESSAGE).</summary>
    public CdcProcess StartCapture(IReadOnlyDictionary<string, string> environment, params string[] extra) =>
        _processes.Start(environment, ["capture", "--office", Office, "--source", Source.UriText, "--broker", Broker, .. extra]);

    public CdcProcess StartApply(params string[] extra) => StartApply(new Dictionary<string, string>(), extra);

    /// <summary>Starts the applier with extra environment variables (e.g. a managed-heap limit).</summary>
    public CdcProcess StartApply(IReadOnlyDictionary<string, string> environment, params string[] extra) =>
        _processes.Start(environment, ["apply", "--name", Applier, "--streams", Stream, "--target", Target.UriText, "--broker", Broker, .. extra]);

    /// <summary>Waits until every listed table holds the same rows in the target as in the source.</summary>
    public async Task WaitForEqualAsync(TimeSpan timeout, params (string Table, string OrderBy)[] tables)
    {
        foreach (var (table, orderBy) in tables)
        {
            await Eventually.ReachAsync(
                async () => (Source: await Source.RowsAsync(table, orderBy), Target: await TargetRowsOrEmptyAsync(table, orderBy)),
                rows => rows.Source.SequenceEqual(rows.Target),
                timeout,
                rows => $"{table}: source has {rows.Source.Count} rows, target {rows.Target.Count}; first difference: " +
                        FirstDifference(rows.Source, rows.Target));
        }
    }

    /// <summary>
    /// Like <see cref="WaitForEqualAsync"/>, by fingerprint, for tables too large to compare row by row in memory: waits
    /// until the applier's checkpoint reached the stream's last message (cheap to watch), then compares once.
    /// </summary>
    public async Task WaitForSameFingerprintAsync(TimeSpan timeout, params (string Table, string OrderBy)[] tables)
    {
        var applied = $"SELECT coalesce(max(stream_offset), -1) FROM cdc_offsets WHERE applier = '{Applier}' AND stream = '{Stream}'";
        await Eventually.ReachAsync(
            async () => (Tail: await BrokerStreams.TailOffsetAsync(Stream, Broker) ?? -1, Applied: await TargetScalarOrAsync(applied, -1L)),
            o => o.Applied >= o.Tail && o.Tail >= 0,
            timeout,
            o => $"stream {Stream} ends at offset {o.Tail}, the applier applied up to {o.Applied}");
        foreach (var (table, orderBy) in tables)
        {
            try
            {
                await Eventually.ReachAsync(
                    async () => (Source: await Source.FingerprintAsync(table, orderBy), Target: await TargetFingerprintOrNoneAsync(table, orderBy)),
                    f => f.Source == f.Target,
                    timeout,
                    f => $"{table}: source {f.Source}, target {f.Target}");
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}\n{await DifferencesAsync(table, orderBy)}", e);
            }
        }
    }

    /// <summary>The rows only one side holds (the first few of each), so that a failed fingerprint comparison says which rows differ.</summary>
    public async Task<string> DifferencesAsync(string table, string orderBy, int shown = 20)
    {
        var source = await Source.RowsAsync(table, orderBy);
        var target = await TargetRowsOrEmptyAsync(table, orderBy);
        var onlySource = source.Except(target).ToList();
        var onlyTarget = target.Except(source).ToList();
        return $"{table}: {onlySource.Count} rows only in the source, {onlyTarget.Count} only in the target.\n" +
               $"Only in the source:\n  {string.Join("\n  ", onlySource.Take(shown))}\n" +
               $"Only in the target:\n  {string.Join("\n  ", onlyTarget.Take(shown))}";
    }

    public async ValueTask DisposeAsync()
    {
        await _processes.DisposeAsync();
        await BrokerStreams.DeleteAsync(Stream, Broker);
        await Source.DisposeAsync();
        await Target.DisposeAsync();
    }

    private async Task<List<string>> TargetRowsOrEmptyAsync(string table, string orderBy)
    {
        try
        {
            return await Target.RowsAsync(table, orderBy);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState is "42P01" or "42703")
        {
            return []; // not created (or not evolved to the compared columns) by the applier yet
        }
    }

    private async Task<T> TargetScalarOrAsync<T>(string sql, T fallback)
    {
        try
        {
            return await Target.ScalarAsync<T>(sql) ?? fallback;
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01")
        {
            return fallback;
        }
    }

    private async Task<string> TargetFingerprintOrNoneAsync(string table, string orderBy)
    {
        try
        {
            return await Target.FingerprintAsync(table, orderBy);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01")
        {
            return "no table yet";
        }
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
