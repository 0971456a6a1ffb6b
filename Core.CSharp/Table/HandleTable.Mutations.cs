using System;
using System.Threading.Tasks;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Tether;

// Changes: each is one short step of the slot table under its lock, then the services hear of it (after
// the lock), then user code runs (metrics listeners, owned resources' Dispose), with no lock held.
public sealed partial class HandleTable
{
    /// <summary>Ends a handle. A second drop, or a drop of a handle that is not current, gives the error and changes nothing.</summary>
    /// <remarks>
    /// An owned resource is disposed after the table has let go of it, outside every lock; what disposal
    /// throws comes back as <see cref="HandleError.DisposeFailed"/>, and the handle has ended all the same.
    /// </remarks>
    public Fin<Unit> Drop<T>(Handle<T> handle)
        where T : class => DropCore(handle.Raw, TypeKey<T>.Id, typeof(T));

    /// <summary>
    /// Ends the handle with this raw value, whatever its resource type: for callers that only hold the
    /// wire form, such as a Wasm guest. Validates as <see cref="Resolve{T}(long)"/> does.
    /// </summary>
    public Fin<Unit> Drop(long raw) => DropCore(raw, SlotTable.AnyType, typeof(object));

    private Fin<Unit> DropCore(long raw, int typeId, Type type)
    {
        if (!TryEnd(raw, typeId, type, out var owned, out var error))
            return Fin<Unit>.Fail(error);
        return OwnedDisposal.DisposeOne(owned, _onDisposeFailed);
    }

    /// <summary>As <see cref="Drop{T}(Handle{T})"/>, disposing an owned resource asynchronously where it allows it.</summary>
    public ValueTask<Fin<Unit>> DropAsync<T>(Handle<T> handle)
        where T : class
    {
        if (!TryEnd(handle.Raw, TypeKey<T>.Id, typeof(T), out var owned, out var error))
            return ValueTask.FromResult(Fin<Unit>.Fail(error));
        return OwnedDisposal.DisposeOneAsync(owned);
    }

    /// <summary>
    /// Ends a handle and settles it; gives what it owned, to dispose with no lock held. Allocates nothing
    /// once the handle has ended, so nothing can come between the end and the disposal.
    /// </summary>
    private bool TryEnd(long raw, int typeId, Type type, out OwnedDisposal.Owned? owned, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out HandleError? error)
    {
        owned = null;
        if (!EndInSlots(raw, typeId, requireTarget: false, out var target, out bool isOwned, out var refused))
        {
            error = ErrorOf(refused, raw, typeId, type);
            return false;
        }

        Settle(raw, target, isOwned);
        if (isOwned && target is not null)
            owned = new OwnedDisposal.Owned(raw, target);
        TetherMeter.Record(TetherMeter.Dropped, 1);
        error = null;
        return true;
    }

    /// <summary>The slot table's end of a handle, retried past an interrupt in a wait it does not control yet.</summary>
    private bool EndInSlots(long raw, int typeId, bool requireTarget, out object? target, out bool owned, out SlotView refused)
    {
        return _slots.TryEnd(raw, typeId, requireTarget, out target, out owned, out refused);
    }

    /// <summary>Ends a handle at once; what its owned resource's disposal threw, if anything (none: someone else ended it).</summary>
    private Exception? EndNow(long raw)
    {
        if (!EndInSlots(raw, SlotTable.AnyType, requireTarget: false, out var target, out bool isOwned, out _))
            return null; // someone else ended it, and settled it
        TetherMeter.Record(TetherMeter.Dropped, 1);
        Settle(raw, target, isOwned);
        return OwnedDisposal.TryDisposeOne(isOwned && target is not null ? new OwnedDisposal.Owned(raw, target) : null, _onDisposeFailed);
    }

    /// <summary>
    /// After a handle ended (and the slot lock is released): every service forgets it, and the ownership
    /// reservation of what it owned goes back. The slot table reported the ownership to exactly one caller,
    /// the one whose step ended the handle; that caller disposes the resource.
    /// </summary>
    /// <remarks>
    /// Cannot fail: every step only removes (no allocation), and none waits interruptibly (the notice hub's
    /// lock, not yet a SpinGate, is retried past an interrupt). So an ended handle is always forgotten
    /// everywhere, and what it owned always reaches its disposal.
    /// </remarks>
    private void Settle(long raw, object? target, bool owned)
    {
        if (owned && target is not null)
            Book(ref _ownership)?.Release(target);
        Book(ref _scopes)?.Leave(raw);
        _leaks?.Forget(raw);
        if (target is not null)
            Unwatch(target, raw);
    }

    private void Watch(object resource, long raw)
    {
        if (_notices is { } notices)
            notices.Watch(resource, raw);
    }

    private void Unwatch(object resource, long raw)
    {
        if (_notices is { } notices)
            notices.Unwatch(resource, raw);
    }

    private static TBook? Book<TBook>(ref TBook? book)
        where TBook : class => System.Threading.Volatile.Read(ref book);

    /// <summary>Ends a handle and returns its resource. A collected resource gives <see cref="HandleError.Collected"/> and the handle stays until dropped.</summary>
    public Fin<T> Take<T>(Handle<T> handle)
        where T : class
    {
        long raw = handle.Raw;
        if (!EndInSlots(raw, TypeKey<T>.Id, requireTarget: true, out var target, out bool owned, out var refused))
            return Fin<T>.Fail(ErrorOf(refused, raw, TypeKey<T>.Id, typeof(T)));

        // Taking hands ownership to the caller: the slot table gave it to this call alone; nothing is disposed.
        Settle(raw, target, owned);
        TetherMeter.Record(TetherMeter.Dropped, 1);
        // Stryker disable once NullCoalescing : unreachable: Take requires the target, and its type id matched, so the target is a T
        return target is T resource
            ? Fin<T>.Succ(resource)
            : Fin<T>.Fail(new HandleError.WrongType(raw, typeof(T), target?.GetType() ?? typeof(object)));
    }

