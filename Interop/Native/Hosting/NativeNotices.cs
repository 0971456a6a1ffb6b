using System;
using System.Collections.Concurrent;
using System.Threading;

namespace Tether.Native;

/// <summary>
/// Collection notices on their way to C: queued for <c>tether_next_notice</c>, or, while a callback is
/// registered, handed to it on the "Tether notices" thread. That thread is ours: never the finalizer thread,
/// never the table's notice loop, and no lock of Tether is held while the callback runs, so it may call back
/// into the library, or block (notices then wait in the queue; nothing else does).
/// </summary>
internal static unsafe class NativeNotices
{
    /// <summary>A registered callback and its context, swapped as one.</summary>
    private sealed class Subscriber(delegate* unmanaged<long, nint, void> callback, nint context)
    {
        public readonly delegate* unmanaged<long, nint, void> Callback = callback;
        public readonly nint Context = context;
    }

    private static readonly ConcurrentQueue<long> Pending = new();
    private static readonly AutoResetEvent Wake = new(false);
    private static readonly Lock StartGate = new();
    private static Subscriber? _subscriber;

    // The subscriber whose callback the notice thread is calling (or about to call), so that unregistering can
    // wait for that call to return: after tether_set_notice_callback returns, the old callback is never called.
    private static Subscriber? _calling;
    private static Thread? _thread;
    private static volatile bool _stopped;

    /// <summary>From the table's notice loop: queue the notice, and wake the notice thread if it has a callback to call.</summary>
    public static void Enqueue(CollectionNotice notice)
    {
        Pending.Enqueue(notice.Raw);
        if (Volatile.Read(ref _subscriber) is not null)
            Wake.Set();
    }

    /// <summary>The oldest queued notice; false when none waits.</summary>
    public static bool TryNext(out long raw) => Pending.TryDequeue(out raw);

    /// <summary>
    /// Registers a callback (null: none, notices queue for the poll) and returns 0; -6 after shutdown. Waits
    /// for a call of the previous callback in progress on the notice thread, unless called from that thread.
    /// </summary>
    public static int Subscribe(delegate* unmanaged<long, nint, void> callback, nint context)
    {
        if (_stopped)
            return -HandleErrorCode.Disposed;
        var next = callback is null ? null : new Subscriber(callback, context);
        var previous = Interlocked.Exchange(ref _subscriber, next);
        if (next is not null)
        {
            EnsureThread();
            Wake.Set(); // notices queued before the callback came
        }

        if (previous is not null)
            WaitOut(previous);
        return GuestCode.Ok;
    }

    /// <summary>After shutdown: no more callbacks; the notice thread ends; queued notices stay for the poll.</summary>
    public static void Stop()
    {
        _stopped = true;
        var previous = Interlocked.Exchange(ref _subscriber, null);
        Wake.Set();
        if (previous is not null)
            WaitOut(previous);
    }

    public static bool Stopped => _stopped;

    private static void WaitOut(Subscriber previous)
    {
        if (Thread.CurrentThread == Volatile.Read(ref _thread))
            return; // the callback itself unregisters: its own call returns when it does
        var spin = default(SpinWait);
        while (ReferenceEquals(Volatile.Read(ref _calling), previous))
            spin.SpinOnce();
    }

    private static void EnsureThread()
    {
        lock (StartGate)
        {
            if (_thread is not null)
                return;
            var thread = new Thread(Loop) { IsBackground = true, Name = "Tether notices" };
            Volatile.Write(ref _thread, thread);
            thread.Start();
        }
    }

    private static void Loop()
    {
        while (!_stopped)
        {
            Wake.WaitOne();
            while (!_stopped && Volatile.Read(ref _subscriber) is { } subscriber)
            {
                // Announce the call first, then check the subscriber is still current: an unregistering thread
                // swaps first and then reads _calling, so one of the two always sees the other.
                Interlocked.Exchange(ref _calling, subscriber);
                if (!ReferenceEquals(Volatile.Read(ref _subscriber), subscriber) || !Pending.TryDequeue(out long raw))
                {
                    Interlocked.Exchange(ref _calling, null);
                    if (ReferenceEquals(Volatile.Read(ref _subscriber), subscriber))
                        break; // nothing queued: wait for the next notice
                    continue;
                }

                try
                {
                    subscriber.Callback(raw, subscriber.Context);
                }
                catch (Exception)
                {
                    // A native callback cannot throw a managed exception; nothing else reaches here.
                }
                finally
                {
                    Interlocked.Exchange(ref _calling, null);
                }
            }
        }
    }
}
