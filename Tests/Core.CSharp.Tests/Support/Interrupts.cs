using System;
using System.Reflection;
using System.Threading;
using Xunit;

namespace Tether.Tests.Support;

/// <summary>
/// Holds a lock of the table from the test thread, interrupts a thread that waits for it, and says what the
/// waiting operation did: a wait inside the table must never throw, and the interrupt must stay pending
/// for the thread's own next wait.
/// </summary>
internal static class Interrupts
{
    /// <summary>A gate of the table (a private field, read by reflection), held until disposed.</summary>
    public static IDisposable Hold(object? owner, Type type, string field)
    {
        var info = type.GetField(field, BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{type.Name} has no field {field}.");
        return Hold(info.GetValue(owner) ?? throw new InvalidOperationException($"{type.Name}.{field} is null."));
    }

    /// <summary>Holds a gate: a SpinGate, an array of them (every lane), or a Lock.</summary>
    public static IDisposable Hold(object gate)
    {
        switch (gate)
        {
            case SpinGate spin:
                spin.Take();
                return new Release(spin.Release);
            case SpinGate[] lanes:
                foreach (var lane in lanes)
                    lane.Take();
                return new Release(() =>
                {
                    foreach (var lane in lanes)
                        lane.Release();
                });
            case Lock monitorLike:
                monitorLike.Enter();
                return new Release(monitorLike.Exit);
            default:
                throw new InvalidOperationException($"cannot hold a {gate.GetType().Name}");
        }
    }

    /// <summary>A private field of an object (a table's service, say), read by reflection.</summary>
    public static object FieldOf(object owner, string field) =>
        owner.GetType().GetField(field, BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(owner)
            ?? throw new InvalidOperationException($"{owner.GetType().Name}.{field} is null.");

    /// <summary>Every lane gate of a table's slot table.</summary>
    public static IDisposable HoldLanes(HandleTable table)
    {
        var slots = typeof(HandleTable).GetField("_slots", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(table)!;
        return Hold(slots, typeof(SlotTable), "_gates");
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on a new thread while <paramref name="held"/> is held, interrupts that
    /// thread once it waits, then lets the gate go. Asserts that nothing escaped the operation, that it
    /// completed, and that the interrupt is still pending (the thread's next sleep throws); gives its result.
    /// </summary>
    public static T WaitThroughInterrupt<T>(IDisposable held, Func<T> operation)
    {
        T result = default!;
        Exception? escaped = null;
        bool completed = false, pending = false;
        var thread = new Thread(() =>
        {
            try
            {
                result = operation();
                completed = true;
            }
            catch (Exception e)
            {
                escaped = e;
                return;
            }

            try
            {
                Thread.Sleep(1);
            }
            catch (ThreadInterruptedException)
            {
                pending = true;
            }
        })
        { IsBackground = true };

        try
        {
            thread.Start();
            Thread.Sleep(150); // the operation is waiting for the gate by now
            Assert.False(completed, "the operation did not wait for the held gate");
            thread.Interrupt();
            Thread.Sleep(100);
        }
        finally
        {
            held.Dispose();
        }

        Assert.True(thread.Join(TimeSpan.FromSeconds(10)), "the operation never finished once the gate was free");
        Assert.Null(escaped);
        Assert.True(completed);
        Assert.True(pending, "the interrupt was consumed inside the table: the thread's next wait did not throw");
        return result;
    }

    private sealed class Release(Action release) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
                release();
        }
    }
}