    /// <summary>
    /// Turns a strong hold weak, so the table no longer keeps the resource alive. A weak hold stays weak.
    /// An owned handle cannot be loosened (<see cref="HandleError.InvalidArgument"/>): the table must be
    /// able to dispose what it owns. When the process has no memory left for the collection notice of a
    /// table with <see cref="HandleTableOptions.NotifyCollected"/>, the hold stays strong and the answer is
    /// <see cref="HandleError.TableFull"/>.
    /// </summary>
    public Fin<Unit> Loosen<T>(Handle<T> handle)
        where T : class => LoosenAnswer(handle.Raw, TypeKey<T>.Id, typeof(T));

    /// <summary>Loosens the handle with this raw value, whatever its resource type.</summary>
    public Fin<Unit> Loosen(long raw) => LoosenAnswer(raw, SlotTable.AnyType, typeof(object));

    private Fin<Unit> LoosenAnswer(long raw, int typeId, Type type)
    {
        var full = Full; // made before the loosen, so that one that runs out of memory can still say TableFull
        return LoosenCore(raw, typeId, out var refused) switch
        {
            GuestCode.Ok => Fin<Unit>.Succ(unit),
            -HandleErrorCode.InvalidArgument => Fin<Unit>.Fail(new HandleError.InvalidArgument(
                $"handle {raw} owns its resource; an owned resource must stay strongly held until it is dropped.", raw)),
            -HandleErrorCode.TableFull => Fin<Unit>.Fail(full),
            _ => Fin<Unit>.Fail(ErrorOf(refused, raw, typeId, type)),
        };
    }

    // 0 or a negated code, and the view a refusal saw. It neither reads a Fin nor makes an error (see AddRaw):
    // LoosenCode calls it.
    private int LoosenCore(long raw, int typeId, out SlotView refused)
    {
        var outcome = _slots.TryLoosen(raw, typeId, out var loosened, out refused);
        switch (outcome)
        {
            case SlotTable.LoosenOutcome.Refused:
                return CodeOf(refused, typeId);
            case SlotTable.LoosenOutcome.Owned:
                return -HandleErrorCode.InvalidArgument;
        }

        if (loosened is not null && _notices is not null)
        {
            try
            {
                Watch(loosened, raw);
            }
            catch (OutOfMemoryException)
            {
                // No sentinel could be made, so the handle, now weak, would never be noticed: hold it strongly
                // again (allocates nothing) and say the loosen did not happen. If another thread changed the
                // hold meanwhile, its own step decided: a tighten left it strong, a drop ended it.
                _slots.TryTighten(raw, SlotTable.AnyType, out _, out _);
                GC.KeepAlive(loosened);
                return -HandleErrorCode.TableFull;
            }

            // Dropped meanwhile (its Settle may have run before this Watch): forget it again.
            if (!_slots.IsCurrent(raw))
                Unwatch(loosened, raw);
        }

        // Stryker disable once Statement : keeps the resource reachable until the watch is set up; only a GC in that window could tell
        GC.KeepAlive(loosened);
        return GuestCode.Ok;
    }

    /// <summary>Turns a weak hold strong again if the resource still lives, else gives <see cref="HandleError.Collected"/>.</summary>
    public Fin<Unit> Tighten<T>(Handle<T> handle)
        where T : class => TightenAnswer(handle.Raw, TypeKey<T>.Id, typeof(T));

    /// <summary>Tightens the handle with this raw value, whatever its resource type.</summary>
    public Fin<Unit> Tighten(long raw) => TightenAnswer(raw, SlotTable.AnyType, typeof(object));

    private Fin<Unit> TightenAnswer(long raw, int typeId, Type type) =>
        TightenCore(raw, typeId, out var refused) == GuestCode.Ok
            ? Fin<Unit>.Succ(unit)
            : Fin<Unit>.Fail(ErrorOf(refused, raw, typeId, type));

    // 0 or a negated code, and the view a refusal saw; makes no error (see AddRaw): TightenCode calls it.
    private int TightenCore(long raw, int typeId, out SlotView refused)
    {
        bool done = _slots.TryTighten(raw, typeId, out var tightened, out refused);
        if (!done)
            return CodeOf(refused, typeId);

        if (tightened is not null && _notices is not null)
        {
            // A strong resource is never collected: stop watching it. A Loosen that raced this Tighten may
            // have watched it again just before this Unwatch; then the handle is weak now, and watched again
            // here. (Every Unwatch is followed by this check, so a weak handle is always watched at the end;
            // a watch left on a strong handle is harmless: it reports nothing and goes when the handle ends.)
            Unwatch(tightened, raw);
            if (_slots.Classify(raw).IsCurrent && !_slots.IsStrong(raw, out _))
            {
                try
                {
                    Watch(tightened, raw);
                }
                catch (OutOfMemoryException)
                {
                    // No sentinel for the weak handle the racing Loosen made: hold it strongly instead (allocates
                    // nothing), which is what this Tighten was asked for, so it needs no watch.
                    _slots.TryTighten(raw, SlotTable.AnyType, out _, out _);
                }
            }
        }

        // Stryker disable once Statement : keeps the resource reachable until the watch is settled; only a GC in that window could tell
        GC.KeepAlive(tightened);
        return GuestCode.Ok;
    }
}
