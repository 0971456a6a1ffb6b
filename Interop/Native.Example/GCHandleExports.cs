using System.Runtime.InteropServices;

namespace Tether.Native.Example;

/// <summary>
/// The baseline of the figures (bench/Native): what libraries do without Tether, an object kept by a GCHandle whose
/// IntPtr the caller holds. A stale or forged pointer here is undefined behaviour; the benchmark passes only live ones.
/// This file and Resources/ are also the whole of the baseline library the size figure compares against.
/// </summary>
internal static unsafe class GCHandleExports
{
    [UnmanagedCallersOnly(EntryPoint = "baseline_counter_new")]
    private static nint BaselineNew(long start) => GCHandle.ToIntPtr(GCHandle.Alloc(new Counter(start)));

    [UnmanagedCallersOnly(EntryPoint = "baseline_counter_value")]
    private static int BaselineValue(nint pointer, long* value)
    {
        if (GCHandle.FromIntPtr(pointer).Target is not Counter counter)
            return -4;
        *value = counter.Value;
        return 0;
    }

    [UnmanagedCallersOnly(EntryPoint = "baseline_counter_free")]
    private static void BaselineFree(nint pointer) => GCHandle.FromIntPtr(pointer).Free();
}
