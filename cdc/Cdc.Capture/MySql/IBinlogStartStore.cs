using Cdc.Binlog;

namespace Cdc.Capture.MySql;

/// <summary>
/// Where an office's binlog reading started, kept in the source (the snapshot progress table) for the one case the
/// stream tail cannot answer: nothing, or only snapshot records, confirmed yet. A capturer that died then resumes at
/// this position instead of the server's then-current one, which would lose what was written in between. The binlog
/// reader also moves it forward to the first confirmed position of each newer binlog file, so that an idle capture
/// (only other databases' traffic) does not resume from a purged file.
/// </summary>
internal interface IBinlogStartStore
{
    /// <summary>The start stored for this office and stream, or null.</summary>
    Task<BinlogPosition?> ReadStartAsync(CancellationToken ct);

    Task SaveStartAsync(BinlogPosition start, CancellationToken ct);
}
