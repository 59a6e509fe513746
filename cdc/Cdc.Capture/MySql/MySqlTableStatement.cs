using System.Text;
using Cdc.Model;

namespace Cdc.Capture.MySql;

/// <summary>
/// What a binlog query event (a statement the server logged as text, even under binlog_format=ROW) does to tables:
/// <c>TRUNCATE [TABLE] t</c>, <c>DROP [TEMPORARY] TABLE [IF EXISTS] a, b</c>, <c>RENAME TABLE a TO b, ...</c>. Names may be
/// quoted with backticks (a doubled backtick inside), qualified with a database (<c>db.t</c>, <c>`db`.`t`</c>), and
/// comments (<c>/* */</c>, <c>-- </c>, <c>#</c>) may stand anywhere between words; an unqualified name is in the
/// session's database (the event's). Any other statement is <see cref="None"/>.
/// </summary>
internal sealed record MySqlTableStatement(MySqlTableStatement.Kind Action, IReadOnlyList<TableId> Tables)
{
    public enum Kind
    {
        Truncate,
        Drop,
        Rename,
    }

    public static MySqlTableStatement? None => null;

    public static MySqlTableStatement? Parse(string sql, string sessionDatabase)
    {
        var words = Tokens(sql).ToList();
        var i = 0;
        bool Word(string expected)
        {
            if (i < words.Count && !words[i].Quoted && words[i].Text.Equals(expected, StringComparison.OrdinalIgnoreCase))
            {
                i++;
                return true;
            }
            return false;
        }
        TableId? Name()
        {
            if (i >= words.Count || words[i].IsPunctuation)
                return null;
            var first = words[i++].Text;
            if (i + 1 < words.Count && words[i] is { IsPunctuation: true, Text: "." } && !words[i + 1].IsPunctuation)
            {
                var table = words[i + 1].Text;
                i += 2;
                return new TableId(first, table);
            }
            return new TableId(sessionDatabase, first);
        }
        if (Word("TRUNCATE"))
        {
            Word("TABLE");
            return Name() is { } truncated ? new MySqlTableStatement(Kind.Truncate, [truncated]) : None;
        }
        if (Word("DROP"))
        {
            Word("TEMPORARY");
            if (!Word("TABLE") && !Word("TABLES"))
                return None;
            if (Word("IF"))
                Word("EXISTS");
            return List(Kind.Drop);
        }
        if (Word("RENAME") && (Word("TABLE") || Word("TABLES")))
            return List(Kind.Rename);
        return None;

        MySqlTableStatement? List(Kind action)
        {
            var tables = new List<TableId>();
            while (Name() is { } table)
            {
                tables.Add(table);
                if (action == Kind.Rename && Word("TO") && Name() is { } renamed)
                    tables.Add(renamed);
                if (i >= words.Count || words[i] is not { IsPunctuation: true, Text: "," })
                    break;
                i++;
            }
            return tables.Count == 0 ? None : new MySqlTableStatement(action, tables);
        }
    }

    private readonly record struct Token(string Text, bool Quoted, bool IsPunctuation);

    /// <summary>Words, backquoted names and punctuation, without whitespace and comments; stops at anything else.</summary>
    private static IEnumerable<Token> Tokens(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
                i++;
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
                i = End(sql.IndexOf("*/", i + 2, StringComparison.Ordinal), 2);
            else if (c == '#' || (c == '-' && i + 2 < sql.Length && sql[i + 1] == '-' && char.IsWhiteSpace(sql[i + 2])))
                i = End(sql.IndexOf('\n', i), 1);
            else if (c == '`')
            {
                var name = new StringBuilder();
                i++;
                while (i < sql.Length)
                {
                    if (sql[i] == '`' && i + 1 < sql.Length && sql[i + 1] == '`')
                    {
                        name.Append('`');
                        i += 2;
                    }
                    else if (sql[i] == '`')
                        break;
                    else
                        name.Append(sql[i++]);
                }
                i++;
                yield return new Token(name.ToString(), Quoted: true, IsPunctuation: false);
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '$' || c > 0x7F)
            {
                var start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$' || sql[i] > 0x7F))
                    i++;
                yield return new Token(sql[start..i], Quoted: false, IsPunctuation: false);
            }
            else if (c is '.' or ',' or ';')
            {
                yield return new Token(c.ToString(), Quoted: false, IsPunctuation: true);
                i++;
            }
            else
                yield break;
        }

        int End(int found, int length) => found < 0 ? sql.Length : found + length;
    }
}
