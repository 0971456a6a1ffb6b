using System;
using System.Runtime.InteropServices;

namespace Tether.Native;

/// <summary>
/// The C functions of tether.h. NativeAOT exports them from the library that references this package (the
/// package's build targets name this assembly in <c>UnmanagedEntryPointsAssembly</c>). Each one answers a
/// code and never lets an exception out: an exception crossing into C would end the process.
/// </summary>
internal static unsafe class TetherExports
{
    /// <summary>The version of the ABI in tether.h (TETHER_ABI_VERSION).</summary>
    public const int AbiVersion = 1;

    [UnmanagedCallersOnly(EntryPoint = "tether_abi_version")]
    private static int Version() => AbiVersion;

    [UnmanagedCallersOnly(EntryPoint = "tether_lookup")]
    private static int Lookup(long handle)
    {
        try
        {
            return NativeHandles.Table.CheckCode(handle);
        }
        catch (Exception)
        {
            return -HandleErrorCode.InvalidArgument;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "tether_state")]
    private static int State(long handle)
    {
        try
        {
            return (int)NativeHandles.Table.State(handle);
        }
        catch (Exception)
        {
            return (int)HandleState.Unknown;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "tether_drop")]
    private static int Drop(long handle)
    {
        try
        {
            return NativeHandles.Table.DropCode(handle);
        }
        catch (Exception)
        {
            return -HandleErrorCode.InvalidArgument;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "tether_loosen")]
    private static int Loosen(long handle)
    {
        try
        {
            return NativeHandles.Table.LoosenCode(handle);
        }
        catch (Exception)
        {
            return -HandleErrorCode.InvalidArgument;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "tether_tighten")]
    private static int Tighten(long handle)
    {
        try
        {
            return NativeHandles.Table.TightenCode(handle);
        }
        catch (Exception)
        {
            return -HandleErrorCode.InvalidArgument;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "tether_counts")]
    private static int Counts(NativeCounts* counts)
    {
        if (counts is null)
            return -HandleErrorCode.InvalidArgument;
        try
        {
            var table = NativeHandles.Table;
            if (table.IsDisposed)
                return -HandleErrorCode.Disposed;
            var c = table.Counts;
            *counts = new NativeCounts(c.Strong, c.Weak, c.Collected, c.Free, c.Retired);
            return GuestCode.Ok;
        }
        catch (Exception)
        {
            return -HandleErrorCode.InvalidArgument;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "tether_next_notice")]
    private static int NextNotice(ulong* handle)
    {
        if (handle is null)
            return -HandleErrorCode.InvalidArgument;
        try
        {
            _ = NativeHandles.Table; // the first call of all makes the table, so that notices can come
            if (NativeNotices.TryNext(out long raw))
            {
                *handle = (ulong)raw;
                return 1;
            }

            return NativeNotices.Stopped ? -HandleErrorCode.Disposed : 0;
        }
        catch (Exception)
        {
            return -HandleErrorCode.InvalidArgument;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "tether_set_notice_callback")]
    private static int SetNoticeCallback(delegate* unmanaged<long, nint, void> callback, nint context)
    {
        try
        {
            _ = NativeHandles.Table;
            return NativeNotices.Subscribe(callback, context);
        }
        catch (Exception)
        {
            return -HandleErrorCode.InvalidArgument;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "tether_shutdown")]
    private static int Shutdown()
    {
        try
        {
            return NativeHandles.Shutdown();
        }
        catch (Exception)
        {
            return -HandleErrorCode.InvalidArgument;
        }
    }
}
