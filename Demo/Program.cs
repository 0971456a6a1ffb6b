// The demo: a host hands out integers for its resources and a guest uses them.
// Every failure is a value the guest can handle; nothing here throws.
using System;
using System.Runtime.CompilerServices;
using Tether;

static void Say(string line) => Console.WriteLine(line);

static string Show<T>(LanguageExt.Fin<T> result) =>
    result.Match(value => $"ok: {value}", error => $"error {error.GetType().Name} (code {error.Code})");

using var table = HandleTable.Create();
Say("Tether demo: a host table handing out integer handles");
Say("");

var canvas = new Resource("canvas");
var canvasHandle = table.Add(canvas).Match(h => h, _ => default);
Say($"1. The host adds a canvas, held strongly. The guest receives the integer {canvasHandle.Raw}.");

var cacheHandle = AddCache(table);
Say($"2. The host adds a cache entry, held weakly. The guest receives {cacheHandle.Raw}.");

Say($"3. The guest passes {canvasHandle.Raw} back; the host looks it up: {Show(table.Resolve<Resource>(canvasHandle.Raw).Bind(table.Get))}");

table.Drop(canvasHandle);
Say($"4. The host drops the canvas. The guest still holds {canvasHandle.Raw} and uses it: {Show(table.Get(canvasHandle))}");

var next = table.Add(new Resource("brush")).Match(h => h, _ => default);
Say($"5. A brush reuses the canvas's slot, with a new generation: {next.Raw}. The old integer still says: {Show(table.Get(canvasHandle))}");

GC.Collect();
GC.WaitForPendingFinalizers();
Say($"6. The GC runs. Nobody else held the cache entry, so the guest is told: {Show(table.Get(cacheHandle))}");

Say($"7. The guest forges the integer 123456789: {Show(table.Resolve<Resource>(123456789))}");
Say($"8. The guest re-types the brush as another kind of resource: {Show(table.Resolve<string>(next.Raw))}");

table.Drop(cacheHandle);
Say($"9. The guest drops what it no longer needs. Counts: {table.Counts}");

[MethodImpl(MethodImplOptions.NoInlining)]
static Handle<Resource> AddCache(HandleTable table) =>
    table.Add(new Resource("cache entry"), Hold.Weak).Match(h => h, _ => default);

/// <summary>A host resource with a name, for the narration.</summary>
internal sealed record Resource(string Name)
{
    public override string ToString() => Name;
}
