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
    /// <remarks>
    /// Interrupts and faults: the book closes the scopes all at once or not at all; once they are closed, their
    /// handles must end, so nothing after that may be lost to an OutOfMemoryException. The slot table ends them
    /// all in one step when it can allocate the list of what ended; else they end one at a time (allocating
    /// nothing), each settled and its owned resource disposed at once. The list of owned resources is made
    /// before any of them is settled; when it cannot be, they are disposed at once as well. Either way every
    /// handle of the closed scopes ends and everything they owned is disposed exactly once.
    /// </remarks>
    private List<OwnedDisposal.Owned>? CloseScopeCore(HandleScope scope)
    {
        if (IsDisposed || Scopes.Close(scope) is not { } raws)
            return null;

        List<SlotTable.Ended> ended;
        try
        {
            ended = _slots.EndMany(raws);
        }
        catch (OutOfMemoryException)
        {
            EndEachNow(raws);
            return null;
        }

        List<OwnedDisposal.Owned>? owned = null;
        int owning = 0;
        foreach (var handle in ended)
        {
            if (handle.Owned && handle.Target is not null)
                owning++;
        }

        try
        {
            if (owning > 0)
                owned = new List<OwnedDisposal.Owned>(owning);
        }
        catch (OutOfMemoryException)
        {
            owned = null; // disposed one by one below, at once
        }

        foreach (var handle in ended)
        {
            Settle(handle.Raw, handle.Target, handle.Owned);
            if (handle.Owned && handle.Target is not null)
            {
                var item = new OwnedDisposal.Owned(handle.Raw, handle.Target);
                if (owned is not null)
                    owned.Add(item); // within the capacity made above: allocates nothing
                else
                    OwnedDisposal.DisposeNow(item, _onDisposeFailed);
            }
        }

        TetherMeter.Record(TetherMeter.Dropped, ended.Count);
        return owned;
    }

    /// <summary>
    /// Ends the handles of a closed scope one at a time, settling each and disposing what it owned at once:
    /// the path that allocates nothing, for when the slot table could not make its list.
    /// </summary>
    private void EndEachNow(List<long> raws)
    {
        int count = 0;
        foreach (var raw in raws)
        {
            if (!EndInSlots(raw, SlotTable.AnyType, requireTarget: false, out var target, out bool isOwned, out _))
                continue; // ended already, and settled by whoever ended it
            count++;
            Settle(raw, target, isOwned);
            if (isOwned && target is not null)
                OwnedDisposal.DisposeNow(new OwnedDisposal.Owned(raw, target), _onDisposeFailed);
        }

        TetherMeter.Record(TetherMeter.Dropped, count);
    }
}
