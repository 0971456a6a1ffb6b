using System;
using System.Collections.Concurrent;
using System.Threading;
using Tether.Tests.Adversarial;
using Tether.Tests.Support;
using Xunit;
using LanguageExt;

namespace Tether.Tests.Ownership;

/// <summary>Owned resources while a hostile thread acts on the raw value an add is about to get.</summary>
public class OwnershipRaceTests
{
    /// <summary>
    /// Promise: an owned resource is held strongly; Loosen of an owned handle is InvalidArgument.
    /// LoosenCore asks the ownership book first and loosens afterwards, and the add binds ownership only after
    /// the slot is published: a Loosen whose ownership check runs before the bind and whose slot step runs
    /// after the claim loosens an owned handle.
    /// </summary>
    [Fact]
    public void An_owned_handle_never_becomes_weak_when_a_Loosen_of_its_guessed_raw_races_the_add()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 4 }).Value();
        long target = 0;
        long loosened = 0;

        var failure = Bounded.Run(
            Bounded.Time(2),
            stop =>
            {
                var first = table.Add(new CountingDisposable(), Hold.Strong, Tether.Ownership.Owned).Value();
                Volatile.Write(ref target, Predict.NextOf(table, first.Raw));
                table.Drop(first).Value();
                while (!stop())
                {
                    var resource = new CountingDisposable();
                    var handle = table.Add(resource, Hold.Strong, Tether.Ownership.Owned).Value();
                    var hold = table.HoldOf(handle);
                    Volatile.Write(ref target, Predict.NextOf(table, handle.Raw));
                    if (hold.IsSucc && hold.Value() == Hold.Weak)
                        return $"owned handle {handle.Raw} is held Weak right after its add returned (a Loosen of the guessed raw succeeded)";
                    table.Drop(handle).Value();
                    if (resource.Disposed != 1)
                        return $"owned resource disposed {resource.Disposed} times";
                }

                return null;
            },
            stop =>
            {
                while (!stop())
                {
                    if (table.Loosen(Volatile.Read(ref target)).IsSucc)
                        Interlocked.Increment(ref loosened);
                }

                return null;
            });

        Assert.Null(failure);
        Assert.Equal(0, Interlocked.Read(ref loosened));
    }

    /// <summary>
    /// Promise: Take hands ownership to the caller; the table never disposes what it handed out.
    /// A Take of the guessed raw between the add's claim and its bind finds nothing in the ownership book;
    /// the add then binds, sees its handle ended, takes the resource back from the book and disposes it:
    /// the taker holds a disposed object.
    /// </summary>
    [Fact]
    public void A_resource_handed_out_by_Take_is_never_disposed_by_the_add_that_raced_it()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { Capacity = 4 }).Value();
        long target = 0;
        var taken = new ConcurrentQueue<CountingDisposable>();

        Func<Func<bool>, string?> taker = stop =>
        {
            while (!stop())
            {
                var resolved = table.Resolve<CountingDisposable>(Volatile.Read(ref target));
                if (resolved.IsSucc && table.Take(resolved.Value()) is { IsSucc: true } got)
                    taken.Enqueue(got.Value());
            }

            return null;
        };

        var failure = Bounded.Run(
            Bounded.Time(2.5),
            stop =>
            {
                var first = table.Add(new CountingDisposable(), Hold.Strong, Tether.Ownership.Owned).Value();
                Volatile.Write(ref target, Predict.NextOf(table, first.Raw));
                table.Drop(first).Value();
                while (!stop())
                {
                    var resource = new CountingDisposable();
                    var handle = table.Add(resource, Hold.Strong, Tether.Ownership.Owned).Value();
                    Volatile.Write(ref target, Predict.NextOf(table, handle.Raw));

                    // Only Take races this add, and Take never disposes: a disposal now is the add's own.
                    if (resource.Disposed != 0)
                        return $"Add disposed the owned resource of {handle.Raw} although a Take handed it to its caller";
                    table.Drop(handle); // fails when taken; that is fine
                }

                return null;
            },
            taker,
            taker);

        Assert.Null(failure);
        foreach (var resource in taken)
            Assert.Equal(0, resource.Disposed);
    }

    /// <summary>
    /// Promise: Take hands ownership to the caller. Take ends the slot, then takes from the ownership book;
    /// Dispose's TakeAll in between takes the owned resource and disposes it, while Take returns it.
    /// </summary>
    [Fact]
    public void Take_racing_Dispose_never_returns_a_resource_the_table_disposes()
    {
        string? failure = null;
        long iterations = 0, takes = 0;
        HandleTable? table = null;
        Handle<CountingDisposable> handle = default;
        CountingDisposable? resource = null;
        Fin<CountingDisposable>? took = null;
        int spin = 0;
        using var barrier = new Barrier(2);
        var deadline = DateTime.UtcNow + Bounded.Time(2.5);
        bool Done() => DateTime.UtcNow > deadline || Volatile.Read(ref failure) is not null;

        var disposer = new Thread(() =>
        {
            try
            {
                while (true)
                {
                    barrier.SignalAndWait(); // start
                    var t = Volatile.Read(ref table);
                    if (t is null)
                        return;
                    Thread.SpinWait(Volatile.Read(ref spin));
                    t.Dispose();
                    barrier.SignalAndWait(); // end
                }
            }
            catch (Exception e)
            {
                Volatile.Write(ref failure, e.ToString());
            }
        }) { IsBackground = true };
        disposer.Start();

        // Contends for the ownership book's lock (Loosen asks it first), which Take needs right after it ends
        // the slot: it widens the window in which Dispose's TakeAll gets there first.
        long contendRaw = 0;
        var contender = new Thread(() =>
        {
            while (!Done())
            {
                if (Volatile.Read(ref table) is { } t)
                    t.Loosen(Volatile.Read(ref contendRaw));
            }
        }) { IsBackground = true };
        contender.Start();

        try
        {
            while (!Done())
            {
                var t = HandleTable.Create();
                var r = new CountingDisposable();
                handle = t.Add(r, Hold.Strong, Tether.Ownership.Owned).Value();
                resource = r;
                Volatile.Write(ref contendRaw, handle.Raw);
                Volatile.Write(ref spin, (int)(iterations % 100));
                Volatile.Write(ref table, t);
                barrier.SignalAndWait();
                took = t.Take(handle);
                barrier.SignalAndWait();
                iterations++;
                if (took.Value.IsSucc)
                {
                    takes++;
                    if (r.Disposed != 0)
                        failure = $"iteration {iterations}: Take returned the resource and Dispose disposed it ({r.Disposed}x)";
                }
                else if (r.Disposed != 1)
                {
                    failure = $"iteration {iterations}: Take failed and the resource was disposed {r.Disposed}x";
                }
            }
        }
        finally
        {
            Volatile.Write(ref table, null);
            barrier.SignalAndWait(TimeSpan.FromSeconds(1));
            disposer.Join(TimeSpan.FromSeconds(1));
            contender.Join(TimeSpan.FromSeconds(1));
        }

        Assert.True(failure is null, $"{failure} (after {iterations} iterations, {takes} takes)");
    }

    /// <summary>
    /// Promise (Add's doc): a failed add "adds nothing". An owned add through a scope that a concurrent Close
    /// closes after the add's IsClosed check fails with Disposed, yet the table has disposed the resource,
    /// while an add to an already-closed scope fails with the same error and leaves it alone. The caller cannot
    /// tell which, so the usual "the add failed, I still own it, I dispose it" disposes it twice.
    /// </summary>
    [Fact]
    public void A_failed_owned_add_into_a_scope_closing_concurrently_leaves_the_resource_undisposed()
    {
        using var table = HandleTable.Create();
        string? failure = null;
        long iterations = 0, failedAdds = 0;
        HandleScope? scope = null;
        int spin = 0;
        using var barrier = new Barrier(2);
        var deadline = DateTime.UtcNow + Bounded.Time(2.5);

        var closer = new Thread(() =>
        {
            try
            {
                while (true)
                {
                    barrier.SignalAndWait();
                    var s = Volatile.Read(ref scope);
                    if (s is null)
                        return;
                    Thread.SpinWait(Volatile.Read(ref spin)); // sweeps the close across the add's window
                    s.Close();
                    barrier.SignalAndWait();
                }
            }
            catch (Exception e)
            {
                Volatile.Write(ref failure, e.ToString());
            }
        }) { IsBackground = true };
        closer.Start();

        try
        {
            while (DateTime.UtcNow < deadline && failure is null)
            {
                var s = table.OpenScope();
                var r = new CountingDisposable();
                Volatile.Write(ref spin, (int)(iterations % 200));
                Volatile.Write(ref scope, s);
                barrier.SignalAndWait();
                var added = s.Add(r, Hold.Strong, Tether.Ownership.Owned);
                barrier.SignalAndWait();
                iterations++;
                if (added.IsFail)
                {
                    failedAdds++;
                    if (r.Disposed != 0)
                        failure = $"iteration {iterations}: the add failed with {added.Error().GetType().Name} and the table disposed the resource anyway";
                }
            }
        }
        finally
        {
            Volatile.Write(ref scope, null);
            barrier.SignalAndWait(TimeSpan.FromSeconds(1));
            closer.Join(TimeSpan.FromSeconds(1));
        }

        Assert.True(failure is null, $"{failure} (after {iterations} iterations, {failedAdds} failed adds)");
    }
}
