using System.Text;

namespace Cdc.Schemas.Mapping;

/// <summary>Turns database identifiers into Avro names (<c>[A-Za-z_][A-Za-z0-9_]*</c>); the original travels as a property.</summary>
internal static class AvroNames
{
    public static string Sanitize(string identifier)
    {
        var name = new StringBuilder(identifier.Length + 1);
        foreach (var c in identifier)
            name.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
            name.Insert(0, '_');
        return name.ToString();
    }

    /// <summary>Avro names for all columns, unique even where two identifiers sanitize alike.</summary>
    public static string[] ForColumns(IEnumerable<string> columns)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        return columns.Select(column =>
        {
            var name = Sanitize(column);
            for (var n = 2; !taken.Add(name); n++)
                name = $"{Sanitize(column)}_{n}";
            return name;
        }).ToArray();
    }
}
