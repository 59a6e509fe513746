using Cdc.Connections;
using Cdc.Model;
using Cdc.Schemas.AvroBinary;
using Cdc.Schemas.Registry;

namespace Cdc.Schemas.Envelope;

/// <summary>Writes a <see cref="ChangeRecord"/> as one single-object encoded envelope of its registered schema.</summary>
public static class EnvelopeEncoder
{
    public static void Encode(AvroWriter writer, ChangeRecord record, RegisteredSchema schema)
    {
        Span<byte> header = stackalloc byte[SingleObjectHeader.Length];
        SingleObjectHeader.Write(header, schema.Fingerprint);
        writer.WriteFixed(header);
        writer.WriteInt((int)record.Op);
        var columns = record.Table.Columns;
        WriteImage(writer, columns, record.Before);
        WriteImage(writer, columns, record.After);
        writer.WriteStringArray(Unavailable(columns, record.Before));
        writer.WriteStringArray(Unavailable(columns, record.After));
        WriteSource(writer, record);
    }

    private static void WriteImage(AvroWriter writer, IReadOnlyList<ColumnDefinition> columns, RowImage? row)
    {
        if (row is null)
        {
            writer.WriteInt(0);
            return;
        }
        writer.WriteInt(1);
        for (var i = 0; i < columns.Count; i++)
        {
            var value = row.IsAvailable(i) ? row[i] : null;
            if (value is null)
                writer.WriteInt(0);
            else
                ValueCodec.WriteBranchAndValue(writer, columns[i], value);
        }
    }

    private static string[] Unavailable(IReadOnlyList<ColumnDefinition> columns, RowImage? row)
    {
        if (row is null || !row.HasUnavailable)
            return [];
        return Enumerable.Range(0, columns.Count).Where(i => !row.IsAvailable(i)).Select(i => columns[i].Name).ToArray();
    }

    private static void WriteSource(AvroWriter writer, ChangeRecord record)
    {
        var source = record.Source;
        writer.WriteString(source.Office);
        writer.WriteString(DatabaseEngineNames.Of(source.Engine));
        writer.WriteString(source.Database);
        writer.WriteString(record.Table.Id.Schema);
        writer.WriteString(record.Table.Id.Name);
        writer.WriteString(source.Position.ToString());
        writer.WriteString(source.NativePosition);
        writer.WriteString(source.TransactionId);
        writer.WriteLong(ValueCodec.ToUnixMicros(source.CommitTime));
        writer.WriteBoolean(source.Snapshot);
    }
}
