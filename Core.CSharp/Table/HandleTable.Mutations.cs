using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Contracts;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Tether;

public sealed partial class HandleTable
{
    /// <summary>Ends a handle. A second drop, or a drop of a handle that is not current, gives the error and changes nothing.</summary>
    /// <remarks>
    /// An owned resource is disposed after the table has let go of it, outside its lock; what disposal
    /// throws comes back as <see cref="HandleError.DisposeFailed"/>, and the handle has ended all the same.
    /// </remarks>
    public Fin<Unit> Drop<T>(Handle<T> handle)
        where T : class => DropCore(handle.Raw, TypeKey<T>.Id, typeof(T));

    /// <summary>
    /// Ends the handle with this raw value, whatever its resource type: for callers that only hold the
    /// wire form, such as a Wasm guest. Validates as <see cref="Resolve{T}(long)"/> does.
    /// </summary>
    public Fin<Unit> Drop(long raw) => DropCore(raw, AnyType, typeof(object));

    private Fin<Unit> DropCore(long raw, int typeId, Type type)
    {
        List<OwnedDisposal.Owned>? owned = null;
        lock (_gate)
        {
            if (CheckCurrent(raw, typeId, type) is { } error)
                return Fin<Unit>.Fail(error);
            End(raw, ref owned);
        }

        return OwnedDisposal.DisposeAll(owned);
    }

    /// <summary>As <see cref="Drop{T}(Handle{T})"/>, disposing an owned resource asynchronously where it allows it.</summary>
    public ValueTask<Fin<Unit>> DropAsync<T>(Handle<T> handle)
        where T : class
    {
        List<OwnedDisposal.Owned>? owned = null;
        lock (_gate)
        {
            if (CheckCurrent(handle.Raw, TypeKey<T>.Id, typeof(T)) is { } error)
                return ValueTask.FromResult(Fin<Unit>.Fail(error));
            End(handle.Raw, ref owned);
        }

        return OwnedDisposal.DisposeAllAsync(owned);
    }

    /// <summary>Ends a handle and returns its resource. A collected resource gives <see cref="HandleError.Collected"/> and the handle stays until dropped.</summary>
    public Fin<T> Take<T>(Handle<T> handle)
        where T : class
    {
        lock (_gate)
        {
            if (CheckCurrent(handle.Raw, TypeKey<T>.Id, typeof(T)) is { } error)
                return Fin<T>.Fail(error);
            if (TargetOf(handle.Raw) is not { } target)
                return Fin<T>.Fail(new HandleError.Collected(handle.Raw, typeof(T)));

            // Taking hands ownership to the caller: nothing is disposed.
            _owned?.Remove(HandleLayout.IndexOf(handle.Raw));
            List<OwnedDisposal.Owned>? none = null;
            End(handle.Raw, ref none);
            return Fin<T>.Succ(Unsafe.As<T>(target));
        }
    }

    /// <summary>Turns a strong hold weak, so the table no longer keeps the resource alive. A weak hold stays weak.</summary>
    public Fin<Unit> Loosen<T>(Handle<T> handle)
        where T : class => LoosenCore(handle.Raw, TypeKey<T>.Id, typeof(T));

    /// <summary>Loosens the handle with this raw value, whatever its resource type.</summary>
    public Fin<Unit> Loosen(long raw) => LoosenCore(raw, AnyType, typeof(object));

    private Fin<Unit> LoosenCore(long raw, int typeId, Type type)
    {
        lock (_gate)
        {
            if (CheckCurrent(raw, typeId, type) is { } error)
                return Fin<Unit>.Fail(error);

            ref Slot slot = ref SlotStore.Find(_store.Pages, HandleLayout.IndexOf(raw));
            if (slot.Strong is { } target)
            {
                // The weak target goes in before the strong one goes out, so a concurrent lookup finds one of them.
                SetWeakTarget(ref slot, target);
                Volatile.Write(ref slot.Strong, null);
                _strong--;
                _weak++;
                _notices?.Watch(target, raw);
            }
            else if (!slot.Weak.TryGetTarget(out _))
            {
                return Fin<Unit>.Fail(new HandleError.Collected(raw, TypeKey.TypeOf(slot.TypeId)));
            }

            return Fin<Unit>.Succ(unit);
        }
    }

