using System;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Contracts;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Tether;

/// <summary>
/// A thread-safe table from typed, generational handles to host resources, held strongly or weakly.
/// </summary>
/// <remarks>
/// <para>Every lookup answers with <see cref="Option{A}"/> or <see cref="Fin{A}"/>; no member returns
/// <see langword="null"/> or throws, for any input, before or after <see cref="Dispose"/>.</para>
/// <para>Lookups take no lock and allocate nothing when they succeed. They read a slot between two reads
/// of its stamp; the stamp changes whenever the slot's handle ends, and a slot never reissues a generation,
/// so a lookup can never return a resource other than the one its handle was issued for. Adding, dropping
/// and changing holds take a short table lock.</para>
/// </remarks>
public sealed partial class HandleTable : IDisposable
{
    private static int s_lastTag;

    private readonly Lock _gate = new();
    private readonly int _tag;
    private readonly int _key;
    private readonly int _capacity;
    private readonly int _maxSlots;
    private readonly int _maxGeneration;
    private readonly HandleFormat _format;

    // Kept after disposal, all slots freed, so State can still tell dropped handles from forged ones.
    private readonly SlotStore _store = new();

    // Guarded by _gate; read without it only for counts and diagnosis.
    private int _highWater;
    private int _freeHead = -1;
    private int _strong;
    private int _weak;
    private int _retired;
    private volatile bool _disposed;

    private HandleTable(HandleTableOptions options)
    {
        _capacity = options.Capacity;
        _format = options.Format;
        _maxSlots = options.Format == HandleFormat.Compact32 ? HandleLayout.MaxSlotsCompact : HandleLayout.MaxSlotsRaw;
        _maxGeneration = options.MaxGenerationOverride > 0
            ? options.MaxGenerationOverride
            : options.Format == HandleFormat.Compact32 ? HandleLayout.MaxGenerationCompact : HandleLayout.MaxGenerationRaw;

        // Tags cycle through 1..255: tag 0 would let a raw value be 0.
        _tag = (int)((uint)Interlocked.Increment(ref s_lastTag) % HandleLayout.TagMask) + 1;
        _key = Random.Shared.Next(0, HandleLayout.GenerationMask + 1);
    }

    /// <summary>Creates a table with the default options: capacity 1,048,576, 53-bit raw handles.</summary>
    [Pure]
    public static HandleTable Create() => new(new HandleTableOptions());

    /// <summary>Creates a table with the given options, or says why they are out of range.</summary>
    [Pure]
    public static Fin<HandleTable> Create(HandleTableOptions options)
    {
        if (options is null)
            return Fin<HandleTable>.Fail(new HandleError.InvalidArgument("options are null."));
        if (!Enum.IsDefined(options.Format))
            return Fin<HandleTable>.Fail(new HandleError.InvalidArgument($"{(int)options.Format} is not a HandleFormat."));

        int maxSlots = options.Format == HandleFormat.Compact32 ? HandleLayout.MaxSlotsCompact : HandleLayout.MaxSlotsRaw;
        if (options.Capacity < 1 || options.Capacity > maxSlots)
            return Fin<HandleTable>.Fail(new HandleError.InvalidArgument(
                $"capacity {options.Capacity} is outside 1..{maxSlots} for format {options.Format}."));
        if (options.MaxGenerationOverride < 0 || options.MaxGenerationOverride > HandleLayout.MaxGenerationRaw)
            return Fin<HandleTable>.Fail(new HandleError.InvalidArgument(
                $"generation limit {options.MaxGenerationOverride} is outside 0..{HandleLayout.MaxGenerationRaw}."));

        return Fin<HandleTable>.Succ(new HandleTable(options));
    }

    /// <summary>The most live handles the table holds at once.</summary>
    public int Capacity => _capacity;

    /// <summary>Which raw forms every handle of the table has.</summary>
    public HandleFormat Format => _format;

