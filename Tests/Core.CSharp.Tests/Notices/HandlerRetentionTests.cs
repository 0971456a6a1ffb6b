using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Notices;

/// <summary>
/// NoticeHub caches the invocation list: a handler removed from Collected must not be
/// kept alive by the table. The cache (_invoked, _invocationList) is only refreshed when a notice is
/// published to a non-null handler list, so once the last subscriber leaves, the old delegate and its
/// target stay reachable from the hub for as long as the table lives.
/// </summary>
public class HandlerRetentionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private sealed class Subscriber
    {
        public readonly TaskCompletionSource<long> Heard = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnCollected(CollectionNotice notice) => Heard.TrySetResult(notice.Raw);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Subscriber, Task<long> Heard, Action<CollectionNotice> Handler) Subscribe(HandleTable table)
    {
        var subscriber = new Subscriber();
        Action<CollectionNotice> handler = subscriber.OnCollected;
        table.Collected += handler;
        return (new WeakReference(subscriber), subscriber.Heard.Task, handler);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Unsubscribe(HandleTable table, ref Action<CollectionNotice>? handler)
    {
        table.Collected -= handler;
        handler = null;
    }

    [Fact]
    public async Task a_handler_removed_from_Collected_is_not_kept_alive_by_the_table()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Value();
        var (subscriber, heard, handler) = Subscribe(table);
        Action<CollectionNotice>? h = handler;
        handler = null!;

        var weak = Gc.AddUnrooted(table, Hold.Weak);
        Gc.Collect();
        Assert.Equal(weak.Raw, await heard.WaitAsync(Patience));

        Unsubscribe(table, ref h);
        heard = null!;
        await Task.Delay(100); // the processing loop has finished publishing
        Gc.Collect();
        Gc.Collect();

        Assert.False(subscriber.IsAlive, "the unsubscribed handler's target is still reachable from the table");
        GC.KeepAlive(table);
    }
}
