using RabbitMQ.Client;

namespace Cdc.Streams.Broker;

/// <summary>
/// The acks (for a stream, only credit) a consumer's delivery callbacks send, and the close of its channel, ordered so
/// that no ack ever follows the close. RabbitMQ answers a frame on a channel it has closed with 504 CHANNEL_ERROR
/// "expected 'channel.open'" and closes the whole connection, with every other channel on it; an ack sent from a
/// callback while another task closes the channel is such a frame.
/// </summary>
public sealed class StreamCredit(IChannel channel)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _closed;

    /// <summary>Acks one delivery, unless the channel is closing or closed (the credit is of no use then).</summary>
    public async Task GrantAsync(ulong deliveryTag)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_closed && channel.IsOpen)
                await channel.BasicAckAsync(deliveryTag, multiple: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the channel once an ack in flight has gone out before the close; later acks are dropped.</summary>
    public async ValueTask CloseAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _closed = true;
        }
        finally
        {
            _gate.Release();
        }
        await channel.DisposeAsync();
    }
}