    /// <summary>Whether <see cref="Dispose"/> has been called.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>
    /// Adds a resource and returns its handle. Fails with <see cref="HandleError.NullResource"/>,
    /// <see cref="HandleError.TableFull"/>, <see cref="HandleError.Disposed"/> or
    /// <see cref="HandleError.InvalidArgument"/> (an undefined <paramref name="hold"/>), and then adds nothing.
    /// </summary>
    public Fin<Handle<T>> Add<T>(T resource, Hold hold = Hold.Strong)
        where T : class
    {
        if (resource is null)
            return Fin<Handle<T>>.Fail(new HandleError.NullResource(typeof(T)));
        if (hold is not (Hold.Strong or Hold.Weak))
            return Fin<Handle<T>>.Fail(new HandleError.InvalidArgument($"{(int)hold} is not a Hold."));

        lock (_gate)
        {
            if (_disposed)
                return Fin<Handle<T>>.Fail(new HandleError.Disposed(0));
            if (_strong + _weak >= _capacity)
                return Fin<Handle<T>>.Fail(new HandleError.TableFull(_capacity));

            int index = _freeHead;
            var store = _store;
            if (index >= 0)
            {
                _freeHead = SlotStore.Find(store.Pages, index).TypeId;
            }
            else
            {
                if (_highWater >= _maxSlots)
                    return Fin<Handle<T>>.Fail(new HandleError.TableFull(_capacity));
                index = _highWater;
                store.EnsurePage(index);
                _highWater = index + 1;
            }

            ref Slot slot = ref SlotStore.Find(store.Pages, index);
            int generation = HandleLayout.GenerationOfStamp(slot.Stamp, _key) + 1;
            if (slot.Stamp == 0)
                generation = 1; // a fresh slot
            int stamp = HandleLayout.Stamp(_tag, generation, _key);

            slot.TypeId = TypeKey<T>.Id;
            if (hold == Hold.Strong)
            {
                slot.Strong = resource;
                _strong++;
            }
            else
            {
                SetWeakTarget(ref slot, resource);
                slot.Strong = null;
                _weak++;
            }

            // Publishing the stamp last is what makes the entry visible to lookups.
            Volatile.Write(ref slot.Stamp, stamp);
            return Fin<Handle<T>>.Succ(new Handle<T>(HandleLayout.Raw(stamp, index)));
        }
    }

    /// <summary>Returns the resource if the handle is current, of this table and alive; otherwise none.</summary>
    [Pure]
    public Option<T> TryGet<T>(Handle<T> handle)
        where T : class
    {
        var store = _store;
        var found = TryRead(store, handle.Raw, TypeKey<T>.Id, out var target)
            ? Option<T>.Some(Unsafe.As<T>(target))
            : Option<T>.None;
        GC.KeepAlive(store);
        return found;
    }

    /// <summary>
    /// Returns the resource, or the error that says exactly why not: <see cref="HandleError.Unknown"/>,
    /// <see cref="HandleError.Dropped"/>, <see cref="HandleError.Collected"/>, <see cref="HandleError.WrongType"/>,
    /// <see cref="HandleError.WrongTable"/> or <see cref="HandleError.Disposed"/>.
    /// </summary>
    [Pure]
    public Fin<T> Get<T>(Handle<T> handle)
        where T : class
    {
        var store = _store;
        Fin<T> result;
        while (true)
        {
            if (TryRead(store, handle.Raw, TypeKey<T>.Id, out var target))
            {
                result = Fin<T>.Succ(Unsafe.As<T>(target));
                break;
            }

            if (Diagnose(store, handle.Raw, TypeKey<T>.Id, typeof(T)) is { } error)
            {
                result = Fin<T>.Fail(error);
                break;
            }
        }

        GC.KeepAlive(store);
        return result;
    }

    /// <summary>Says whether a handle is alive, dropped, collected or unknown to this table, without fetching it.</summary>
    [Pure]
    public HandleState State<T>(Handle<T> handle)
        where T : class => StateOf(handle.Raw, TypeKey<T>.Id);

    /// <summary>
    /// Says what the table knows of a raw value. Values this table never issued (forged, out of range,
    /// minted by another table) are <see cref="HandleState.Unknown"/>; after disposal every issued
    /// handle is <see cref="HandleState.Dropped"/>.
    /// </summary>
    [Pure]
    public HandleState State(long raw) => StateOf(raw, typeId: 0);

    /// <summary>Which hold the handle has now, or why it has none.</summary>
    [Pure]
    public Fin<Hold> HoldOf<T>(Handle<T> handle)
        where T : class
    {
        var store = _store;
        Fin<Hold> result;
        while (true)
        {
            if (TryRead(store, handle.Raw, TypeKey<T>.Id, out _))
            {
                ref Slot slot = ref SlotStore.Find(store.Pages, HandleLayout.IndexOf(handle.Raw));
                result = Volatile.Read(ref slot.Strong) is null ? Hold.Weak : Hold.Strong;
                break;
            }

            if (Diagnose(store, handle.Raw, TypeKey<T>.Id, typeof(T)) is { } error)
            {
                result = Fin<Hold>.Fail(error);
                break;
            }
        }

        GC.KeepAlive(store);
        return result;
    }

