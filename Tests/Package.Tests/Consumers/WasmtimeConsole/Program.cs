// A consumer of the shipped Tether.Wasmtime package: a tiny WAT guest that only holds integers asks the host
// about the handles it was given, through the `tether` imports that HandleBridge.Define puts in the linker.
using System;
using System.Text;
using Tether;
using Tether.Wasmtime;
using Wasmtime;

const string Guest = """
    (module
      (import "tether" "lookup" (func $lookup (param i64) (result i32)))
      (import "tether" "drop" (func $drop (param i64) (result i32)))
      (import "tether" "state" (func $state (param i64) (result i32)))
      (func (export "lookup") (param $h i64) (result i32) (call $lookup (local.get $h)))
      (func (export "drop") (param $h i64) (result i32) (call $drop (local.get $h)))
      (func (export "state") (param $h i64) (result i32) (call $state (local.get $h))))
    """;

using var engine = new Engine();
using var linker = new Linker(engine);
var bridge = HandleBridge.Define(linker).Match(b => b, e => throw new InvalidOperationException(e.Message));
using var module = Module.FromText(engine, "guest", Guest);
using var table = HandleTable.Create();
using var store = new Store(engine);
var handles = bridge.Attach(store, table).Match(g => g, e => throw new InvalidOperationException(e.Message));
var guest = linker.Instantiate(store, module);
var lookup = guest.GetFunction<long, int>("lookup")!;
var drop = guest.GetFunction<long, int>("drop")!;
var state = guest.GetFunction<long, int>("state")!;

long sprite = handles.Mint(new StringBuilder("sprite"));
Console.WriteLine($"minted: {(sprite > 0 ? "positive" : sprite.ToString())}");
Console.WriteLine($"guest lookup: {lookup(sprite)}");
Console.WriteLine($"guest state: {state(sprite)}");
Console.WriteLine($"host get: {handles.Get<StringBuilder>(sprite).Match(s => s.ToString(), e => e.Message)}");
Console.WriteLine($"guest drop: {drop(sprite)}");
Console.WriteLine($"guest lookup after drop: {lookup(sprite)}");
Console.WriteLine($"guest lookup of a forged handle: {lookup(12345)}");
