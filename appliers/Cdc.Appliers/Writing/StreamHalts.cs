using Cdc.Model;

namespace Cdc.Appliers.Writing;

/// <summary>
/// The target's table <c>cdc_halts</c>: one row per (applier, stream) whose apply halted (a bad message with
/// <c>--on-bad-message stop</c>, or a failure only the operator can fix), with the stream offset it stopped at (when one
/// message is at fault), the reason and when; removed when a session of that applier on that stream starts again. It
/// is what <c>cdc status</c> lists. Written in a transaction that begins with the applier's offset row, as every
/// applier transaction does, so that a capturer of the same database drops it (no echo).
/// </summary>
public static class StreamHalts
{
    public const string Name = OwnTables.Halts;

    /// <summary>The longest reason kept (the log has all of it).</summary>
    public const int ReasonLength = 2000;

    public static TableDefinition Definition(string schema) => new(new TableId(schema, Name),
    [
        new ColumnDefinition("applier", ColumnKind.String, "varchar(200)", Nullable: false, IsKey: true, Length: 200),
        new ColumnDefinition("stream", ColumnKind.String, "varchar(200)", Nullable: false, IsKey: true, Length: 200),
        new ColumnDefinition("stream_offset", ColumnKind.Int64, "bigint", Nullable: true),
        new ColumnDefinition("reason", ColumnKind.String, "varchar(2000)", Nullable: false, Length: ReasonLength),
        new ColumnDefinition("halted_at", ColumnKind.TimestampTz, "timestamptz", Nullable: false, Precision: 6),
    ]);

    public static RowImage Row(string applier, string stream, long? offset, string reason) => new(
    [
        applier,
        stream,
        offset,
        reason.Length > ReasonLength ? reason[..ReasonLength] : reason,
        (DateTimeOffset.UtcNow.UtcTicks - DateTime.UnixEpoch.Ticks) / 10,
    ]);

    /// <summary>Every halt: applier, stream, offset, reason, time.</summary>
    public static string SelectAll(SqlDialect dialect, TableDefinition halts) =>
        $"SELECT {string.Join(", ", halts.Columns.Select(c => dialect.Quote(c.Name)))} FROM {dialect.TableName(halts.Id)} ORDER BY 1, 2";
}
