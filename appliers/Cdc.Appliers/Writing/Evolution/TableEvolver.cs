using System.Data.Common;
using Cdc.Model;
using Cdc.Sql;
using Microsoft.Extensions.Logging;

namespace Cdc.Appliers.Writing.Evolution;

/// <summary>
/// Keeps each target table at its source table's newest registered version, and writes records of older versions
/// into it. A missing table is created at its first version and evolved version by version (as a live target was), so
/// a replay into an empty target ends with the same table. DDL runs outside the data transaction (MySQL commits
/// implicitly on DDL).
/// </summary>
public sealed partial class TableEvolver(DbConnection connection, SqlDialect dialect, ITableHistory history, DroppedColumnPolicy policy, ILogger logger)
{
    private readonly HashSet<TableDefinition> _covered = [];
    private readonly Dictionary<TableId, (TableDefinition Newest, HashSet<string> Columns)> _targets = [];
    private readonly Dictionary<TableDefinition, RecordProjection> _projections = new(ReferenceEqualityComparer.Instance);

    /// <summary>While set, DDL is not executed but refused (<see cref="DdlWouldCommitException"/>): reads still run.</summary>
    public bool RefusesDdl { get; set; }

    /// <summary>Brings the record's table to the newest version the registry knows, unless that was done already.</summary>
    /// <exception cref="ApplyException">A name of the table cannot be held by the target engine as it is.</exception>
    public async Task EnsureAsync(ChangeRecord record, long offset, CancellationToken ct)
    {
        if (_covered.Contains(record.Table))
            return;
        try
        {
            await EvolveToNewestAsync(record, offset, ct);
        }
        catch (UnrepresentableNameException e)
        {
            throw new ApplyException(
                $"Table {record.Table.Id} of office {record.Source.Office} (stream offset {offset}) cannot be written to this target: {e.Message} " +
                "Nothing from that offset on was applied; a name is never cut or changed, as two names could become one.", inner: e);
        }
    }

    private async Task EvolveToNewestAsync(ChangeRecord record, long offset, CancellationToken ct)
    {
        var versions = history.Versions(record.Source.Office, record.Table.Id);
        if (!versions.Contains(record.Table))
            versions = [.. versions, record.Table];
        await dialect.LearnTypesAsync(connection, versions.SelectMany(v => v.Columns), ct);
        var actual = await ReadColumnsAsync(record.Table.Id, ct);
        if (actual.Count == 0)
        {
            await ExecuteAsync(dialect.CreateContainer(record.Table.Id).Append(dialect.CreateTable(versions[0])), ct);
            for (var k = 2; k <= versions.Count; k++)
                await EvolveAsync(await ReadColumnsAsync(record.Table.Id, ct), versions.Take(k).ToArray(), offset, ct);
        }
        else
        {
            await EvolveAsync(actual, versions, offset, ct);
        }
        await EvolveKeyAsync(versions[^1], versions.Count, offset, ct);
        _targets[record.Table.Id] = (versions[^1], (await ReadColumnsAsync(record.Table.Id, ct)).Select(c => c.Name).ToHashSet(StringComparer.Ordinal));
        _projections.Clear();
        _covered.UnionWith(versions);
    }

    /// <summary>The record as the evolved target table takes it (columns renamed, dropped ones left out).</summary>
    public ChangeRecord Project(ChangeRecord record)
    {
        if (!_targets.TryGetValue(record.Table.Id, out var target))
            return record;
        if (!_projections.TryGetValue(record.Table, out var projection))
            _projections[record.Table] = projection = RecordProjection.Between(record.Table, target.Newest, target.Columns);
        return projection.Apply(record);
    }

    /// <summary>Whether the target has the table.</summary>
    public async Task<bool> ExistsAsync(TableId table, CancellationToken ct) => (await ReadColumnsAsync(table, ct)).Count > 0;

    /// <summary>Creates a table that is not versioned (the offset table) when it is missing.</summary>
    public async Task CreateIfMissingAsync(TableDefinition table, CancellationToken ct) =>
        await ExecuteAsync(dialect.CreateContainer(table.Id).Append(dialect.CreateTable(table)), ct);

