using System.Collections.Generic;

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
/// <para>Interrupts and faults: the lock is a <see cref="SpinGate"/>, never an interruptible wait. Every
/// change either happens whole or not at all: what a change allocates (a set's or a dictionary's growth, the
/// lists of a close) is allocated before anything is changed, and a collection that cannot grow throws before
/// it changes. So an <see cref="System.OutOfMemoryException"/> leaves the book as it was.</para>
/// </remarks>
internal sealed class ScopeBook
{
    private readonly SpinGate _gate = new();
    private readonly Dictionary<long, HandleScope> _scopeOf = [];
    private readonly HashSet<HandleScope> _roots = [];
    private bool _closed;

    /// <summary>Opens a scope on the table (no parent) or in a parent; null when either is closed.</summary>
    public HandleScope? Open(HandleTable table, HandleScope? parent)
    {
        // Made before the lock (wasted only when the parent or the table closed meanwhile).
        var scope = new HandleScope(table, parent);
        using (_gate.Enter())
        {
            if (_closed || parent is { Disposed: true })
                return null;
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
        using (_gate.Enter())
        {
            if (scope.Disposed)
                return false;
            // Both grow first, so neither add below allocates: the handle joins in both or in neither.
            scope.Members.EnsureCapacity(scope.Members.Count + 1);
            _scopeOf.EnsureCapacity(_scopeOf.Count + 1);
            scope.Members.Add(raw);
            _scopeOf[raw] = scope;
            return true;
        }
    }

    /// <summary>Forgets a handle that ended.</summary>
    public void Leave(long raw)
    {
        using (_gate.Enter())
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
        using (_gate.Enter())
        {
            if (scope.Disposed)
                return PromoteOutcome.ScopeClosed;
            if (!scope.Members.Contains(raw))
                return PromoteOutcome.NotMember;
            // The parent's set grows before the member leaves this one: a failed growth moves nothing.
            scope.ParentScope?.Members.EnsureCapacity(scope.ParentScope.Members.Count + 1);
            scope.Members.Remove(raw);
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
        using (_gate.Enter())
        {
            if (scope.Disposed)
                return null;

            // First what allocates: the tree and its members, sorted. Nothing has changed if it throws.
            var tree = TreeOf(scope);
            var raws = new List<long>();
            foreach (var next in tree)
                raws.AddRange(next.Members);
            raws.Sort(static (a, b) => HandleLayout.IndexOf(a).CompareTo(HandleLayout.IndexOf(b)));

            // Then the change, which allocates nothing.
            if (scope.ParentScope is { } parent)
                parent.Children.Remove(scope);
            else
                _roots.Remove(scope);
            MarkClosed(tree);
            return raws;
        }
    }

    /// <summary>Closes every scope (the table is being disposed); no scope opens afterwards.</summary>
    public void CloseAll()
    {
        using (_gate.Enter())
        {
            var trees = new List<HandleScope>();
            foreach (var root in _roots)
                trees.AddRange(TreeOf(root));
            _closed = true;
            MarkClosed(trees);
            _roots.Clear();
            // Stryker disable once Statement : MarkClosed above already removed every member of every tree from the map
            _scopeOf.Clear();
        }
    }

    /// <summary>The scope a handle belongs to now, if any.</summary>
    public HandleScope? ScopeOf(long raw)
    {
        using (_gate.Enter())
            return _scopeOf.TryGetValue(raw, out var scope) ? scope : null;
    }

    public bool IsClosed(HandleScope scope)
    {
        using (_gate.Enter())
            return scope.Disposed;
    }

    public int Count(HandleScope scope)
    {
        using (_gate.Enter())
            return scope.Members.Count;
    }

    public bool Contains(HandleScope scope, long raw)
    {
        using (_gate.Enter())
            return scope.Members.Contains(raw);
    }

    /// <summary>The members of a scope and of every scope inside it.</summary>
    public List<long> MembersDeep(HandleScope scope)
    {
        using (_gate.Enter())
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

    /// <summary>Under the lock: a scope and every scope inside it, iteratively. Allocates; changes nothing.</summary>
    private static List<HandleScope> TreeOf(HandleScope scope)
    {
        var tree = new List<HandleScope> { scope };
        for (int i = 0; i < tree.Count; i++)
            tree.AddRange(tree[i].Children);
        return tree;
    }

    /// <summary>Under the lock: marks the scopes closed and forgets their members. Allocates nothing.</summary>
    private void MarkClosed(List<HandleScope> tree)
    {
        foreach (var next in tree)
        {
            foreach (var raw in next.Members)
                // Stryker disable once Statement : every member a close gathers either ends now and leaves the map in Settle, or ended earlier and left it then; CloseAll clears the map
                _scopeOf.Remove(raw);
            next.Children.Clear();
            next.Members.Clear();
            next.Disposed = true;
        }
    }
}
