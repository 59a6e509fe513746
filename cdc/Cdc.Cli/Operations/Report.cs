using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Cdc.Cli.Operations;

/// <summary>
/// A command's result as named tables: Spectre.Console tables on a terminal, tab-separated lines (a header line,
/// then rows) when the output is a pipe or file, one JSON object of arrays with <c>--json</c>.
/// </summary>
internal sealed class Report(bool json)
{
    /// <summary>Text as it is (keys in any script stay readable); the output is a document for scripts, never embedded in HTML.</summary>
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<(string Title, string[] Columns, List<object?[]> Rows)> _sections = [];

    /// <summary>Whether standard output is a terminal a person looks at (tables, colours, progress bars).</summary>
    public static bool Interactive => !Console.IsOutputRedirected;

    public bool Json => json;

    public void Add(string title, string[] columns, IEnumerable<object?[]> rows) => _sections.Add((title, columns, rows.ToList()));

    public void Write()
    {
        if (json)
            WriteJson();
        else if (Interactive)
            WriteTables();
        else
            WritePlain();
    }

    private void WriteJson()
    {
        var document = _sections.ToDictionary(
            s => s.Title,
            s => s.Rows.Select(r => s.Columns.Select((c, i) => (c, r[i])).ToDictionary(p => p.c, p => p.Item2)).ToList());
        Console.Out.WriteLine(JsonSerializer.Serialize(document, JsonOptions));
    }

    private void WriteTables()
    {
        foreach (var (title, columns, rows) in _sections)
        {
            var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
            foreach (var column in columns)
                table.AddColumn(Markup.Escape(column));
            foreach (var row in rows)
                table.AddRow(row.Select(v => Markup.Escape(Text(v))).ToArray());
            AnsiConsole.Write(table);
        }
    }

    private void WritePlain()
    {
        foreach (var (title, columns, rows) in _sections)
        {
            if (_sections.Count > 1)
                Console.Out.WriteLine($"# {title}");
            Console.Out.WriteLine(string.Join('\t', columns));
            foreach (var row in rows)
                Console.Out.WriteLine(string.Join('\t', row.Select(Text)));
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "-",
        DateTimeOffset time => time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