    /// <summary>
    /// Turns a raw value back into a typed handle, validating it completely: forged, out-of-range, retired,
    /// dropped, other-table and wrong-type values are errors. A handle whose weak resource was collected
    /// still resolves, so that its owner can drop it.
    /// </summary>
    [Pure]
    public Fin<Handle<T>> Resolve<T>(long raw)
        where T : class
    {
        var store = _store;
        var error = Diagnose(store, raw, TypeKey<T>.Id, typeof(T));
        GC.KeepAlive(store);
        return error is null || error is HandleError.Collected
            ? Fin<Handle<T>>.Succ(new Handle<T>(raw))
            : Fin<Handle<T>>.Fail(error);
    }

    /// <summary>Turns a compact 32-bit value back into a typed handle, validating it as <see cref="Resolve{T}(long)"/> does.</summary>
    [Pure]
    public Fin<Handle<T>> ResolveCompact<T>(int compact)
        where T : class
    {
        if (compact <= 0)
            return Fin<Handle<T>>.Fail(_disposed ? new HandleError.Disposed(compact) : new HandleError.Unknown(compact));

        int index = compact & HandleLayout.CompactIndexMask;
        int generation = compact >> HandleLayout.CompactIndexBits;
        return Resolve<T>(HandleLayout.Raw(HandleLayout.Stamp(_tag, generation, _key), index));
    }

    /// <summary>
    /// The compact 32-bit form of a current handle: a positive <see cref="int"/>. Every handle of a
    /// <see cref="HandleFormat.Compact32"/> table has one; in a <see cref="HandleFormat.Raw53"/> table only
    /// handles of the first 1,048,576 slots in their first 2,047 generations do.
    /// </summary>
    [Pure]
    public Fin<int> ToCompact<T>(Handle<T> handle)
        where T : class
    {
        var resolved = Resolve<T>(handle.Raw);
        if (resolved.IsFail)
            return resolved.Map(_ => 0);

        int index = HandleLayout.IndexOf(handle.Raw);
        int generation = HandleLayout.GenerationOf(handle.Raw, _key);
        return index <= HandleLayout.CompactIndexMask && generation <= HandleLayout.MaxGenerationCompact
            ? Fin<int>.Succ(HandleLayout.Compact(generation, index))
            : Fin<int>.Fail(new HandleError.NoCompactForm(handle.Raw));
    }

    /// <summary>
    /// The compact form a raw value of this table would have, without validating it: a pure function of
    /// the raw value and the table's key. Tests use it to read slot and generation off a handle they got.
    /// </summary>
    internal int CompactUnchecked(long raw) =>
        HandleLayout.Compact(HandleLayout.GenerationOf(raw, _key), HandleLayout.IndexOf(raw) & HandleLayout.CompactIndexMask);

    /// <summary>Ends a handle. A second drop, or a drop of a handle that is not current, gives the error and changes nothing.</summary>
    public Fin<Unit> Drop<T>(Handle<T> handle)
        where T : class
    {
        lock (_gate)
        {
            if (CheckCurrent(handle.Raw, TypeKey<T>.Id, typeof(T)) is { } error)
                return Fin<Unit>.Fail(error);
            End(handle.Raw);
            return Fin<Unit>.Succ(unit);
        }
    }

    /// <summary>Ends a handle and returns its resource. A collected resource gives <see cref="HandleError.Collected"/> and the handle stays until dropped.</summary>
    public Fin<T> Take<T>(Handle<T> handle)
        where T : class
    {
        lock (_gate)
        {
            if (CheckCurrent(handle.Raw, TypeKey<T>.Id, typeof(T)) is { } error)
                return Fin<T>.Fail(error);
            if (TargetOf(handle.Raw) is not { } target)
                return Fin<T>.Fail(new HandleError.Collected(handle.Raw, typeof(T)));
            End(handle.Raw);
            return Fin<T>.Succ(Unsafe.As<T>(target));
        }
    }

