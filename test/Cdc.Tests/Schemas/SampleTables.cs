using Cdc.Connections;
using Cdc.Model;
using Cdc.Positions;

namespace Cdc.Tests.Schemas;

/// <summary>A table with a column of every kind, and records of it, for codec tests.</summary>
internal static class SampleTables
{
    public static readonly TableDefinition AllKinds = new(new TableId("public", "all-kinds"),
    [
        new ColumnDefinition("id", ColumnKind.Int64, "bigint", Nullable: false, IsKey: true),
        new ColumnDefinition("flag", ColumnKind.Boolean, "boolean"),
        new ColumnDefinition("small", ColumnKind.Int16, "smallint"),
        new ColumnDefinition("count", ColumnKind.Int32, "integer"),
        new ColumnDefinition("ratio", ColumnKind.Float32, "real"),
        new ColumnDefinition("measure", ColumnKind.Float64, "double precision"),
        new ColumnDefinition("amount", ColumnKind.Decimal, "numeric(12,3)", Precision: 12, Scale: 3),
        new ColumnDefinition("free", ColumnKind.Numeric, "numeric"),
        new ColumnDefinition("name", ColumnKind.String, "varchar(20)", Length: 20),
        new ColumnDefinition("blob", ColumnKind.Bytes, "bytea"),
        new ColumnDefinition("uid", ColumnKind.Uuid, "uuid"),
        new ColumnDefinition("day", ColumnKind.Date, "date"),
        new ColumnDefinition("clock", ColumnKind.Time, "time"),
        new ColumnDefinition("local", ColumnKind.Timestamp, "timestamp"),
        new ColumnDefinition("instant", ColumnKind.TimestampTz, "timestamptz"),
        new ColumnDefinition("span", ColumnKind.Interval, "interval"),
        new ColumnDefinition("doc", ColumnKind.Json, "jsonb"),
        new ColumnDefinition("mood", ColumnKind.Enum, "mood"),
        new ColumnDefinition("ints", ColumnKind.Array, "integer[]", ElementKind: ColumnKind.Int32),
        new ColumnDefinition("texts", ColumnKind.Array, "text[]", ElementKind: ColumnKind.String),
        new ColumnDefinition("odd type", ColumnKind.Text, "tsvector"),
    ]);

    public static object?[] Values(long id) =>
    [
        id, true, -32768, int.MaxValue, 3.25f, double.NegativeInfinity, "-123456789.125", "0.000000000000000000001",
        "héllo 🌍", new byte[] { 0, 255, 16 }, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", -719162, 86_399_999_999L,
        long.MaxValue, -1L, "1 year 2 mons", "{\"a\": [1, null]}", "happy", new List<object?> { 1, null, 3 },
        new List<object?> { "a", null, "" }, "'fat':1",
    ];

    public static ChangeRecord Record(Operation op, RowImage? before, RowImage? after, long index = 0) =>
        new(op, AllKinds, before, after, Source(new SourcePosition(0, 1000, index)));

    public static SourceInfo Source(SourcePosition position) =>
        new("head", DatabaseEngine.Postgres, "bank", position, "0/3E8", "731", new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.Zero));
}
