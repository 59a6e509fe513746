using Cdc.Connections;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Schemas.AvroBinary;
using Cdc.Schemas.Registry;

namespace Cdc.Schemas.Envelope;

/// <summary>Reads one single-object encoded envelope with the exact schema version that wrote it.</summary>
public static class EnvelopeDecoder
{
    /// <summary>Reads the fingerprint of the next record without consuming anything else.</summary>
    public static ulong PeekFingerprint(AvroReader reader, ReadOnlySpan<byte> data) =>
        SingleObjectHeader.Read(data[reader.Position..], reader.Position);

    public static ChangeRecord Decode(AvroReader reader, RegisteredSchema schema)
    {
        var fingerprint = SingleObjectHeader.Read(reader.ReadFixed(SingleObjectHeader.Length), reader.Position - SingleObjectHeader.Length);
        if (fingerprint != schema.Fingerprint)
            throw new InvalidDataException(
                $"Record fingerprint {fingerprint:X16} does not match schema {schema.Reference} ({schema.Fingerprint:X16}).");
        var op = reader.ReadInt();
        if (op < 0 || op > (int)Operation.Truncate)
            throw new InvalidDataException($"Operation index {op} is out of range in a record of {schema.Reference}.");
        var table = schema.Table;
        var beforeValues = ReadImage(reader, table.Columns);
        var afterValues = ReadImage(reader, table.Columns);
        var before = MarkUnavailable(beforeValues, table, reader.ReadStringArray());
        var after = MarkUnavailable(afterValues, table, reader.ReadStringArray());
        var source = ReadSource(reader);
        // The writers read the image each operation needs without checking: a record without it is refused here.
        if (after is null && (Operation)op is Operation.Create or Operation.Read or Operation.Update)
            throw new InvalidDataException($"A {(Operation)op} record of {schema.Reference} at {source.Position} has no after image.");
        if (before is null && (Operation)op is Operation.Delete)
            throw new InvalidDataException($"A delete record of {schema.Reference} at {source.Position} has no before image.");
        return new ChangeRecord((Operation)op, table, before, after, source);
    }

    private static object?[]? ReadImage(AvroReader reader, IReadOnlyList<ColumnDefinition> columns)
    {
        if (reader.ReadInt() == 0)
            return null;
        var values = new object?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
            values[i] = ValueCodec.ReadBranchAndValue(reader, columns[i]);
        return values;
    }

    private static RowImage? MarkUnavailable(object?[]? values, TableDefinition table, List<string> unavailable)
    {
        if (values is null)
            return null;
        if (unavailable.Count == 0)
            return new RowImage(values);
        var flags = new bool[values.Length];
        foreach (var column in unavailable)
        {
            var index = table.IndexOf(column);
            if (index < 0)
                throw new InvalidDataException($"Unavailable column '{column}' is not a column of {table.Id}.");
            flags[index] = true;
        }
        return new RowImage(values, flags);
    }

    private static SourceInfo ReadSource(AvroReader reader)
    {
        var office = reader.ReadString();
        var engine = DatabaseEngineNames.Parse(reader.ReadString());
        var database = reader.ReadString();
        reader.ReadString(); // schema: the table definition already names it
        reader.ReadString(); // table
        var position = SourcePosition.Parse(reader.ReadString());
        var native = reader.ReadString();
        var txId = reader.ReadString();
        var commitTime = ValueCodec.FromUnixMicros(reader.ReadLong());
        var snapshot = reader.ReadBoolean();
        return new SourceInfo(office, engine, database, position, native, txId, commitTime, snapshot);
    }
}
