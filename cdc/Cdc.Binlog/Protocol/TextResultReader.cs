namespace Cdc.Binlog.Protocol;

/// <summary>
/// Reads the response to COM_QUERY: an OK packet, an ERR packet, or a text result set
/// (column count, column definitions, EOF, rows of length-encoded strings, EOF;
/// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset.html).
/// </summary>
internal static class TextResultReader
{
    private const int MaxColumns = 4096;

    public static async Task<QueryResult> ReadAsync(ServerConnection connection, string doing, CancellationToken cancellationToken)
    {
        var first = await connection.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (ServerErrors.IsError(first))
            throw ServerErrors.FromErrorPacket(first, doing);
        if (first.Length > 0 && first[0] == 0x00)
            return new QueryResult([], []);
        var columnCount = new PacketReader(first).ReadLengthEncodedInt32();
        if (columnCount > MaxColumns)
            throw new BinlogProtocolException($"The result of {doing} claims {columnCount} columns; MySQL and MariaDB return at most {MaxColumns}.");
        var columns = new string[columnCount];
        for (var i = 0; i < columnCount; i++)
            columns[i] = ParseColumnName(await connection.ReadAsync(cancellationToken).ConfigureAwait(false));
        var eof = await connection.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (!IsEof(eof))
            throw new BinlogProtocolException($"Expected EOF after the column definitions while {doing}.");
        var rows = new List<IReadOnlyList<string?>>();
        while (true)
        {
            var payload = await connection.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (IsEof(payload))
                return new QueryResult(columns, rows);
            if (ServerErrors.IsError(payload))
                throw ServerErrors.FromErrorPacket(payload, doing);
            rows.Add(ParseRow(payload, columnCount));
        }
    }

    internal static bool IsEof(byte[] payload) => payload.Length is > 0 and < 9 && payload[0] == 0xFE;

    private static string?[] ParseRow(byte[] payload, int columnCount)
    {
        var reader = new PacketReader(payload);
        var values = new string?[columnCount];
        for (var i = 0; i < columnCount; i++)
        {
            var length = reader.ReadLengthEncodedIntegerOrNull();
            values[i] = length is { } n ? reader.ReadString(n <= int.MaxValue ? (int)n : -1) : null;
        }
        return values;
    }

    /// <summary>Column definition 41: catalog, schema, table, original table, name, original name, ...</summary>
    private static string ParseColumnName(byte[] payload)
    {
        var reader = new PacketReader(payload);
        for (var i = 0; i < 4; i++)
            reader.Skip(reader.ReadLengthEncodedInt32());
        return reader.ReadLengthEncodedString();
    }
}
