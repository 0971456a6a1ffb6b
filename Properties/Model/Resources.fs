namespace Tether.Properties

/// The resources the suite adds: three unrelated types, so re-typing has somewhere to go wrong.
[<AllowNullLiteral>]
type Res(id: int) =
    member _.Id = id
    override _.ToString() = $"res{id}"

type ResA(id) = inherit Res(id)
type ResB(id) = inherit Res(id)
type ResC(id) = inherit Res(id)

type ResType =
    | A
    | B
    | C

module ResType =
    let all = [ A; B; C ]
