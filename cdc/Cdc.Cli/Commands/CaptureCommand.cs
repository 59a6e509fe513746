using System.CommandLine;
using Cdc.Capture;
using Cdc.Capture.Hosting;
using Cdc.Cli.Hosting;

namespace Cdc.Cli.Commands;

/// <summary><c>cdc capture</c>: the capturer sidecar of one office database.</summary>
internal static class CaptureCommand
{
    public static Command Create()
    {
        var office = new Option<string>("--office") { Description = "The office this database belongs to; its stream is cdc.<office>." };
        var source = new Option<string>("--source") { Description = "The source database: postgres://user:password@host:port/database or mysql://..." };
        var broker = CommonOptions.Broker();
        var tables = new Option<string>("--tables") { Description = "Only these tables: schema.table[,schema.table...]. Default: every table, including tables created later." };
        var publication = new Option<string>("--publication") { Description = "PostgreSQL publication to read (default cdc_<office>)." };
        var slot = new Option<string>("--slot") { Description = "PostgreSQL replication slot to read (default cdc_<office>)." };
        var createMissing = new Option<bool>("--create-missing") { Description = "Create the publication and slot when missing (default true); false prints what to run instead." };
        var stream = new Option<string>("--stream") { Description = "Publish to this stream instead of cdc.<office>." };
        var compatibility = new Option<string>("--compatibility") { Description = "Schema compatibility checked between a table's versions: backward (default), forward, full or none; a break is logged, never blocks." };
        var snapshotMode = new Option<string>("--snapshot-mode") { Description = "initial (default: read existing rows when no position is stored, then stream), never, always, or initial_only (read them, then stop)." };
        var chunkSize = new Option<int>("--snapshot-chunk-size") { Description = "Rows per snapshot chunk (default 10000): one key-range query, one transaction in the stream, one resume point." };
        var config = CommonOptions.Config();
        var jsonLogs = CommonOptions.JsonLogs();
        var metricsPort = CommonOptions.MetricsPort();
        var metricsAddress = CommonOptions.MetricsAddress();
        var command = new Command("capture", "Capture an office database's changes into its stream; runs until stopped (SIGTERM/SIGINT).")
        {
            office, source, broker, tables, publication, slot, createMissing, stream, compatibility, snapshotMode, chunkSize, config, jsonLogs, metricsPort, metricsAddress,
        };
        command.SetAction((result, _) => ServiceHost.RunAsync<CapturerService, CaptureOptions>(
            "Capture",
            CommonOptions.Given(result,
                ("Office", office), ("Source", source), ("Broker", broker), ("Tables", tables), ("Publication", publication),
                ("Slot", slot), ("CreateMissing", createMissing), ("Stream", stream), ("Compatibility", compatibility),
                ("SnapshotMode", snapshotMode), ("SnapshotChunkSize", chunkSize)),
            result.GetValue(config),
            result.GetValue(jsonLogs),
            result.GetValue(metricsPort),
            result.GetValue(metricsAddress)));
        return command;
    }
}
