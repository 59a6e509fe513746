namespace Cdc.Binlog.Tests.Unit;

/// <summary>A duplex stream for protocol tests: reads come from the scripted server packets, writes are recorded.</summary>
internal sealed class ScriptedStream(params byte[][] serverPayloads) : Stream
{
    private readonly MemoryStream _input = new(Frame(serverPayloads));

    public MemoryStream Written { get; } = new();

    /// <summary>The payloads the client wrote, without their 4-byte packet headers.</summary>
    public List<byte[]> WrittenPayloads()
    {
        var result = new List<byte[]>();
        var bytes = Written.ToArray();
        for (var i = 0; i < bytes.Length;)
        {
            var length = bytes[i] | bytes[i + 1] << 8 | bytes[i + 2] << 16;
            result.Add(bytes.AsSpan(i + 4, length).ToArray());
            i += 4 + length;
        }
        return result;
    }

    private static byte[] Frame(byte[][] payloads)
    {
        var frames = new List<byte>();
        byte sequence = 2;
        foreach (var p in payloads)
        {
            frames.AddRange([(byte)p.Length, (byte)(p.Length >> 8), (byte)(p.Length >> 16), sequence]);
            frames.AddRange(p);
            sequence += 2;
        }
        return [.. frames];
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);
}
