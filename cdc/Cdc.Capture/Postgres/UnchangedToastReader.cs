using Cdc.Connections;
using Cdc.Model;
using Cdc.Sql;
using Cdc.Values;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Cdc.Capture.Postgres;

/// <summary>
/// Fills the columns an update left unchanged in TOAST storage, which pgoutput does not send ('u'), by selecting them
/// by key from the source on a connection of its own (as Debezium's re-select post-processor does). Without them a
/// target that lacks the row (a snapshot window dropped the chunk's copy for this change, or the target was repaired by
/// hand) could only insert it without those columns.
/// <para>
/// The select sees the row as it is now, which may be newer than the change. That is correct for the stream: a newer
/// value comes with later changes that the log also carries, at their own positions, so the target ends with the newest
/// value either way. A row that is gone (deleted, or its key changed, since the change) leaves the columns unavailable:
/// the log carries the delete or the key change, and an applier only updates an existing row with such a change,
/// never inserts it without them.
/// </para>
/// </summary>
internal sealed partial class UnchangedToastReader(DatabaseUri source, ILogger logger) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;

    /// <summary>The row with its unavailable columns filled from the source, or as it is when the source has no such row any more.</summary>
    /// <param name="position">Where the change was read (transaction and LSN), for messages.</param>
    public async Task<RowImage> CompleteAsync(TableDefinition table, RowImage row, string position, CancellationToken ct)
    {
        if (!row.HasUnavailable || !table.HasKey || !table.KeyIndexes.All(row.IsAvailable))
            return row;
        var columns = Enumerable.Range(0, table.Columns.Count).Where(i => !row.IsAvailable(i)).ToArray();
        var keys = table.KeyIndexes;
        var sql = $"SELECT {string.Join(", ", columns.Select(i => $"CASE WHEN {Quote(table.Columns[i].Name)} IS NULL THEN NULL ELSE concat({Quote(table.Columns[i].Name)}) END"))} " +
                  $"FROM {PostgresQuoting.QualifiedName(table.Id.Schema, table.Id.Name)} " +
                  $"WHERE {string.Join(" AND ", keys.Select((k, n) => $"{Quote(table.Columns[k].Name)} = ${n + 1}::{table.Columns[k].SourceType}"))}";
        var texts = new string?[table.Columns.Count];
        foreach (var k in keys)
            texts[k] = row[k] is { } key ? CanonicalText.Format(table.Columns[k], key) : null;
        var connection = await ConnectionAsync(ct);
        await using (var command = new NpgsqlCommand(sql, connection))
        {
            foreach (var k in keys)
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)texts[k] ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            try
            {
                await using var reader = await command.ExecuteReaderAsync(ct);
                if (!await reader.ReadAsync(ct))
                {
                    LogGone(logger, table.Id.ToString(), position);
                    return row;
                }
                for (var n = 0; n < columns.Length; n++)
                    texts[columns[n]] = reader.IsDBNull(n) ? null : reader.GetString(n);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn)
            {
                // Dropped since the change: the log carries the DDL's effect on later changes, and there is nothing to read.
                LogGone(logger, table.Id.ToString(), position);
                return row;
            }
        }
        var read = PgRowText.Parse(table, texts, position + ", re-read by key for its unchanged TOAST columns");
        var values = row.Values.ToArray();
        foreach (var i in columns)
            values[i] = read[i];
        return new RowImage(values);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
    }

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken ct)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
            return _connection;
        if (_connection is not null)
            await _connection.DisposeAsync();
        _connection = await PostgresSourceChecks.ConnectAsync(source, ct, PostgresSourceChecks.TextSettings);
        return _connection;
    }

    private static string Quote(string identifier) => PostgresQuoting.Identifier(identifier);

    [LoggerMessage(Level = LogLevel.Debug, Message = "An update of {Table} at {Position} left TOAST columns unchanged and the row is gone from the source since: " +
        "they stay unavailable (the log carries the row's delete or key change)")]
    private static partial void LogGone(ILogger logger, string table, string position);
}
