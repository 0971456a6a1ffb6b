using System;
using System.Runtime.CompilerServices;
using global::Wasmtime;
using Xunit;

namespace Tether.Wasmtime.Tests.Bridge;

/// <summary>
/// GuestHandles.TryGet is "validated as Get validates it ... the code of the error Get would
/// give": Get resolves first (a collected tombstone is current, so Resolve succeeds) and then refuses a handle
/// of another scope with WrongScope; TryGet asks GetCode first, which already fails with Collected, and never
/// reaches the scope check. So a scoped guest's host function learns that another scope's weak resource was
/// collected, where Get (and the isolation the scope promises) says only WrongScope.
/// </summary>
public class TryGetScopeTests
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long MintUnrooted(GuestHandles handles) => handles.Mint(new Sprite(7), Hold.Weak);

    [Theory]
    [InlineData(WireForm.I64)]
    [InlineData(WireForm.I32)]
    public void TryGet_of_another_scopes_collected_handle_answers_WrongScope_as_Get_does(WireForm form)
    {
        using var linker = new Linker(Guest.Engine);
        var bridge = HandleBridge.Define(linker, new HandleBridgeOptions { Form = form }).ThrowIfFail();
        using var table = HandleTable.TryCreate(new HandleTableOptions { Format = HandleFormat.Compact32 }).ThrowIfFail();
        using var mine = new Store(Guest.Engine);
        using var theirs = new Store(Guest.Engine);
        var myScope = table.OpenScope();
        var theirScope = table.OpenScope();
        var me = bridge.Attach(mine, myScope).ThrowIfFail();
        var them = bridge.Attach(theirs, theirScope).ThrowIfFail();

        long wire = MintUnrooted(them);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(HandleState.Collected, table.State(form == WireForm.I64 ? wire : table.ExpandCompact((int)wire).ThrowIfFail()));

        int expected = me.Get<Sprite>(wire).Match(_ => GuestCodes.Ok, GuestCodes.Of);
        Assert.Equal(-HandleErrorCode.WrongScope, expected);
        Assert.Equal(expected, me.TryGet<Sprite>(wire, out var found));
        Assert.Null(found);
    }
}
