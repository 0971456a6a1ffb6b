using System.Collections.Generic;
using System.Threading;

namespace Tether;

/// <summary>
/// The tree of scopes and which handles belong to which. A service of the table: it learns of adds and ends
/// after the slot table's lock is released, under its own lock, and walks the tree without recursion, so
/// any depth of nesting closes.
/// </summary>
/// <remarks>
/// A handle added through a scope joins it after the slot is published. If the scope closed in between,
/// <see cref="TryJoin"/> says so and the adder ends the handle itself: no handle outlives its scope.
/// Membership of a handle that ended is forgotten by <see cref="Leave"/>; a close that meets a member
/// which already ended skips it (the slot table checks every raw value).
/// </remarks>
internal sealed class ScopeBook
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, HandleScope> _scopeOf = [];
    private readonly HashSet<HandleScope> _roots = [];
    private bool _closed;

    /// <summary>Opens a scope on the table (no parent) or in a parent; null when either is closed.</summary>
    public HandleScope? Open(HandleTable table, HandleScope? parent)
    {
        lock (_gate)
        {
            if (_closed || parent is { Disposed: true })
                return null;
            var scope = new HandleScope(table, parent);
            if (parent is null)
                _roots.Add(scope);
            else
                parent.Children.Add(scope);
            return scope;
        }
    }

    /// <summary>Makes <paramref name="raw"/> a member; false when the scope has closed meanwhile.</summary>
    public bool TryJoin(HandleScope scope, long raw)
    {
        lock (_gate)
        {
            if (scope.Disposed)
                return false;
            scope.Members.Add(raw);
            _scopeOf[raw] = scope;
            return true;
        }
    }

    /// <summary>Forgets a handle that ended.</summary>
    public void Leave(long raw)
    {
        lock (_gate)
        {
            if (_scopeOf.Remove(raw, out var scope))
                scope.Members.Remove(raw);
        }
    }

    /// <summary>The outcome of <see cref="Promote"/>.</summary>
    public enum PromoteOutcome { Moved, ScopeClosed, NotMember }

    /// <summary>Moves a member to the enclosing scope, or out of every scope when there is none.</summary>
    public PromoteOutcome Promote(HandleScope scope, long raw)
    {
        lock (_gate)
        {
            if (scope.Disposed)
                return PromoteOutcome.ScopeClosed;
            if (!scope.Members.Remove(raw))
                return PromoteOutcome.NotMember;
            if (scope.ParentScope is { } parent)
            {
                parent.Members.Add(raw);
                _scopeOf[raw] = parent;
            }
            else
            {
                _scopeOf.Remove(raw);
            }

            return PromoteOutcome.Moved;
        }
    }

    /// <summary>
    /// Closes a scope and every scope inside it; gives their members, in slot order (so which slots are
    /// reused next does not depend on hash order), or null when it was already closed.
    /// </summary>
    public List<long>? Close(HandleScope scope)
    {
        lock (_gate)
        {
            if (scope.Disposed)
                return null;
            if (scope.ParentScope is { } parent)
                parent.Children.Remove(scope);
            else
                _roots.Remove(scope);

            var raws = new List<long>();
            CloseTree(scope, raws);
            raws.Sort((a, b) => HandleLayout.IndexOf(a).CompareTo(HandleLayout.IndexOf(b)));
            return raws;
        }
    }

    /// <summary>Closes every scope (the table is being disposed); no scope opens afterwards.</summary>
    public void CloseAll()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (var root in _roots)
                CloseTree(root, raws: null);
            _roots.Clear();
            // Stryker disable once Statement : CloseTree above already removed every member of every tree from the map
            _scopeOf.Clear();
        }
    }

    /// <summary>The scope a handle belongs to now, if any.</summary>
    public HandleScope? ScopeOf(long raw)
    {
        lock (_gate)
            return _scopeOf.TryGetValue(raw, out var scope) ? scope : null;
    }

    public bool IsClosed(HandleScope scope)
    {
        lock (_gate)
            return scope.Disposed;
    }

    public int Count(HandleScope scope)
    {
        lock (_gate)
            return scope.Members.Count;
    }

    public bool Contains(HandleScope scope, long raw)
    {
        lock (_gate)
            return scope.Members.Contains(raw);
    }

    /// <summary>The members of a scope and of every scope inside it.</summary>
    public List<long> MembersDeep(HandleScope scope)
    {
        lock (_gate)
        {
            var raws = new List<long>();
            var pending = new Stack<HandleScope>();
            pending.Push(scope);
            while (pending.TryPop(out var next))
            {
                raws.AddRange(next.Members);
                foreach (var child in next.Children)
                    pending.Push(child);
            }

            return raws;
        }
    }

    /// <summary>Under the lock: marks a tree closed, iteratively, gathering its members when asked.</summary>
    private void CloseTree(HandleScope scope, List<long>? raws)
    {
        var pending = new Stack<HandleScope>();
        pending.Push(scope);
        while (pending.TryPop(out var next))
        {
            foreach (var raw in next.Members)
            {
                raws?.Add(raw);
                // Stryker disable once Statement : every member a close gathers either ends now and leaves the map in Settle, or ended earlier and left it then; CloseAll clears the map
                _scopeOf.Remove(raw);
            }

            foreach (var child in next.Children)
                pending.Push(child);
            next.Children.Clear();
            next.Members.Clear();
            next.Disposed = true;
        }
    }
}
