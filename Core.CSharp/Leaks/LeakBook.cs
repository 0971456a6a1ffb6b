using System.Collections.Generic;

namespace Tether;

/// <summary>
/// When (and, if asked, where) each handle was created, for leak reports. A service of the table: the
/// stack trace is taken before any lock, and the book has a lock of its own.
/// </summary>
/// <remarks>
/// Its lock is a <see cref="SpinGate"/>, never an interruptible wait. Only <see cref="Record"/> allocates (the
/// dictionary's growth), and a dictionary that cannot grow throws before it changes; the rest allocates nothing.
/// </remarks>
internal sealed class LeakBook
{
    private readonly SpinGate _gate = new();
    private readonly Dictionary<long, LeakInfo> _byRaw = [];

    public void Record(long raw, LeakInfo info)
    {
        using (_gate.Enter())
            _byRaw[raw] = info;
    }

    public void Forget(long raw)
    {
        using (_gate.Enter())
            _byRaw.Remove(raw);
    }

    public bool TryGet(long raw, out LeakInfo info)
    {
        using (_gate.Enter())
            return _byRaw.TryGetValue(raw, out info);
    }

    /// <summary>How many handles the book remembers (tests: ended handles are forgotten).</summary>
    public int Count
    {
        get
        {
            using (_gate.Enter())
                return _byRaw.Count;
        }
    }

    public void Clear()
    {
        using (_gate.Enter())
            _byRaw.Clear();
    }
}
