using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Tether.Benchmarks;

/// <summary>
/// Lookups at 1e3 and 1e6 live handles, in random order. Throughput: independent lookups of a random
/// sequence. Latency: a dependent chain, each lookup needing the previous one's result.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkDotNet.Attributes.GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory, BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByParams)]
public class LookupBenchmarks
{
    public const int Batch = 4096;

    [Params(1_000, 1_000_000)]
    public int Live;

    private HandleTable _table = null!;
    private HandleTable _weakTable = null!;
    private Handle<Res>[] _handles = null!;
    private Handle<Res>[] _weakHandles = null!;
    private Handle<Res>[] _stale = null!;
    private int[] _order = null!;
    private Res[] _resources = null!;

    // The limit: an object[] slot plus an int[] generation compare.
    private object[] _slots = null!;
    private int[] _generations = null!;
    private long[] _limitHandles = null!;

    private ConcurrentDictionary<long, object> _concurrent = null!;
    private Dictionary<long, object> _locked = null!;
    private readonly object _gate = new();
    private GCHandle[] _normal = null!;
    private GCHandle[] _weak = null!;
    private WeakReference<Res>[] _weakRefs = null!;
    private GCHandle<Res>[] _typed = null!;
    private WeakGCHandle<Res>[] _typedWeak = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _resources = new Res[Live];
        for (int i = 0; i < Live; i++)
            _resources[i] = new Res { Value = i };

        _table = HandleTable.TryCreate(new HandleTableOptions { Capacity = Live }).ThrowIfFail();
        _weakTable = HandleTable.TryCreate(new HandleTableOptions { Capacity = Live }).ThrowIfFail();
        _handles = new Handle<Res>[Live];
        _weakHandles = new Handle<Res>[Live];
        _stale = new Handle<Res>[Live];
        for (int i = 0; i < Live; i++)
        {
            _handles[i] = _table.Add(_resources[i]).ThrowIfFail();
            _weakHandles[i] = _weakTable.Add(_resources[i], Hold.Weak).ThrowIfFail();
        }

        // Stale handles: drop and re-add every slot of a third table.
        var staleTable = HandleTable.TryCreate(new HandleTableOptions { Capacity = Live }).ThrowIfFail();
        for (int i = 0; i < Live; i++)
            _stale[i] = staleTable.Add(_resources[i]).ThrowIfFail();
        foreach (var h in _stale)
            staleTable.Drop(h);
        for (int i = 0; i < Live; i++)
            staleTable.Add(_resources[i]).ThrowIfFail();
        _staleTable = staleTable;

        // A random cycle through all resources, for the dependent chain.
        var perm = new int[Live];
        for (int i = 0; i < Live; i++)
            perm[i] = i;
        random.Shuffle(perm);
        for (int i = 0; i < Live; i++)
        {
            var from = _resources[perm[i]];
            int to = perm[(i + 1) % Live];
            from.NextIndex = to;
            from.Next = _handles[to].Raw;
            from.NextHandle = _handles[to];
        }

        _order = new int[Batch];
        for (int i = 0; i < Batch; i++)
            _order[i] = random.Next(Live);

        _slots = new object[Live];
        _generations = new int[Live];
        _limitHandles = new long[Live];
        for (int i = 0; i < Live; i++)
        {
            _slots[i] = _resources[i];
            _generations[i] = 1;
            _limitHandles[i] = (1L << 32) | (uint)i;
        }

