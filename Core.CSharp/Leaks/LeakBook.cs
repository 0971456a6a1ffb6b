using System.Collections.Generic;
using System.Threading;

namespace Tether;

/// <summary>
/// When (and, if asked, where) each handle was created, for leak reports. A service of the table: the
/// stack trace is taken before any lock, and the book has a lock of its own.
/// </summary>
internal sealed class LeakBook
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, LeakInfo> _byRaw = [];

    public void Record(long raw, LeakInfo info)
    {
        lock (_gate)
            _byRaw[raw] = info;
    }

    public void Forget(long raw)
    {
        lock (_gate)
            _byRaw.Remove(raw);
    }

    public bool TryGet(long raw, out LeakInfo info)
    {
        lock (_gate)
            return _byRaw.TryGetValue(raw, out info);
    }

    /// <summary>How many handles the book remembers (tests: ended handles are forgotten).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _byRaw.Count;
        }
    }

    public void Clear()
    {
        lock (_gate)
            _byRaw.Clear();
    }
}
