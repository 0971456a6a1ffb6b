using System;
using System.Collections.Generic;
using System.Threading.Channels;

namespace Tether;

// Collection notices: the slot table confirms, the NoticeHub publishes.
public sealed partial class HandleTable
{
    /// <summary>
    /// Notices of collected weak handles, in the order the table learned of them, when the table was
    /// created with <see cref="HandleTableOptions.NotifyCollected"/>; otherwise a reader that is already
    /// complete. Each collected handle that was still current is reported exactly once. The channel buffers
    /// a notice once this property has been read, or while nobody listens at all; a table whose notices are
    /// read only through <see cref="Collected"/> buffers nothing. Read it, or the notices queue up. It
    /// completes when the table is disposed, after every notice the event was raised for: at once, or, when a
    /// <see cref="Collected"/> handler is running at that moment, as soon as the notices confirmed before the
    /// disposal have been published (a handler that blocks delays the completion as long as it blocks).
    /// </summary>
    public ChannelReader<CollectionNotice> Notices => _notices?.Reader ?? CompletedNotices.Reader;

    /// <summary>
    /// Raised once per <see cref="CollectionNotice"/>, in the channel's order, one handler call at a time,
    /// on a thread-pool thread (never the finalizer thread, never under a lock of the table), so a handler
    /// may call back into the table or dispose it. What a handler throws is caught and ignored; a handler
    /// that blocks delays only the notices of this table that come after it.
    /// </summary>
    public event Action<CollectionNotice>? Collected
    {
        add
        {
            if (_notices is not null)
                _notices.Published += value;
        }

        remove
        {
            if (_notices is not null)
                _notices.Published -= value;
        }
    }

    private static readonly Channel<CollectionNotice> CompletedNotices = CreateCompleted();

    private static Channel<CollectionNotice> CreateCompleted()
    {
        var channel = Channel.CreateUnbounded<CollectionNotice>();
        channel.Writer.TryComplete();
        return channel;
    }

    /// <summary>
    /// Called by the notice loop with handles whose resource may have been collected: keeps those still
    /// current, weak and without a target, applies the slot policy, and returns their notices in order.
    /// </summary>
    internal List<CollectionNotice> ConfirmCollected(List<long> raws)
    {
        bool reclaim = _policy == SlotPolicy.Reclaim;
        var confirmed = _slots.ConfirmCollected(raws, reclaim);
        var notices = new List<CollectionNotice>(confirmed.Count);
        // TypeKey.TypeOf takes a process-wide lock: once per type of the batch, not once per notice.
        int lastId = -1;
        Type lastType = typeof(object);
        foreach (var (raw, typeId) in confirmed)
        {
            if (typeId != lastId)
                (lastId, lastType) = (typeId, TypeKey.TypeOf(typeId));
            notices.Add(new CollectionNotice(raw, lastType) { Scope = Book(ref _scopes)?.ScopeOf(raw) });
            if (reclaim)
            {
                // Never owned: an owned handle is always strong. The resource is gone, so no sentinel either.
                Settle(raw, target: null, owned: false);
            }
        }

        TetherMeter.Record(TetherMeter.Collected, notices.Count);
        return notices;
    }
}