    /// <summary>Turns a strong hold weak, so the table no longer keeps the resource alive. A weak hold stays weak.</summary>
    public Fin<Unit> Loosen<T>(Handle<T> handle)
        where T : class
    {
        lock (_gate)
        {
            if (CheckCurrent(handle.Raw, TypeKey<T>.Id, typeof(T)) is { } error)
                return Fin<Unit>.Fail(error);

            ref Slot slot = ref SlotStore.Find(_store.Pages, HandleLayout.IndexOf(handle.Raw));
            if (slot.Strong is { } target)
            {
                // The weak target goes in before the strong one goes out, so a concurrent lookup finds one of them.
                SetWeakTarget(ref slot, target);
                Volatile.Write(ref slot.Strong, null);
                _strong--;
                _weak++;
            }
            else if (!slot.Weak.TryGetTarget(out _))
            {
                return Fin<Unit>.Fail(new HandleError.Collected(handle.Raw, typeof(T)));
            }

            return Fin<Unit>.Succ(unit);
        }
    }

    /// <summary>Turns a weak hold strong again if the resource still lives, else gives <see cref="HandleError.Collected"/>.</summary>
    public Fin<Unit> Tighten<T>(Handle<T> handle)
        where T : class
    {
        lock (_gate)
        {
            if (CheckCurrent(handle.Raw, TypeKey<T>.Id, typeof(T)) is { } error)
                return Fin<Unit>.Fail(error);

            ref Slot slot = ref SlotStore.Find(_store.Pages, HandleLayout.IndexOf(handle.Raw));
            if (slot.Strong is null)
            {
                if (!slot.Weak.TryGetTarget(out var target))
                    return Fin<Unit>.Fail(new HandleError.Collected(handle.Raw, typeof(T)));

                // The weak target stays: a lookup that already missed Strong must still find it there.
                Volatile.Write(ref slot.Strong, target);
                _weak--;
                _strong++;
            }

            return Fin<Unit>.Succ(unit);
        }
    }

    /// <summary>
    /// How many handles are strong, weak, collected and free. A snapshot: exact when no other thread is
    /// changing the table, and never torn. Counting collected handles scans the weak ones.
    /// </summary>
    public TableCounts Counts
    {
        get
        {
            lock (_gate)
            {
                int collected = _weak == 0 ? 0 : CountCollected();
                int weak = _weak - collected;
                return new TableCounts(_strong, weak, collected, _capacity - _strong - _weak, _retired);
            }
        }
    }

    /// <summary>
    /// Ends every handle and releases every resource the table holds. Afterwards every member answers
    /// <see cref="HandleError.Disposed"/>. Idempotent and safe to race with any other member.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;

            var pages = _store.Pages;
            for (int index = 0; index < _highWater; index++)
            {
                ref Slot slot = ref SlotStore.Find(pages, index);
                if ((slot.Stamp & SlotStore.FreeBit) == 0)
                    Release(ref slot);
            }