    private async Task EvolveAsync(IReadOnlyList<TargetColumn> actual, IReadOnlyList<TableDefinition> versions, long offset, CancellationToken ct)
    {
        var plan = TableEvolution.Plan(actual, versions, policy, dialect);
        var table = versions[^1].Id.ToString();
        foreach (var problem in plan.Problems)
            LogCannotEvolve(logger, table, versions.Count, offset, problem);
        if (plan.Statements.Count == 0)
            return;
        await ExecuteAsync(plan.Statements, ct);
        LogEvolved(logger, table, versions.Count, offset, string.Join("; ", plan.Changes));
    }

    /// <summary>
    /// Gives the target table the newest version's primary key when the source's key changed (columns added to it, a key
    /// added to a keyless table, a key replaced or dropped). Rows the target holds that do not fit the new key (NULLs,
    /// duplicates: rows changed by hand, or a key the source's data fits only now) make the statement fail: that stops the
    /// applier with the statement to run once they are mended, instead of upserting against a key that no longer is.
    /// </summary>
    private async Task EvolveKeyAsync(TableDefinition newest, int version, long offset, CancellationToken ct)
    {
        var current = await ReadKeyAsync(newest.Id, ct);
        var key = newest.KeyIndexes.Select(i => newest.Columns[i]).ToList();
        if (current.Columns.ToHashSet(StringComparer.Ordinal).SetEquals(key.Select(c => c.Name)))
            return;
        var wanted = key.Count == 0 ? "no primary key" : $"({string.Join(", ", key.Select(c => c.Name))})";
        var sql = dialect.ReplaceKey(dialect.TableName(newest.Id), current, key);
        try
        {
            await ExecuteAsync([sql], ct);
        }
        catch (DbException e)
        {
            throw new ApplyException(
                $"The primary key of {newest.Id} changed at the source from {current} to {wanted} (schema version {version}, before stream offset {offset}), " +
                $"and the target table cannot take the new key: {e.Message}. Nothing from that offset on was applied. Make the target's rows fit the new key " +
                $"(no NULLs, no duplicates in its columns), run `{sql}` on the target, and start the applier again.", inner: e);
        }
        LogKeyChanged(logger, newest.Id.ToString(), version, offset, current.ToString(), wanted);
    }

    private async Task<TargetKey> ReadKeyAsync(TableId table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = dialect.SelectKey;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@table";
        parameter.Value = dialect.KeyLookupName(table);
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = new List<string>();
        string? constraint = null;
        while (await reader.ReadAsync(ct))
        {
            columns.Add(reader.GetString(0));
            constraint = reader.GetString(1);
        }
        return columns.Count == 0 ? TargetKey.None : new TargetKey(constraint, columns);
    }

    private async Task<IReadOnlyList<TargetColumn>> ReadColumnsAsync(TableId table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        var (sql, parameters) = dialect.SelectColumns(table);
        command.CommandText = sql;
        foreach (var value in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = new List<TargetColumn>();
        while (await reader.ReadAsync(ct))
            columns.Add(new TargetColumn(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        return columns;
    }

    private async Task ExecuteAsync(IEnumerable<string> statements, CancellationToken ct)
    {
        foreach (var sql in statements)
        {
            if (RefusesDdl)
                throw new DdlWouldCommitException(sql);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Target table {Table} evolved to version {Version} before stream offset {Offset}: {Changes}")]
    private static partial void LogEvolved(ILogger logger, string table, int version, long offset, string changes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Target table {Table} follows version {Version} (before stream offset {Offset}): primary key {From} replaced by {To}")]
    private static partial void LogKeyChanged(ILogger logger, string table, int version, long offset, string from, string to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Target table {Table} cannot follow version {Version} (stream offset {Offset}): {Problem}")]
    private static partial void LogCannotEvolve(ILogger logger, string table, int version, long offset, string problem);
}
