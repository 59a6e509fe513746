using System.CommandLine;
using Cdc.Capture;
using Cdc.Capture.Hosting;
using Cdc.Appliers.Writing;
using Cdc.Cli.Operations;
using Cdc.Connections;
using Cdc.Streams.Broker;
using Cdc.Streams.Consuming;
using Cdc.Schemas.Registry;
using Microsoft.Extensions.Logging;

namespace Cdc.Cli.Commands;

/// <summary><c>cdc status</c>: where every office stands, one screen per office.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var sources = new Option<string[]>("--source") { Description = "A source database whose capturers to report (repeat for several offices).", AllowMultipleArgumentsPerToken = false };
        var targets = new Option<string[]>("--target") { Description = "A target database whose appliers to report (repeat for several).", AllowMultipleArgumentsPerToken = false };
        var offices = new Option<string>("--office")
        {
            Description = "Only these offices, comma-separated (default: those the sources and targets show, or all the registry knows). " +
                          "A MySQL/MariaDB source's offices are these, or those whose tables the registry knows in its database.",
        };
        var broker = CommonOptions.Broker();
        var json = CommonOptions.Json();
        var command = new Command("status", """
            Where everything stands, per office: its capturer (PostgreSQL slot: attached or not, confirmed LSN, WAL retained
            for it; MySQL/MariaDB: attached to the binlog or not, the binlog position of the stream's last record, and the binlog
            bytes and files the server wrote since), its stream (length, first and last offset), and each applier of that stream in the given targets
            (running or stopped, applied offset, lag in records and in seconds: the age of the oldest message not applied).
            """) { sources, targets, offices, broker, json };
        command.SetAction((result, _) => CommandRunner.RunAsync("status", async ct =>
        {
            var connections = new ConnectionSettings();
            var endpoint = connections.Broker(result.GetValue(broker));
            using var logging = CliLogging.Create();
            var logger = logging.CreateLogger("cdc.status");
            await using var registry = await SchemaRegistry.OpenAsync(endpoint, "cdc status", logger, ct);
            var given = result.GetValue(offices)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var capturers = new List<CapturerState>();
            foreach (var source in (result.GetValue(sources) ?? []).Select(connections.Source))
                capturers.AddRange(await SourceCaptures.For(source.Engine).ReadCapturersAsync(source, given, registry, endpoint, ct));
            var feeds = new Dictionary<string, StreamFeed?>();
            try
            {
                async Task<StreamFeed?> FeedOf(string stream)
                {
                    if (!feeds.TryGetValue(stream, out var feed))
                        feeds[stream] = feed = await OpenIfExistsAsync(endpoint, stream, ct);
                    return feed;
                }
                var appliers = new List<ApplierState>();
                var refused = new List<(string Stream, object?[] Row)>();
                var halted = new List<(string Stream, object?[] Row)>();
                foreach (var target in result.GetValue(targets) ?? [])
                {
                    appliers.AddRange(await ApplierState.ReadAsync(connections.Target(target), FeedOf, logger, ct));
                    (var refusedHere, var haltedHere) = await TargetNoticesAsync(connections.Target(target), logger, ct);
                    refused.AddRange(refusedHere);
                    halted.AddRange(haltedHere);
                }
                var chosen = Offices(given, capturers, appliers, registry);
                var report = new Report(result.GetValue(json));
                foreach (var office in chosen)
                {
                    var stream = StreamNames.ForOffice(office);
                    var feed = await FeedOf(stream);
                    report.Add($"{office}: capturer", CapturerState.Columns, capturers.Where(c => c.Office == office).Select(c => c.Row()));
                    report.Add($"{office}: stream", StreamSummary.Columns,
                        feed is null ? [[stream, 0, null, null, null, null, "does not exist"]] : [(await StreamSummary.ReadAsync(feed, ct)).Row()]);
                    report.Add($"{office}: appliers", ApplierState.Columns, appliers.Where(a => a.Stream == stream).Select(a => a.Row()));
                    if (halted.Any(h => h.Stream == stream))
                        report.Add($"{office}: appliers halted on this stream (the others go on; to skip the message: stop the applier, cdc offsets set --offset <offset>)", HaltedColumns,
                            halted.Where(h => h.Stream == stream).Select(h => h.Row));
                    if (refused.Any(r => r.Stream == stream))
                        report.Add($"{office}: truncates refused (other streams write these tables, or --truncate refuse)", RefusedColumns,
                            refused.Where(r => r.Stream == stream).Select(r => r.Row));
                }
                report.Write();
                return CommandRunner.Ok;
            }
            finally
            {
                foreach (var feed in feeds.Values)
                    if (feed is not null)
                        await feed.DisposeAsync();
            }
        }));
        return command;
    }

    private static readonly string[] RefusedColumns = ["table", "stream", "target", "refused", "last_position", "last_refused_at"];

    private static readonly string[] HaltedColumns = ["applier", "stream", "target", "offset", "reason", "halted_at"];

    /// <summary>What a target records for status: truncates refused, and the streams whose apply halted.</summary>
    private static async Task<(List<(string Stream, object?[] Row)> Refused, List<(string Stream, object?[] Row)> Halted)> TargetNoticesAsync(
        DatabaseUri target, ILogger logger, CancellationToken ct)
    {
        await using var writer = await TargetWriters.OpenAsync(target, logger, ct);
        var refused = (await writer.ReadRefusedTruncatesAsync(ct))
            .Select(r => (r.Stream, new object?[] { r.Table, r.Stream, target.ToString(), r.Count, r.Position, r.At }))
            .ToList();
        var halted = (await writer.ReadHaltsAsync(ct))
            .Select(h => (h.Stream, new object?[] { h.Applier, h.Stream, target.ToString(), h.Offset, h.Reason, h.At }))
            .ToList();
        return (refused, halted);
    }

    private static IEnumerable<string> Offices(string[]? given, List<CapturerState> capturers, List<ApplierState> appliers, SchemaRegistry registry)
    {
        if (given is not null)
            return given;
        var seen = capturers.Select(c => c.Office)
            .Concat(appliers.Where(a => a.Stream.StartsWith("cdc.", StringComparison.Ordinal)).Select(a => a.Stream[4..]))
            .Distinct().Order().ToList();
        return seen.Count > 0 ? seen : registry.Subjects.Select(s => registry.Versions(s)[0].Office).Distinct().Order();
    }

    private static async Task<StreamFeed?> OpenIfExistsAsync(BrokerEndpoint broker, string stream, CancellationToken ct)
    {
        try
        {
            return await StreamFeed.OpenAsync(broker, stream, "cdc status", ct);
        }
        catch (StreamException)
        {
            return null;
        }
    }
}
