using System.Text;

namespace Cdc.Values;

/// <summary>PostgreSQL's one-dimensional array literal (<c>{1,NULL,"a b"}</c>) ⇄ element texts.</summary>
public static class PostgresArrayText
{
    public static List<string?> Parse(string text)
    {
        if (text.Length < 2 || text[0] != '{' || text[^1] != '}')
            throw new FormatException($"'{text}' is not an array literal.");
        var items = new List<string?>();
        if (text.Length == 2)
            return items;
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '{')
                throw new FormatException($"Multi-dimensional array '{text}' is not supported; only one-dimensional arrays are captured.");
            if (text[i] == '"')
            {
                var item = new StringBuilder();
                for (i++; text[i] != '"'; i++)
                    item.Append(text[i] == '\\' ? text[++i] : text[i]);
                items.Add(item.ToString());
                i++;
            }
            else
            {
                var end = text.IndexOfAny([',', '}'], i);
                var item = text[i..end];
                items.Add(item == "NULL" ? null : item);
                i = end;
            }
            i++; // the comma or the closing brace
        }
        return items;
    }

    public static string Format(IEnumerable<string?> items)
    {
        var text = new StringBuilder("{");
        foreach (var item in items)
        {
            if (text.Length > 1)
                text.Append(',');
            if (item is null)
                text.Append("NULL");
            else
                text.Append('"').Append(item.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
        }
        return text.Append('}').ToString();
    }
}
