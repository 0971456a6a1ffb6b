using System;

namespace Tether;

// The integer-code surface the bridges use (a Wasm guest, native code): the same answers as Check, Drop,
// Loosen, Tighten and Resolve, as GuestCode values (0 or a HandleErrorCode negated), and a failure allocates
// nothing: no HandleError is made, because no caller would read it. Only what user code makes can allocate
// (an owned resource's Dispose, and the DisposeFailed a throwing one gives).
public sealed partial class HandleTable
{
    /// <summary>As <see cref="Check(long)"/>: 0 when current and alive, else the error's code, negated.</summary>
    internal int CheckCode(long raw)
    {
        var view = _slots.Classify(raw);
        return view.State == SlotState.Alive && !IsDisposed ? GuestCode.Ok : CodeOf(view, SlotTable.AnyType);
    }

    /// <summary>
    /// As <see cref="Resolve{T}(long)"/>: <paramref name="raw"/> itself when it resolves (a positive value),
    /// else the error's code, negated.
    /// </summary>
    internal long ResolveCode<T>(long raw)
        where T : class
    {
        int typeId = TypeKey<T>.Id;
        if (_slots.TryRead(raw, typeId, out _))
            return raw;
        var view = _slots.Classify(raw);
        return view.IsCurrentAs(typeId) && !IsDisposed ? raw : CodeOf(view, typeId);
    }

    /// <summary>
    /// As <see cref="Get{T}(long)"/>: 0 and the resource, or the error's code, negated, and null. When a change
    /// raced the read (the diagnosis then finds the handle alive after all) it reads again, as Get does.
    /// </summary>
    internal int GetCode<T>(long raw, out T? resource)
        where T : class
    {
        int typeId = TypeKey<T>.Id;
        while (true)
        {
            if (_slots.TryRead(raw, typeId, out var target) && target is T typed)
            {
                resource = typed;
                return GuestCode.Ok;
            }

            resource = null;
            var view = _slots.Classify(raw);
            if (view.State == SlotState.Alive && view.IsCurrentAs(typeId) && !IsDisposed)
                continue;
            return CodeOf(view, typeId);
        }
    }

    /// <summary>
    /// As <see cref="ExpandCompact(int)"/>: the raw value (positive) of a current handle's compact value,
    /// else the error's code, negated.
    /// </summary>
    internal long ExpandCompactCode(int compact)
    {
        if (compact <= 0)
            return IsDisposed ? -HandleErrorCode.Disposed : -HandleErrorCode.Unknown;
        long raw = Expand(compact);
        var view = _slots.Classify(raw);
        return view.IsCurrent && !IsDisposed ? raw : CodeOf(view, SlotTable.AnyType);
    }

    /// <summary>As <see cref="Drop(long)"/>: 0, or the error's code, negated.</summary>
    internal int DropCode(long raw)
    {
        if (!EndInSlots(raw, SlotTable.AnyType, requireTarget: false, out var target, out bool isOwned, out var refused))
            return CodeOf(refused, SlotTable.AnyType);

        Settle(raw, target, isOwned);
        TetherMeter.Record(TetherMeter.Dropped, 1);
        return isOwned && target is not null && OwnedDisposal.TryDisposeOne(new OwnedDisposal.Owned(raw, target), _onDisposeFailed) is not null
            ? -HandleErrorCode.DisposeFailed
            : GuestCode.Ok;
    }

    /// <summary>As <see cref="Loosen(long)"/>: 0, or the error's code, negated.</summary>
    internal int LoosenCode(long raw)
    {
        // Refusals are answered here, without an error; what is left is the Loosen itself.
        var view = _slots.Classify(raw);
        if (view.State != SlotState.Alive || IsDisposed)
            return CodeOf(view, SlotTable.AnyType);
        return LoosenCore(raw, SlotTable.AnyType, out _);
    }

    /// <summary>As <see cref="Tighten(long)"/>: 0, or the error's code, negated.</summary>
    internal int TightenCode(long raw)
    {
        var view = _slots.Classify(raw);
        if (view.State != SlotState.Alive || IsDisposed)
            return CodeOf(view, SlotTable.AnyType);
        return TightenCore(raw, SlotTable.AnyType, out _);
    }

    /// <summary>The code of the error <see cref="ErrorOf"/> would build for the same view, without building it.</summary>
    private int CodeOf(SlotView view, int typeId)
    {
        if (IsDisposed)
            return -HandleErrorCode.Disposed;
        return view.State switch
        {
            SlotState.WrongTable => -HandleErrorCode.WrongTable,
            SlotState.Dropped => -HandleErrorCode.Dropped,
            SlotState.Reclaimed => -HandleErrorCode.Collected,
            SlotState.Alive or SlotState.Collected when !view.IsCurrentAs(typeId) => -HandleErrorCode.WrongType,
            SlotState.Collected => -HandleErrorCode.Collected,
            _ => -HandleErrorCode.Unknown,
        };
    }
}
