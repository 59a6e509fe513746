using System.CommandLine;
using Cdc.Capture;
using Cdc.Capture.Hosting;
using Cdc.Cli.Operations;

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
        var office = new Option<string>("--office") { Description = "The office whose capturer should snapshot.", Required = true };
        var source = new Option<string>("--source")
        {
            Description = "That capturer's source database: postgres://user:password@host:port/database or mysql://... (or Capture:Source / CDC_Capture__Source).",
        };
        var tables = new Option<string>("--tables")
        {
            Description = "The tables to snapshot again: schema.table[,schema.table...] (no schema: public on PostgreSQL, the source database on MySQL/MariaDB).",
            Required = true,
        };
        var json = CommonOptions.Json();
        var command = new Command("snapshot", "Request a new snapshot of some tables from an office's running capturer.") { office, source, tables, json };
        command.SetAction((result, _) => CommandRunner.RunAsync("snapshot", async ct =>
        {
            var officeName = result.GetValue(office)!;
            var uri = new ConnectionSettings().Source(result.GetValue(source));
            var settings = CaptureSettings.ForSnapshotRequest(officeName, uri, result.GetValue(tables)!);
            var requested = await SourceCaptures.For(uri.Engine).RequestSnapshotAsync(settings, ct);
            var report = new Report(result.GetValue(json));
            report.Add("Requested", ["office", "table", "state"], requested.Select(t => new object?[] { officeName, t.ToString(), "requested" }));
            if (report.Json)
                report.Write();
            else
                Console.WriteLine($"Snapshot of {string.Join(", ", requested)} requested for office {officeName}: its capturer reads them next, while streaming.");
            return CommandRunner.Ok;
        }));
        return command;
    }
}