    /// <summary>Turns a weak hold strong again if the resource still lives, else gives <see cref="HandleError.Collected"/>.</summary>
    public Fin<Unit> Tighten<T>(Handle<T> handle)
        where T : class => TightenCore(handle.Raw, TypeKey<T>.Id, typeof(T));

    /// <summary>Tightens the handle with this raw value, whatever its resource type.</summary>
    public Fin<Unit> Tighten(long raw) => TightenCore(raw, AnyType, typeof(object));

    private Fin<Unit> TightenCore(long raw, int typeId, Type type)
    {
        lock (_gate)
        {
            if (CheckCurrent(raw, typeId, type) is { } error)
                return Fin<Unit>.Fail(error);

            ref Slot slot = ref SlotStore.Find(_store.Pages, HandleLayout.IndexOf(raw));
            if (slot.Strong is null)
            {
                if (!slot.Weak.TryGetTarget(out var target))
                    return Fin<Unit>.Fail(new HandleError.Collected(raw, TypeKey.TypeOf(slot.TypeId)));

                // The weak target stays: a lookup that already missed Strong must still find it there.
                Volatile.Write(ref slot.Strong, target);
                _notices?.Unwatch(target, raw);
                _weak--;
                _strong++;
            }

            return Fin<Unit>.Succ(unit);
        }
    }

    /// <summary>
    /// Under the lock: ends the current handle <paramref name="raw"/> and frees or retires its slot. An owned
    /// resource still alive is added to <paramref name="owned"/>, for disposal once the lock is released.
    /// </summary>
    private void End(long raw, ref List<OwnedDisposal.Owned>? owned, bool collected = false)
    {
        int index = HandleLayout.IndexOf(raw);
        ref Slot slot = ref SlotStore.Find(_store.Pages, index);
        if (_owned is not null && _owned.Remove(index) && TargetOf(raw) is { } resource)
            (owned ??= []).Add(new OwnedDisposal.Owned(raw, resource));
        if (_notices is not null && slot.Strong is null && !collected && TargetOf(raw) is { } watched)
            _notices.Unwatch(watched, raw); // a sentinel lives as long as its resource: keep its list short
        if (_scopeOf is not null && _scopeOf.Remove(index, out var scope))
            scope.Members.Remove(raw);
        _leakInfo?.Remove(index);

        if (slot.Strong is null)
            _weak--;
        else
            _strong--;

        Release(ref slot, collected);
        if (!collected)
            TetherMeter.Dropped.Add(1);

        if (HandleLayout.GenerationOfStamp(slot.Stamp, _key) >= _maxGeneration)
        {
            _retired++; // never reissued: its next generation would not fit, or would repeat
            return;
        }

        slot.TypeId = _freeHead;
        _freeHead = index;
    }

    /// <summary>Under the lock: marks a slot free (stamp first, so lookups stop matching) and lets go of its resource.</summary>
    private static void Release(ref Slot slot, bool collected = false)
    {
        // A full fence, not a release write: the clears below must not become visible before the stamp
        // change, or a lookup could see an empty slot that still looks current.
        Interlocked.Exchange(ref slot.Stamp, slot.Stamp | SlotStore.FreeBit | (collected ? SlotStore.CollectedBit : 0));
        slot.Strong = null;
        if (slot.Weak.IsAllocated)
            slot.Weak.SetTarget(null!);
    }

    private static void SetWeakTarget(ref Slot slot, object target)
    {
        if (slot.Weak.IsAllocated)
            slot.Weak.SetTarget(target);
        else
            slot.Weak = new WeakGCHandle<object>(target);
    }
}
