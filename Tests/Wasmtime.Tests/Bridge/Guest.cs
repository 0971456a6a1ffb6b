using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using global::Wasmtime;

namespace Tether.Wasmtime.Tests.Bridge;

/// <summary>A host resource: it knows the handle it was issued, so every use can be checked.</summary>
public sealed class Sprite(int id)
{
    public int Id { get; } = id;
    public long Raw { get; set; }
}

/// <summary>The sprites guest (Demo/Guest/sprites.wat) instantiated on a real engine, with host functions.</summary>
public sealed class Guest : IDisposable
{
    private static readonly Engine SharedEngine = new();
    private static Module? s_module;
    private int _nextId;

    public Guest(HandleBridge bridge, Linker linker, HandleTableOptions? options = null)
    {
        Table = HandleTable.TryCreate(options ?? new HandleTableOptions { NotifyCollected = true }).Match(t => t, e => throw new InvalidOperationException(e.Message));
        Store = new Store(SharedEngine);
        Handles = bridge.Attach(Store, Table).Match(h => h, e => throw new InvalidOperationException(e.Message));
        Instance = linker.Instantiate(Store, Module);
    }

    public static Engine Engine => SharedEngine;

    public static Module Module => LazyInitializer.EnsureInitialized(ref s_module, () =>
        Module.FromTextFile(SharedEngine, Path.Combine(AppContext.BaseDirectory, "Guest", "sprites.wat")));

    public HandleTable Table { get; }
    public Store Store { get; }
    public GuestHandles Handles { get; }
    public Instance Instance { get; }

    /// <summary>Counts of what host.draw saw, across the guest's life.</summary>
    public int WrongResources;
    public int Draws;

    /// <summary>A linker with the bridge's ABI and the host functions make and draw, serving any attached guest.</summary>
    public static (HandleBridge Bridge, Linker Linker) Host(Func<Store, Guest> guestOf, HandleBridgeOptions? options = null)
    {
        var linker = new Linker(SharedEngine);
        var bridge = HandleBridge.Define(linker, options).Match(b => b, e => throw new InvalidOperationException(e.Message));
        linker.DefineFunction("host", "make", (Caller caller, int weak) => guestOf(caller.Store).Make(weak != 0));
        linker.DefineFunction("host", "draw", (Caller caller, long handle) => guestOf(caller.Store).Draw(handle));
        return (bridge, linker);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public long Make(bool weak)
    {
        var sprite = new Sprite(Interlocked.Increment(ref _nextId));
        long wire = Handles.Mint(sprite, weak ? Hold.Weak : Hold.Strong);
        sprite.Raw = wire;
        return wire;
    }

    public int Draw(long handle)
    {
        Interlocked.Increment(ref Draws);
        return Handles.Get<Sprite>(handle).Match(
            sprite =>
            {
                if (sprite.Raw != handle)
                    Interlocked.Increment(ref WrongResources);
                return sprite.Id;
            },
            GuestCodes.Of);
    }

    public long Acquire(int slot, bool weak) => Instance.GetFunction<int, int, long>("acquire")!(slot, weak ? 1 : 0);
    public int Call(string export, int slot) => Instance.GetFunction<int, int>(export)!(slot);
    public long HandleAt(int slot) => Instance.GetFunction<int, long>("handle_at")!(slot);
    public int Noticed => Instance.GetFunction<int>("noticed")!();

    public void Dispose()
    {
        Store.Dispose();
        Table.Dispose();
    }
}
