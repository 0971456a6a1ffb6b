using System;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Tether.Benchmarks;

/// <summary>Adding a resource and ending it again, against the handles .NET offers.</summary>
[MemoryDiagnoser]
public class CreateDropBenchmarks
{
    private readonly Res _resource = new();
    private HandleTable _table = null!;
    private HandleTable _notifying = null!;
    private readonly ConcurrentDictionary<long, object> _concurrent = new();
    private long _key;

    [GlobalSetup]
    public void Setup()
    {
        _table = HandleTable.Create();
        _notifying = HandleTable.TryCreate(new HandleTableOptions { NotifyCollected = true }).ThrowIfFail();
        // Warm the slot, so a weak add reuses its GC handle as it would in steady state.
        _table.Drop(_table.Add(_resource, Hold.Weak).ThrowIfFail());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _table.Dispose();
        _notifying.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void GCHandleNormalAllocFree() => GCHandle.Alloc(_resource).Free();

    [Benchmark]
    public void GCHandleWeakAllocFree() => GCHandle.Alloc(_resource, GCHandleType.Weak).Free();

    [Benchmark]
    public void TypedGCHandleCreateDispose() => new GCHandle<Res>(_resource).Dispose();

    [Benchmark]
    public void TypedWeakGCHandleCreateDispose() => new WeakGCHandle<Res>(_resource).Dispose();

    [Benchmark]
    public WeakReference<Res> NewWeakReference() => new(_resource);

    [Benchmark]
    public bool ConcurrentDictionaryAddRemove()
    {
        long key = ++_key;
        _concurrent.TryAdd(key, _resource);
        return _concurrent.TryRemove(key, out _);
    }

    [Benchmark]
    public bool TetherStrongAddDrop() => _table.Drop(_table.Add(_resource).ThrowIfFail()).IsSucc;

    [Benchmark]
    public bool TetherWeakAddDrop() => _table.Drop(_table.Add(_resource, Hold.Weak).ThrowIfFail()).IsSucc;

    [Benchmark]
    public bool TetherWeakAddDropWithNotices() => _notifying.Drop(_notifying.Add(_resource, Hold.Weak).ThrowIfFail()).IsSucc;
}
