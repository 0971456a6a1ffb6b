using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Tether.Tests.Adversarial;

/// <summary>Two unrelated resource types that can share a slot, one after the other.</summary>
public sealed class ResourceA(int id)
{
    public int Id { get; } = id;
}

/// <summary>The other type; a lookup as <see cref="ResourceA"/> must never yield one.</summary>
public sealed class ResourceB(int id)
{
    public int Id { get; } = id;
}

/// <summary>An owned resource that counts its disposals and can be told to throw.</summary>
public sealed class CountingDisposable(bool fail = false) : IDisposable
{
    private int _disposed;

    public int Disposed => Volatile.Read(ref _disposed);

    public void Dispose()
    {
        Interlocked.Increment(ref _disposed);
        if (fail)
            throw new InvalidOperationException("cannot close");
    }
}

/// <summary>
/// Only asynchronously disposable, and its disposal continues on the captured context: blocking on it from
/// that context's only thread deadlocks.
/// </summary>
public sealed class YieldingAsyncDisposable : IAsyncDisposable
{
    private int _disposed;

    public int Disposed => Volatile.Read(ref _disposed);

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        Interlocked.Increment(ref _disposed);
    }
}

/// <summary>
/// A single-threaded synchronization context, like a UI thread: one thread runs posted callbacks in order.
/// </summary>
internal sealed class PumpContext : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Thread _thread;

    public PumpContext()
    {
        _thread = new Thread(Pump) { IsBackground = true, Name = "pump" };
        _thread.Start();
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            // Completed: the test is over; nothing runs any more.
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

    /// <summary>Runs <paramref name="work"/> on the pump thread; the task completes when it returns.</summary>
    public Task Run(Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(_ =>
        {
            try
            {
                work();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }, null);
        return done.Task;
    }

    private void Pump()
    {
        SetSynchronizationContext(this);
        foreach (var (callback, state) in _queue.GetConsumingEnumerable())
            callback(state);
    }

    public void Dispose() => _queue.CompleteAdding();
}

/// <summary>A bounded race: one thread writes in a loop while this one probes, until time runs out or a probe fails.</summary>
internal static class Race
{
    /// <summary>
    /// TETHER_STRESS_SCALE shortens (or lengthens) every race: mutation testing runs the suite once per
    /// mutant and sets it to 0.1; the defects these races find showed within 0.02 to 1.6 s.
    /// </summary>
    public static TimeSpan Scaled(TimeSpan time) =>
        double.TryParse(Environment.GetEnvironmentVariable("TETHER_STRESS_SCALE"), System.Globalization.CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? time * scale
            : time;

    /// <summary>
    /// Runs <paramref name="write"/> on its own thread and <paramref name="probe"/> on this one (and on
    /// <paramref name="extraProbers"/> more threads), for at most <paramref name="time"/>; returns the first
    /// failure a probe reports (or what any side threw), else null. Every thread has stopped when this
    /// returns, so the caller may dispose what they used.
    /// </summary>
    public static string? Run(TimeSpan time, Action write, Func<string?> probe, int extraProbers = 0)
    {
        string? failure = null;
        using var stop = new CancellationTokenSource(Scaled(time));

        void Loop(Action step, string who)
        {
            try
            {
                while (!stop.IsCancellationRequested && Volatile.Read(ref failure) is null)
                    step();
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, $"the {who} threw {e}", null);
            }
        }

        long probes = 0;
        void Probe()
        {
            Interlocked.Increment(ref probes);
            if (probe() is { } found)
                Interlocked.CompareExchange(ref failure, $"{found} (probe {Volatile.Read(ref probes)})", null);
        }

        var threads = new List<Thread> { new(() => Loop(write, "writer")) { IsBackground = true } };
        for (int i = 0; i < extraProbers; i++)
            threads.Add(new Thread(() => Loop(Probe, "prober")) { IsBackground = true });
        threads.ForEach(t => t.Start());
        try
        {
            Loop(Probe, "prober");
        }
        finally
        {
            stop.Cancel();
            threads.ForEach(t => t.Join());
        }

        return failure;
    }
}
