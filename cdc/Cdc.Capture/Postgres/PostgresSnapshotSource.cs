using System.Collections.Concurrent;
using Cdc.Capture.Snapshot;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Sql;
using Cdc.Values;
using Microsoft.Extensions.Logging;
using Npgsql;
using Npgsql.Replication;
using NpgsqlTypes;

namespace Cdc.Capture.Postgres;

/// <summary>
/// PostgreSQL's side of a snapshot. The consistent snapshot is the one the replication slot exports when it is created
/// (https://www.postgresql.org/docs/15/protocol-replication.html, CREATE_REPLICATION_SLOT ... EXPORT_SNAPSHOT): it
/// shows exactly the transactions committed before the slot's consistent point, and lives as long as the creating
/// connection stays idle. Values are read through each type's output function (<c>concat</c>), under the session
/// settings pgoutput uses, so they parse exactly like streamed ones. Progress, requests and watermarks live in
/// <c>public.cdc_snapshot</c>, which the publication includes so that its changes reach the log reader.
/// </summary>
internal sealed class PostgresSnapshotSource(CaptureSettings options, DatabaseUri source, ILogger logger) : ISnapshotSource
{
    private const string CreateProgressTable = """
        CREATE TABLE IF NOT EXISTS public.cdc_snapshot (
            office text NOT NULL,
            table_name text NOT NULL,
            ordinal integer NOT NULL DEFAULT 0,
            state text NOT NULL,
            last_key text[],
            rows_done bigint NOT NULL DEFAULT 0,
            watermark text,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (office, table_name))
        """;

    private readonly ConcurrentDictionary<TableId, SnapshotTable> _described = new();
    private NpgsqlConnection? _catalog;
    private LogicalReplicationConnection? _exporting;
    private NpgsqlConnection? _snapshot;
    private TableId? _cursor;

    public DatabaseEngine Engine => DatabaseEngine.Postgres;

    public string Database => source.Database;

    public string DefaultSchema => "public";

    public TableId ProgressTable { get; } = new("public", OwnTables.Snapshot);

    private NpgsqlConnection Catalog => _catalog ?? throw new InvalidOperationException("PrepareAsync must run first.");

    public static string Name(TableId table) => PostgresQuoting.QualifiedName(table.Schema, table.Name);

    public async Task PrepareAsync(CancellationToken ct)
    {
        _catalog = await PostgresSourceChecks.ConnectAsync(source, ct, PostgresSourceChecks.TextSettings);
        await PostgresSourceChecks.CheckSettingsAsync(Catalog, source, ct);
        await PostgresSourceChecks.EnsurePublicationAsync(Catalog, source, options, ct);
        try
        {
            await ExecuteAsync(Catalog, CreateProgressTable, ct);
        }
        catch (PostgresException e) when (e.SqlState == "42501")
        {
            throw new CaptureException(
                $"The snapshot progress table public.cdc_snapshot does not exist on {source} and '{source.User}' may not create it ({e.MessageText}). " +
                $"As its owner run: {CreateProgressTable.ReplaceLineEndings(" ")}; GRANT ALL ON public.cdc_snapshot TO \"{source.User}\";", inner: e);
        }
        const string published = """
            SELECT p.puballtables OR EXISTS (SELECT 1 FROM pg_publication_tables t
                WHERE t.pubname = p.pubname AND t.schemaname = 'public' AND t.tablename = 'cdc_snapshot')
            FROM pg_publication p WHERE p.pubname = $1
            """;
        if (await ScalarAsync(Catalog, published, ct, options.Postgres.Publication) is false)
            await ExecuteAsync(Catalog, $"ALTER PUBLICATION {Quote(options.Postgres.Publication)} ADD TABLE public.cdc_snapshot", ct);
    }

    public async Task<bool> HasStoredPositionAsync(CancellationToken ct) =>
        await ScalarAsync(Catalog, "SELECT true FROM pg_replication_slots WHERE slot_name = $1", ct, options.Postgres.Slot) is true;

    public async Task<IReadOnlyList<SnapshotTable>> DescribeAsync(IReadOnlyCollection<TableId>? only, CancellationToken ct)
    {
        var catalog = new PostgresSnapshotCatalog(Catalog, logger);
        var tables = await catalog.DescribeAsync(
            options.Postgres.Publication,
            t => t != ProgressTable && !OffsetTableShape.IsApplierTable(t.Name) && (only is null || only.Contains(t)),
            ct);
        foreach (var table in tables)
            _described[table.Id] = table;
        return tables;
    }

