using Cdc.Capture.Snapshot;
using Cdc.Model;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cdc.Capture.Postgres;

/// <summary>
/// Describes the tables of a publication for a snapshot exactly as pgoutput will describe them when streaming
/// (same columns in attnum order, same type OIDs and modifiers, same identity flags, same <see cref="PgTypeMapper"/>),
/// so snapshot records and streamed records share one schema version. Adds row estimates and foreign keys.
/// </summary>
internal sealed class PostgresSnapshotCatalog(NpgsqlConnection connection, ILogger logger)
{
    private readonly PgTypeMapper _mapper = new(connection, logger);

    public async Task<IReadOnlyList<SnapshotTable>> DescribeAsync(string publication, Func<TableId, bool> wanted, CancellationToken ct)
    {
        const string sql = """
            SELECT c.oid, n.nspname, c.relname, c.relreplident, c.reltuples::bigint
            FROM pg_publication_tables p
            JOIN pg_namespace n ON n.nspname = p.schemaname
            JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = p.tablename
            WHERE p.pubname = $1
            """;
        var found = new List<(uint Oid, TableId Id, char Identity, long Estimate)>();
        await using (var command = Command(sql, publication))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var id = new TableId(reader.GetString(1), reader.GetString(2));
                if (wanted(id))
                    found.Add((reader.GetFieldValue<uint>(0), id, reader.GetChar(3), reader.GetInt64(4)));
            }
        var references = await ReferencesAsync(ct);
        var tables = new List<SnapshotTable>();
        foreach (var (oid, id, identity, estimate) in found)
        {
            var relation = new PgRelation(oid, id, identity == 'i', await ColumnsAsync(oid, ct));
            var definition = await _mapper.MapAsync(relation, previous: null, ct);
            var rows = estimate >= 0 ? estimate : await CountAsync(id, ct);
            tables.Add(new SnapshotTable(definition, rows, references.TryGetValue(oid, out var r) ? r : []));
        }
        return tables;
    }

    private async Task<PgRelationColumn[]> ColumnsAsync(uint oid, CancellationToken ct)
    {
        // pgoutput flags the replica identity's columns: the primary key by default, the chosen index, or all (FULL).
        const string sql = """
            SELECT a.attname, a.atttypid, a.atttypmod,
                   CASE c.relreplident
                     WHEN 'f' THEN true
                     WHEN 'n' THEN false
                     WHEN 'i' THEN EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisreplident AND a.attnum = ANY(i.indkey))
                     ELSE EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY(i.indkey))
                   END
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            ORDER BY a.attnum
            """;
        await using var command = Command(sql, oid);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = new List<PgRelationColumn>();
        while (await reader.ReadAsync(ct))
            columns.Add(new PgRelationColumn(reader.GetString(0), reader.GetFieldValue<uint>(1), reader.GetInt32(2), reader.GetBoolean(3)));
        return columns.ToArray();
    }

    private async Task<Dictionary<uint, List<TableId>>> ReferencesAsync(CancellationToken ct)
    {
        const string sql = """
            SELECT con.conrelid, n.nspname, c.relname
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.confrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE con.contype = 'f'
            """;
        var references = new Dictionary<uint, List<TableId>>();
        await using var command = Command(sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var from = reader.GetFieldValue<uint>(0);
            if (!references.TryGetValue(from, out var list))
                references[from] = list = [];
            list.Add(new TableId(reader.GetString(1), reader.GetString(2)));
        }
        return references;
    }

    /// <summary>A table never analysed has no estimate (reltuples -1): count it once.</summary>
    private async Task<long> CountAsync(TableId table, CancellationToken ct)
    {
        await using var command = Command($"SELECT count(*) FROM {PostgresSnapshotSource.Name(table)}");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private NpgsqlCommand Command(string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(parameter is uint oid
                ? new NpgsqlParameter { Value = oid, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid }
                : new NpgsqlParameter { Value = parameter });
        return command;
    }
}
