using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Cdc.Binlog;
using Cdc.Capture.Snapshot;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Sql;
using Cdc.Streams.Broker;
using Cdc.Streams.Consuming;
using Microsoft.Extensions.Logging;

namespace Cdc.Capture.MySql;

/// <summary>
/// MySQL's and MariaDB's side of a snapshot. The consistent snapshot is a REPEATABLE READ transaction started WITH
/// CONSISTENT SNAPSHOT whose matching binlog position <see cref="MySqlConsistentRead"/> finds; rows read in it are
/// published at (file, position - 1, n), before every transaction the binlog holds from that position on. Tables are
/// described and values converted as the binlog reader does (<see cref="MySqlSnapshotCatalog"/>,
/// <see cref="MySqlSnapshotValues"/>). Progress, requests, watermarks and the office's binlog start live in the table
/// <c>cdc_snapshot</c> of the source database, whose row events the binlog reader sees like any other table's.
/// </summary>
internal sealed class MySqlSnapshotSource(CaptureSettings options, DatabaseUri source, ILogger logger) : ISnapshotSource, IBinlogStartStore
{
    private const string OfficeRow = "''"; // table_name of the office's own row: watermark and binlog start

    private readonly ConcurrentDictionary<TableId, (SnapshotTable Table, TableMapEvent Map)> _described = new();
    private readonly MySqlValueConverter _values = new(logger);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private BinlogClient? _catalog;
    private BinlogClient? _writer;
    private BinlogClient? _snapshot;
    private MySqlTypeMapper? _mapper;

    public DatabaseEngine Engine => DatabaseEngine.MySql;

    public string Database => source.Database;

    public string DefaultSchema => source.Database;

    public TableId ProgressTable => new(source.Database, OwnTables.Snapshot);

    private BinlogClient Catalog => _catalog ?? throw new InvalidOperationException("PrepareAsync must run first.");

    private string Table => $"{MySqlQuoting.Identifier(source.Database)}.`cdc_snapshot`";

