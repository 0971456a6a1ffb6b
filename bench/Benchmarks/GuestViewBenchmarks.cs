using System;
using BenchmarkDotNet.Attributes;
using Tether.Wasmtime;
using global::Wasmtime;

namespace Tether.Benchmarks;

/// <summary>
/// The guest's view: a Wasm guest calls the bridge's imports in a loop, against the same loop calling a bare
/// host function of the same signature that does nothing (the baseline: the cost of crossing into the host).
/// </summary>
[MemoryDiagnoser]
public class GuestViewBenchmarks
{
    public const int Calls = 1024;

    private const string Guest = """
        (module
          (import "tether" "lookup" (func $lookup (param i64) (result i32)))
          (import "tether" "drop" (func $drop (param i64) (result i32)))
          (import "bench" "nothing" (func $nothing (param i64) (result i32)))
          (import "bench" "make" (func $make (result i64)))
          (func (export "bare") (param $h i64) (param $n i32) (result i32)
            (local $sum i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $sum (i32.add (local.get $sum) (call $nothing (local.get $h))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $sum))
          (func (export "lookups") (param $h i64) (param $n i32) (result i32)
            (local $sum i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $sum (i32.add (local.get $sum) (call $lookup (local.get $h))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $sum))
          (func (export "drops") (param $h i64) (param $n i32) (result i32)
            (local $sum i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $sum (i32.add (local.get $sum) (call $drop (local.get $h))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $sum))
          (func (export "make_drops") (param $h i64) (param $n i32) (result i32)
            (local $sum i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $sum (i32.add (local.get $sum) (call $drop (call $make))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $sum)))
        """;

    private Engine _engine = null!;
    private Linker _linker = null!;
    private Store _store = null!;
    private Module _module = null!;
    private HandleTable _table = null!;
    private GuestHandles _handles = null!;
    private long _live;
    private long _stale;
    private Func<long, int, int> _bare = null!;
    private Func<long, int, int> _lookups = null!;
    private Func<long, int, int> _drops = null!;
    private Func<long, int, int> _makeDrops = null!;
    private readonly Res _resource = new();

    [GlobalSetup]
    public void Setup()
    {
        _engine = new Engine();
        _linker = new Linker(_engine);
        var bridge = HandleBridge.Define(_linker).ThrowIfFail();
        _linker.DefineFunction("bench", "nothing", (Caller caller, long handle) => 0);
        _linker.DefineFunction("bench", "make", (Caller caller) => _handles.Mint(_resource));
        _table = HandleTable.Create();
        _store = new Store(_engine);
        _handles = bridge.Attach(_store, _table).ThrowIfFail();
        _live = _handles.Mint(_resource);
        _stale = _handles.Mint(_resource);
        _table.Drop(_stale);
        _module = Module.FromText(_engine, "guest-view", Guest);
        var instance = _linker.Instantiate(_store, _module);
        _bare = instance.GetFunction<long, int, int>("bare")!;
        _lookups = instance.GetFunction<long, int, int>("lookups")!;
        _drops = instance.GetFunction<long, int, int>("drops")!;
        _makeDrops = instance.GetFunction<long, int, int>("make_drops")!;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _table.Dispose();
        _store.Dispose();
        _module.Dispose();
        _linker.Dispose();
        _engine.Dispose();
    }

    /// <summary>A host function that does nothing: what crossing into the host costs a guest.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public int BareHostFunction() => _bare(_live, Calls);

    /// <summary>lookup(h) of a live handle: 0.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public int Lookup() => _lookups(_live, Calls);

    /// <summary>lookup(h) of a stale handle: -2 (Dropped), allocating nothing.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public int LookupStale() => _lookups(_stale, Calls);

    /// <summary>drop(h) of a stale handle: -2 (Dropped), allocating nothing.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public int DropStale() => _drops(_stale, Calls);

    /// <summary>A host make (GuestHandles.Mint) then drop(h) of what it gave: two crossings.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public int MakeAndDrop() => _makeDrops(0, Calls);
}
