using System.Collections.Generic;

namespace Tether;

/// <summary>
/// Which objects a live handle of the table owns, so that an object is owned (and so disposed) at most once:
/// a second owned add of the same object is refused before a slot is claimed. Which handle owns its resource
/// is the slot table's to know (it ends a handle and reports its ownership in one step); this book only keeps
/// the objects, under its own lock, and runs no user code.
/// </summary>
/// <remarks>
/// Its lock is a <see cref="SpinGate"/>: never an interruptible wait, so an interrupted thread cannot leave an
/// add half reserved or a drop half released. <see cref="TryReserve"/> is the only step that allocates (the
/// set's growth); a set that cannot grow throws before it changes, so a failed reserve reserved nothing.
/// <see cref="Release"/> and <see cref="Clear"/> allocate nothing and cannot fail.
/// </remarks>
internal sealed class OwnershipBook
{
    private readonly SpinGate _gate = new();
    private readonly HashSet<object> _objects = new(ReferenceEqualityComparer.Instance);

    /// <summary>Reserves an object for ownership; false when a live handle of the table already owns it.</summary>
    public bool TryReserve(object resource)
    {
        using (_gate.Enter())
            return _objects.Add(resource);
    }

    /// <summary>Forgets an object: its add failed, or its owning handle ended (dropped, taken, disposed).</summary>
    public void Release(object resource)
    {
        using (_gate.Enter())
            _objects.Remove(resource);
    }

    /// <summary>Forgets every object (the table is disposed).</summary>
    public void Clear()
    {
        using (_gate.Enter())
            _objects.Clear();
    }
}