    private string CreateProgressTable => $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            office varchar(190) NOT NULL,
            table_name varchar(190) NOT NULL,
            ordinal int NOT NULL DEFAULT 0,
            state varchar(20) NOT NULL,
            last_key text NULL,
            rows_done bigint NOT NULL DEFAULT 0,
            watermark varchar(100) NULL,
            binlog_start varchar(255) NULL,
            stream varchar(255) NULL,
            updated_at timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
            PRIMARY KEY (office, table_name)
        ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
        """;

    public async Task PrepareAsync(CancellationToken ct)
    {
        _catalog = await ConnectAsync(ct);
        await MySqlSourceChecks.CheckAsync(_catalog, source, ct);
        await CreateTableAsync(_catalog, ct);
        _mapper = new MySqlTypeMapper(await MySqlSourceChecks.CollationWidthsAsync(_catalog, ct), (table, token) => MariaDbColumnTypes.ReadAsync(Catalog, table, token));
    }

    /// <summary>A start stored for this stream, or a stream that holds records: either way the binlog reader knows where to go on.</summary>
    public async Task<bool> HasStoredPositionAsync(CancellationToken ct) =>
        await ReadStartAsync(ct) is not null
        || await StreamResumePoint.LastMessageAsync(options.Broker, options.StreamName, ct) is not null;

    public async Task<IReadOnlyList<SnapshotTable>> DescribeAsync(IReadOnlyCollection<TableId>? only, CancellationToken ct)
    {
        var catalog = new MySqlSnapshotCatalog(Catalog, _mapper!);
        var tables = await catalog.DescribeAsync(source.Database,
            t => t != ProgressTable && !OffsetTableShape.IsApplierTable(t.Name) && (only is null || only.Contains(t)), ct);
        foreach (var table in tables)
            _described[table.Table.Id] = table;
        return tables.Select(t => t.Table).ToArray();
    }

    public async Task<IReadOnlyList<SnapshotProgress>> LoadProgressAsync(CancellationToken ct)
    {
        var rows = (await Catalog.QueryAsync(
                $"SELECT table_name, ordinal, state, last_key, rows_done FROM {Table} WHERE office = {MySqlQuoting.Literal(options.Office)} AND table_name <> {OfficeRow}", ct))
            .Rows.Select(r => (Table: TableId.Parse(r[0]!, DefaultSchema), Ordinal: int.Parse(r[1]!, CultureInfo.InvariantCulture), State: r[2]!,
                Key: r[3] is { } json ? JsonSerializer.Deserialize<string?[]>(json) : null, Rows: long.Parse(r[4]!, CultureInfo.InvariantCulture)))
            .ToArray();
        var missing = rows.Select(r => r.Table).Where(t => !_described.ContainsKey(t)).ToArray();
        if (missing.Length > 0)
            await DescribeAsync(missing, ct);
        return rows.Select(r => new SnapshotProgress(r.Table, r.Ordinal, Enum.Parse<SnapshotState>(r.State, ignoreCase: true),
            r.Key is { } key && _described.TryGetValue(r.Table, out var d) ? SnapshotKey.FromTexts(d.Table.Definition, key) : null, r.Rows)).ToArray();
    }

    /// <summary>Called by the acknowledging side while the reading side uses the catalog connection: a connection of its own.</summary>
    public async Task SaveProgressAsync(SnapshotProgress progress, CancellationToken ct)
    {
        var key = progress.LastKey is { } last && _described.TryGetValue(progress.Table, out var d)
            ? MySqlQuoting.Literal(JsonSerializer.Serialize(last.ToTexts(d.Table.Definition)))
            : "NULL";
        await WriteAsync($"""
            INSERT INTO {Table} (office, table_name, ordinal, state, last_key, rows_done)
            VALUES ({MySqlQuoting.Literal(options.Office)}, {MySqlQuoting.Literal(progress.Table.ToString())}, {progress.Ordinal},
                    {MySqlQuoting.Literal(progress.State.ToString().ToLowerInvariant())}, {key}, {progress.RowsDone})
            ON DUPLICATE KEY UPDATE ordinal = VALUES(ordinal), state = VALUES(state), last_key = VALUES(last_key), rows_done = VALUES(rows_done)
            """, ct);
    }

    public async Task RequestAsync(IReadOnlyList<TableId> tables, CancellationToken ct)
    {
        await using var connection = await ConnectAsync(ct);
        await CreateTableAsync(connection, ct);
        await connection.QueryAsync("START TRANSACTION", ct);
        for (var i = 0; i < tables.Count; i++)
            await connection.QueryAsync($"""
                INSERT INTO {Table} (office, table_name, ordinal, state) VALUES ({MySqlQuoting.Literal(options.Office)}, {MySqlQuoting.Literal(tables[i].ToString())}, {i}, 'requested')
                ON DUPLICATE KEY UPDATE state = 'requested', ordinal = VALUES(ordinal), last_key = NULL, rows_done = 0
                """, ct);
        await connection.QueryAsync("COMMIT", ct);
    }

    public async Task<SnapshotOrigin> CreatePositionWithSnapshotAsync(CancellationToken ct)
    {
        _snapshot = await ConnectAsync(ct);
        var start = await MySqlConsistentRead.OpenAsync(_snapshot, ct);
        await SaveStartAsync(start, ct);
        // Every transaction after the snapshot starts at `start` or later: (file, start - 1) sorts before all of them and is nobody's.
        return new SnapshotOrigin(BinlogSourcePositions.JustBefore(start), start.ToString());
    }

    public async Task<SnapshotOrigin> OpenSnapshotAsync(CancellationToken ct)
    {
        _snapshot = await ConnectAsync(ct);
        var at = await MySqlConsistentRead.OpenAsync(_snapshot, ct);
        return new SnapshotOrigin(BinlogSourcePositions.JustBefore(at), at.ToString());
    }

    public async Task CloseSnapshotAsync(CancellationToken ct)
    {
        if (_snapshot is null)
            return;
        await _snapshot.QueryAsync("COMMIT", ct);
        await _snapshot.DisposeAsync();
        _snapshot = null;
    }

    public async Task<IReadOnlyList<Model.RowImage>> ReadChunkAsync(SnapshotTable table, SnapshotKey? after, int limit, CancellationToken ct)
    {
        var map = _described[table.Id].Map;
        var definition = table.Definition;
        var keys = definition.KeyIndexes.Select(i => MySqlQuoting.Identifier(definition.Columns[i].Name)).ToArray();
        var literals = after?.Values.Select((value, i) => MySqlSnapshotValues.Literal(definition.Columns[definition.KeyIndexes[i]], map.Columns[definition.KeyIndexes[i]], value!)).ToArray();
        var sql = ChunkQuery.Build($"{MySqlQuoting.Identifier(table.Id.Schema)}.{MySqlQuoting.Identifier(table.Id.Name)}",
            map.Columns.Select(MySqlSnapshotValues.Select), keys, literals, limit, expandRowComparison: true);
        var result = await (_snapshot ?? Catalog).QueryAsync(sql, ct);
        var at = $"snapshot of {table.Id}";
        return result.Rows.Select(row => _values.Convert(definition, row.Select((text, i) => MySqlSnapshotValues.Parse(map.Columns[i], text)).ToArray(), at)).ToArray();
    }

    /// <summary>
    /// LIMIT/OFFSET over a plain scan in the consistent read: the same read view and the same plan (the clustered index,
    /// InnoDB's hidden row id for a table without a key) give the same order for every chunk. No ORDER BY: sorting by
    /// every column would compare long values by a prefix only (max_sort_length), which can order rows differently per query.
    /// </summary>
    public async Task<IReadOnlyList<Model.RowImage>> ReadWholeChunkAsync(SnapshotTable table, long skip, int limit, CancellationToken ct)
    {
        var snapshot = _snapshot ?? throw new InvalidOperationException($"The table {table.Id} is read whole only inside a consistent read.");
        var map = _described[table.Id].Map;
        var sql = $"SELECT {string.Join(", ", map.Columns.Select(MySqlSnapshotValues.Select))} FROM {MySqlQuoting.Identifier(table.Id.Schema)}.{MySqlQuoting.Identifier(table.Id.Name)} LIMIT {limit} OFFSET {skip}";
        var result = await snapshot.QueryAsync(sql, ct);
        var at = $"snapshot of {table.Id}";
        return result.Rows.Select(row => _values.Convert(table.Definition, row.Select((text, i) => MySqlSnapshotValues.Parse(map.Columns[i], text)).ToArray(), at)).ToArray();
    }

    public Task WriteWatermarkAsync(string mark, CancellationToken ct) =>
        Catalog.QueryAsync($"""
            INSERT INTO {Table} (office, table_name, state, watermark) VALUES ({MySqlQuoting.Literal(options.Office)}, {OfficeRow}, 'watermark', {MySqlQuoting.Literal(mark)})
            ON DUPLICATE KEY UPDATE watermark = VALUES(watermark)
            """, ct);

    public async Task<BinlogPosition?> ReadStartAsync(CancellationToken ct)
    {
        var rows = (await Catalog.QueryAsync(
            $"SELECT binlog_start FROM {Table} WHERE office = {MySqlQuoting.Literal(options.Office)} AND table_name = {OfficeRow} AND stream = {MySqlQuoting.Literal(options.StreamName)}", ct)).Rows;
        return rows.Count > 0 && BinlogPosition.TryParse(rows[0][0], out var start) ? start : null;
    }

    public Task SaveStartAsync(BinlogPosition start, CancellationToken ct) =>
        WriteAsync($"""
            INSERT INTO {Table} (office, table_name, state, binlog_start, stream)
            VALUES ({MySqlQuoting.Literal(options.Office)}, {OfficeRow}, 'watermark', {MySqlQuoting.Literal(start.ToString())}, {MySqlQuoting.Literal(options.StreamName)})
            ON DUPLICATE KEY UPDATE binlog_start = VALUES(binlog_start), stream = VALUES(stream)
            """, ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in new[] { _snapshot, _writer, _catalog })
            if (client is not null)
                await client.DisposeAsync();
        _writing.Dispose();
    }

    private async Task WriteAsync(string sql, CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            _writer ??= await ConnectAsync(ct);
            await _writer.QueryAsync(sql, ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>A session in UTC, so TIMESTAMP values read as the binlog carries them.</summary>
    private async Task<BinlogClient> ConnectAsync(CancellationToken ct)
    {
        var client = await MySqlSourceChecks.ConnectAsync(source, options, ct);
        await client.QueryAsync("SET time_zone = '+00:00'", ct);
        return client;
    }

    private async Task CreateTableAsync(BinlogClient client, CancellationToken ct)
    {
        try
        {
            await client.QueryAsync(CreateProgressTable, ct);
        }
        catch (BinlogServerException e) when (e.ErrorCode is 1142 or 1044)
        {
            throw new CaptureException(
                $"The snapshot progress table {source.Database}.cdc_snapshot does not exist on {source} and '{source.User}' may not create it ({e.ServerMessage}). " +
                $"As an administrator run: {CreateProgressTable.ReplaceLineEndings(" ")}; GRANT SELECT, INSERT, UPDATE ON {Table} TO '{source.User}'@'<host>';", inner: e);
        }
    }
}
