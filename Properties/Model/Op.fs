namespace Tether.Properties

open Tether

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

/// What `Counts` says, as plain data.
type CountsSeen = { Strong: int; Weak: int; Collected: int; Free: int; Retired: int }