    public async Task<IReadOnlyList<SnapshotProgress>> LoadProgressAsync(CancellationToken ct)
    {
        const string sql = "SELECT table_name, ordinal, state, last_key, rows_done FROM public.cdc_snapshot WHERE office = $1 AND table_name <> ''";
        var rows = new List<(TableId Table, int Ordinal, string State, string?[]? Key, long Rows)>();
        await using (var command = Command(Catalog, sql, options.Office))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add((TableId.Parse(reader.GetString(0), DefaultSchema), reader.GetInt32(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<string?[]>(3), reader.GetInt64(4)));
        var missing = rows.Select(r => r.Table).Where(t => !_described.ContainsKey(t)).ToArray();
        if (missing.Length > 0)
            await DescribeAsync(missing, ct);
        return rows.Select(r => new SnapshotProgress(r.Table, r.Ordinal, Enum.Parse<SnapshotState>(r.State, ignoreCase: true), ParseKey(r.Table, r.Key), r.Rows)).ToArray();
    }

    /// <summary>Called by the acknowledging side while the reading side uses the catalog connection: takes its own from the pool.</summary>
    public async Task SaveProgressAsync(SnapshotProgress progress, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO public.cdc_snapshot (office, table_name, ordinal, state, last_key, rows_done)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (office, table_name) DO UPDATE SET ordinal = EXCLUDED.ordinal, state = EXCLUDED.state,
                last_key = EXCLUDED.last_key, rows_done = EXCLUDED.rows_done, updated_at = now()
            """;
        await using var connection = await PostgresSourceChecks.ConnectAsync(source, ct);
        await using var command = Command(connection, sql, options.Office, progress.Table.ToString(), progress.Ordinal,
            progress.State.ToString().ToLowerInvariant(), FormatKey(progress.Table, progress.LastKey) is { } key ? key : DBNull.Value, progress.RowsDone);
        command.Parameters[4].NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text;
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task RequestAsync(IReadOnlyList<TableId> tables, CancellationToken ct)
    {
        await using var connection = await PostgresSourceChecks.ConnectAsync(source, ct);
        await ExecuteAsync(connection, CreateProgressTable, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        for (var i = 0; i < tables.Count; i++)
        {
            const string sql = """
                INSERT INTO public.cdc_snapshot (office, table_name, ordinal, state) VALUES ($1, $2, $3, 'requested')
                ON CONFLICT (office, table_name) DO UPDATE SET state = 'requested', ordinal = EXCLUDED.ordinal,
                    last_key = NULL, rows_done = 0, updated_at = now()
                """;
            await using var command = Command(connection, sql, options.Office, tables[i].ToString(), i);
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    public async Task<SnapshotOrigin> CreatePositionWithSnapshotAsync(CancellationToken ct)
    {
        if (!options.Postgres.CreateMissing)
            throw new CaptureException(
                $"Replication slot '{options.Postgres.Slot}' does not exist on {source}. Run: SELECT pg_create_logical_replication_slot('{options.Postgres.Slot}', 'pgoutput'); " +
                $"then, if the target needs the rows that exist already, `cdc snapshot --office {options.Office} --source <source> --tables <tables>` once the capturer streams.");
        _exporting = new LogicalReplicationConnection(source.ToConnectionString());
        await _exporting.Open(ct);
        var slot = await _exporting.CreatePgOutputReplicationSlot(options.Postgres.Slot, temporarySlot: false, slotSnapshotInitMode: LogicalSlotSnapshotInitMode.Export, cancellationToken: ct);
        _snapshot = await PostgresSourceChecks.ConnectAsync(source, ct, PostgresSourceChecks.TextSettings);
        await ExecuteAsync(_snapshot, $"BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET TRANSACTION SNAPSHOT '{slot.SnapshotName}'", ct);
        var consistent = slot.ConsistentPoint;
        // Streamed transactions commit at the consistent point or later: C-1 sorts before all of them and is nobody's.
        return new SnapshotOrigin(new Positions.SourcePosition(0, (ulong)consistent - 1, 0), consistent.ToString());
    }

    public async Task<SnapshotOrigin> OpenSnapshotAsync(CancellationToken ct)
    {
        // A temporary slot (dropped with its connection, never streamed) only to export a snapshot and its consistent point X:
        // the main slot streams every transaction committed at X or later, and the snapshot sees exactly those before X.
        await using var exporting = new LogicalReplicationConnection(source.ToConnectionString());
        await exporting.Open(ct);
        var name = "cdc_copy_" + Guid.NewGuid().ToString("N")[..20];
        var slot = await exporting.CreatePgOutputReplicationSlot(name, temporarySlot: true, slotSnapshotInitMode: LogicalSlotSnapshotInitMode.Export, cancellationToken: ct);
        _snapshot = await PostgresSourceChecks.ConnectAsync(source, ct, PostgresSourceChecks.TextSettings);
        await ExecuteAsync(_snapshot, $"BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET TRANSACTION SNAPSHOT '{slot.SnapshotName}'", ct);
        var consistent = slot.ConsistentPoint;
        return new SnapshotOrigin(new Positions.SourcePosition(0, (ulong)consistent - 1, 0), consistent.ToString());
    }

    public async Task CloseSnapshotAsync(CancellationToken ct)
    {
        _cursor = null;
        if (_snapshot is not null)
        {
            await ExecuteAsync(_snapshot, "COMMIT", ct);
            await _snapshot.DisposeAsync();
            _snapshot = null;
        }
        if (_exporting is not null)
        {
            await _exporting.DisposeAsync();
            _exporting = null;
        }
    }

    public async Task<IReadOnlyList<RowImage>> ReadChunkAsync(SnapshotTable table, SnapshotKey? after, int limit, CancellationToken ct)
    {
        var definition = table.Definition;
        var keys = definition.KeyIndexes.Select(i => definition.Columns[i]).ToArray();
        var sql = ChunkQuery.Build(
            Name(table.Id),
            definition.Columns.Select(c => $"CASE WHEN {Quote(c.Name)} IS NULL THEN NULL ELSE concat({Quote(c.Name)}) END"),
            keys.Select(k => Quote(k.Name)).ToArray(),
            after is null ? null : keys.Select((k, i) => $"${i + 1}::{k.SourceType}").ToArray(),
            limit,
            expandRowComparison: false);
        await using var command = new NpgsqlCommand(sql, _snapshot ?? Catalog);
        if (after is not null)
            for (var i = 0; i < keys.Length; i++)
                command.Parameters.Add(new NpgsqlParameter { Value = CanonicalText.Format(keys[i], after.Values[i]!), NpgsqlDbType = NpgsqlDbType.Text });
        return await ReadRowsAsync(command, definition, limit, ct);
    }

    public async Task<IReadOnlyList<RowImage>> ReadWholeChunkAsync(SnapshotTable table, long skip, int limit, CancellationToken ct)
    {
        var snapshot = _snapshot ?? throw new InvalidOperationException($"The table {table.Id} is read whole only inside a consistent snapshot.");
        var definition = table.Definition;
        if (skip == 0 || _cursor != table.Id)
        {
            // One server-side cursor per table in the snapshot's transaction: each chunk is a FETCH, memory stays one chunk.
            if (_cursor is not null)
                await ExecuteAsync(snapshot, "CLOSE cdc_whole_table", ct);
            var columns = definition.Columns.Select(c => $"CASE WHEN {Quote(c.Name)} IS NULL THEN NULL ELSE concat({Quote(c.Name)}) END");
            await ExecuteAsync(snapshot, $"DECLARE cdc_whole_table NO SCROLL CURSOR FOR SELECT {string.Join(", ", columns)} FROM {Name(table.Id)}", ct);
            _cursor = table.Id;
            if (skip > 0)
                await ExecuteAsync(snapshot, $"MOVE FORWARD {skip} IN cdc_whole_table", ct);
        }
        await using var command = new NpgsqlCommand($"FETCH FORWARD {limit} FROM cdc_whole_table", snapshot);
        return await ReadRowsAsync(command, definition, limit, ct);
    }

    public async Task WriteWatermarkAsync(string mark, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO public.cdc_snapshot (office, table_name, state, watermark) VALUES ($1, '', 'watermark', $2)
            ON CONFLICT (office, table_name) DO UPDATE SET watermark = EXCLUDED.watermark, updated_at = now()
            """;
        await using var command = Command(Catalog, sql, options.Office, mark);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_snapshot is not null)
            await _snapshot.DisposeAsync();
        if (_exporting is not null)
            await _exporting.DisposeAsync();
        if (_catalog is not null)
            await _catalog.DisposeAsync();
    }

