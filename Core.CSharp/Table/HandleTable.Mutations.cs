using System;
using System.Collections.Generic;
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
        return OwnedDisposal.DisposeAll(owned, _onDisposeFailed);
    }

    /// <summary>As <see cref="Drop{T}(Handle{T})"/>, disposing an owned resource asynchronously where it allows it.</summary>
    public ValueTask<Fin<Unit>> DropAsync<T>(Handle<T> handle)
        where T : class
    {
        if (!TryEnd(handle.Raw, TypeKey<T>.Id, typeof(T), out var owned, out var error))
            return ValueTask.FromResult(Fin<Unit>.Fail(error));
        return OwnedDisposal.DisposeAllAsync(owned);
    }

    private bool TryEnd(long raw, int typeId, Type type, out List<OwnedDisposal.Owned>? owned, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out HandleError? error)
    {
        owned = null;
        if (!_slots.TryEnd(raw, typeId, requireTarget: false, out var target, out bool isOwned, out var refused))
        {
            error = ErrorOf(refused, raw, typeId, type);
            return false;
        }

        Settle(raw, target, isOwned, ref owned);
        TetherMeter.Record(TetherMeter.Dropped, 1);
        error = null;
        return true;
    }

    /// <summary>Ends a handle this table issued moments ago and disposes what it owned (an add that lost a race).</summary>
    private Fin<Unit> EndNow(long raw)
    {
        List<OwnedDisposal.Owned>? owned = null;
        if (!_slots.TryEnd(raw, SlotTable.AnyType, requireTarget: false, out var target, out bool isOwned, out _))
            return Fin<Unit>.Succ(unit); // someone else ended it, and settled it
        TetherMeter.Record(TetherMeter.Dropped, 1);
        Settle(raw, target, isOwned, ref owned);
        return OwnedDisposal.DisposeAll(owned, _onDisposeFailed);
    }

    /// <summary>
    /// After a handle ended (and the slot lock is released): every service forgets it. What it owned is
    /// added to <paramref name="owned"/>, for disposal with no lock held; the slot table reported the
    /// ownership to exactly one caller, the one whose step ended the handle.
    /// </summary>
    private void Settle(long raw, object? target, bool owned, ref List<OwnedDisposal.Owned>? disposals)
    {
        if (owned && target is not null)
        {
            Book(ref _ownership)?.Release(target);
            (disposals ??= []).Add(new OwnedDisposal.Owned(raw, target));
        }

        Book(ref _scopes)?.Leave(raw);
        _leaks?.Forget(raw);
        if (target is not null)
            _notices?.Unwatch(target, raw);
    }

    /// <summary>As <see cref="Settle(long, object?, bool, ref List{OwnedDisposal.Owned}?)"/>, for a handle that owned nothing.</summary>
    private void Settle(long raw, object? target)
    {
        List<OwnedDisposal.Owned>? none = null;
        Settle(raw, target, owned: false, ref none);
    }

    private static TBook? Book<TBook>(ref TBook? book)
        where TBook : class => System.Threading.Volatile.Read(ref book);

    /// <summary>Ends a handle and returns its resource. A collected resource gives <see cref="HandleError.Collected"/> and the handle stays until dropped.</summary>
    public Fin<T> Take<T>(Handle<T> handle)
        where T : class
    {
        long raw = handle.Raw;
        if (!_slots.TryEnd(raw, TypeKey<T>.Id, requireTarget: true, out var target, out bool owned, out var refused))
            return Fin<T>.Fail(ErrorOf(refused, raw, TypeKey<T>.Id, typeof(T)));

        // Taking hands ownership to the caller: the slot table gave it to this call alone; nothing is disposed.
        if (owned && target is not null)
            Book(ref _ownership)?.Release(target);
        Settle(raw, target);
        TetherMeter.Record(TetherMeter.Dropped, 1);
        // Stryker disable once NullCoalescing : unreachable: Take requires the target, and its type id matched, so the target is a T
        return target is T resource
            ? Fin<T>.Succ(resource)
            : Fin<T>.Fail(new HandleError.WrongType(raw, typeof(T), target?.GetType() ?? typeof(object)));
    }

    /// <summary>
    /// Turns a strong hold weak, so the table no longer keeps the resource alive. A weak hold stays weak.
    /// An owned handle cannot be loosened (<see cref="HandleError.InvalidArgument"/>): the table must be
    /// able to dispose what it owns.
    /// </summary>
    public Fin<Unit> Loosen<T>(Handle<T> handle)
        where T : class => LoosenCore(handle.Raw, TypeKey<T>.Id, typeof(T));

    /// <summary>Loosens the handle with this raw value, whatever its resource type.</summary>
    public Fin<Unit> Loosen(long raw) => LoosenCore(raw, SlotTable.AnyType, typeof(object));

    private Fin<Unit> LoosenCore(long raw, int typeId, Type type)
    {
        switch (_slots.TryLoosen(raw, typeId, out var loosened, out var refused))
        {
            case SlotTable.LoosenOutcome.Refused:
                return Fin<Unit>.Fail(ErrorOf(refused, raw, typeId, type));
            case SlotTable.LoosenOutcome.Owned:
                return Fin<Unit>.Fail(new HandleError.InvalidArgument(
                    $"handle {raw} owns its resource; an owned resource must stay strongly held until it is dropped.", raw));
        }

        if (loosened is not null && _notices is not null)
        {
            _notices.Watch(loosened, raw);

            // Dropped meanwhile (its Settle may have run before this Watch): forget it again.
            if (!_slots.IsCurrent(raw))
                _notices.Unwatch(loosened, raw);
        }

        // Stryker disable once Statement : keeps the resource reachable until the watch is set up; only a GC in that window could tell
        GC.KeepAlive(loosened);
        return Fin<Unit>.Succ(unit);
    }

    /// <summary>Turns a weak hold strong again if the resource still lives, else gives <see cref="HandleError.Collected"/>.</summary>
    public Fin<Unit> Tighten<T>(Handle<T> handle)
        where T : class => TightenCore(handle.Raw, TypeKey<T>.Id, typeof(T));

    /// <summary>Tightens the handle with this raw value, whatever its resource type.</summary>
    public Fin<Unit> Tighten(long raw) => TightenCore(raw, SlotTable.AnyType, typeof(object));

    private Fin<Unit> TightenCore(long raw, int typeId, Type type)
    {
        if (!_slots.TryTighten(raw, typeId, out var tightened, out var refused))
            return Fin<Unit>.Fail(ErrorOf(refused, raw, typeId, type));

        if (tightened is not null && _notices is not null)
        {
            // A strong resource is never collected: stop watching it. A Loosen that raced this Tighten may
            // have watched it again just before this Unwatch; then the handle is weak now, and watched again
            // here. (Every Unwatch is followed by this check, so a weak handle is always watched at the end;
            // a watch left on a strong handle is harmless: it reports nothing and goes when the handle ends.)
            _notices.Unwatch(tightened, raw);
            if (_slots.Classify(raw).IsCurrent && !_slots.IsStrong(raw, out _))
                _notices.Watch(tightened, raw);
        }

        // Stryker disable once Statement : keeps the resource reachable until the watch is settled; only a GC in that window could tell
        GC.KeepAlive(tightened);
        return Fin<Unit>.Succ(unit);
    }
}
