using System.Collections.Generic;
using System.Threading;

namespace Tether;

/// <summary>
/// Which handles own their resource. A service of the table: it learns of adds and ends after the slot
/// table's lock is released, under its own lock, and never runs user code under it (disposal happens later,
/// in <see cref="OwnedDisposal"/>, with no lock held).
/// </summary>
/// <remarks>
/// An object is owned by at most one live handle of a table, so it is disposed exactly once: a second owned
/// add of the same object is refused before a slot is claimed (<see cref="TryReserve"/>).
/// </remarks>
internal sealed class OwnershipBook
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, object> _byRaw = [];
    private readonly HashSet<object> _objects = new(ReferenceEqualityComparer.Instance);

    /// <summary>Reserves an object for ownership; false when a live handle of the table already owns it.</summary>
    public bool TryReserve(object resource)
    {
        lock (_gate)
            return _objects.Add(resource);
    }

    /// <summary>Gives back a reservation whose add failed.</summary>
    public void Unreserve(object resource)
    {
        lock (_gate)
            _objects.Remove(resource);
    }

    /// <summary>Records that <paramref name="raw"/> owns the reserved object.</summary>
    public void Bind(long raw, object resource)
    {
        lock (_gate)
            _byRaw[raw] = resource;
    }

    public bool IsOwned(long raw)
    {
        lock (_gate)
            return _byRaw.ContainsKey(raw);
    }

    /// <summary>Takes the resource <paramref name="raw"/> owned, if any: exactly one caller gets it.</summary>
    public object? TryTake(long raw)
    {
        lock (_gate)
        {
            if (!_byRaw.Remove(raw, out var resource))
                return null;
            _objects.Remove(resource);
            return resource;
        }
    }

    /// <summary>Takes every owned resource (the table is being disposed), in handle order.</summary>
    public List<(long Raw, object Resource)> TakeAll()
    {
        lock (_gate)
        {
            var all = new List<(long, object)>(_byRaw.Count);
            foreach (var (raw, resource) in _byRaw)
                all.Add((raw, resource));
            all.Sort((a, b) => a.Item1.CompareTo(b.Item1));
            _byRaw.Clear();
            _objects.Clear();
            return all;
        }
    }
}
