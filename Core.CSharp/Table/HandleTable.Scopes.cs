using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Tether;

// Scopes: the ScopeBook keeps the tree and the members; the slot table ends them.
public sealed partial class HandleTable
{
    /// <summary>
    /// Opens a scope in the book, or answers one born closed (not in the book) when the table or the parent
    /// is disposed: a scope is then always something <c>using</c> can take, and what it is asked to do
    /// answers <see cref="HandleError.Disposed"/> as any closed scope does.
    /// </summary>
    internal HandleScope OpenScopeCore(HandleScope? parent)
    {
        if (IsDisposed)
            return HandleScope.BornClosed(this, parent);
        var book = Scopes;
        if (book.Open(this, parent) is not { } scope)
            return HandleScope.BornClosed(this, parent);

        // Disposed meanwhile, after CloseAll ran: close the new scope too (it has no members yet).
        if (IsDisposed)
            book.Close(scope);
        return scope;
    }

    internal bool ScopeDisposed(HandleScope scope) => IsDisposed || Scopes.IsClosed(scope);

    internal bool ScopeContains(HandleScope scope, long raw) => Scopes.Contains(scope, raw);

    internal int ScopeCount(HandleScope scope) => Scopes.Count(scope);

    internal Fin<Unit> PromoteCore(HandleScope scope, long raw, int typeId, Type type)
    {
        var book = Scopes;
        if (IsDisposed)
            return Fin<Unit>.Fail(new HandleError.Disposed(raw));
        if (book.IsClosed(scope))
            return Fin<Unit>.Fail(HandleError.Disposed.Scope(raw));
        var view = _slots.Classify(raw);
        if (!view.IsCurrentAs(typeId))
            return Fin<Unit>.Fail(ErrorOf(view, raw, typeId, type));

        return book.Promote(scope, raw) switch
        {
            ScopeBook.PromoteOutcome.Moved => Fin<Unit>.Succ(unit),
            ScopeBook.PromoteOutcome.ScopeClosed => Fin<Unit>.Fail(HandleError.Disposed.Scope(raw)),
            _ => Fin<Unit>.Fail(new HandleError.WrongScope(raw)),
        };
    }

    internal Fin<Unit> CloseScope(HandleScope scope) => OwnedDisposal.DisposeAll(CloseScopeCore(scope), _onDisposeFailed);

    internal ValueTask<Fin<Unit>> CloseScopeAsync(HandleScope scope) => OwnedDisposal.DisposeAllAsync(CloseScopeCore(scope));

    /// <summary>
    /// Closes a scope and every scope inside it (no recursion, so any depth closes), ends their handles in
    /// slot order and returns what they owned. Ending handles is the point of a scope, so no leak report.
    /// </summary>
    private List<OwnedDisposal.Owned>? CloseScopeCore(HandleScope scope)
    {
        if (IsDisposed || Scopes.Close(scope) is not { } raws)
            return null;

        List<OwnedDisposal.Owned>? owned = null;
        var ended = _slots.EndMany(raws);
        foreach (var handle in ended)
            Settle(handle.Raw, handle.Target, handle.Owned, ref owned);
        TetherMeter.Record(TetherMeter.Dropped, ended.Count);
        return owned;
    }
}
