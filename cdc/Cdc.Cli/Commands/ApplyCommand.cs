using System.CommandLine;
using Cdc.Appliers;
using Cdc.Appliers.Hosting;
using Cdc.Cli.Hosting;

namespace Cdc.Cli.Commands;

/// <summary><c>cdc apply</c>: an applier that writes office streams into one target database.</summary>
internal static class ApplyCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "The applier's name: its checkpoints in the target are stored under it." };
        var streams = new Option<string>("--streams") { Description = "The streams to apply: cdc.<office>[,cdc.<office>...]." };
        var target = new Option<string>("--target") { Description = "The target database: postgres://user:password@host:port/database or mysql://..." };
        var broker = CommonOptions.Broker();
        var prefetch = new Option<ushort>("--prefetch") { Description = "Messages the broker may send ahead of what is queued (default 100; each at most 512 KiB)." };
        var batch = new Option<int>("--max-records-per-transaction") { Description = "Records per target transaction at most (default 5000); source transactions are never split." };
        var buffer = new Option<long>("--max-buffer-bytes") { Description = "Bytes of received messages queued ahead of applying at most (default 16777216, 16 MiB)." };
        var piece = new Option<long>("--piece-bytes")
        {
            Description = "A source transaction larger than this many bytes (or --max-records-per-transaction records) is written in pieces into one target " +
                          "transaction, committed at its end (default 8388608, 8 MiB).",
        };
        var dropped = new Option<string>("--dropped-columns") { Description = "A target column whose source column was dropped: keep (default, made nullable) or drop." };
        var truncate = new Option<string>("--truncate")
        {
            Description = "A source TRUNCATE: auto (default: truncates a table only this stream writes; on a table other streams write too it is refused: " +
                          "logged, counted, listed by cdc status) or refuse (every truncate is refused that way).",
        };
        var onBadMessage = new Option<string>("--on-bad-message")
        {
            Description = "A message that cannot be decoded, or whose source transaction the target refuses: stop (default: its stream halts there, the others go on; " +
                          "the log and /readyz say the offset and how to skip it) or park (copied with its reason and offset to cdc.<office>.dead, then gone past).",
        };
        var patience = new Option<string>("--schema-patience") { Description = "How long a record waits for its schema version to reach the registry before it is refused (default 00:00:30)." };
        var tables = new Option<string>("--tables")
        {
            Description = "The tables every stream may write: schema.table or schema.* entries, comma-separated (default: the tables of the stream office's own subjects; " +
                          "per-stream lists in Apply:StreamTables). cdc_offsets and cdc_snapshot are never writable.",
        };
        var config = CommonOptions.Config();
        var jsonLogs = CommonOptions.JsonLogs();
        var metricsPort = CommonOptions.MetricsPort();
        var metricsAddress = CommonOptions.MetricsAddress();
        var command = new Command("apply", "Apply office streams to a target database, exactly once; runs until stopped (SIGTERM/SIGINT).")
        {
            name, streams, target, broker, prefetch, batch, buffer, piece, dropped, truncate, onBadMessage, patience, tables, config, jsonLogs, metricsPort, metricsAddress,
        };
        command.SetAction((result, _) => ServiceHost.RunAsync<ApplierService, ApplyOptions>(
            "Apply",
            CommonOptions.Given(result,
                ("Name", name), ("Streams", streams), ("Target", target), ("Broker", broker), ("Prefetch", prefetch),
                ("MaxRecordsPerTransaction", batch), ("MaxBufferBytes", buffer), ("PieceBytes", piece), ("DroppedColumns", dropped), ("Truncate", truncate), ("OnBadMessage", onBadMessage), ("SchemaPatience", patience), ("Tables", tables)),
            result.GetValue(config),
            result.GetValue(jsonLogs),
            result.GetValue(metricsPort),
            result.GetValue(metricsAddress)));
        return command;
    }
}
