using System.Text.Json.Nodes;
using Cdc.Model;
using Cdc.Values;

namespace Cdc.Appliers.Writing;

/// <summary>
/// A PostgreSQL array as the JSON array a MySQL/MariaDB target stores: booleans, integers and finite floats as JSON
/// values, every other element as its PostgreSQL text (dates, timestamps, decimals exactly as printed). An array of more
/// dimensions (which travels as its text form) becomes nested JSON arrays; a bounds prefix (<c>[0:1]=</c>) is not kept.
/// </summary>
internal static class MySqlJsonArray
{
    public static string From(ColumnDefinition column, object value)
    {
        var elementKind = column.ElementKind!.Value;
        var array = value is string text
            ? Nested(elementKind, PostgresArrayText.ParseNested(text).Items)
            : new JsonArray(((IReadOnlyList<object?>)value).Select(item => Element(elementKind, item)).ToArray());
        return array.ToJsonString();
    }

    private static JsonArray Nested(ColumnKind elementKind, List<object?> items) => new(items.Select(item => item switch
    {
        List<object?> inner => Nested(elementKind, inner),
        string text => Element(elementKind, CanonicalText.Parse(elementKind, null, text)),
        _ => null,
    }).ToArray());

    private static JsonNode? Element(ColumnKind kind, object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        int i => kind is ColumnKind.Date ? JsonValue.Create(CanonicalText.Format(kind, null, i)) : JsonValue.Create(i),
        long l => kind is ColumnKind.Int64 ? JsonValue.Create(l) : JsonValue.Create(CanonicalText.Format(kind, null, l)),
        float f when float.IsFinite(f) => JsonValue.Create(f),
        double d when double.IsFinite(d) => JsonValue.Create(d),
        _ => JsonValue.Create(CanonicalText.Format(kind, null, value)),
    };
}
