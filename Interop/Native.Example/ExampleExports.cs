using System;
using System.Runtime.InteropServices;

namespace Tether.Native.Example;

/// <summary>
/// The example library's own C functions, beside the tether_* ones the package exports. Each takes handles as
/// int64_t, fetches by NativeHandles.TryGet&lt;T&gt; (0 or a negative code), and answers that code.
/// </summary>
internal static unsafe class ExampleExports
{
    // A second table, only so that the demo can show a handle of another table being refused (WrongTable).
    private static readonly HandleTable Other = HandleTable.Create();

    [UnmanagedCallersOnly(EntryPoint = "example_counter_new")]
    private static long CounterNew(long start) => NativeHandles.Mint(new Counter(start));

    [UnmanagedCallersOnly(EntryPoint = "example_counter_add")]
    private static int CounterAdd(long handle, long by, long* value)
    {
        int code = NativeHandles.TryGet(handle, out Counter? counter);
        if (code == GuestCode.Ok && value is not null)
            *value = counter!.Add(by);
        return code;
    }

    [UnmanagedCallersOnly(EntryPoint = "example_counter_value")]
    private static int CounterValue(long handle, long* value)
    {
        int code = NativeHandles.TryGet(handle, out Counter? counter);
        if (code == GuestCode.Ok && value is not null)
            *value = counter!.Value;
        return code;
    }

    [UnmanagedCallersOnly(EntryPoint = "example_note_new")]
    private static long NoteNew(byte* utf8) =>
        utf8 is null ? -HandleErrorCode.InvalidArgument : NativeHandles.Mint(new Note(Marshal.PtrToStringUTF8((nint)utf8) ?? ""));

    [UnmanagedCallersOnly(EntryPoint = "example_note_length")]
    private static int NoteLength(long handle, long* length)
    {
        int code = NativeHandles.TryGet(handle, out Note? note);
        if (code == GuestCode.Ok && length is not null)
            *length = note!.Text.Length;
        return code;
    }

    [UnmanagedCallersOnly(EntryPoint = "example_other_table_counter")]
    private static long OtherTableCounter() =>
        NativeHandles.MintInto(Other, new Counter(0));

    /// <summary>A full, blocking collection: what makes the demo's loosened objects go (and their notices come).</summary>
    [UnmanagedCallersOnly(EntryPoint = "example_collect")]
    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
