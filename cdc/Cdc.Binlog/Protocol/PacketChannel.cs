using System.Buffers.Binary;

namespace Cdc.Binlog.Protocol;

/// <summary>
/// Frames packets over a byte stream: a 3-byte little-endian payload length and a 1-byte sequence id
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html). Payloads of 16 MiB - 1
/// or more continue in further packets and are joined here, so callers always see one logical payload.
/// The buffer grows with the bytes that actually arrive, never to a length the server merely claims, and a
/// payload may not exceed <see cref="MaxLogicalPayload"/> (1 GiB, MySQL's largest max_allowed_packet).
/// </summary>
internal sealed class PacketChannel : IAsyncDisposable
{
    private const int MaxPayload = 0xFFFFFF;
    private const int FirstChunk = 64 * 1024;

    /// <summary>The largest payload accepted: MySQL and MariaDB cap max_allowed_packet (and so any event) at 1 GiB.</summary>
    public const int MaxLogicalPayload = 1 << 30;

    private readonly byte[] _header = new byte[4];
    private Stream _stream;

    public PacketChannel(Stream stream) => _stream = stream;

    /// <summary>The sequence id the next packet written will carry; reset to 0 before each command.</summary>
    public byte Sequence { get; set; }

    /// <summary>Replaces the transport (after the TLS handshake), keeping the sequence.</summary>
    public void Upgrade(Stream stream) => _stream = stream;

    public Stream Stream => _stream;

    public async ValueTask<byte[]> ReadPayloadAsync(CancellationToken cancellationToken)
    {
        var length = await ReadFrameHeaderAsync(cancellationToken).ConfigureAwait(false);
        if (length < FirstChunk)
        {
            var small = new byte[length];
            await ReadExactAsync(small, cancellationToken).ConfigureAwait(false);
            return small;
        }
        var payload = new byte[FirstChunk];
        var filled = 0;
        while (true)
        {
            if (length > MaxLogicalPayload - filled)
                throw new BinlogProtocolException(
                    $"The server sends a packet of more than {MaxLogicalPayload} bytes, beyond any max_allowed_packet. The stream is corrupt or not a MySQL/MariaDB server.");
            // Grow by doubling as the bytes arrive: a frame header alone cannot make the client allocate 16 MiB.
            for (var end = filled + length; filled < end;)
            {
                if (filled == payload.Length)
                    Array.Resize(ref payload, (int)Math.Min((long)payload.Length * 2, end));
                var chunk = Math.Min(end, payload.Length) - filled;
                await ReadExactAsync(payload.AsMemory(filled, chunk), cancellationToken).ConfigureAwait(false);
                filled += chunk;
            }
            if (length < MaxPayload)
                break;
            length = await ReadFrameHeaderAsync(cancellationToken).ConfigureAwait(false);
        }
        if (filled != payload.Length)
            Array.Resize(ref payload, filled);
        return payload;
    }

    public async ValueTask WritePayloadAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (true)
        {
            var chunk = Math.Min(MaxPayload, payload.Length - offset);
            var frame = new byte[4 + chunk];
            frame[0] = (byte)chunk;
            frame[1] = (byte)(chunk >> 8);
            frame[2] = (byte)(chunk >> 16);
            frame[3] = Sequence++;
            payload.AsSpan(offset, chunk).CopyTo(frame.AsSpan(4));
            await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            offset += chunk;
            if (chunk < MaxPayload)
                break;
        }
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private async ValueTask<int> ReadFrameHeaderAsync(CancellationToken cancellationToken)
    {
        await ReadExactAsync(_header, cancellationToken).ConfigureAwait(false);
        Sequence = (byte)(_header[3] + 1);
        return (int)(BinaryPrimitives.ReadUInt32LittleEndian(_header) & 0xFFFFFF);
    }

    private async ValueTask ReadExactAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new BinlogProtocolException(
                "The server closed the connection. Check the server log; a replica with the same server id may have taken over the dump.", e);
        }
    }
}
