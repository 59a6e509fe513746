using System.Text;
using System.Text.Json;
using Cdc.Model;

namespace Cdc.Schemas.Mapping;

/// <summary>
/// The Avro schema of one table's change envelope: <c>op</c>, <c>before</c>, <c>after</c>, the columns each image
/// did not carry, and the <c>source</c> block. Each column is a nullable field whose properties (<c>cdc.kind</c>,
/// <c>cdc.source_type</c>, <c>cdc.key</c>, ...) keep what a target needs to create and evolve the table; the
/// schema JSON alone is enough to rebuild the <see cref="TableDefinition"/>.
/// </summary>
public static class EnvelopeSchema
{
    public const string OfficeProperty = "cdc.office";
    public const string SchemaProperty = "cdc.schema";
    public const string TableProperty = "cdc.table";

    /// <summary>The registry subject of a table: <c>&lt;office&gt;.&lt;schema&gt;.&lt;table&gt;</c>.</summary>
    public static string Subject(string office, TableId table) => $"{office}.{table.Schema}.{table.Name}";

    public static string ToJson(string office, TableDefinition table)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("type", "record");
            json.WriteString("name", AvroNames.Sanitize(table.Id.Name));
            json.WriteString("namespace", $"cdc.{AvroNames.Sanitize(office)}.{AvroNames.Sanitize(table.Id.Schema)}");
            json.WriteString(OfficeProperty, office);
            json.WriteString(SchemaProperty, table.Id.Schema);
            json.WriteString(TableProperty, table.Id.Name);
            json.WriteStartArray("fields");
            WriteOpField(json);
            WriteImageField(json, "before", () => WriteRowRecord(json, table));
            WriteImageField(json, "after", () => json.WriteStringValue("Row"));
            WriteStringArrayField(json, "before_unavailable");
            WriteStringArrayField(json, "after_unavailable");
            WriteSourceField(json);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Rebuilds the table definition (and the office) from a schema written by <see cref="ToJson"/>.</summary>
    public static (string Office, TableDefinition Table) Parse(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        var root = document.RootElement;
        var office = root.GetProperty(OfficeProperty).GetString()!;
        var id = new TableId(root.GetProperty(SchemaProperty).GetString()!, root.GetProperty(TableProperty).GetString()!);
        var before = root.GetProperty("fields").EnumerateArray().First(f => f.GetProperty("name").GetString() == "before");
        var row = before.GetProperty("type")[1];
        var columns = row.GetProperty("fields").EnumerateArray().Select(ColumnProperties.Read).ToList();
        return (office, new TableDefinition(id, columns));
    }

    private static void WriteOpField(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("name", "op");
        json.WriteStartObject("type");
        json.WriteString("type", "enum");
        json.WriteString("name", "Operation");
        json.WriteStartArray("symbols");
        foreach (var op in Enum.GetValues<Operation>())
            json.WriteStringValue(op.ToCode().ToString());
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteImageField(Utf8JsonWriter json, string name, Action writeRowType)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteStartArray("type");
        json.WriteStringValue("null");
        writeRowType();
        json.WriteEndArray();
        json.WriteNull("default");
        json.WriteEndObject();
    }

    private static void WriteRowRecord(Utf8JsonWriter json, TableDefinition table)
    {
        json.WriteStartObject();
        json.WriteString("type", "record");
        json.WriteString("name", "Row");
        json.WriteStartArray("fields");
        var names = AvroNames.ForColumns(table.Columns.Select(c => c.Name));
        for (var i = 0; i < table.Columns.Count; i++)
            ColumnProperties.Write(json, names[i], table.Columns[i]);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStringArrayField(Utf8JsonWriter json, string name)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteStartObject("type");
        json.WriteString("type", "array");
        json.WriteString("items", "string");
        json.WriteEndObject();
        json.WriteStartArray("default");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSourceField(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("name", "source");
        json.WriteStartObject("type");
        json.WriteString("type", "record");
        json.WriteString("name", "Source");
        json.WriteStartArray("fields");
        foreach (var name in SourceFields.Strings)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("type", "string");
            json.WriteEndObject();
        }
        json.WriteStartObject();
        json.WriteString("name", "commit_time");
        json.WriteStartObject("type");
        json.WriteString("type", "long");
        json.WriteString("logicalType", "timestamp-micros");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("name", "snapshot");
        json.WriteString("type", "boolean");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
