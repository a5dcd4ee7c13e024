using System.Threading.Channels;

namespace RaRlhf.Actors.Transport;

/// <summary>A fanout topic: each subscriber has its own bounded buffer; a publish waits for full buffers.</summary>
internal sealed class InProcessTopic
{
    private readonly List<Channel<TransportMessage>> _subscribers = [];

    public async Task PublishAsync(TransportMessage message, CancellationToken cancellation)
    {
        Channel<TransportMessage>[] subscribers;
        lock (_subscribers) subscribers = [.. _subscribers];
        foreach (var subscriber in subscribers)
        {
            try
            {
                await subscriber.Writer.WriteAsync(message, cancellation).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                // Unsubscribed while we published: it no longer wants messages.
            }
        }
    }

    public ISubscription Subscribe(int capacity)
    {
        var channel = Channel.CreateBounded<TransportMessage>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        lock (_subscribers) _subscribers.Add(channel);
        return new Subscription(this, channel);
    }

    private void Unsubscribe(Channel<TransportMessage> channel)
    {
        lock (_subscribers) _subscribers.Remove(channel);
        channel.Writer.TryComplete();
    }

    private sealed class Subscription(InProcessTopic topic, Channel<TransportMessage> channel) : ISubscription
    {
        public ValueTask<TransportMessage> ReceiveAsync(CancellationToken cancellation = default) =>
            channel.Reader.ReadAsync(cancellation);

        public ValueTask DisposeAsync()
        {
            topic.Unsubscribe(channel);
            return ValueTask.CompletedTask;
        }
    }
}
