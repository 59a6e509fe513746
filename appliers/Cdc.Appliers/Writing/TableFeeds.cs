using Cdc.Model;

namespace Cdc.Appliers.Writing;

/// <summary>
/// The target's table <c>cdc_table_feeds</c>: one row per (target table, stream) that ever wrote into it, written in the
/// applier's transaction the first time a session applies that stream into that table, and the truncates of that stream
/// refused there (how many, the last one's source position and time). It is how a truncate from one stream is kept
/// from deleting what another stream wrote (<see cref="TruncatePolicy"/>), and what <c>cdc status</c> lists.
/// Streams are recorded from the first transaction an applier of this version applies.
/// </summary>
public static class TableFeeds
{
    public const string Name = OffsetTableShape.FeedsName;

    public static TableDefinition Definition(string schema) => new(new TableId(schema, Name),
    [
        new ColumnDefinition("target_table", ColumnKind.String, "varchar(400)", Nullable: false, IsKey: true, Length: 400),
        new ColumnDefinition("stream", ColumnKind.String, "varchar(200)", Nullable: false, IsKey: true, Length: 200),
        new ColumnDefinition("truncates_refused", ColumnKind.Int64, "bigint", Nullable: false),
        new ColumnDefinition("last_refused_position", ColumnKind.String, "varchar(100)", Nullable: true, Length: 100),
        new ColumnDefinition("last_refused_at", ColumnKind.TimestampTz, "timestamptz", Nullable: true, Precision: 6),
    ]);

    /// <summary>A (table, stream) row, added unless it is there (its counters untouched).</summary>
    public static SqlStatement Record(SqlDialect dialect, TableDefinition feeds, string table, string stream)
    {
        var columns = feeds.Columns.Take(3).ToArray();
        var values = new object?[] { table, stream, 0L };
        var parameters = columns.Select((c, i) => (c, values[i])).ToList();
        var sql = dialect.Upsert(dialect.TableName(feeds.Id), columns, [columns.Select((c, i) => dialect.Parameter(i, c)).ToArray()],
            feeds.Columns.Where(c => c.IsKey).ToArray(), []);
        return new SqlStatement(sql, parameters);
    }

    /// <summary>Counts one refused truncate of <paramref name="table"/> from <paramref name="stream"/> (its row exists: see <see cref="Record"/>).</summary>
    public static SqlStatement Refused(SqlDialect dialect, TableDefinition feeds, string table, string stream, string position)
    {
        var c = feeds.Columns;
        var parameters = new List<(ColumnDefinition, object?)>
        {
            (c[3], position), (c[4], (DateTimeOffset.UtcNow.UtcTicks - DateTime.UnixEpoch.Ticks) / 10), (c[0], table), (c[1], stream),
        };
        var sql = $"UPDATE {dialect.TableName(feeds.Id)} SET {dialect.Quote(c[2].Name)} = {dialect.Quote(c[2].Name)} + 1, " +
                  $"{dialect.Quote(c[3].Name)} = {dialect.Parameter(0, c[3])}, {dialect.Quote(c[4].Name)} = {dialect.Parameter(1, c[4])} " +
                  $"WHERE {dialect.Quote(c[0].Name)} = {dialect.Parameter(2, c[0])} AND {dialect.Quote(c[1].Name)} = {dialect.Parameter(3, c[1])}";
        return new SqlStatement(sql, parameters);
    }

    /// <summary>The streams that wrote into the table given as parameter 0.</summary>
    public static string SelectStreams(SqlDialect dialect, TableDefinition feeds) =>
        $"SELECT {dialect.Quote(feeds.Columns[1].Name)} FROM {dialect.TableName(feeds.Id)} WHERE {dialect.Quote(feeds.Columns[0].Name)} = {dialect.Parameter(0, feeds.Columns[0])}";

    /// <summary>Every (table, stream) with refused truncates: table, stream, count, last position, last time.</summary>
    public static string SelectRefused(SqlDialect dialect, TableDefinition feeds) =>
        $"SELECT {string.Join(", ", feeds.Columns.Select(c => dialect.Quote(c.Name)))} FROM {dialect.TableName(feeds.Id)} " +
        $"WHERE {dialect.Quote(feeds.Columns[2].Name)} > 0 ORDER BY 1, 2";
}
