using System;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Contracts;
using System.Runtime.CompilerServices;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Tether;

// Lookups: lock-free reads of the slot table (see Slots/SlotTable.Reads.cs for why they are safe on any
// memory model). Nothing here takes a lock or allocates unless it builds an error.
public sealed partial class HandleTable
{
    /// <summary>Returns the resource if the handle is current, of this table and alive; otherwise none.</summary>
    /// <remarks>
    /// Inlined into its caller, so the type key, the type test and the Option are compiled for
    /// <typeparamref name="T"/> itself, not looked up at run time by shared generic code.
    /// </remarks>
    [Pure]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Option<T> TryGet<T>(Handle<T> handle)
        where T : class =>
        TryGet(handle, out T? resource) ? Option<T>.Some(resource) : default;

    /// <summary>
    /// Returns the resource, or the error that says exactly why not: <see cref="HandleError.Unknown"/>,
    /// <see cref="HandleError.Dropped"/>, <see cref="HandleError.Collected"/>, <see cref="HandleError.WrongType"/>,
    /// <see cref="HandleError.WrongTable"/> or <see cref="HandleError.Disposed"/>.
    /// </summary>
    [Pure]
    public Fin<T> Get<T>(Handle<T> handle)
        where T : class =>
        Lookup(handle.Raw, out T? resource, out _, out var error) ? Fin<T>.Succ(resource) : Fin<T>.Fail(error);

    /// <summary>
    /// The resource of the handle with this raw value, validated as <see cref="Resolve{T}(long)"/> validates it:
    /// <c>Resolve&lt;T&gt;(raw).Bind(Get)</c> in one step, for boundaries that hold only the wire form.
    /// </summary>
    [Pure]
    public Fin<T> Get<T>(long raw)
        where T : class =>
        Lookup(raw, out T? resource, out _, out var error) ? Fin<T>.Succ(resource) : Fin<T>.Fail(error);

    /// <summary>
    /// Gets the resource if the handle is current, of this table and alive, in the style of
    /// <c>ConcurrentDictionary.TryGetValue</c>: no allocation, whatever the answer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet<T>(Handle<T> handle, [MaybeNullWhen(false)] out T resource)
        where T : class
    {
        if (_slots.TryRead(handle.Raw, TypeKey<T>.Id, out var target) && target is T found)
        {
            resource = found;
            return true;
        }

        resource = null;
        return false;
    }

    /// <summary>As <see cref="TryGet{T}(Handle{T}, out T)"/>, for a raw value.</summary>
    public bool TryGet<T>(long raw, [MaybeNullWhen(false)] out T resource)
        where T : class => TryGet(new Handle<T>(raw), out resource);

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
    public HandleState State(long raw) => StateOf(raw, SlotTable.AnyType);

    /// <summary>Which hold the handle has now, or why it has none.</summary>
    [Pure]
    public Fin<Hold> HoldOf<T>(Handle<T> handle)
        where T : class =>
        Lookup<T>(handle.Raw, out _, out bool strong, out var error)
            ? Fin<Hold>.Succ(strong ? Hold.Strong : Hold.Weak)
            : Fin<Hold>.Fail(error);

    /// <summary>
    /// Turns a raw value back into a typed handle, validating it completely: forged, out-of-range, retired,
    /// dropped, other-table and wrong-type values are errors. A handle whose weak resource was collected
    /// still resolves, so that its owner can drop it.
    /// </summary>
    [Pure]
    public Fin<Handle<T>> Resolve<T>(long raw)
        where T : class =>
        NotCurrent(raw, TypeKey<T>.Id, typeof(T)) is { } error ? Fin<Handle<T>>.Fail(error) : Fin<Handle<T>>.Succ(new Handle<T>(raw));

    /// <summary>Turns a compact 32-bit value back into a typed handle, validating it as <see cref="Resolve{T}(long)"/> does.</summary>
    [Pure]
    public Fin<Handle<T>> ResolveCompact<T>(int compact)
        where T : class
    {
        if (compact <= 0)
            return Fin<Handle<T>>.Fail(IsDisposed ? new HandleError.Disposed(compact) : new HandleError.Unknown(compact));

        // An error speaks of the value the caller passed, not of the raw value it expands to.
        long raw = Expand(compact);
        return NotCurrent(raw, TypeKey<T>.Id, typeof(T)) is { } error
            ? Fin<Handle<T>>.Fail(error.ForValue(compact))
            : Fin<Handle<T>>.Succ(new Handle<T>(raw));
    }

    /// <summary>
    /// The compact 32-bit form of a current handle: a positive <see cref="int"/>. Every handle of a
    /// <see cref="HandleFormat.Compact32"/> table has one; in a <see cref="HandleFormat.Raw53"/> table only
    /// handles of the first 1,048,576 slots in their first 2,047 generations do.
    /// </summary>
    [Pure]
    public Fin<int> ToCompact<T>(Handle<T> handle)
        where T : class => ToCompact(handle.Raw, TypeKey<T>.Id, typeof(T));

    /// <summary>The compact form of the handle with this raw value, whatever its resource type.</summary>
    [Pure]
    public Fin<int> ToCompact(long raw) => ToCompact(raw, SlotTable.AnyType, typeof(object));