    private SnapshotKey? ParseKey(TableId table, string?[]? texts)
    {
        if (texts is null || !_described.TryGetValue(table, out var described))
            return null;
        var keys = described.Definition.KeyIndexes.Select(i => described.Definition.Columns[i]).ToArray();
        return keys.Length == texts.Length ? new SnapshotKey(keys.Select((k, i) => texts[i] is { } t ? CanonicalText.Parse(k, t) : null).ToArray()) : null;
    }

    private string?[]? FormatKey(TableId table, SnapshotKey? key)
    {
        if (key is null || !_described.TryGetValue(table, out var described))
            return null;
        var definition = described.Definition;
        return definition.KeyIndexes.Select((column, i) => key.Values[i] is { } v ? CanonicalText.Format(definition.Columns[column], v) : null).ToArray();
    }

    /// <summary>Rows of text values (each column through its output function), parsed as pgoutput's text would be.</summary>
    private static async Task<IReadOnlyList<RowImage>> ReadRowsAsync(NpgsqlCommand command, TableDefinition definition, int limit, CancellationToken ct)
    {
        var rows = new List<RowImage>(limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var texts = new string?[definition.Columns.Count];
            for (var i = 0; i < texts.Length; i++)
                texts[i] = reader.IsDBNull(i) ? null : reader.GetString(i);
            rows.Add(new RowImage(PgRowText.Parse(definition, texts, "in its snapshot")));
        }
        return rows;
    }

    private static string Quote(string identifier) => PostgresQuoting.Identifier(identifier);

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return command;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync(ct);
    }
}
