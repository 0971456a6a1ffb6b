using System;
using System.Reflection;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Slots;

/// <summary>
/// A lookup of a weak handle never waits interruptibly: the first weak read of a new thread registers the
/// thread's weak-read mark, and meeting another thread's registration (or a dead thread's mark being given back
/// by the finalizer) must not throw <see cref="ThreadInterruptedException"/> out of Get.
/// </summary>
// Holds the process-wide lock of the weak-read marks for a moment: alone.
[Collection(nameof(Metrics.TetherMeterRegistrationTests))]
public class WeakReadInterruptTests
{
    [Fact]
    public void A_weak_lookup_on_a_new_interrupted_thread_that_meets_a_mark_registration_does_not_throw()
    {
        using var table = Fresh.Table();
        var resource = new Resource(1);
        var handle = table.Add(resource, Hold.Weak).Value();

        var gate = typeof(HandleTable).Assembly.GetType("Tether.WeakReaders")!
            .GetField("Gate", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        Exception? thrown = null;
        Resource? found = null;
        Monitor.Enter(gate); // another new thread registering its mark, or the finalizer giving one back
        var reader = new Thread(() =>
        {
            Thread.CurrentThread.Interrupt();
            try
            {
                found = table.Get(handle).Value();
            }
            catch (Exception e)
            {
                thrown = e;
            }

            try
            {
                Thread.Sleep(0);
            }
            catch (ThreadInterruptedException)
            {
            }
        });
        reader.Start();
        Thread.Sleep(300);
        Monitor.Exit(gate);
        Assert.True(reader.Join(TimeSpan.FromSeconds(5)));

        Assert.Null(thrown);
        Assert.Same(resource, found);
        GC.KeepAlive(resource);
    }
}
