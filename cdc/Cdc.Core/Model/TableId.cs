namespace Cdc.Model;

/// <summary>A table by schema and name as the source database spells them (MySQL: the database is the schema).</summary>
public readonly record struct TableId(string Schema, string Name)
{
    /// <summary>Parses <c>schema.table</c>; a name without a dot gets <paramref name="defaultSchema"/>.</summary>
    public static TableId Parse(string text, string defaultSchema)
    {
        var dot = text.IndexOf('.');
        return dot < 0 ? new TableId(defaultSchema, text) : new TableId(text[..dot], text[(dot + 1)..]);
    }

    public override string ToString() => $"{Schema}.{Name}";
}
