namespace Tether.Properties

open System

/// The resources the suite adds: three unrelated types, so re-typing has somewhere to go wrong.
/// Every one is disposable, so that a table disposing what it does not own (or twice) shows up in the
/// disposal log the Sut keeps; `OnDispose` is that log's hook.
[<AllowNullLiteral>]
type Res(id: int) =
    member _.Id = id
    /// Set by the Sut: records a disposal (and re-enters the table).
    member val OnDispose: Action<Res> = null with get, set
    /// The raw value of the last handle that owned this resource (0 before it is known).
    member val OwnedRaw = 0L with get, set
    override _.ToString() = $"res{id}"

    interface IDisposable with
        member r.Dispose() =
            match r.OnDispose with
            | null -> ()
            | f -> f.Invoke r

type ResA(id) = inherit Res(id)
type ResB(id) = inherit Res(id)
type ResC(id) = inherit Res(id)

type ResType =
    | A
    | B
    | C

module ResType =
    let all = [ A; B; C ]
