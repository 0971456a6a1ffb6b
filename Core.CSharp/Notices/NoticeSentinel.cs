using System.Collections.Generic;

namespace Tether;

/// <summary>
/// Lives exactly as long as one weakly held resource: a <c>ConditionalWeakTable</c> keeps it while the
/// resource is reachable, so when the GC collects the resource this sentinel's finalizer runs, and hands
/// the handles that held the resource weakly to the <see cref="NoticeHub"/>. Nothing else happens on the
/// finalizer thread.
/// </summary>
internal sealed class NoticeSentinel(NoticeHub hub)
{
    private readonly List<long> _raws = new(1);

    /// <summary>Registers a weak handle of the resource; a handle registers at most once.</summary>
    public void Add(long raw)
    {
        lock (_raws)
        {
            if (!_raws.Contains(raw))
                _raws.Add(raw);
        }
    }

    /// <summary>Forgets a handle that ended or became strong: only current weak handles are reported.</summary>
    public void Remove(long raw)
    {
        lock (_raws)
            _raws.Remove(raw);
    }

    ~NoticeSentinel()
    {
        long[] raws;
        lock (_raws)
            raws = _raws.ToArray();
        hub.Collected(raws);
    }
}
