using System.Buffers.Binary;

namespace Cdc.Binlog.Protocol;

/// <summary>
/// Frames packets over a byte stream: a 3-byte little-endian payload length and a 1-byte sequence id
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html). Payloads of 16 MiB - 1
/// or more continue in further packets and are joined here, so callers always see one logical payload.
/// </summary>
internal sealed class PacketChannel : IAsyncDisposable
{
    private const int MaxPayload = 0xFFFFFF;
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
        var payload = new byte[length];
        await ReadExactAsync(payload, cancellationToken).ConfigureAwait(false);
        while (length == MaxPayload)
        {
            length = await ReadFrameHeaderAsync(cancellationToken).ConfigureAwait(false);
            var offset = payload.Length;
            Array.Resize(ref payload, offset + length);
            await ReadExactAsync(payload.AsMemory(offset, length), cancellationToken).ConfigureAwait(false);
        }
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
