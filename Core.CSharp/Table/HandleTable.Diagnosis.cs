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
    /// <summary>The lock-free fast path: the live target of a current handle of the given type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryRead(SlotStore store, long raw, int typeId, [NotNullWhen(true)] out object? target)
    {
        ref Slot slot = ref SlotStore.Find(store.Pages, HandleLayout.IndexOf(raw));
        if (!Unsafe.IsNullRef(ref slot))
        {
            int stamp = Volatile.Read(ref slot.Stamp);
            if (stamp == raw >> HandleLayout.IndexBits && slot.TypeId == typeId)
            {
                object? found = Volatile.Read(ref slot.Strong);
                if (found is null && slot.Weak.IsAllocated)
                    slot.Weak.TryGetTarget(out found);

                // A drop changes the stamp before it clears the slot, and the stamp never comes back.
                if (found is not null && Volatile.Read(ref slot.Stamp) == stamp)
                {
                    target = found;
                    return true;
                }
            }
        }

        target = null;
        return false;
    }

    /// <summary>
    /// Why a lookup of <paramref name="raw"/> as type <paramref name="typeId"/> fails, or <see langword="null"/>
    /// when the handle is current and its resource alive (the caller raced a change and should look again).
    /// </summary>
    private HandleError? Diagnose(SlotStore store, long raw, int typeId, Type type) =>
        Diagnose(store, raw, typeId, type, out _);

    /// <summary>As above; <paramref name="current"/> says whether the handle is still current (alive or a tombstone).</summary>
    private HandleError? Diagnose(SlotStore store, long raw, int typeId, Type type, out bool current)
    {
        current = false;
        if (_disposed)
            return new HandleError.Disposed(raw);

        var (state, slotTypeId) = Classify(store, raw);
        current = state is Classification.Alive or Classification.Collected;
        return state switch
        {
            Classification.WrongTable => new HandleError.WrongTable(raw),
            Classification.Unknown => new HandleError.Unknown(raw),
            Classification.Dropped => new HandleError.Dropped(raw),
            Classification.Reclaimed => new HandleError.Collected(raw, type),
            _ when typeId != AnyType && slotTypeId != typeId => new HandleError.WrongType(raw, type, TypeKey.TypeOf(slotTypeId)),
            Classification.Collected => new HandleError.Collected(raw, typeId == AnyType ? TypeKey.TypeOf(slotTypeId) : type),
            _ => null,
        };
    }

    private HandleState StateOf(long raw, int typeId)
    {
        var store = _store;
        var (state, slotTypeId) = Classify(store, raw);
        GC.KeepAlive(store);
        return state switch
        {
            Classification.Alive or Classification.Collected when typeId != 0 && slotTypeId != typeId => HandleState.Unknown,
            Classification.Alive => HandleState.Alive,
            Classification.Collected or Classification.Reclaimed => HandleState.Collected,
            Classification.Dropped => HandleState.Dropped,
            _ => HandleState.Unknown,
        };
    }

    /// <summary>The type id that untyped (raw) operations pass: any issued type is accepted.</summary>
    private const int AnyType = 0;

    /// <summary>Reclaimed: collected, and the table ended the handle itself (<see cref="SlotPolicy.Reclaim"/>).</summary>
    private enum Classification { Unknown, WrongTable, Dropped, Collected, Reclaimed, Alive }

    /// <summary>Reads everything the table knows of a raw value, without a lock.</summary>
    private (Classification State, int TypeId) Classify(SlotStore store, long raw)
    {
        if (raw <= 0 || raw > HandleLayout.MaxRaw)
            return (Classification.Unknown, 0);
        int tag = HandleLayout.TagOf(raw);
        if (tag != _tag)
            return (tag == 0 ? Classification.Unknown : Classification.WrongTable, 0); // no table has tag 0

        int index = HandleLayout.IndexOf(raw);
        int generation = HandleLayout.GenerationOf(raw, _key);
        ref Slot slot = ref SlotStore.Find(store.Pages, index);
        if (generation == 0 || index >= Volatile.Read(ref _highWater) || Unsafe.IsNullRef(ref slot))
            return (Classification.Unknown, 0);

        int stamp = Volatile.Read(ref slot.Stamp);
        int current = HandleLayout.GenerationOfStamp(stamp, _key);
        if (generation > current || (stamp & ~(SlotStore.FreeBit | SlotStore.CollectedBit)) == 0)
            return (Classification.Unknown, 0);
        if (generation < current)
            return (Classification.Dropped, 0);
        if ((stamp & SlotStore.FreeBit) != 0)
            return ((stamp & SlotStore.CollectedBit) != 0 ? Classification.Reclaimed : Classification.Dropped, 0);

        int typeId = slot.TypeId;
        bool alive = Volatile.Read(ref slot.Strong) is not null
            || (slot.Weak.IsAllocated && slot.Weak.TryGetTarget(out _));
        if (Volatile.Read(ref slot.Stamp) != stamp)
            return Classify(store, raw); // the handle ended while we looked; look again
        return (alive ? Classification.Alive : Classification.Collected, typeId);
    }

    /// <summary>
    /// The target of a current, live handle of the given type; or the error that says why not. When a change
    /// raced the lock-free read (the diagnosis finds the handle alive after all), it reads again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryLive(SlotStore store, long raw, int typeId, Type type, [NotNullWhen(true)] out object? target, [NotNullWhen(false)] out HandleError? error)
    {
        while (!TryRead(store, raw, typeId, out target))
        {
            if (Diagnose(store, raw, typeId, type) is { } found)
            {
                error = found;
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>
    /// The error that says a handle is not current (of the given type, or any with <see cref="AnyType"/>), or
    /// <see langword="null"/> when it is: alive, or a collected tombstone its owner may still drop.
    /// </summary>
    private HandleError? NotCurrent(SlotStore store, long raw, int typeId, Type type)
    {
        // The common case first, as cheaply as a lookup: current, of the right type, alive.
        if (typeId != AnyType && TryRead(store, raw, typeId, out _))
            return null;
        var error = Diagnose(store, raw, typeId, type, out bool current);
        return current && error is HandleError.Collected ? null : error;
    }

    /// <summary>Under the lock: the error that stops a mutation of <paramref name="raw"/>, or null when it is current.</summary>
    private HandleError? CheckCurrent(long raw, int typeId, Type type) => NotCurrent(_store, raw, typeId, type);

    /// <summary>Under the lock: the resource of a current handle, or null when it was collected.</summary>
    private object? TargetOf(long raw)
    {
        ref Slot slot = ref SlotStore.Find(_store.Pages, HandleLayout.IndexOf(raw));
        if (slot.Strong is { } strong)
            return strong;
        return slot.Weak.TryGetTarget(out var weak) ? weak : null;
    }
}
