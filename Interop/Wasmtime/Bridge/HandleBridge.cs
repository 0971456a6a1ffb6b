using System;
using System.Runtime.CompilerServices;
using global::Wasmtime;
using LanguageExt;

namespace Tether.Wasmtime;

/// <summary>
/// The handle ABI in a Wasmtime <see cref="Linker"/>. <see cref="Define"/> adds the functions a guest
/// imports; <see cref="Attach(Store, HandleTable)"/> gives each instance's store its own table or scope, so
/// a guest can never reach another instance's resources.
/// </summary>
/// <remarks>
/// The guest imports, from <see cref="HandleBridgeOptions.Module"/> (<c>H</c> is <c>i64</c> or <c>i32</c> by
/// <see cref="HandleBridgeOptions.Form"/>): <c>lookup(H) -> i32</c>, <c>drop(H) -> i32</c>,
/// <c>loosen(H) -> i32</c>, <c>tighten(H) -> i32</c> (0, or a negative <see cref="GuestCodes"/> code),
/// <c>state(H) -> i32</c> (a <see cref="HandleState"/>) and <c>pump() -> i32</c> (notices delivered).
/// No function ever traps: every failure is a code. Each call ends at a safe point, where pending
/// collection notices are delivered to the guest's <see cref="HandleBridgeOptions.NoticeExport"/>.
/// </remarks>
public sealed class HandleBridge
{
    private readonly ConditionalWeakTable<Store, GuestHandles> _guests = new();

    private HandleBridge(HandleBridgeOptions options) => Options = options;

    /// <summary>The options the ABI was defined with.</summary>
    public HandleBridgeOptions Options { get; }

    /// <summary>Defines the handle functions in the linker, and returns the bridge that serves them.</summary>
    public static Fin<HandleBridge> Define(Linker linker, HandleBridgeOptions? options = null)
    {
        options ??= new HandleBridgeOptions();
        if (linker is null)
            return Fin<HandleBridge>.Fail(new HandleError.InvalidArgument("linker is null."));
        if (string.IsNullOrEmpty(options.Module) || string.IsNullOrEmpty(options.NoticeExport) || !Enum.IsDefined(options.Form))
            return Fin<HandleBridge>.Fail(new HandleError.InvalidArgument("module, notice export and form must be set."));

        var bridge = new HandleBridge(options);
        try
        {
            if (options.Form == WireForm.I64)
                bridge.DefineI64(linker);
            else
                bridge.DefineI32(linker);
        }
        catch (WasmtimeException e)
        {
            return Fin<HandleBridge>.Fail(new HandleError.InvalidArgument($"the linker refused the handle functions: {e.Message}"));
        }

        return Fin<HandleBridge>.Succ(bridge);
    }

    /// <summary>
    /// Gives an instance's store its own table: the guest sees only this table's handles. Fails with
    /// <see cref="HandleError.InvalidArgument"/> for a null store or table, and for the <see cref="WireForm.I32"/>
    /// form on a table that is not <see cref="HandleFormat.Compact32"/> (its handles would run out of compact
    /// values after 2,047 generations of a slot, and the guest could then get no handle at all); with
    /// <see cref="HandleError.Disposed"/> for a disposed table.
    /// </summary>
    public Fin<GuestHandles> Attach(Store store, HandleTable table) =>
        table is null ? Fin<GuestHandles>.Fail(new HandleError.InvalidArgument("table is null.")) : Attach(store, table, null);

    /// <summary>Gives an instance's store a scope: the guest sees only this scope's handles. Fails as the table form does.</summary>
    public Fin<GuestHandles> Attach(Store store, HandleScope scope) =>
        scope is null ? Fin<GuestHandles>.Fail(new HandleError.InvalidArgument("scope is null.")) : Attach(store, scope.Table, scope);

    private Fin<GuestHandles> Attach(Store store, HandleTable table, HandleScope? scope)
    {
        if (store is null)
            return Fin<GuestHandles>.Fail(new HandleError.InvalidArgument("store is null."));
        if (table.IsDisposed)
            return Fin<GuestHandles>.Fail(new HandleError.Disposed(0));
        if (scope is { IsDisposed: true })
            return Fin<GuestHandles>.Fail(HandleError.Disposed.Scope(0));
        if (Options.Form == WireForm.I32 && table.Format != HandleFormat.Compact32)
            return Fin<GuestHandles>.Fail(new HandleError.InvalidArgument(
                "the I32 wire form needs a HandleFormat.Compact32 table: in a Raw53 table a slot's handles have no compact value after 2,047 generations."));

        var guest = new GuestHandles(Options, table, scope);
        _guests.AddOrUpdate(store, guest);
        return Fin<GuestHandles>.Succ(guest);
    }

