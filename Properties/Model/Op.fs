namespace Tether.Properties

open Tether

/// A value handed to the table in place of a handle it issued: how the suite forges, corrupts and replays raw values.
type RawOf =
    /// Handle n's raw value XOR-ed with a mask: 0 is the raw itself (current or stale); one bit flips a slot
    /// bit (0..23), a generation bit (24..44), a tag bit (45..52) or goes out of range (53..63).
    | RawXor of handle: int * xor: int64
    /// A 64-bit value outside MinRaw..MaxRaw (negative, tag 0, or above 2^53 - 1).
    | Literal of value: int64
    /// A value with this table's tag naming slot `slot` at generation `generation` (the Sut XORs in the table's key).
    | Forged of slot: int * generation: int

    override r.ToString() =
        match r with
        | RawXor(h, 0L) -> $"raw h{h}"
        | RawXor(h, x) when x <> 0L && x &&& (x - 1L) = 0L ->
            let bit = System.Numerics.BitOperations.Log2(uint64 x)
            let part = if bit < 24 then "slot" elif bit < 45 then "generation" elif bit < 53 then "tag" else "out of range"
            $"raw h{h} with bit {bit} flipped ({part})"
        | RawXor(h, x) -> $"raw h{h} xor 0x{x:X}"
        | Literal v -> $"literal {v} (0x{v:X})"
        | Forged(slot, g) -> $"forged slot {slot} gen {g}"

/// What the suite does with a hostile raw value.
type RawApi =
    | ResolveAs of ResType
    | GetAs of ResType
    | TryGetAs of ResType
    | HoldOfAs of ResType
    | StateRaw
    | CheckRaw
    | DropRaw
    | LoosenRaw
    | TightenRaw
    | ToCompactRaw

    override a.ToString() =
        match a with
        | ResolveAs t -> $"Resolve<{t}>"
        | GetAs t -> $"Get<{t}>"
        | TryGetAs t -> $"TryGet<{t}>"
        | HoldOfAs t -> $"HoldOf<{t}>"
        | StateRaw -> "State(long)"
        | CheckRaw -> "Check(long)"
        | DropRaw -> "Drop(long)"
        | LoosenRaw -> "Loosen(long)"
        | TightenRaw -> "Tighten(long)"
        | ToCompactRaw -> "ToCompact(long)"

/// One step a test takes against the table. Handles are named by their creation number.
type Op =
    | Create of hold: Hold * ty: ResType * rooted: bool
    | Drop of handle: int
    | Take of handle: int
    | Loosen of handle: int
    | Tighten of handle: int
    | Get of handle: int
    | TryGet of handle: int
    | StateOf of handle: int
    | HoldOf of handle: int
    /// The compact form of handle i.
    | ToCompact of handle: int
    /// Resolve handle i's raw value as the given type: a re-type when the type differs.
    | Resolve of handle: int * ty: ResType
    /// Resolve a compact value: valid, stale, a future generation, generation 0, or a slot never issued.
    | ResolveCompact of compact: int * ty: ResType
    /// A raw value no table ever issues: out of range, negative, or with tag 0.
    | ResolveForged of raw: int64
    /// A live handle of another table.
    | ResolveForeign
    /// The test forgets its own strong reference to handle i's resource.
    | Unroot of handle: int
    /// A real GC.Collect plus WaitForPendingFinalizers.
    | Collect
    /// Add strong resources until the table says TableFull.
    | Fill
    | Dispose
    /// Open a scope on the table (None) or inside scope n.
    | OpenScope of parent: int option
    /// Add a resource that belongs to scope s.
    | CreateIn of scope: int * hold: Hold * ty: ResType * rooted: bool
    /// Dispose scope s: its handles and its children's end.
    | CloseScope of scope: int
    /// Move handle i out of scope s to the enclosing scope (or the table).
    | Promote of handle: int * scope: int
    /// Apply an operation to a hostile raw value.
    | Hostile of target: RawOf * api: RawApi
    /// Add a resource the table owns (disposes when the handle ends), on the table or in scope s.
    | CreateOwned of hold: Hold * ty: ResType * scope: int option
    /// Add handle i's resource again, owned.
    | OwnAgain of handle: int

    override op.ToString() =
        match op with
        | Create(hold, ty, rooted) -> $"""create {hold} {ty}{if rooted then " (rooted)" else ""}"""
        | Drop h -> $"drop h{h}"
        | Take h -> $"take h{h}"
        | Loosen h -> $"loosen h{h}"
        | Tighten h -> $"tighten h{h}"
        | Get h -> $"get h{h}"
        | TryGet h -> $"tryGet h{h}"
        | StateOf h -> $"state h{h}"
        | HoldOf h -> $"holdOf h{h}"
        | ToCompact h -> $"toCompact h{h}"
        | Resolve(h, ty) -> $"resolve h{h} as {ty}"
        | ResolveCompact(c, ty) -> $"resolveCompact {c} (slot {c &&& 0xFFFFF}, gen {c >>> 20}) as {ty}"
        | ResolveForged raw -> $"resolveForged {raw}"
        | ResolveForeign -> "resolve a handle of another table"
        | Unroot h -> $"unroot the resource of h{h}"
        | Collect -> "GC.Collect"
        | Fill -> "fill to capacity"
        | Dispose -> "dispose"
        | OpenScope None -> "open a scope"
        | OpenScope(Some p) -> $"open a scope in s{p}"
        | CreateIn(sc, hold, ty, rooted) -> $"""create {hold} {ty} in s{sc}{if rooted then " (rooted)" else ""}"""
        | CloseScope sc -> $"close s{sc}"
        | Promote(h, sc) -> $"promote h{h} out of s{sc}"
        | Hostile(target, api) -> $"{api} of {target}"
        | CreateOwned(hold, ty, None) -> $"create owned {hold} {ty}"
        | CreateOwned(hold, ty, Some sc) -> $"create owned {hold} {ty} in s{sc}"
        | OwnAgain h -> $"own the resource of h{h} again"

/// What an operation answered, reduced to plain data that the model can predict exactly.
type Answer =
    | Done
    | Created of compact: int
    | Got of resource: int
    | Resolved of compact: int
    | StateIs of HandleState
    | HoldIs of Hold
    | Nothing
    | Filled of added: int * thenError: int
    /// The handles (by creation number) whose collection the table reported.
    | Noticed of handles: int list
    | Failed of code: int
    /// The table answered something that is not even self-consistent (an error carrying the wrong raw value).
    | Inconsistent of string
    /// Model only: Unknown when the table's tag is `tag` (the value's tag is then 0), else WrongTable.
    | UnknownIfTag of tag: int

/// What `Counts` says, as plain data.
/// `Disposals`: the resources the table disposed, sorted, one entry per disposal; `Faults`: re-entrant calls
/// from a Dispose that the table should have refused and did not (a double end), or that threw.
type CountsSeen =
    { Strong: int
      Weak: int
      Collected: int
      Free: int
      Retired: int
      Disposals: int list
      Faults: int }
