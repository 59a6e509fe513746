namespace Cdc.Capture;

/// <summary>
/// What a source database says about one capturer (<see cref="SourceCapture.ReadCapturersAsync"/>). On PostgreSQL, a
/// pgoutput replication slot (a capturer's <c>cdc_&lt;office&gt;</c> by default): whether a capturer is attached, its
/// confirmed LSN, and the WAL the server retains for it. On MySQL/MariaDB, an office's capturer: attached or not, the
/// binlog position of its stream's last record, and how many binlog bytes and files the server wrote since.
/// </summary>
public sealed record CapturerState(
    string Office, string Source, string Slot, string State, string? ConfirmedPosition, string? ServerPosition, long? RetainedBytes,
    long? BinlogBytesBehind = null, long? BinlogFilesBehind = null)
{
    public static readonly string[] Columns =
        ["office", "source", "slot", "state", "confirmed_position", "server_position", "retained_wal_bytes", "binlog_bytes_behind", "binlog_files_behind"];

    public object?[] Row() => [Office, Source, Slot, State, ConfirmedPosition, ServerPosition, RetainedBytes, BinlogBytesBehind, BinlogFilesBehind];
}
