using Cdc.Capture.MySql;
using Cdc.Capture.Reading;
using Cdc.Connections;
using Cdc.Streams.Broker;
using Cdc.Streams.Consuming;

namespace Cdc.Capture.Pipeline;

/// <summary>
/// Refuses to go on in a stream whose last record another server wrote. Positions belong to one server's log: on a
/// server rebuilt from a dump they mean nothing, so resuming would start at a meaningless place and publish positions
/// that may sort below what appliers already applied, which they would skip. A stream whose last message predates the
/// <c>cdc-source-id</c> header is taken as it is.
/// </summary>
internal static class SourceIdentityCheck
{
    public static async Task CheckAsync(CaptureSettings options, DatabaseUri source, SourceIdentity identity, CancellationToken ct)
    {
        if (await StreamResumePoint.LastMessageAsync(options.Broker, options.StreamName, ct) is not { } last
            || last.Headers.SourceId.Length == 0)
            return;
        var writer = SourceIdentity.Parse(last.Headers.SourceId);
        if (writer.Server != identity.Server)
            throw Refused(options,
                $"Stream {options.StreamName} was captured from another server: its last record (offset {last.Offset}, position {last.Headers.Last}) came from {writer}, but {source} is {identity}");
        if (source.Engine == DatabaseEngine.MySql
            && await MySqlIdentity.TransactionMissingAsync(source, options, last.Headers.Last, last.Headers.TransactionId, ct) is { } instead)
            throw Refused(options,
                $"Stream {options.StreamName} was captured from another server: its last record (offset {last.Offset}, position {last.Headers.Last}) is of transaction {last.Headers.TransactionId}, " +
                $"which the binlog of {source} does not hold there ({instead}): the server was rebuilt, restored or reset (RESET MASTER) since");
    }

    private static CaptureException Refused(CaptureSettings options, string what)
    {
        var stream = options.StreamName;
        return new CaptureException(
            $"{what}. Positions belong to one server's log, so the capture of office {options.Office} does not resume here: " +
            "it would read from a meaningless place and publish positions that appliers may already have passed, and skip. " +
            "If the source was rebuilt or restored (e.g. from a dump), give it a new stream and a new snapshot: " +
            $"`cdc capture --office {options.Office} --source <uri> --stream {stream}.2 --snapshot-mode initial`, then point every applier of this office at it " +
            $"(`cdc apply ... --streams {stream}.2`; the snapshot upserts every row, and `cdc verify` shows rows the targets still hold that the rebuilt source lacks). " +
            "If the URI points at the wrong server, correct --source.");
    }
}
