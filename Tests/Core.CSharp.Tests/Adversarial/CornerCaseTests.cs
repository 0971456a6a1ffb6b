using System;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Threading;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Adversarial;

/// <summary>Corner cases of slot reuse, retirement, scopes and error values made from nulls, one test each.</summary>
public class CornerCaseTests
{
    [Fact]
    public void HoldOf_a_handle_that_was_only_ever_strong_never_answers_weak_while_its_slot_is_reused_weakly()
    {
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Capacity = 16 }).Value();
        var kept = new Resource(0); // the weak resources stay alive
        long last = 0;

        var failure = Race.Run(
            TimeSpan.FromSeconds(2),
            () =>
            {
                var strong = table.Add(new Resource(1)).Value();
                Volatile.Write(ref last, strong.Raw);
                Linger(table, strong);
                table.Drop(strong).Value();

                // The same slot again (the free list is last in, first out), now weak; another one loosened.
                var weak = table.Add(kept, Hold.Weak).Value();
                var loosened = table.Add(kept).Value();
                table.Loosen(loosened).Value();
                Linger(table, weak);
                table.Drop(weak).Value();
                table.Drop(loosened).Value();
            },
            () =>
            {
                long raw = Volatile.Read(ref last);
                var resolved = table.Resolve<Resource>(raw);
                if (raw == 0 || !resolved.IsSucc)
                    return null;
                var hold = table.HoldOf(resolved.Value());
                if (hold.IsSucc && hold.Value() != Hold.Strong)
                    return $"HoldOf({raw}) answered {hold.Value()} for a handle that was only ever strong";
                if (hold.IsFail && hold.Error().Code != HandleErrorCode.Dropped)
                    return $"HoldOf({raw}) answered {hold.Error().Message}";
                return null;
            },
            extraProbers: 2); // more threads than cores: a probe is often preempted mid-lookup

        Assert.Null(failure);
        GC.KeepAlive(kept);
    }

    /// <summary>Keeps a handle current for a little while, so that probes find each phase often.</summary>
    private static void Linger(HandleTable table, Handle<Resource> handle)
    {
        for (int i = 0; i < 20; i++)
            table.TryGet(handle);
    }

    [Fact]
    public void A_table_whose_every_slot_retired_still_has_its_capacity_free_and_brings_the_oldest_back()
    {
        // Capacity is the slot limit of the compact format, and every slot retires after one generation:
        // once all of them are used and dropped, every slot rests, and the next add brings back the one that
        // retired first, at its next generation.
        const int slots = 1 << 20;
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Format = HandleFormat.Compact32, Capacity = slots, MaxGenerationOverride = 1 }).Value();
        var resource = new Resource(1);
        var handles = new Handle<Resource>[slots];
        for (int i = 0; i < slots; i++)
            handles[i] = table.Add(resource).Value();
        foreach (var handle in handles)
            table.Drop(handle).Value();

        Assert.Equal(new TableCounts(0, 0, 0, slots, slots), table.Counts);
        var next = table.Add(new Resource(3)).Value();
        Assert.Equal(handles[0].Raw & 0xF_FFFF, next.Raw & 0xF_FFFF);
        int first = table.CompactUnchecked(handles[0].Raw);
        Assert.Equal((((first >> 20) % 2047 + 1) << 20) | (first & 0xF_FFFF), table.CompactUnchecked(next.Raw));
        Assert.Equal(new TableCounts(1, 0, 0, slots - 1, slots - 1), table.Counts);
    }

    [Fact]
    public void A_retired_slot_still_counts_as_free_since_it_comes_back_when_nothing_else_is_left()
    {
        const int slots = 1 << 20;
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, Format = HandleFormat.Compact32, Capacity = slots, MaxGenerationOverride = 1 }).Value();
        var resource = new Resource(1);
        var first = table.Add(resource).Value();
        table.Drop(first).Value(); // slot 0 retires

        Assert.Equal(new TableCounts(0, 0, 0, slots, 1), table.Counts);
    }

    [Fact]
    public void Disposing_an_ordinary_scope_with_strong_handles_does_not_report_leaks()
    {
        int reports = 0;
        using var table = HandleTable.TryCreate(new HandleTableOptions { OwnValueSpace = true, OnLeaks = _ => Interlocked.Increment(ref reports) }).Value();
        var scope = table.OpenScope();
        scope.Add(new Resource(1)).Value();
        scope.Add(new Resource(2)).Value();
        var child = scope.OpenScope();
        child.Add(new Resource(3)).Value();

        child.Dispose();
        scope.Dispose();

        Assert.Equal(0, reports);
    }

    // ---- public constructors given nulls ---------------------------------------------------------

    [Fact]
    public void A_Collected_error_made_with_a_null_type_neither_throws_nor_exposes_null()
    {
        HandleError.Collected? error = null;
        Assert.Null(Record.Exception(() => error = new HandleError.Collected(1, null!)));
        AssertReadable(error!);
        Assert.NotNull(error!.Type);
    }

    [Fact]
    public void A_WrongType_error_made_with_null_types_neither_throws_nor_exposes_null()
    {
        HandleError.WrongType? error = null;
        Assert.Null(Record.Exception(() => error = new HandleError.WrongType(1, null!, null!)));
        AssertReadable(error!);
        Assert.NotNull(error!.Expected);
        Assert.NotNull(error.Actual);
    }

    [Fact]
    public void A_NullResource_error_made_with_a_null_type_neither_throws_nor_exposes_null()
    {
        HandleError.NullResource? error = null;
        Assert.Null(Record.Exception(() => error = new HandleError.NullResource(null!)));
        AssertReadable(error!);
        Assert.NotNull(error!.Type);
    }

    [Fact]
    public void A_DisposeFailed_error_made_with_a_null_exception_neither_throws_nor_exposes_null()
    {
        HandleError.DisposeFailed? error = null;
        Assert.Null(Record.Exception(() => error = new HandleError.DisposeFailed(1, null!)));
        AssertReadable(error!);
        Assert.NotNull(error!.Thrown);
    }

    [Fact]
    public void An_InvalidArgument_error_made_with_a_null_reason_neither_throws_nor_exposes_null()
    {
        HandleError.InvalidArgument? error = null;
        Assert.Null(Record.Exception(() => error = new HandleError.InvalidArgument(null!)));
        AssertReadable(error!);
        Assert.NotNull(error!.Reason);
    }

    private static void AssertReadable(HandleError error)
    {
        Assert.NotNull(error);
        string? message = null, text = null;
        Assert.Null(Record.Exception(() =>
        {
            message = error.Message;
            text = error.ToString();
        }));
        Assert.NotNull(message);
        Assert.NotNull(text);
    }

    [Fact]
    public void A_LeakReport_made_with_null_entries_is_empty()
    {
        LeakReport? report = null;
        Assert.Null(Record.Exception(() => report = new LeakReport(null!)));
        Assert.NotNull(report!.Entries);
        Assert.Empty(report.Entries);
        Assert.Null(Record.Exception(() => Assert.Equal(0, report.Total)));
        Assert.True(report.IsEmpty);
        Assert.Null(Record.Exception(() => Assert.NotNull(report.ToString())));
    }

    [Fact]
    public void A_LeakEntry_made_with_nulls_exposes_no_null()
    {
        LeakEntry? entry = null;
        Assert.Null(Record.Exception(() => entry = new LeakEntry(null!, 1, null, null!)));
        Assert.NotNull(entry!.Type);
        Assert.NotNull(entry.Stacks);
        Assert.Null(Record.Exception(() => Assert.NotNull(entry.ToString())));
    }

    [Fact]
    public void A_default_CollectionNotice_has_a_type()
    {
        Assert.NotNull(default(CollectionNotice).Type);
    }

    // ---- types -----------------------------------------------------------------------------------

    [Fact]
    public void A_table_does_not_keep_a_collectible_type_alive_after_its_handles_end()
    {
        var type = AddDropAndForgetACollectibleType();

        for (int i = 0; i < 20 && type.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (type.IsAlive)
                Thread.Sleep(10);
        }

        Assert.False(type.IsAlive, "the collectible type was still alive after its only table was disposed");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AddDropAndForgetACollectibleType()
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(
            new AssemblyName("Tether.Collectible." + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.RunAndCollect);
        var builder = assembly.DefineDynamicModule("Collectible").DefineType("CollectibleResource", TypeAttributes.Public | TypeAttributes.Class);
        builder.DefineDefaultConstructor(MethodAttributes.Public);
        var type = builder.CreateType();

        var table = Fresh.Table();
        var add = typeof(CornerCaseTests).GetMethod(nameof(AddAndLookUp), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);
        long raw = (long)add.Invoke(null, [table, Activator.CreateInstance(type)!])!;
        table.Drop(raw).Value();
        table.Dispose();
        return new WeakReference(type);
    }

    private static long AddAndLookUp<T>(HandleTable table, T resource)
        where T : class
    {
        var handle = table.Add(resource).Value();
        Assert.Same(resource, table.Get(handle).Value());
        table.Resolve<object>(handle.Raw).Error(); // a wrong-type answer names both types
        return handle.Raw;
    }
}
