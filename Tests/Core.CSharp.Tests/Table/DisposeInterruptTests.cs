using System;
using System.Collections.Generic;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Table;

/// <summary>
/// Dispose never throws and, once it returns, every owned resource is disposed and the notice channel is
/// complete, even on a thread with an interrupt pending whose disposal meets another disposal in the meter's
/// registry (Core README, "Interrupts and faults": the table never waits interruptibly).
/// </summary>
// Holds the meter's process-wide registry lock for a moment: alone.
[Collection(nameof(Metrics.TetherMeterRegistrationTests))]
public class DisposeInterruptTests
{
    private sealed class Owned : IDisposable
    {
        public int Disposed;

        public void Dispose() => Interlocked.Increment(ref Disposed);
    }

    private static object MeterTables() =>
        typeof(TetherMeter).GetField("Tables", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    [Fact]
    public async System.Threading.Tasks.Task An_interrupted_dispose_that_meets_another_disposal_in_the_meter_neither_throws_nor_skips_its_work()
    {
        var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true, OwnValueSpace = true }).Value();
        var owned = new Owned();
        table.Add(owned, Hold.Strong, Tether.Ownership.Owned).Value();
        var completion = table.Notices.Completion;

        Exception? thrown = null;
        var registry = MeterTables();
        // Another thread's disposal holds the meter's registry (its RemoveAll) while this one gets there.
        Monitor.Enter(registry);
        var disposer = new Thread(() =>
        {
            Thread.CurrentThread.Interrupt(); // pending: the caller's own next wait would see it
            try
            {
                table.Dispose();
            }
            catch (Exception e)
            {
                thrown = e;
            }

            try
            {
                Thread.Sleep(0); // clears a still-pending interrupt so the thread can end quietly
            }
            catch (ThreadInterruptedException)
            {
            }
        });
        disposer.Start();
        Thread.Sleep(300);
        Monitor.Exit(registry);
        Assert.True(disposer.Join(TimeSpan.FromSeconds(5)));

        Assert.Null(thrown);
        Assert.Equal(1, owned.Disposed);
        Assert.Same(completion, await Task.WhenAny(completion, Task.Delay(TimeSpan.FromSeconds(1))));
        Assert.Equal(0, table.Counts.Live);
    }
}
