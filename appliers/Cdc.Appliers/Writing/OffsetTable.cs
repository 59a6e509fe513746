using System.Globalization;
using Cdc.Model;
using Cdc.Positions;

namespace Cdc.Appliers.Writing;

/// <summary>
/// The target's offset table <c>cdc_offsets</c>: one row per (applier, stream) with the last applied stream offset and
/// source position, written in the same transaction as the changes it covers. It is also what makes an applier's
/// transactions recognisable at that database's own capturer (echo suppression).
/// </summary>
public static class OffsetTable
{
    public const string Name = OffsetTableShape.Name;

    public static TableDefinition Definition(string schema) => new(new TableId(schema, Name),
    [
        new ColumnDefinition("applier", ColumnKind.String, "varchar(200)", Nullable: false, IsKey: true, Length: 200),
        new ColumnDefinition("stream", ColumnKind.String, "varchar(200)", Nullable: false, IsKey: true, Length: 200),
        new ColumnDefinition("stream_offset", ColumnKind.Int64, "bigint", Nullable: false),
        new ColumnDefinition("source_position", ColumnKind.String, "varchar(100)", Nullable: false, Length: 100),
        new ColumnDefinition("applied_at", ColumnKind.TimestampTz, "timestamptz", Nullable: false, Precision: 6),
    ]);

    public static RowImage Row(Checkpoint checkpoint) => new(
    [
        checkpoint.Applier,
        checkpoint.Stream,
        checkpoint.Offset.Value,
        checkpoint.Position.ToString(),
        (DateTimeOffset.UtcNow.UtcTicks - DateTime.UnixEpoch.Ticks) / 10,
    ]);

    public static string Select(SqlDialect dialect, string schema) =>
        $"SELECT {dialect.Quote("stream_offset")}, {dialect.Quote("source_position")} FROM {dialect.TableName(new TableId(schema, Name))} " +
        $"WHERE {dialect.Quote("applier")} = {{0}} AND {dialect.Quote("stream")} = {{1}}";

    public static string SelectAll(SqlDialect dialect, string schema) =>
        $"SELECT {dialect.Quote("applier")}, {dialect.Quote("stream")}, {dialect.Quote("stream_offset")}, {dialect.Quote("source_position")}, " +
        $"{dialect.Quote("applied_at")} FROM {dialect.TableName(new TableId(schema, Name))} ORDER BY 1, 2";

    /// <summary>The name of the lock an applier holds on a stream while it runs (see <see cref="SqlDialect.TryLock"/>).</summary>
    public static string LockName(string applier, string stream) => $"{Name}:{applier}:{stream}";

    public static Checkpoint Read(string applier, string stream, long offset, string position) =>
        new(applier, stream, new StreamOffset(offset), SourcePosition.Parse(position.ToString(CultureInfo.InvariantCulture)));
}
