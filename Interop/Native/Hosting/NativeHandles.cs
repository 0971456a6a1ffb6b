using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;
using LanguageExt;

namespace Tether.Native;

/// <summary>
/// The one table a NativeAOT library's C callers hold handles of: the <c>tether_*</c> exports serve it, and the
/// library's own exports mint into it and fetch from it. Handles cross the C boundary as <c>int64_t</c>: a
/// positive raw handle, or a negative <see cref="GuestCode"/> code (the Wasm guest ABI's codes).
/// </summary>
/// <remarks>
/// The table is made on first use, with <see cref="HandleTableOptions.NotifyCollected"/> on (the exports deliver
/// collection notices). <see cref="Configure"/> chooses its options instead, before that first use.
/// <see cref="Shutdown"/> disposes it for good: a NativeAOT library cannot be unloaded, so after shutdown every
/// export answers <c>Disposed</c> (-6) until the process ends.
/// </remarks>
public static class NativeHandles
{
    // No static initializer: a class without a static constructor needs no "is it initialized?" check on every
    // access, and every export reads this field.
    private static HandleTable? _table;
    private static int _shutdown;

    /// <summary>The table the exports serve; made with the default options on first use, unless configured.</summary>
    public static HandleTable Table
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _table) ?? MakeDefault();
    }

    /// <summary>
    /// Makes the table with these options (collection notices always on). Only before the first use of
    /// <see cref="Table"/> (or of any export): later, and for options out of range, an
    /// <see cref="HandleError.InvalidArgument"/>, and the table stays as it is.
    /// </summary>
    /// <remarks>
    /// Reading a <see cref="Fin{A}"/> links LanguageExt's equality, which compiles expression trees, into the
    /// library: about 2.5 MB of a NativeAOT library. Every other member here answers codes and reads none; call
    /// this one only if the library reads Fins anyway (docs/native.md, "Size").
    /// </remarks>
    public static Fin<HandleTable> Configure(HandleTableOptions options) =>
        Publish(options, out var why) is { } table ? Fin<HandleTable>.Succ(table) : Fin<HandleTable>.Fail(new HandleError.InvalidArgument(why!));

    /// <summary>
    /// Adds a resource and returns what a C caller receives: the handle's raw value (positive), or a negative
    /// <see cref="GuestCode"/> code (-7 TableFull, -8 NullResource, -6 Disposed after <see cref="Shutdown"/>).
    /// </summary>
    public static long Mint<T>(T resource, Hold hold = Hold.Strong, Ownership ownership = Ownership.Borrowed)
        where T : class => MintInto(Table, resource, hold, ownership);

    /// <summary>
    /// As <see cref="Mint{T}(T, Hold, Ownership)"/>, into another table the library keeps (a second table whose
    /// values the exports' table answers WrongTable): -10 InvalidArgument when <paramref name="table"/> is null.
    /// </summary>
    public static long MintInto<T>(HandleTable table, T resource, Hold hold = Hold.Strong, Ownership ownership = Ownership.Borrowed)
        where T : class
    {
        if (table is null)
            return -HandleErrorCode.InvalidArgument;
        // AddRaw, not Add: reading a Fin, or making an error, links LanguageExt's reflective equality (docs/native.md).
        long raw = table.AddRaw(resource, hold, ownership, scope: null, out var refusal);
        return refusal == AddRefusal.None ? raw : refusal.Code();
    }

    /// <summary>
    /// The resource behind a raw value from a C caller, for exports that answer with a code: 0 and the
    /// resource, or the error's code (negative: -1 Unknown, -2 Dropped, -3 Collected, -4 WrongType,
    /// -5 WrongTable, -6 Disposed) and null. Takes no lock, and a refusal allocates nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TryGet<T>(long raw, [NotNullWhen(true)] out T? resource)
        where T : class
    {
        // Inlined into the author's export, where T is exact: a shared generic body would look up the type's id
        // through a generic dictionary on every call (measured from C: about twice the cost of the whole read).
        if (Table.TryGet<T>(raw, out var fast))
        {
            resource = fast;
            return GuestCode.Ok;
        }

        return Refusal(raw, out resource);
    }

    /// <summary>Why a value does not resolve, as its code; the slow path of <see cref="TryGet{T}(long, out T)"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Refusal<T>(long raw, out T? resource)
        where T : class
    {
        // The diagnosis reads again when a change raced the first read, so it may find the handle alive after all.
        int code = Table.GetCode(raw, out T? found);
        resource = code == GuestCode.Ok ? found : null;
        return resource is null && code == GuestCode.Ok ? -HandleErrorCode.Unknown : code;
    }

    /// <summary>The resource behind a raw value from a C caller, or the typed error (see <see cref="HandleTable.Get{T}(long)"/>).</summary>
    /// <remarks>It answers a <see cref="Fin{A}"/>: reading one links LanguageExt's reflective equality into the
    /// library (about 2.5 MB; docs/native.md, "Trimming, AOT and size"). <see cref="TryGet{T}(long, out T)"/> does not.</remarks>
    public static Fin<T> Get<T>(long raw)
        where T : class => Table.Get<T>(raw);

    /// <summary>
    /// Ends the native table for good: disposes it (every handle ends, owned resources are disposed), stops the
    /// notice callback (waiting for a call in progress on another thread to return) and answers 0; -6 when it
    /// was already shut down, after the same wait (a call that races the first returns only when the callback has
    /// stopped, too). Notices already queued stay readable by <c>tether_next_notice</c>.
    /// </summary>
    public static int Shutdown()
    {
        // One call wins the 0. Every call, the losers too, ends the table and waits for the callback: a caller told
        // -6 must be able to free what the callback uses, as the winner can.
        bool first = Interlocked.Exchange(ref _shutdown, 1) == 0;
        Table.Dispose();
        NativeNotices.Stop();
        return first ? GuestCode.Ok : -HandleErrorCode.Disposed;
    }

    /// <summary>The default table, made on first use; the table another thread published first, if one did.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static HandleTable MakeDefault() => Publish(new HandleTableOptions(), out _) ?? Volatile.Read(ref _table)!;

    /// <summary>
    /// Makes the table once: the first to publish wins, and a table that lost the race is disposed unseen. It
    /// subscribes to its notices before it is published, so no notice comes before anyone listens. None (and
    /// why) when the options are refused or a table is already made. Makes no error object (see Mint).
    /// </summary>
    private static HandleTable? Publish(HandleTableOptions? options, out string? why)
    {
        if (Volatile.Read(ref _table) is not null)
        {
            why = AlreadyMade;
            return null;
        }

        var table = HandleTable.Make(options is null ? null : options with { NotifyCollected = true }, out why);
        if (table is null)
            return null;
        table.Collected += NativeNotices.Enqueue;
        if (Interlocked.CompareExchange(ref _table, table, null) is null)
            return table;
        table.Dispose();
        why = AlreadyMade;
        return null;
    }

    private const string AlreadyMade = "the native table is already made: configure it before its first use.";
}
