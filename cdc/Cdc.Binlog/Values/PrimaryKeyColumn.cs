namespace Cdc.Binlog;

/// <summary>A column of a table's primary key, from the TABLE_MAP metadata.</summary>
/// <param name="ColumnIndex">Index of the column in the table.</param>
/// <param name="PrefixLength">Length of the indexed prefix in characters, or 0 when the whole column is in the key.</param>
public readonly record struct PrimaryKeyColumn(int ColumnIndex, int PrefixLength);
