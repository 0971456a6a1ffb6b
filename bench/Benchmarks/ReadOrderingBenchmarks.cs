using System;
using System.Runtime.CompilerServices;
using System.Threading;
using BenchmarkDotNet.Attributes;

namespace Tether.Benchmarks;

/// <summary>
/// What the memory-model-safe lookup costs: the slot table's read as it is now (range check first, acquire
/// loads of type id and resource, a full fence on the weak path, a real type test before handing the object
/// out) against the read as it was before the fix (plain loads between two acquire stamp reads, no range
/// check, <c>Unsafe.As</c>), over the same slots, in the same run. The "before" read is kept here only as a
/// baseline: it is not correct on ARM64.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkDotNet.Attributes.GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
public class ReadOrderingBenchmarks
{
    public const int Live = 1_000;
    public const int Batch = 4096;

    private SlotTable _strong = null!;
    private SlotTable _weak = null!;
    private long[] _strongRaws = null!;
    private long[] _weakRaws = null!;
    private int[] _order = null!;
    private Res[] _resources = null!;
    private readonly int _typeId = TypeKey<Res>.Id;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _resources = new Res[Live];
        _strong = new SlotTable(1, 12345, Live, HandleLayout.MaxSlotsRaw, HandleLayout.MaxGenerationRaw);
        _weak = new SlotTable(2, 54321, Live, HandleLayout.MaxSlotsRaw, HandleLayout.MaxGenerationRaw);
        _strongRaws = new long[Live];
        _weakRaws = new long[Live];
        for (int i = 0; i < Live; i++)
        {
            _resources[i] = new Res { Value = i };
            _strongRaws[i] = _strong.Claim(_resources[i], strong: true, _typeId, out _);
            _weakRaws[i] = _weak.Claim(_resources[i], strong: false, _typeId, out _);
        }

        _order = new int[Batch];
        for (int i = 0; i < Batch; i++)
            _order[i] = random.Next(Live);
    }

    /// <summary>The read before the fix, verbatim but for the names: correct on x64 only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ReadBeforeFix(SlotStore store, long raw, int typeId, out object? target)
    {
        ref Slot slot = ref SlotStore.Find(store.Pages, HandleLayout.IndexOf(raw));
        if (!Unsafe.IsNullRef(ref slot))
        {
            int stamp = Volatile.Read(ref slot.Stamp);
            if (stamp == raw >> HandleLayout.IndexBits && slot.TypeId == typeId)
            {
                object? found = Volatile.Read(ref slot.Strong);
                if (found is null && slot.Weak.IsAllocated)
                    slot.Weak.TryGetTarget(out found);
                if (found is not null && Volatile.Read(ref slot.Stamp) == stamp)
                {
                    target = found;
                    return true;
                }
            }
        }

        target = null;
        return false;
    }

    private int SumBeforeFix(SlotTable table, long[] raws)
    {
        int sum = 0;
        var store = table.Store;
        int typeId = _typeId;
        foreach (int i in _order)
        {
            if (ReadBeforeFix(store, raws[i], typeId, out var target))
                sum += Unsafe.As<Res>(target!).Value;
        }

        GC.KeepAlive(store);
        return sum;
    }

    private int SumOrdered(SlotTable table, long[] raws)
    {
        int sum = 0;
        int typeId = _typeId;
        foreach (int i in _order)
        {
            if (table.TryRead(raws[i], typeId, out var target) && target is Res resource)
                sum += resource.Value;
        }

        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("strong")]
    public int StrongBeforeFix() => SumBeforeFix(_strong, _strongRaws);

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("strong")]
    public int StrongOrdered() => SumOrdered(_strong, _strongRaws);

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("weak")]
    public int WeakBeforeFix() => SumBeforeFix(_weak, _weakRaws);

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("weak")]
    public int WeakOrdered() => SumOrdered(_weak, _weakRaws);
}
