using System.Text;
using Cdc.Sql;

namespace Cdc.IntegrationTests.Security;

/// <summary>
/// Deterministic identifiers built to break SQL built by hand: quotes of every kind, backslashes, semicolons, comment
/// markers, dots, placeholders, unicode, up to PostgreSQL's maximum of 63 bytes. Every name holds its own number and no
/// other digit, so no two names are equal however a server folds case or accents. Each is one that both PostgreSQL
/// and MariaDB can hold as it is (the refusals have tests of their own).
/// </summary>
internal sealed class HostileNames(int seed)
{
    private static readonly string[] Pieces =
    [
        "'", "\"", "`", "\\", "\\'", "';", "\";", "`;", ";", "--", "/*", "*/", "#", ".", " ", "$", "?", "@", "%s", "(", ")", ",",
        "é", "ß", "Ω", "日本", "Д", "ñ", "a", "B", "z", "_", "DROP TABLE sentinel", " OR a=a", "\\\\", "''", "\"\"", "``",
    ];

    private readonly Random _random = new(seed);
    private int _count;

    /// <summary>A new name; <paramref name="table"/>: also a valid MariaDB table file name.</summary>
    public string Next(bool table)
    {
        while (true)
        {
            var number = (++_count).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var text = new StringBuilder();
            var longest = _random.Next(4) == 0 ? PostgresQuoting.MaxIdentifierBytes : _random.Next(2, 40);
            var at = _random.Next(3);
            if (at == 0)
                text.Append(number);
            while (true)
            {
                var piece = Pieces[_random.Next(Pieces.Length)];
                if (Encoding.UTF8.GetByteCount(text.ToString() + piece) + (at == 0 ? 0 : number.Length) > longest)
                    break;
                text.Append(piece);
                if (at == 1 && _random.Next(4) == 0)
                {
                    text.Append(number);
                    at = 0;
                }
            }
            if (at != 0)
                text.Append(number);
            // Pad a "longest" name with letters to exactly the limit.
            while (longest == PostgresQuoting.MaxIdentifierBytes && Encoding.UTF8.GetByteCount(text.ToString()) < longest)
                text.Insert(0, 'q');
            var name = text.ToString();
            if (name.EndsWith(' ') || name.StartsWith(' '))
                name = "x" + name.Trim() + "x";
            if (PostgresQuoting.Refusal(name) is null && (table ? MySqlQuoting.TableRefusal(name) : MySqlQuoting.Refusal(name)) is null)
                return name;
        }
    }
}
