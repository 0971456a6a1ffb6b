using System;
using System.Collections.Generic;
using System.Diagnostics.Contracts;
using System.Threading.Tasks;
using LanguageExt;

namespace Tether;

/// <summary>
/// A lifetime inside a table, for example one per Wasm instance, Blazor component or request: handles
/// added through a scope are dropped when it is disposed, and so are its child scopes. A handle can move
/// out to the enclosing scope with <see cref="Promote{T}(Handle{T})"/>.
/// </summary>
/// <remarks>All of a scope's state is guarded by its table's scope book, so every member is safe from any thread.</remarks>
public sealed class HandleScope : IDisposable, IAsyncDisposable
{
    internal HandleScope(HandleTable table, HandleScope? parent)
    {
        Table = table;
        ParentScope = parent;
    }

    /// <summary>The table the scope's handles live in.</summary>
    public HandleTable Table { get; }

    /// <summary>The enclosing scope, or none when the scope was opened on the table itself.</summary>
    public Option<HandleScope> Parent => ParentScope is null ? Option<HandleScope>.None : Option<HandleScope>.Some(ParentScope);

    /// <summary>Whether the scope has been disposed (or its parent, or its table).</summary>
    public bool IsDisposed => Table.ScopeDisposed(this);

    /// <summary>How many handles belong to the scope itself (not counting child scopes).</summary>
    public int Count => Table.ScopeCount(this);

    internal HandleScope? ParentScope { get; }

    /// <summary>
    /// A scope opened on a disposed table or in a closed scope: never in the book, so closed for good.
    /// Setting <see cref="Disposed"/> before the reference leaves this method needs no lock: nothing else
    /// can see the object yet, and the CLR publishes a new object's fields with its reference (on ARM64 too).
    /// </summary>
    internal static HandleScope BornClosed(HandleTable table, HandleScope? parent) => new(table, parent) { Disposed = true };

    // Guarded by the table's ScopeBook.
    internal System.Collections.Generic.HashSet<long> Members { get; } = [];

    // A set, not a list: closing one of many sibling scopes must not cost a scan of all of them.
    internal System.Collections.Generic.HashSet<HandleScope> Children { get; } = [];

    internal bool Disposed { get; set; }

    /// <summary>Adds a resource that belongs to this scope; see <see cref="HandleTable.Add{T}(T, Hold, Ownership)"/>.</summary>
    public Fin<Handle<T>> Add<T>(T resource, Hold hold = Hold.Strong, Ownership ownership = Ownership.Borrowed)
        where T : class => Table.AddCore(resource, hold, ownership, this);

    /// <summary>Opens a child scope, disposed with this one at the latest.</summary>
    /// <remarks>
    /// Once this scope or its table is disposed, the child is born closed (<see cref="IsDisposed"/>), and
    /// adding through it answers <see cref="HandleError.Disposed"/>; see <see cref="HandleTable.OpenScope"/>.
    /// </remarks>
    public HandleScope OpenScope() => Table.OpenScopeCore(this);

    /// <summary>
    /// Moves a handle of this scope to the enclosing scope (or to the table, when there is none), so it
    /// outlives this scope. A handle of another scope is <see cref="HandleError.WrongScope"/>.
    /// </summary>
    public Fin<Unit> Promote<T>(Handle<T> handle)
        where T : class => Table.PromoteCore(this, handle.Raw, TypeKey<T>.Id, typeof(T));

    /// <summary>Whether the handle with this raw value belongs to this scope itself (not to a child).</summary>
    [Pure]
    public bool Contains(long raw) => Table.ScopeContains(this, raw);

    /// <summary>The strong handles of this scope and its children still alive, by type and age.</summary>
    [Pure]
    public LeakReport LeakReport() => Table.ScopeLeakReport(this);

    /// <summary>
    /// Drops every handle of the scope and its children, disposes what they owned, and says what disposal
    /// threw (as one <see cref="HandleError.DisposeFailed"/>). A second close does nothing.
    /// </summary>
    public Fin<Unit> Close() => Table.CloseScope(this);

    /// <summary>As <see cref="Close"/>, disposing owned resources asynchronously where they allow it.</summary>
    public ValueTask<Fin<Unit>> CloseAsync() => Table.CloseScopeAsync(this);

    /// <summary>Closes the scope. Never throws; use <see cref="Close"/> to see disposal errors.</summary>
    public void Dispose() => Close();

    /// <summary>Closes the scope asynchronously. Never throws.</summary>
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);
}
