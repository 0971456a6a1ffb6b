// The demo: a real WebAssembly guest (Guest/sprites.wat) that can only hold integers, and a host that
// owns the sprites those integers stand for. Everything the guest gets wrong comes back as a code.
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using Tether;
using Tether.Wasmtime;
using Wasmtime;

var guests = new Dictionary<Store, GuestHandles>();
int nextId = 0;

static string Code(long code) => code switch
{
    >= 0 => $"ok ({code})",
    _ => $"{-code switch { 1 => "Unknown", 2 => "Dropped", 3 => "Collected", 5 => "WrongTable", 7 => "TableFull", _ => "error" }} ({code})",
};

using var engine = new Engine();
using var linker = new Linker(engine);
var bridge = HandleBridge.Define(linker).Match(b => b, e => throw new InvalidOperationException(e.Message));
linker.DefineFunction("host", "make", (Caller caller, int weak) => Make(guests[caller.Store], weak != 0));
linker.DefineFunction("host", "draw", (Caller caller, long handle) =>
    guests[caller.Store].Get<Sprite>(handle).Match(sprite => sprite.Id, GuestCodes.Of));
using var module = Module.FromTextFile(engine, Path.Combine(AppContext.BaseDirectory, "Guest", "sprites.wat"));

using var table = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).Match(t => t, e => throw new InvalidOperationException(e.Message));
using var store = new Store(engine);
guests[store] = bridge.Attach(store, table).Match(g => g, e => throw new InvalidOperationException(e.Message));
var guest = linker.Instantiate(store, module);
var acquire = guest.GetFunction<int, int, long>("acquire")!;
var drawSlot = guest.GetFunction<int, int>("draw_slot")!;
var stateSlot = guest.GetFunction<int, int>("state_slot")!;
var handleAt = guest.GetFunction<int, long>("handle_at")!;
var pump = guest.GetFunction<int>("pump")!;
var noticed = guest.GetFunction<int>("noticed")!;

Console.WriteLine("Tether demo: a WebAssembly guest holding host sprites by integer handles");
Console.WriteLine();
Console.WriteLine("1. The guest asks the host for three sprites and keeps the handles in its own memory:");
long hero = acquire(0, 0), enemy = acquire(1, 0), cloud = acquire(2, 1);
Console.WriteLine($"     slot 0: hero   {hero,16}  (held strongly)");
Console.WriteLine($"     slot 1: enemy  {enemy,16}  (held strongly)");
Console.WriteLine($"     slot 2: cloud  {cloud,16}  (held weakly: the host may let it go)");
Console.WriteLine($"2. The guest draws slot 0 and slot 1: the host finds sprite #{drawSlot(0)} and sprite #{drawSlot(1)}.");

table.Drop(hero);
Console.WriteLine("3. The host drops the hero (it left the level). The guest still holds the old integer.");
Console.WriteLine($"     guest draws slot 0: {Code(drawSlot(0))}   (not a crash, not someone else's sprite)");
long villain = acquire(3, 0);
Console.WriteLine($"4. A new sprite reuses the hero's slot with a new generation: {villain}.");
Console.WriteLine($"     the stale hero handle still says: {Code(drawSlot(0))}");

Console.WriteLine("5. Nothing else refers to the cloud. The GC runs...");
ForgetAndCollect();
Console.WriteLine($"     guest draws slot 2: {Code(drawSlot(2))}");
int delivered = pump();
Console.WriteLine($"6. At its next safe point the guest is told: {delivered} notice(s) delivered to on_collected.");

Console.WriteLine($"     the guest counted {noticed()}, gave the handle back and cleared the slot: slot 2 now holds {handleAt(2)}");

var (forger, forgerTable) = Instance();
var forgerAcquire = forger.GetFunction<int, int, long>("acquire")!;
for (int slot = 0; slot < 8; slot++)
    forgerAcquire(slot, 0);
int forged = forger.GetFunction<int, long, int>("forge")!(10_000, 0x5EED);
Console.WriteLine("7. A buggy guest (its own instance, its own table, eight sprites) forges 10,000 handles,");
Console.WriteLine("   half random and half real ones with one bit flipped, and draws, looks up and drops each:");
Console.WriteLine($"     {forged} draws landed on a real sprite of its own (always the one that handle names),");
Console.WriteLine($"     every other call got a code; no trap. It now holds {forgerTable.Counts.Strong} of its 8 sprites.");

var (other, _) = Instance();
other.GetMemory("memory")!.WriteInt64(0, enemy);
Console.WriteLine("8. Another instance copies the first guest's enemy handle into its own memory and draws it:");
Console.WriteLine($"     {Code(other.GetFunction<int, int>("draw_slot")!(0))}   (each instance has its own table)");

var counts = table.Counts;
Console.WriteLine();
Console.WriteLine($"Counts: {counts.Strong} strong, {counts.Weak} weak, {counts.Collected} collected, {counts.Free:N0} free, {counts.Retired} retired.");

(Instance Instance, HandleTable Table) Instance()
{
    var table = HandleTable.Create();
    var store = new Store(engine);
    guests[store] = bridge.Attach(store, table).Match(g => g, e => throw new InvalidOperationException(e.Message));
    return (linker.Instantiate(store, module), table);
}

long Make(GuestHandles handles, bool weak) => handles.Mint(new Sprite(Interlocked.Increment(ref nextId)), weak ? Hold.Weak : Hold.Strong);

[MethodImpl(MethodImplOptions.NoInlining)]
void ForgetAndCollect()
{
    var deadline = DateTime.UtcNow.AddSeconds(10);
    do
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Thread.Sleep(5);
    }
    while (guests[store].PendingNotices == 0 && DateTime.UtcNow < deadline);
}

/// <summary>A host resource the guest refers to by handle.</summary>
internal sealed record Sprite(int Id);
