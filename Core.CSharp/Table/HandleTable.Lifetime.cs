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
    /// <summary>
    /// How many handles are strong, weak, collected and free. A snapshot: exact when no other thread is
    /// changing the table, and never torn. Counting collected handles scans the weak ones.
    /// </summary>
    public TableCounts Counts
    {
        get
        {
            lock (_gate)
            {
                int collected = _weak == 0 ? 0 : CountCollected();
                int weak = _weak - collected;
                return new TableCounts(_strong, weak, collected, _capacity - _strong - _weak, _retired);
            }
        }
    }

    /// <summary>
    /// Ends every handle, closes every scope, disposes what the handles owned and releases every resource
    /// the table holds. Afterwards every member answers <see cref="HandleError.Disposed"/>. Idempotent, safe
    /// to race with any other member, and never throws: use <see cref="Close"/> to see disposal errors.
    /// </summary>
    public void Dispose() => Close();

    /// <summary>As <see cref="Dispose"/>, and says what disposing owned resources threw. A second close does nothing.</summary>
    public Fin<Unit> Close() => OwnedDisposal.DisposeAll(Shutdown());

    /// <summary>As <see cref="Close"/>, disposing owned resources asynchronously where they allow it.</summary>
    public ValueTask<Fin<Unit>> CloseAsync() => OwnedDisposal.DisposeAllAsync(Shutdown());

    /// <summary>Ends everything under the lock; returns what is owned, to dispose outside it.</summary>
    private List<OwnedDisposal.Owned>? Shutdown()
    {
        List<OwnedDisposal.Owned>? owned = null;
        LeakReport? leaks = null;
        lock (_gate)
        {
            if (_disposed)
                return null;

            if (_onLeaks is not null && _strong > 0)
                leaks = BuildLeakReport(null);
            _disposed = true;

            if (_scopes is not null)
            {
                foreach (var scope in _scopes)
                    MarkClosed(scope);
                _scopes = null;
            }

            var pages = _store.Pages;
            for (int index = 0; index < _highWater; index++)
            {
                ref Slot slot = ref SlotStore.Find(pages, index);
                if ((slot.Stamp & SlotStore.FreeBit) != 0 || slot.Stamp == 0)
                    continue;
                long raw = HandleLayout.Raw(slot.Stamp, index);
                if (_owned is not null && _owned.Remove(index) && TargetOf(raw) is { } resource)
                    (owned ??= []).Add(new OwnedDisposal.Owned(raw, resource));
                Release(ref slot);
                TetherMeter.Dropped.Add(1);
            }

            _strong = _weak = 0;
            _freeHead = -1;
            _scopeOf = null;
            _leakInfo = null;
            _notices?.Complete();
        }

        Report(leaks);
        return owned;
    }

    // ---- notices ------------------------------------------------------------------------------

    /// <summary>
    /// Notices of collected weak handles, in the order the table learned of them, when the table was
    /// created with <see cref="HandleTableOptions.NotifyCollected"/>; otherwise a reader that is already
    /// complete. Each collected handle that was still current is reported exactly once. Read it, or the
    /// notices queue up; it completes when the table is disposed.
    /// </summary>
    public ChannelReader<CollectionNotice> Notices => _notices?.Reader ?? CompletedNotices.Reader;

    /// <summary>
    /// Raised once per <see cref="CollectionNotice"/>, on a thread-pool thread (never the finalizer
    /// thread, never under the table's lock), so a handler may call back into the table. What a handler
    /// throws is caught and ignored.
    /// </summary>
    public event Action<CollectionNotice>? Collected
    {
        add
        {
            if (_notices is not null)
                _notices.Published += value;
        }

        remove
        {
            if (_notices is not null)
                _notices.Published -= value;
        }
    }

    private static readonly Channel<CollectionNotice> CompletedNotices = CreateCompleted();

    private static Channel<CollectionNotice> CreateCompleted()
    {
        var channel = Channel.CreateUnbounded<CollectionNotice>();
        channel.Writer.TryComplete();
        return channel;
    }

    /// <summary>
    /// Called off the finalizer thread with handles whose resource may have been collected: keeps those
    /// still current and weak with no target, applies the slot policy, and returns their notices.
    /// </summary>
    internal List<CollectionNotice> ConfirmCollected(List<long> raws)
    {
        var notices = new List<CollectionNotice>(raws.Count);
        lock (_gate)
        {
            if (_disposed)
                return notices;

            foreach (var raw in raws)
            {
                var (state, typeId) = Classify(_store, raw);
                if (state != Classification.Collected)
                    continue; // dropped, tightened back, or already reported
                notices.Add(new CollectionNotice(raw, TypeKey.TypeOf(typeId)));
                TetherMeter.Collected.Add(1);
                if (_policy == SlotPolicy.Reclaim)
                {
                    List<OwnedDisposal.Owned>? none = null;
                    End(raw, ref none, collected: true);
                }
            }
        }

        return notices;
    }

    // ---- scopes --------------------------------------------------------------------------------

    internal Fin<HandleScope> OpenScopeCore(HandleScope? parent)
    {
        lock (_gate)
        {
            if (_disposed || parent is { Disposed: true })
                return Fin<HandleScope>.Fail(new HandleError.Disposed(0));
            var scope = new HandleScope(this, parent);
            if (parent is null)
                (_scopes ??= []).Add(scope);
            else
                parent.Children.Add(scope);
            return Fin<HandleScope>.Succ(scope);
        }
    }

    internal bool ScopeDisposed(HandleScope scope)
    {
        lock (_gate)
            return scope.Disposed || _disposed;
    }

    internal bool ScopeContains(HandleScope scope, long raw)
    {
        lock (_gate)
            return scope.Members.Contains(raw);
    }

    internal int ScopeCount(HandleScope scope)
    {
        lock (_gate)
            return scope.Members.Count;
    }

    internal Fin<Unit> PromoteCore(HandleScope scope, long raw, int typeId, Type type)
    {
        lock (_gate)
        {
            if (scope.Disposed)
                return Fin<Unit>.Fail(new HandleError.Disposed(raw));
            if (CheckCurrent(raw, typeId, type) is { } error)
                return Fin<Unit>.Fail(error);
            if (!scope.Members.Remove(raw))
                return Fin<Unit>.Fail(new HandleError.WrongScope(raw));

            int index = HandleLayout.IndexOf(raw);
            if (scope.ParentScope is { } parent)
            {
                parent.Members.Add(raw);
                (_scopeOf ??= [])[index] = parent;
            }
            else
            {
                _scopeOf?.Remove(index);
            }

            return Fin<Unit>.Succ(unit);
        }
    }

    internal Fin<Unit> CloseScope(HandleScope scope) => OwnedDisposal.DisposeAll(CloseScopeCore(scope));

    internal ValueTask<Fin<Unit>> CloseScopeAsync(HandleScope scope) => OwnedDisposal.DisposeAllAsync(CloseScopeCore(scope));

    private List<OwnedDisposal.Owned>? CloseScopeCore(HandleScope scope)
    {
        List<OwnedDisposal.Owned>? owned = null;
        LeakReport? leaks = null;
        lock (_gate)
        {
            if (scope.Disposed || _disposed)
                return null;
            if (_onLeaks is not null)
                leaks = BuildLeakReport(scope);
            EndScope(scope, ref owned);
            if (scope.ParentScope is { } parent)
                parent.Children.Remove(scope);
            else
                _scopes?.Remove(scope);
        }

        Report(leaks);
        return owned;
    }

    /// <summary>
    /// Under the lock: ends the handles of a scope and of every scope inside it, in slot order (so which
    /// slots are reused next does not depend on hash order), then marks them all closed.
    /// </summary>
    private void EndScope(HandleScope scope, ref List<OwnedDisposal.Owned>? owned)
    {
        var raws = new List<long>();
        void Gather(HandleScope s)
        {
            raws.AddRange(s.Members);
            foreach (var child in s.Children)
                Gather(child);
        }

        Gather(scope);
        raws.Sort((a, b) => HandleLayout.IndexOf(a).CompareTo(HandleLayout.IndexOf(b)));
        foreach (var raw in raws)
            End(raw, ref owned);
        MarkClosed(scope);
    }

    private static void MarkClosed(HandleScope scope)
    {
        foreach (var child in scope.Children)
            MarkClosed(child);
        scope.Children.Clear();
        scope.Members.Clear();
        scope.Disposed = true;
    }

    // ---- leak reports --------------------------------------------------------------------------

    /// <summary>The strong handles still alive, by type and (when the table tracks them) age.</summary>
    [Pure]
    public LeakReport LeakReport()
    {
        lock (_gate)
            return BuildLeakReport(null);
    }

    internal LeakReport ScopeLeakReport(HandleScope scope)
    {
        lock (_gate)
            return BuildLeakReport(scope);
    }

    /// <summary>Under the lock: groups the strong handles of the table, or of a scope and its children, by type.</summary>
    private LeakReport BuildLeakReport(HandleScope? scope)
    {
        var byType = new Dictionary<int, (int Count, long Oldest, List<string> Stacks)>();
        long now = Stopwatch.GetTimestamp();

        void Count(int index)
        {
            ref Slot slot = ref SlotStore.Find(_store.Pages, index);
            if ((slot.Stamp & SlotStore.FreeBit) != 0 || slot.Strong is null)
                return;
            var entry = byType.TryGetValue(slot.TypeId, out var found) ? found : (Count: 0, Oldest: long.MaxValue, Stacks: new List<string>());
            entry.Count++;
            if (_leakInfo is not null && _leakInfo.TryGetValue(index, out var info))
            {
                entry.Oldest = Math.Min(entry.Oldest, info.Timestamp);
                if (info.Stack is { } stack && entry.Stacks.Count < 10)
                    entry.Stacks.Add(stack);
            }

            byType[slot.TypeId] = entry;
        }

        if (scope is null)
        {
            for (int index = 0; index < _highWater; index++)
                Count(index);
        }
        else
        {
            void Walk(HandleScope s)
            {
                foreach (var raw in s.Members)
                    Count(HandleLayout.IndexOf(raw));
                foreach (var child in s.Children)
                    Walk(child);
            }

            Walk(scope);
        }

        var entries = new List<LeakEntry>(byType.Count);
        foreach (var (typeId, (count, oldest, stacks)) in byType)
        {
            TimeSpan? age = _leakTracking == LeakTracking.Off || oldest == long.MaxValue
                ? null
                : Stopwatch.GetElapsedTime(oldest, now);
            entries.Add(new LeakEntry(TypeKey.TypeOf(typeId), count, age, stacks));
        }

        entries.Sort((a, b) => b.Count.CompareTo(a.Count));
        return new LeakReport(entries);
    }

    private void Report(LeakReport? leaks)
    {
        if (leaks is null || leaks.IsEmpty || _onLeaks is null)
            return;
        try
        {
            _onLeaks(leaks);
        }
        catch (Exception)
        {
            // A reporting callback must not turn disposal into a throw.
        }
    }

    private int CountCollected()
    {
        var pages = _store.Pages;
        int collected = 0;
        for (int index = 0; index < _highWater; index++)
        {
            ref Slot slot = ref SlotStore.Find(pages, index);
            if ((slot.Stamp & SlotStore.FreeBit) == 0 && slot.Stamp != 0 && slot.Strong is null
                && !slot.Weak.TryGetTarget(out _))
                collected++;
        }

        return collected;
    }
}