    /// <summary>The handles of the store a host function was called from, if one was attached.</summary>
    public Option<GuestHandles> For(Caller caller) => For(caller.Store);

    /// <summary>The handles attached to a store, if any.</summary>
    public Option<GuestHandles> For(Store store) =>
        _guests.TryGetValue(store, out var guest) ? Option<GuestHandles>.Some(guest) : Option<GuestHandles>.None;

    private void DefineI64(Linker linker)
    {
        string m = Options.Module;
        linker.DefineFunction(m, "lookup", (Caller c, long h) => Serve(c, h, Lookup));
        linker.DefineFunction(m, "drop", (Caller c, long h) => Serve(c, h, static (g, raw) => g.Table.DropCode(raw)));
        linker.DefineFunction(m, "loosen", (Caller c, long h) => Serve(c, h, static (g, raw) => g.Table.LoosenCode(raw)));
        linker.DefineFunction(m, "tighten", (Caller c, long h) => Serve(c, h, static (g, raw) => g.Table.TightenCode(raw)));
        linker.DefineFunction(m, "state", (Caller c, long h) => State(c, h));
        linker.DefineFunction(m, "pump", (Caller c) => Pump(c));
    }

    private void DefineI32(Linker linker)
    {
        string m = Options.Module;
        linker.DefineFunction(m, "lookup", (Caller c, int h) => Serve(c, h, Lookup));
        linker.DefineFunction(m, "drop", (Caller c, int h) => Serve(c, h, static (g, raw) => g.Table.DropCode(raw)));
        linker.DefineFunction(m, "loosen", (Caller c, int h) => Serve(c, h, static (g, raw) => g.Table.LoosenCode(raw)));
        linker.DefineFunction(m, "tighten", (Caller c, int h) => Serve(c, h, static (g, raw) => g.Table.TightenCode(raw)));
        linker.DefineFunction(m, "state", (Caller c, int h) => State(c, h));
        linker.DefineFunction(m, "pump", (Caller c) => Pump(c));
    }

    private static int Lookup(GuestHandles guest, long raw) => guest.Table.CheckCode(raw);

    /// <summary>
    /// Runs one ABI call for the calling store, then reaches a safe point. Never throws into the guest. A
    /// refused value allocates nothing on the way (the table answers codes, not errors).
    /// </summary>
    private int Serve(Caller caller, long wire, Func<GuestHandles, long, int> action)
    {
        if (!_guests.TryGetValue(caller.Store, out var guest))
            return -HandleErrorCode.Unknown; // no table attached to this store: nothing is known
        int result;
        try
        {
            result = guest.TryRaw(wire, out long raw, out int code) ? action(guest, raw) : code;
        }
        catch (Exception)
        {
            result = -HandleErrorCode.InvalidArgument;
        }

        SafePoint(guest, caller);
        return result;
    }

    private int State(Caller caller, long wire)
    {
        if (!_guests.TryGetValue(caller.Store, out var guest))
            return (int)HandleState.Unknown;
        int state = guest.TryRaw(wire, out long raw, out int code)
            ? (int)guest.Table.State(raw)
            : code switch
            {
                -HandleErrorCode.Dropped => (int)HandleState.Dropped,
                -HandleErrorCode.Collected => (int)HandleState.Collected,
                _ => (int)HandleState.Unknown,
            };
        SafePoint(guest, caller);
        return state;
    }

    private int Pump(Caller caller) =>
        _guests.TryGetValue(caller.Store, out var guest) ? SafePoint(guest, caller) : 0;

    private static int SafePoint(GuestHandles guest, Caller caller)
    {
        try
        {
            return guest.SafePoint(caller);
        }
        catch (Exception)
        {
            // A trap inside the guest's notice handler stays the guest's problem, not the caller's.
            return 0;
        }
    }
}
