using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>
/// Every change of a multi-lane table that waits for a lane's lock completes normally when the waiting thread
/// is interrupted, and leaves the interrupt pending: no ThreadInterruptedException escapes, nothing half done.
/// </summary>
public class LaneWaitInterruptTests
{
    private static HandleTable Laned(bool notify = false) =>
        HandleTable.TryCreate(new HandleTableOptions { Capacity = 65_536, LanesOverride = 4, NotifyCollected = notify }).Value();

    [Fact]
    public void Add_waiting_for_a_lane_adds_and_keeps_the_interrupt_pending()
    {
        using var table = Laned();
        var added = Interrupts.WaitThroughInterrupt(Interrupts.HoldLanes(table), () => table.Add(new Resource(1)));
        Assert.Equal(1, table.Get(added.Value()).Value().Id);
        Assert.Equal(1, table.Counts.Live);
    }

    [Fact]
    public void Drop_waiting_for_its_lane_drops_and_disposes_the_owned_resource_once()
    {
        using var table = Laned();
        var resource = new Adversarial.CountingDisposable();
        var handle = table.Add(resource, Hold.Strong, Tether.Ownership.Owned).Value();
        var dropped = Interrupts.WaitThroughInterrupt(Interrupts.HoldLanes(table), () => table.Drop(handle));
        Assert.True(dropped.IsSucc);
        Assert.Equal(1, resource.Disposed);
        Assert.Equal(0, table.Counts.Live);
    }

    [Fact]
    public void Take_waiting_for_its_lane_ends_the_handle_and_hands_the_resource_over()
    {
        using var table = Laned();
        var resource = new Resource(2);
        var handle = table.Add(resource).Value();
        var taken = Interrupts.WaitThroughInterrupt(Interrupts.HoldLanes(table), () => table.Take(handle));
        Assert.Same(resource, taken.Value());
        Assert.Equal(0, table.Counts.Live);
    }

    [Fact]
    public void Loosen_and_Tighten_waiting_for_the_lane_change_the_hold_and_the_weak_handle_is_watched()
    {
        using var table = Laned(notify: true);
        var resource = new Resource(3);
        var handle = table.Add(resource).Value();
        Assert.True(Interrupts.WaitThroughInterrupt(Interrupts.HoldLanes(table), () => table.Loosen(handle)).IsSucc);
        Assert.Equal(Hold.Weak, table.HoldOf(handle).Value());
        Assert.Equal(1, table.WatchedCount);

        Assert.True(Interrupts.WaitThroughInterrupt(Interrupts.HoldLanes(table), () => table.Tighten(handle)).IsSucc);
        Assert.Equal(Hold.Strong, table.HoldOf(handle).Value());
        System.GC.KeepAlive(resource);
    }

    [Fact]
    public void Counts_waiting_for_every_lane_answers_the_counts()
    {
        using var table = Laned();
        table.Add(new Resource(4)).Value();
        var counts = Interrupts.WaitThroughInterrupt(Interrupts.HoldLanes(table), () => table.Counts);
        Assert.Equal(1, counts.Strong);
    }

    [Fact]
    public void Dispose_waiting_for_every_lane_disposes_the_table_and_what_it_owned()
    {
        var table = Laned();
        var resource = new Adversarial.CountingDisposable();
        table.Add(resource, Hold.Strong, Tether.Ownership.Owned).Value();
        var closed = Interrupts.WaitThroughInterrupt(Interrupts.HoldLanes(table), table.Close);
        Assert.True(closed.IsSucc);
        Assert.True(table.IsDisposed);
        Assert.Equal(1, resource.Disposed);
    }

    [Fact]
    public void Closing_a_scope_waiting_for_every_lane_ends_its_handles_and_disposes_what_they_owned()
    {
        using var table = Laned();
        var scope = table.OpenScope();
        var resource = new Adversarial.CountingDisposable();
        var handle = scope.Add(resource, Hold.Strong, Tether.Ownership.Owned).Value();
        Assert.True(Interrupts.WaitThroughInterrupt(Interrupts.HoldLanes(table), scope.Close).IsSucc);
        Assert.Equal(1, resource.Disposed);
        Assert.Equal(HandleState.Dropped, table.State(handle));
        Assert.Equal(0, table.Counts.Live);
    }
}