    private Fin<int> ToCompact(long raw, int typeId, Type type)
    {
        if (NotCurrent(raw, typeId, type) is { } error)
            return Fin<int>.Fail(error);

        int index = HandleLayout.IndexOf(raw);
        int generation = HandleLayout.GenerationOf(raw, _slots.Key);
        return index <= HandleLayout.CompactIndexMask && generation <= HandleLayout.MaxGenerationCompact
            ? Fin<int>.Succ(HandleLayout.Compact(generation, index))
            : Fin<int>.Fail(new HandleError.NoCompactForm(raw));
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
        var view = _slots.Classify(raw);
        return view.State == SlotState.Alive && !IsDisposed
            ? Fin<Unit>.Succ(unit)
            : Fin<Unit>.Fail(ErrorOf(view, raw, SlotTable.AnyType, typeof(object)));
    }

    /// <summary>
    /// The raw value of a compact value, validated as <see cref="ResolveCompact{T}(int)"/> validates it,
    /// whatever the resource type: for callers that only hold the compact wire form.
    /// </summary>
    [Pure]
    public Fin<long> ExpandCompact(int compact)
    {
        if (compact <= 0)
            return Fin<long>.Fail(IsDisposed ? new HandleError.Disposed(compact) : new HandleError.Unknown(compact));
        long raw = Expand(compact);
        return NotCurrent(raw, SlotTable.AnyType, typeof(object)) is { } error ? Fin<long>.Fail(error.ForValue(compact)) : Fin<long>.Succ(raw);
    }

    /// <summary>The raw value a positive compact value stands for in this table (not validated).</summary>
    private long Expand(int compact) =>
        HandleLayout.Raw(HandleLayout.Stamp(_slots.Tag, compact >> HandleLayout.CompactIndexBits, _slots.Key), compact & HandleLayout.CompactIndexMask);

    /// <summary>
    /// The live resource of a current handle of type <typeparamref name="T"/>, and its hold, read in one
    /// consistent read; or the error that says why not. When a change raced the read (the diagnosis then
    /// finds the handle alive after all), it reads again: the handle can only end, never come back, so
    /// this settles.
    /// </summary>
    private bool Lookup<T>(long raw, [NotNullWhen(true)] out T? resource, out bool strong, [NotNullWhen(false)] out HandleError? error)
        where T : class
    {
        int typeId = TypeKey<T>.Id;
        while (true)
        {
            if (_slots.TryRead(raw, typeId, out var target, out strong))
            {
                // The type id matched, so this always holds (see SlotTable.Reads.cs); checked all the same,
                // so an object of another type can never be handed out.
                if (target is T typed)
                {
                    resource = typed;
                    error = null;
                    return true;
                }

                resource = null;
                error = new HandleError.WrongType(raw, typeof(T), target.GetType());
                // Stryker disable once Boolean : unreachable: the type id matched, so the target is a T (a check kept so another type can never be handed out)
                return false;
            }

            var view = _slots.Classify(raw);
            if (view.State == SlotState.Alive && view.IsCurrentAs(typeId) && !IsDisposed)
                continue;
            resource = null;
            error = ErrorOf(view, raw, typeId, typeof(T));
            return false;
        }
    }

    private HandleState StateOf(long raw, int typeId)
    {
        var view = _slots.Classify(raw);
        return view.State switch
        {
            SlotState.Alive or SlotState.Collected when !view.IsCurrentAs(typeId) => HandleState.Unknown,
            SlotState.Alive => HandleState.Alive,
            SlotState.Collected or SlotState.Reclaimed => HandleState.Collected,
            SlotState.Dropped => HandleState.Dropped,
            _ => HandleState.Unknown,
        };
    }

    /// <summary>
    /// The error that says a handle is not current (of the given type, or any with <see cref="SlotTable.AnyType"/>),
    /// or <see langword="null"/> when it is: alive, or a collected tombstone its owner may still drop.
    /// </summary>
    private HandleError? NotCurrent(long raw, int typeId, Type type)
    {
        // The common case first, as cheaply as a lookup: current, of the right type, alive.
        // Stryker disable once Equality : a fast path; whichever values skip it, Classify below gives the same answer
        if (typeId != SlotTable.AnyType && _slots.TryRead(raw, typeId, out _))
            return null;
        var view = _slots.Classify(raw);
        return view.IsCurrentAs(typeId) && !IsDisposed ? null : ErrorOf(view, raw, typeId, type);
    }

    /// <summary>The error for what the slot table said of <paramref name="raw"/>; built outside every lock.</summary>
    private HandleError ErrorOf(SlotView view, long raw, int typeId, Type type)
    {
        if (IsDisposed)
            return new HandleError.Disposed(raw);
        return view.State switch
        {
            SlotState.WrongTable => new HandleError.WrongTable(raw),
            SlotState.Dropped => new HandleError.Dropped(raw),
            SlotState.Reclaimed => new HandleError.Collected(raw, typeId == SlotTable.AnyType ? typeof(object) : type),
            SlotState.Alive or SlotState.Collected when !view.IsCurrentAs(typeId) =>
                new HandleError.WrongType(raw, type, TypeKey.TypeOf(view.TypeId)),
            SlotState.Collected => new HandleError.Collected(raw, typeId == SlotTable.AnyType ? TypeKey.TypeOf(view.TypeId) : type),

            // Unknown, or Alive where an answer raced a change: a value the table cannot vouch for.
            _ => new HandleError.Unknown(raw),
        };
    }
}