            _strong = _weak = 0;
            _freeHead = -1;
        }
    }

    /// <summary>The lock-free fast path: the live target of a current handle of the given type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryRead(SlotStore store, long raw, int typeId, [NotNullWhen(true)] out object? target)
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

                // A drop changes the stamp before it clears the slot, and the stamp never comes back.
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

    /// <summary>
    /// Why a lookup of <paramref name="raw"/> as type <paramref name="typeId"/> fails, or <see langword="null"/>
    /// when the handle is current and its resource alive (the caller raced a change and should look again).
    /// </summary>
    private HandleError? Diagnose(SlotStore store, long raw, int typeId, Type type)
    {
        if (_disposed)
            return new HandleError.Disposed(raw);

        var (state, slotTypeId) = Classify(store, raw);
        return state switch
        {
            Classification.WrongTable => new HandleError.WrongTable(raw),
            Classification.Unknown => new HandleError.Unknown(raw),
            Classification.Dropped => new HandleError.Dropped(raw),
            _ when slotTypeId != typeId => new HandleError.WrongType(raw, type, TypeKey.TypeOf(slotTypeId)),
            Classification.Collected => new HandleError.Collected(raw, type),
            _ => null,
        };
    }

    private HandleState StateOf(long raw, int typeId)
    {
        var store = _store;
        var (state, slotTypeId) = Classify(store, raw);
        GC.KeepAlive(store);
        return state switch
        {
            Classification.Alive or Classification.Collected when typeId != 0 && slotTypeId != typeId => HandleState.Unknown,
            Classification.Alive => HandleState.Alive,
            Classification.Collected => HandleState.Collected,
            Classification.Dropped => HandleState.Dropped,
            _ => HandleState.Unknown,
        };
    }

    private enum Classification { Unknown, WrongTable, Dropped, Collected, Alive }

    /// <summary>Reads everything the table knows of a raw value, without a lock.</summary>
    private (Classification State, int TypeId) Classify(SlotStore store, long raw)
    {
        if (raw <= 0 || raw > HandleLayout.MaxRaw)
            return (Classification.Unknown, 0);
        int tag = HandleLayout.TagOf(raw);
        if (tag != _tag)
            return (tag == 0 ? Classification.Unknown : Classification.WrongTable, 0); // no table has tag 0

        int index = HandleLayout.IndexOf(raw);
        int generation = HandleLayout.GenerationOf(raw, _key);
        ref Slot slot = ref SlotStore.Find(store.Pages, index);
        if (generation == 0 || index >= Volatile.Read(ref _highWater) || Unsafe.IsNullRef(ref slot))
            return (Classification.Unknown, 0);

        int stamp = Volatile.Read(ref slot.Stamp);
        int current = HandleLayout.GenerationOfStamp(stamp, _key);
        if (generation > current || (stamp & ~SlotStore.FreeBit) == 0)
            return (Classification.Unknown, 0);
        if (generation < current || (stamp & SlotStore.FreeBit) != 0)
            return (Classification.Dropped, 0);

        int typeId = slot.TypeId;
        bool alive = Volatile.Read(ref slot.Strong) is not null
            || (slot.Weak.IsAllocated && slot.Weak.TryGetTarget(out _));
        if (Volatile.Read(ref slot.Stamp) != stamp)
            return Classify(store, raw); // the handle ended while we looked; look again
        return (alive ? Classification.Alive : Classification.Collected, typeId);
    }

    /// <summary>Under the lock: the error that stops a mutation of <paramref name="raw"/>, or null when it is current.</summary>
    private HandleError? CheckCurrent(long raw, int typeId, Type type) =>
        Diagnose(_store, raw, typeId, type) is { } error and not HandleError.Collected ? error : null;

    /// <summary>Under the lock: the resource of a current handle, or null when it was collected.</summary>
    private object? TargetOf(long raw)
    {
        ref Slot slot = ref SlotStore.Find(_store.Pages, HandleLayout.IndexOf(raw));
        if (slot.Strong is { } strong)
            return strong;
        return slot.Weak.TryGetTarget(out var weak) ? weak : null;
    }

    /// <summary>Under the lock: ends the current handle <paramref name="raw"/> and frees or retires its slot.</summary>
    private void End(long raw)
    {
        int index = HandleLayout.IndexOf(raw);
        ref Slot slot = ref SlotStore.Find(_store.Pages, index);
        if (slot.Strong is null)
            _weak--;
        else
            _strong--;

        Release(ref slot);

        if (HandleLayout.GenerationOfStamp(slot.Stamp, _key) >= _maxGeneration)
        {
            _retired++; // never reissued: its next generation would not fit, or would repeat
            return;
        }

        slot.TypeId = _freeHead;
        _freeHead = index;
    }

    /// <summary>Under the lock: marks a slot free (stamp first, so lookups stop matching) and lets go of its resource.</summary>
    private static void Release(ref Slot slot)
    {
        // A full fence, not a release write: the clears below must not become visible before the stamp
        // change, or a lookup could see an empty slot that still looks current.
        Interlocked.Exchange(ref slot.Stamp, slot.Stamp | SlotStore.FreeBit);
        slot.Strong = null;
        if (slot.Weak.IsAllocated)
            slot.Weak.SetTarget(null!);
    }

    private static void SetWeakTarget(ref Slot slot, object target)
    {
        if (slot.Weak.IsAllocated)
            slot.Weak.SetTarget(target);
        else
            slot.Weak = new WeakGCHandle<object>(target);
    }

    private int CountCollected()
    {
        var pages = _store.Pages;
        int collected = 0;
        for (int index = 0; index < _highWater; index++)
        {
            ref Slot slot = ref SlotStore.Find(pages, index);
            if ((slot.Stamp & SlotStore.FreeBit) == 0 && slot.Stamp != 0 && slot.Strong is null
                && !slot.Weak.TryGetTarget(out _))
                collected++;
        }

        return collected;
    }
}
