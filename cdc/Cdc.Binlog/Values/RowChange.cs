namespace Cdc.Binlog;

/// <summary>One updated row: its image before and after the update.</summary>
/// <param name="Before">The row before (with binlog_row_image=MINIMAL, only the key columns are present).</param>
/// <param name="After">The row after (with binlog_row_image=MINIMAL, only the changed columns are present).</param>
public sealed record RowChange(RowImage Before, RowImage After);
