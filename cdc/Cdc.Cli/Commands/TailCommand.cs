using System.CommandLine;
using System.Text.Json;
using Cdc.Streams.Consuming;
using Cdc.Cli.Operations;
using Cdc.Model;
using Cdc.Schemas.Mapping;
using Cdc.Schemas.Registry;
using Cdc.Schemas.Wire;
using Cdc.Streams.Messages;
using Microsoft.Extensions.Logging;

namespace Cdc.Cli.Commands;

/// <summary><c>cdc tail</c>: a stream's records as JSON lines, decoded with the registry's schemas.</summary>
internal static class TailCommand
{
    public static Command Create()
    {
        var stream = new Option<string>("--stream") { Description = "The stream to read, e.g. cdc.<office>.", Required = true };
        var from = new Option<string[]>("--from")
        {
            Description = "Where to start: first, last (the last message), offset <N>, or time <T> (ISO 8601: the first message published at or after T). Default: first.",
            AllowMultipleArgumentsPerToken = true,
            Arity = new ArgumentArity(1, 2),
        };
        var table = new Option<string>("--table") { Description = "Only records of this table: schema.table (or table, in any schema)." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new records as they arrive (until Ctrl+C); without it, stop at the stream's current end." };
        var broker = CommonOptions.Broker();
        var command = new Command("tail", "Print a stream's records as JSON lines (one record a line: offset, op, table, source, before, after); the first thing to reach for when debugging. " +
            "In cdc.<office>.dead, each parked message first gets a line with the stream and offset it came from and why it was parked.")
        {
            stream, from, table, follow, broker,
        };
        command.SetAction((result, _) => CommandRunner.RunAsync("tail", async ct =>
        {
            var start = result.GetValue(from) is { Length: > 0 } words ? FeedStartOption.Parse(words) : FeedStart.First;
            var only = result.GetValue(table);
            var following = result.GetValue(follow);
            using var logging = CliLogging.Create();
            var logger = logging.CreateLogger("cdc.tail");
            var endpoint = new ConnectionSettings().Broker(result.GetValue(broker));
            await using var feed = await StreamFeed.OpenAsync(endpoint, result.GetValue(stream)!, "cdc tail", ct);
            await using var registry = await SchemaRegistry.OpenAsync(endpoint, "cdc tail", logger, ct);
            feed.CheckStart(start, following);
            var patience = TimeSpan.FromSeconds(10);
            await foreach (var delivered in feed.ReadAsync(start, null, following, ct))
            {
                // A parked copy (cdc.<office>.dead): where it came from and why, then its records as read in that stream.
                var message = delivered;
                if (ParkedMessage.FromAmqp(delivered.Headers) is { } parked)
                {
                    await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        offset = delivered.Offset, parked_from = parked.Stream, parked_offset = parked.Offset, reason = parked.Reason,
                        published_by = parked.PublishedBy, parked_by = parked.Applier,
                    }));
                    message = delivered with { Stream = parked.Stream, PublishedBy = parked.PublishedBy };
                }
                ChangeMessageHeaders headers;
                List<ChangeRecord> records;
                try
                {
                    (headers, records) = await ChangeMessageDecoder.DecodeAsync(message, registry, patience, ct);
                }
                catch (Exception e) when (ChangeMessageDecoder.IsUndecodable(e))
                {
                    await Console.Error.WriteLineAsync($"offset {message.Offset}: not decodable: {e.Message}");
                    continue;
                }
                foreach (var record in records.Where(r => Matches(r.Table.Id, only)))
                    await Console.Out.WriteLineAsync(RecordJson.Format(message.Offset, ReferenceOf(headers, record), record));
            }
            return CommandRunner.Ok;
        }));
        return command;
    }

    /// <summary>The exact schema version (subject@version) the message's header names for the record's table.</summary>
    private static string ReferenceOf(ChangeMessageHeaders headers, ChangeRecord record) =>
        headers.Schemas.Where(s => s.Subject == EnvelopeSchema.Subject(headers.Office, record.Table.Id)).Select(s => s.ToString()).FirstOrDefault() ?? "";

    private static bool Matches(TableId id, string? only) =>
        only is null || id.ToString() == only || id.Name == only;
}
