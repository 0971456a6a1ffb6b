using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;

namespace Tether.Interop;

/// <summary>
/// Where notices from tether.js go in .NET: the <see cref="Noticed"/> event, and a channel that exists only
/// once someone asked for it. A service used through the event alone buffers nothing.
/// </summary>
internal sealed class JsNoticeFeed
{
    private readonly object _gate = new();
    private Channel<JsNotice>? _channel;
    private bool _completed;
    private int _batches;

    public event Action<JsNotice>? Noticed;

    public int Batches => Volatile.Read(ref _batches);

    /// <summary>The channel, made on first use; a feed already completed gives a completed channel.</summary>
    public ChannelReader<JsNotice> Reader
    {
        get
        {
            lock (_gate)
            {
                if (_channel is null)
                {
                    _channel = Channel.CreateUnbounded<JsNotice>(new UnboundedChannelOptions { AllowSynchronousContinuations = false });
                    if (_completed)
                        _channel.Writer.TryComplete();
                }

                return _channel.Reader;
            }
        }
    }

    /// <summary>One batch, in the order JS reported it. Handlers run here, outside any lock; what they throw is ignored.</summary>
    public void Publish(IReadOnlyList<JsNotice> batch)
    {
        Interlocked.Increment(ref _batches);
        Channel<JsNotice>? channel;
        lock (_gate)
            channel = _completed ? null : _channel;
        foreach (var notice in batch)
        {
            channel?.Writer.TryWrite(notice);
            var handlers = Noticed;
            if (handlers is null)
                continue;
            foreach (Action<JsNotice> handler in handlers.GetInvocationList())
            {
                try
                {
                    handler(notice);
                }
                catch (Exception)
                {
                    // A subscriber's failure must not break the batch for the others.
                }
            }
        }
    }

    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _channel?.Writer.TryComplete();
        }
    }
}
