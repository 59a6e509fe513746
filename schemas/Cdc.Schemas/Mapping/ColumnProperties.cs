using System.Text.Json;
using Cdc.Model;

namespace Cdc.Schemas.Mapping;

/// <summary>
/// One column as an Avro field: a nullable union of the kind's Avro type (decimals also admit a string branch for
/// NaN and ±Infinity, timestamps and arrays one for values beyond their native form, see <see cref="TextForm"/>), plus <c>cdc.*</c> properties that keep the column's definition. Properties do not enter the
/// parsing canonical form, which is why a schema version, not the fingerprint alone, names a record's schema.
/// </summary>
internal static class ColumnProperties
{
    public static void Write(Utf8JsonWriter json, string avroName, ColumnDefinition column)
    {
        json.WriteStartObject();
        json.WriteString("name", avroName);
        json.WritePropertyName("type");
        json.WriteStartArray();
        json.WriteStringValue("null");
        WriteValueType(json, column.Kind, column);
        if (column.Kind == ColumnKind.Decimal || TextForm.Admits(column.Kind))
            json.WriteStringValue("string");
        json.WriteEndArray();
        json.WriteNull("default");
        if (avroName != column.Name)
            json.WriteString("cdc.column", column.Name);
        json.WriteString("cdc.kind", column.Kind.ToString());
        json.WriteString("cdc.source_type", column.SourceType);
        json.WriteBoolean("cdc.nullable", column.Nullable);
        if (column.IsKey)
            json.WriteBoolean("cdc.key", true);
        WriteOptional(json, "cdc.length", column.Length);
        WriteOptional(json, "cdc.precision", column.Precision);
        WriteOptional(json, "cdc.scale", column.Scale);
        if (column.ElementKind is { } element)
            json.WriteString("cdc.element_kind", element.ToString());
        if (column.Default is { } defaultValue)
            json.WriteString("cdc.default", defaultValue);
        WriteOptional(json, "cdc.source_id", column.SourceId);
        json.WriteEndObject();
    }

    public static ColumnDefinition Read(JsonElement field)
    {
        var name = field.TryGetProperty("cdc.column", out var original) ? original.GetString()! : field.GetProperty("name").GetString()!;
        return new ColumnDefinition(
            name,
            Enum.Parse<ColumnKind>(field.GetProperty("cdc.kind").GetString()!),
            field.GetProperty("cdc.source_type").GetString()!,
            Nullable: field.GetProperty("cdc.nullable").GetBoolean(),
            IsKey: field.TryGetProperty("cdc.key", out var key) && key.GetBoolean(),
            Length: ReadOptional(field, "cdc.length"),
            Precision: ReadOptional(field, "cdc.precision"),
            Scale: ReadOptional(field, "cdc.scale"),
            ElementKind: field.TryGetProperty("cdc.element_kind", out var element) ? Enum.Parse<ColumnKind>(element.GetString()!) : null,
            Default: field.TryGetProperty("cdc.default", out var defaultValue) ? defaultValue.GetString() : null,
            SourceId: ReadOptional(field, "cdc.source_id"));
    }

    private static void WriteValueType(Utf8JsonWriter json, ColumnKind kind, ColumnDefinition column)
    {
        switch (kind)
        {
            case ColumnKind.Boolean: json.WriteStringValue("boolean"); break;
            case ColumnKind.Int16 or ColumnKind.Int32: json.WriteStringValue("int"); break;
            case ColumnKind.Int64: json.WriteStringValue("long"); break;
            case ColumnKind.Float32: json.WriteStringValue("float"); break;
            case ColumnKind.Float64: json.WriteStringValue("double"); break;
            case ColumnKind.Bytes: json.WriteStringValue("bytes"); break;
            case ColumnKind.Decimal:
                json.WriteStartObject();
                json.WriteString("type", "bytes");
                json.WriteString("logicalType", "decimal");
                json.WriteNumber("precision", column.Precision ?? throw new ArgumentException($"Decimal column {column.Name} has no precision; use ColumnKind.Numeric."));
                json.WriteNumber("scale", column.Scale ?? 0);
                json.WriteEndObject();
                break;
            case ColumnKind.Uuid: WriteLogical(json, "string", "uuid"); break;
            case ColumnKind.Date: WriteLogical(json, "int", "date"); break;
            case ColumnKind.Time: WriteLogical(json, "long", "time-micros"); break;
            case ColumnKind.Timestamp: WriteLogical(json, "long", "local-timestamp-micros"); break;
            case ColumnKind.TimestampTz: WriteLogical(json, "long", "timestamp-micros"); break;
            case ColumnKind.Array:
                json.WriteStartObject();
                json.WriteString("type", "array");
                json.WriteStartArray("items");
                json.WriteStringValue("null");
                WriteValueType(json, column.ElementKind ?? throw new ArgumentException($"Array column {column.Name} has no element kind."), column);
                json.WriteEndArray();
                json.WriteEndObject();
                break;
            default: json.WriteStringValue("string"); break;
        }
    }

    private static void WriteLogical(Utf8JsonWriter json, string type, string logicalType)
    {
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteString("logicalType", logicalType);
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
            json.WriteNumber(name, v);
    }

    private static int? ReadOptional(JsonElement field, string name) =>
        field.TryGetProperty(name, out var value) ? value.GetInt32() : null;
}
