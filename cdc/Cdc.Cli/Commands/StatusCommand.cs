using System.CommandLine;
using Cdc.Cli.Operations;
using Cdc.Schemas.Broker;
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
        var offices = new Option<string>("--office") { Description = "Only these offices, comma-separated (default: those the sources and targets show, or all the registry knows)." };
        var broker = CommonOptions.Broker();
        var json = CommonOptions.Json();
        var command = new Command("status", """
            Where everything stands, per office: its capturer (PostgreSQL slot: attached or not, confirmed LSN, WAL retained
            for it), its stream (length, first and last offset), and each applier of that stream in the given targets
            (running or stopped, applied offset, lag in records and in seconds: the age of the oldest message not applied).
            """) { sources, targets, offices, broker, json };
        command.SetAction((result, _) => CommandRunner.RunAsync("status", async ct =>
        {
            var connections = new ConnectionSettings();
            var endpoint = connections.Broker(result.GetValue(broker));
            using var logging = CliLogging.Create();
            var logger = logging.CreateLogger("cdc.status");
            var capturers = new List<CapturerState>();
            foreach (var source in result.GetValue(sources) ?? [])
                capturers.AddRange(await CapturerState.ReadAsync(connections.Source(source), ct));
            await using var registryFeed = await StreamFeed.OpenAsync(endpoint, StreamNames.Schemas, "cdc status", logger, ct);
            var feeds = new Dictionary<string, StreamFeed?>();
            try
            {
                async Task<StreamFeed?> FeedOf(string stream)
                {
                    if (!feeds.TryGetValue(stream, out var feed))
                        feeds[stream] = feed = await OpenIfExistsAsync(endpoint, stream, logger, registryFeed.Registry, ct);
                    return feed;
                }
                var appliers = new List<ApplierState>();
                foreach (var target in result.GetValue(targets) ?? [])
                    appliers.AddRange(await ApplierState.ReadAsync(connections.Target(target), FeedOf, logger, ct));
                var chosen = Offices(result.GetValue(offices), capturers, appliers, registryFeed.Registry);
                var report = new Report(result.GetValue(json));
                foreach (var office in chosen)
                {
                    var stream = StreamNames.ForOffice(office);
                    var feed = await FeedOf(stream);
                    report.Add($"{office}: capturer", CapturerState.Columns, capturers.Where(c => c.Office == office).Select(c => c.Row()));
                    report.Add($"{office}: stream", StreamSummary.Columns,
                        feed is null ? [[stream, 0, null, null, null, null, "does not exist"]] : [(await StreamSummary.ReadAsync(feed, ct)).Row()]);
                    report.Add($"{office}: appliers", ApplierState.Columns, appliers.Where(a => a.Stream == stream).Select(a => a.Row()));
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

    private static IEnumerable<string> Offices(string? given, List<CapturerState> capturers, List<ApplierState> appliers, SchemaRegistry registry)
    {
        if (given is not null)
            return given.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var seen = capturers.Select(c => c.Office)
            .Concat(appliers.Where(a => a.Stream.StartsWith("cdc.", StringComparison.Ordinal)).Select(a => a.Stream[4..]))
            .Distinct().Order().ToList();
        return seen.Count > 0 ? seen : registry.Subjects.Select(s => registry.Versions(s)[0].Office).Distinct().Order();
    }

    private static async Task<StreamFeed?> OpenIfExistsAsync(BrokerEndpoint broker, string stream, ILogger logger, SchemaRegistry registry, CancellationToken ct)
    {
        try
        {
            return await StreamFeed.OpenAsync(broker, stream, "cdc status", logger, ct, registry);
        }
        catch (OperationFailedException)
        {
            return null;
        }
    }
}
