using System;
using System.Collections.Generic;
using System.Diagnostics;
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

    // Lifetimes, each allocated only when a table uses it, and guarded by _gate.
    private readonly NoticeHub? _notices;
    private readonly SlotPolicy _policy;
    private readonly LeakTracking _leakTracking;
    private readonly Action<LeakReport>? _onLeaks;
    private Dictionary<int, HandleScope>? _scopeOf;
    private List<HandleScope>? _scopes;
    private System.Collections.Generic.HashSet<int>? _owned;
    private Dictionary<int, LeakInfo>? _leakInfo;

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
        _policy = options.SlotPolicy;
        _leakTracking = options.LeakTracking;
        _onLeaks = options.OnLeaks;
        if (options.NotifyCollected)
            _notices = new NoticeHub(this);
        TetherMeter.Register(this);
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
        if (!Enum.IsDefined(options.SlotPolicy) || !Enum.IsDefined(options.LeakTracking))
            return Fin<HandleTable>.Fail(new HandleError.InvalidArgument("slot policy or leak tracking is not a defined value."));
        if (options.SlotPolicy == SlotPolicy.Reclaim && !options.NotifyCollected)
            return Fin<HandleTable>.Fail(new HandleError.InvalidArgument("SlotPolicy.Reclaim needs NotifyCollected: the table reclaims a slot when it learns of the collection."));
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
    /// <see cref="HandleError.InvalidArgument"/> (an undefined <paramref name="hold"/> or
    /// <paramref name="ownership"/>), and then adds nothing.
    /// </summary>
    public Fin<Handle<T>> Add<T>(T resource, Hold hold = Hold.Strong, Ownership ownership = Ownership.Borrowed)
        where T : class => AddCore(resource, hold, ownership, scope: null);

    /// <summary>Opens a scope on the table: its handles are dropped when it is disposed.</summary>
    public Fin<HandleScope> OpenScope() => OpenScopeCore(parent: null);

    internal Fin<Handle<T>> AddCore<T>(T resource, Hold hold, Ownership ownership, HandleScope? scope)
        where T : class
    {
        if (resource is null)
            return Fin<Handle<T>>.Fail(new HandleError.NullResource(typeof(T)));
        if (hold is not (Hold.Strong or Hold.Weak))
            return Fin<Handle<T>>.Fail(new HandleError.InvalidArgument($"{(int)hold} is not a Hold."));
        if (ownership is not (Ownership.Borrowed or Ownership.Owned))
            return Fin<Handle<T>>.Fail(new HandleError.InvalidArgument($"{(int)ownership} is not an Ownership."));

        long raw;
        lock (_gate)
        {
            if (_disposed || scope is { Disposed: true })
                return Fin<Handle<T>>.Fail(new HandleError.Disposed(0));
            if (_strong + _weak >= _capacity)
                return Rejected<T>();

            int index = _freeHead;
            var store = _store;
            if (index >= 0)
            {
                _freeHead = SlotStore.Find(store.Pages, index).TypeId;
            }
            else
            {
                if (_highWater >= _maxSlots)
                    return Rejected<T>();
                index = _highWater;
                store.EnsurePage(index);
                _highWater = index + 1;
            }

            ref Slot slot = ref SlotStore.Find(store.Pages, index);
            int generation = slot.Stamp == 0 ? 1 : HandleLayout.GenerationOfStamp(slot.Stamp, _key) + 1;
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
            raw = HandleLayout.Raw(stamp, index);

            if (ownership == Ownership.Owned)
                (_owned ??= []).Add(index);
            if (scope is not null)
            {
                (_scopeOf ??= [])[index] = scope;
                scope.Members.Add(raw);
            }

            if (hold == Hold.Weak)
                _notices?.Watch(resource, raw);
            if (_leakTracking != LeakTracking.Off)
                (_leakInfo ??= [])[index] = new LeakInfo(Stopwatch.GetTimestamp(), _leakTracking == LeakTracking.AgesAndStacks ? Environment.StackTrace : null);
        }

        TetherMeter.Created.Add(1);
        return Fin<Handle<T>>.Succ(new Handle<T>(raw));
    }

    private Fin<Handle<T>> Rejected<T>()
        where T : class
    {
        TetherMeter.Rejected.Add(1);
        return Fin<Handle<T>>.Fail(new HandleError.TableFull(_capacity));
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
        var result = TryLive(store, handle.Raw, TypeKey<T>.Id, typeof(T), out var target, out var error)
            ? Fin<T>.Succ(Unsafe.As<T>(target))
            : Fin<T>.Fail(error);
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
        if (TryLive(store, handle.Raw, TypeKey<T>.Id, typeof(T), out _, out var error))
        {
            ref Slot slot = ref SlotStore.Find(store.Pages, HandleLayout.IndexOf(handle.Raw));
            result = Volatile.Read(ref slot.Strong) is null ? Hold.Weak : Hold.Strong;
        }
        else
        {
            result = Fin<Hold>.Fail(error);
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
        var error = NotCurrent(store, raw, TypeKey<T>.Id, typeof(T));
        GC.KeepAlive(store);
        return error is null ? Fin<Handle<T>>.Succ(new Handle<T>(raw)) : Fin<Handle<T>>.Fail(error);
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
        where T : class => ToCompact(handle, anyType: false);

    private Fin<int> ToCompact<T>(Handle<T> handle, bool anyType)
        where T : class
    {
        var store = _store;
        var error = NotCurrent(store, handle.Raw, anyType ? AnyType : TypeKey<T>.Id, typeof(T));
        GC.KeepAlive(store);
        if (error is not null)
            return Fin<int>.Fail(error);

        int index = HandleLayout.IndexOf(handle.Raw);
        int generation = HandleLayout.GenerationOf(handle.Raw, _key);
        return index <= HandleLayout.CompactIndexMask && generation <= HandleLayout.MaxGenerationCompact
            ? Fin<int>.Succ(HandleLayout.Compact(generation, index))
            : Fin<int>.Fail(new HandleError.NoCompactForm(handle.Raw));
    }

    /// <summary>
    /// Checks a raw value without fetching its resource, whatever the resource type: success when the
    /// handle is current and its resource alive, else the exact error (<see cref="HandleError.Collected"/>,
    /// <see cref="HandleError.Dropped"/>, <see cref="HandleError.Unknown"/>, <see cref="HandleError.WrongTable"/>
    /// or <see cref="HandleError.Disposed"/>).
    /// </summary>
    [Pure]
    public Fin<Unit> Check(long raw)
    {
        var store = _store;
        var error = Diagnose(store, raw, AnyType, typeof(object));
        GC.KeepAlive(store);
        return error is null ? Fin<Unit>.Succ(unit) : Fin<Unit>.Fail(error);
    }

    /// <summary>The compact form of the handle with this raw value, whatever its resource type.</summary>
    [Pure]
    public Fin<int> ToCompact(long raw) => ToCompact(new Handle<object>(raw), anyType: true);

    /// <summary>
    /// The raw value of a compact value, validated as <see cref="ResolveCompact{T}(int)"/> validates it,
    /// whatever the resource type: for callers that only hold the compact wire form.
    /// </summary>
    [Pure]
    public Fin<long> ExpandCompact(int compact)
    {
        if (compact <= 0)
            return Fin<long>.Fail(_disposed ? new HandleError.Disposed(compact) : new HandleError.Unknown(compact));
        long raw = HandleLayout.Raw(HandleLayout.Stamp(_tag, compact >> HandleLayout.CompactIndexBits, _key), compact & HandleLayout.CompactIndexMask);
        var store = _store;
        var error = NotCurrent(store, raw, AnyType, typeof(object));
        GC.KeepAlive(store);
        return error is null ? Fin<long>.Succ(raw) : Fin<long>.Fail(error);
    }

    /// <summary>
    /// The compact form a raw value of this table would have, without validating it: a pure function of
    /// the raw value and the table's key. Tests use it to read slot and generation off a handle they got.
    /// </summary>
    internal int CompactUnchecked(long raw) =>
        HandleLayout.Compact(HandleLayout.GenerationOf(raw, _key), HandleLayout.IndexOf(raw) & HandleLayout.CompactIndexMask);

}
