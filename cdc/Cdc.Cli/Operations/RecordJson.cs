using System.Text;
using System.Text.Json;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Values;

namespace Cdc.Cli.Operations;

/// <summary>
/// One change record as a JSON line: stream offset, op code, table, source block, before/after. Numbers and booleans
/// stay JSON numbers and booleans; every other value is its PostgreSQL text form (dates, times, decimals exactly);
/// a column the log did not carry is <c>{"unavailable":true}</c>, never null.
/// </summary>
internal static class RecordJson
{
    public static string Format(long offset, string schemaReference, ChangeRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("offset", offset);
            json.WriteString("op", record.Op.ToCode().ToString());
            json.WriteString("table", record.Table.Id.ToString());
            json.WriteString("schema", schemaReference);
            json.WriteStartObject("source");
            json.WriteString("office", record.Source.Office);
            json.WriteString("engine", DatabaseEngineNames.Of(record.Source.Engine));
            json.WriteString("database", record.Source.Database);
            json.WriteString("position", record.Source.Position.ToString());
            json.WriteString("native_position", record.Source.NativePosition);
            json.WriteString("tx", record.Source.TransactionId);
            json.WriteString("commit_time", record.Source.CommitTime.ToString("O"));
            json.WriteBoolean("snapshot", record.Source.Snapshot);
            json.WriteEndObject();
            WriteRow(json, "before", record.Table, record.Before);
            WriteRow(json, "after", record.Table, record.After);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteRow(Utf8JsonWriter json, string name, TableDefinition table, RowImage? row)
    {
        if (row is null)
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            json.WritePropertyName(column.Name);
            if (!row.IsAvailable(i))
            {
                json.WriteStartObject();
                json.WriteBoolean("unavailable", true);
                json.WriteEndObject();
                continue;
            }
            switch (row[i])
            {
                case null: json.WriteNullValue(); break;
                case bool b: json.WriteBooleanValue(b); break;
                case int n when column.Kind is ColumnKind.Int16 or ColumnKind.Int32: json.WriteNumberValue(n); break;
                case long n when column.Kind == ColumnKind.Int64: json.WriteNumberValue(n); break;
                case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
                case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
                case var value: json.WriteStringValue(CanonicalText.Format(column, value)); break;
            }
        }
        json.WriteEndObject();
    }
}
