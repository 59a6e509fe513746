using System.CommandLine;
using Cdc.Capture;
using Cdc.Capture.Snapshot;
using Cdc.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdc.Cli.Commands;

/// <summary>
/// <c>cdc snapshot</c>: asks an office's running capturer to read chosen tables again while it streams. The request is
/// a row in the source's progress table; the capturer sees it in the change log and reads the tables in watermarked
/// chunks, in order with the changes. Exit codes: 0 requested, 1 failed, 2 usage.
/// </summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var office = new Option<string>("--office") { Description = "The office whose capturer should snapshot." };
        var source = new Option<string>("--source") { Description = "That capturer's source database: postgres://user:password@host:port/database or mysql://..." };
        var tables = new Option<string>("--tables") { Description = "The tables to snapshot again: schema.table[,schema.table...] (no schema: public on PostgreSQL, the source database on MySQL/MariaDB)." };
        var command = new Command("snapshot", "Request a new snapshot of some tables from an office's running capturer.") { office, source, tables };
        command.SetAction((result, ct) => RunAsync(result.GetValue(office), result.GetValue(source), result.GetValue(tables), ct));
        return command;
    }

    private static async Task<int> RunAsync(string? office, string? sourceText, string? tablesText, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(office) || string.IsNullOrWhiteSpace(sourceText) || string.IsNullOrWhiteSpace(tablesText))
        {
            await Console.Error.WriteLineAsync("cdc snapshot needs --office <name>, --source <uri> and --tables <schema.table,...>.");
            return 2;
        }
        DatabaseUri uri;
        try
        {
            uri = DatabaseUri.Parse(sourceText);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        var options = new CaptureOptions { Office = office, Source = sourceText, Tables = tablesText };
        try
        {
            await using var snapshots = SnapshotSources.Create(options, uri, NullLogger.Instance);
            var tables = options.TableIds(snapshots.DefaultSchema);
            await snapshots.RequestAsync(tables, ct);
            Console.WriteLine($"Snapshot of {string.Join(", ", tables)} requested for office {office}: its capturer reads them next, while streaming.");
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"Requesting the snapshot of {tablesText} for office {office} on {uri} failed: {e.Message}");
            return 1;
        }
    }
}
