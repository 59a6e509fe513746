using System.CommandLine;
using Cdc.Cli.Operations;
using Cdc.Streams.Broker;
using Cdc.Streams.Consuming;
using Cdc.Schemas.Registry;
using Microsoft.Extensions.Logging;

namespace Cdc.Cli.Commands;

/// <summary><c>cdc streams list|info</c>: the streams on the broker.</summary>
internal static class StreamsCommand
{
    public static Command Create() => new("streams", "See the streams on the broker: the schema registry and one change stream per office.")
    {
        List(),
        Info(),
    };

    private static Command List()
    {
        var broker = CommonOptions.Broker();
        var json = CommonOptions.Json();
        var command = new Command("list", "List Cdc's streams (cdc.schemas and the stream of every office the registry knows) with their length and offsets.") { broker, json };
        command.SetAction((result, _) => CommandRunner.RunAsync("streams list", async ct =>
        {
            var endpoint = new ConnectionSettings().Broker(result.GetValue(broker));
            using var logging = CliLogging.Create();
            var logger = logging.CreateLogger("cdc.streams");
            var summaries = new List<StreamSummary>();
            await using (var registryFeed = await StreamFeed.OpenAsync(endpoint, StreamNames.Schemas, "cdc streams list", ct))
            await using (var registry = await SchemaRegistry.OpenAsync(endpoint, "cdc streams list", logger, ct))
            {
                summaries.Add(await StreamSummary.ReadAsync(registryFeed, ct));
                var offices = registry.Subjects.Select(s => registry.Versions(s)[0].Office).Distinct().Order();
                foreach (var office in offices)
                {
                    await using var feed = await OpenIfExistsAsync(endpoint, StreamNames.ForOffice(office), ct);
                    if (feed is not null)
                        summaries.Add(await StreamSummary.ReadAsync(feed, ct));
                }
            }
            var report = new Report(result.GetValue(json));
            report.Add("Streams", StreamSummary.Columns, summaries.Select(s => s.Row()));
            report.Write();
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command Info()
    {
        var stream = new Argument<string>("stream") { Description = "The stream, e.g. cdc.<office>." };
        var broker = CommonOptions.Broker();
        var json = CommonOptions.Json();
        var command = new Command("info", "Show one stream: length, first and last offset, their publish times, retention.") { stream, broker, json };
        command.SetAction((result, _) => CommandRunner.RunAsync("streams info", async ct =>
        {
            await using var feed = await StreamFeed.OpenAsync(new ConnectionSettings().Broker(result.GetValue(broker)), result.GetValue(stream)!, "cdc streams info", ct);
            var report = new Report(result.GetValue(json));
            report.Add("Stream", StreamSummary.Columns, [(await StreamSummary.ReadAsync(feed, ct)).Row()]);
            report.Write();
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static async Task<StreamFeed?> OpenIfExistsAsync(BrokerEndpoint broker, string stream, CancellationToken ct)
    {
        try
        {
            return await StreamFeed.OpenAsync(broker, stream, "cdc streams list", ct);
        }
        catch (StreamException)
        {
            return null; // the office's stream was deleted; its schemas stay in the registry
        }
    }
}
