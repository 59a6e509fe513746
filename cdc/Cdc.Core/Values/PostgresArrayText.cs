using System.Text;

namespace Cdc.Values;

/// <summary>
/// PostgreSQL's array literal ⇄ element texts. Any array PostgreSQL prints parses: nested braces (more than one
/// dimension) and a bounds prefix (<c>[0:1]={1,2}</c>) included; only a one-dimensional array with the default lower
/// bound 1 has a flat form (<see cref="ParseOneDimension"/>), any other keeps its text form.
/// </summary>
public static class PostgresArrayText
{
    /// <summary>The element texts (null for NULL) of a one-dimensional array; null when it has more dimensions or other bounds.</summary>
    public static List<string?>? ParseOneDimension(string text)
    {
        var (items, bounded) = ParseNested(text);
        return bounded || items.Any(item => item is List<object?>) ? null : items.Select(item => (string?)item).ToList();
    }

    /// <summary>
    /// The array as nested lists (one level per dimension) of element texts (null for NULL), and whether the literal
    /// had a bounds prefix, which the lists leave out.
    /// </summary>
    public static (List<object?> Items, bool Bounded) ParseNested(string text)
    {
        var i = 0;
        var bounded = false;
        if (text.StartsWith('['))
        {
            i = text.IndexOf('=', StringComparison.Ordinal) + 1;
            bounded = true;
        }
        if (i == 0 && bounded || i >= text.Length || text[i] != '{')
            throw new FormatException($"'{text}' is not an array literal.");
        var items = ParseBraces(text, ref i);
        if (i != text.Length)
            throw new FormatException($"'{text}' is not an array literal: text after the closing brace.");
        return (items, bounded);
    }

    private static List<object?> ParseBraces(string text, ref int i)
    {
        var items = new List<object?>();
        i++; // the opening brace
        if (i < text.Length && text[i] == '}')
        {
            i++;
            return items;
        }
        while (i < text.Length)
        {
            if (text[i] == '{')
                items.Add(ParseBraces(text, ref i));
            else if (text[i] == '"')
                items.Add(ParseQuoted(text, ref i));
            else
            {
                var end = text.IndexOfAny([',', '}'], i);
                if (end < 0)
                    break;
                var item = text[i..end];
                items.Add(item == "NULL" ? null : item);
                i = end;
            }
            if (i >= text.Length)
                break;
            if (text[i++] == '}')
                return items;
        }
        throw new FormatException($"'{text}' is not an array literal: unbalanced braces.");
    }

    private static string ParseQuoted(string text, ref int i)
    {
        var item = new StringBuilder();
        for (i++; i < text.Length && text[i] != '"'; i++)
            item.Append(text[i] == '\\' ? text[++i] : text[i]);
        i++; // the closing quote
        return item.ToString();
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