        _concurrent = new ConcurrentDictionary<long, object>();
        _locked = new Dictionary<long, object>();
        _normal = new GCHandle[Live];
        _weak = new GCHandle[Live];
        _weakRefs = new WeakReference<Res>[Live];
        _typed = new GCHandle<Res>[Live];
        _typedWeak = new WeakGCHandle<Res>[Live];
        for (int i = 0; i < Live; i++)
        {
            _concurrent[_handles[i].Raw] = _resources[i];
            _locked[_handles[i].Raw] = _resources[i];
            _normal[i] = GCHandle.Alloc(_resources[i]);
            _weak[i] = GCHandle.Alloc(_resources[i], GCHandleType.Weak);
            _weakRefs[i] = new WeakReference<Res>(_resources[i]);
            _typed[i] = new GCHandle<Res>(_resources[i]);
            _typedWeak[i] = new WeakGCHandle<Res>(_resources[i]);
        }
    }

    private HandleTable _staleTable = null!;

    [GlobalCleanup]
    public void Cleanup()
    {
        for (int i = 0; i < Live; i++)
        {
            _normal[i].Free();
            _weak[i].Free();
            _typed[i].Dispose();
            _typedWeak[i].Dispose();
        }

        _table.Dispose();
        _weakTable.Dispose();
        _staleTable.Dispose();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private object? LimitGet(long handle)
    {
        int index = (int)handle;
        int generation = (int)(handle >> 32);
        return (uint)index < (uint)_generations.Length && _generations[index] == generation ? _slots[index] : null;
    }

    // ---- throughput: independent lookups --------------------------------------------------------

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("throughput")]
    public int Limit()
    {
        int sum = 0;
        var order = _order;
        var handles = _limitHandles;
        for (int i = 0; i < order.Length; i++)
        {
            long h = handles[order[i]];
            int index = (int)h;
            if ((uint)index < (uint)_generations.Length && _generations[index] == (int)(h >> 32))
                sum += Unsafe.As<Res>(_slots[index]).Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("throughput")]
    public int TetherStrongGet()
    {
        int sum = 0;
        var order = _order;
        var handles = _handles;
        var table = _table;
        for (int i = 0; i < order.Length; i++)
        {
            var found = table.Get(handles[order[i]]);
            if (found.IsSucc)
                sum += found.ThrowIfFail().Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("throughput")]
    public int TetherStrongTryGet()
    {
        int sum = 0;
        var order = _order;
        var handles = _handles;
        var table = _table;
        for (int i = 0; i < order.Length; i++)
        {
            var found = table.TryGet(handles[order[i]]);
            if (found.IsSome)
                sum += ((Res)found).Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("throughput")]
    public int TetherWeakGet()
    {
        int sum = 0;
        var order = _order;
        var handles = _weakHandles;
        var table = _weakTable;
        for (int i = 0; i < order.Length; i++)
        {
            var found = table.Get(handles[order[i]]);
            if (found.IsSucc)
                sum += found.ThrowIfFail().Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("throughput")]
    public int TetherStaleGet()
    {
        int failed = 0;
        var order = _order;
        var handles = _stale;
        var table = _staleTable;
        for (int i = 0; i < order.Length; i++)
        {
            if (table.Get(handles[order[i]]).IsFail)
                failed++;
        }

        return failed;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("throughput")]
    public int TetherStaleTryGet()
    {
        int failed = 0;
        var order = _order;
        var handles = _stale;
        var table = _staleTable;
        for (int i = 0; i < order.Length; i++)
        {
            if (table.TryGet(handles[order[i]]).IsNone)
                failed++;
        }

        return failed;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("throughput")]
    public int ConcurrentDictionary()
    {
        int sum = 0;
        var order = _order;
        var handles = _handles;
        for (int i = 0; i < order.Length; i++)
        {
            if (_concurrent.TryGetValue(handles[order[i]].Raw, out var found))
                sum += Unsafe.As<Res>(found).Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("throughput")]
    public int LockedDictionary()
    {
        int sum = 0;
        var order = _order;
        var handles = _handles;
        for (int i = 0; i < order.Length; i++)
        {
            lock (_gate)
            {
                if (_locked.TryGetValue(handles[order[i]].Raw, out var found))
                    sum += Unsafe.As<Res>(found).Value;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("throughput")]
    public int GCHandleNormalTarget()
    {
        int sum = 0;
        var order = _order;
        for (int i = 0; i < order.Length; i++)
            sum += Unsafe.As<Res>(_normal[order[i]].Target!).Value;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("throughput")]
    public int GCHandleWeakTarget()
    {
        int sum = 0;
        var order = _order;
        for (int i = 0; i < order.Length; i++)
        {
            if (_weak[order[i]].Target is Res r)
                sum += r.Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("throughput")]
    public int WeakReferenceTryGetTarget()
    {
        int sum = 0;
        var order = _order;
        for (int i = 0; i < order.Length; i++)
        {
            if (_weakRefs[order[i]].TryGetTarget(out var r))
                sum += r.Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("throughput")]
    public int TypedGCHandleTarget()
    {
        int sum = 0;
        var order = _order;
        for (int i = 0; i < order.Length; i++)
            sum += _typed[order[i]].Target.Value;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("throughput")]
    public int TypedWeakGCHandleTryGetTarget()
    {
        int sum = 0;
        var order = _order;
        for (int i = 0; i < order.Length; i++)
        {
            if (_typedWeak[order[i]].TryGetTarget(out var r))
                sum += r.Value;
        }

        return sum;
    }

    // ---- latency: a dependent chain -------------------------------------------------------------

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("latency")]
    public int LimitChain()
    {
        int index = _order[0];
        for (int i = 0; i < Batch; i++)
        {
            long h = _limitHandles[index];
            int slot = (int)h;
            if (_generations[slot] != (int)(h >> 32))
                return -1;
            index = Unsafe.As<Res>(_slots[slot]).NextIndex;
        }

        return index;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("latency")]
    public long TetherStrongChain()
    {
        var table = _table;
        var handle = _handles[_order[0]];
        for (int i = 0; i < Batch; i++)
        {
            var found = table.Get(handle);
            if (found.IsFail)
                return -1;
            handle = found.ThrowIfFail().NextHandle;
        }

        return handle.Raw;
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("latency")]
    public long ConcurrentDictionaryChain()
    {
        long raw = _handles[_order[0]].Raw;
        for (int i = 0; i < Batch; i++)
        {
            if (!_concurrent.TryGetValue(raw, out var found))
                return -1;
            raw = Unsafe.As<Res>(found).Next;
        }

        return raw;
    }
}
