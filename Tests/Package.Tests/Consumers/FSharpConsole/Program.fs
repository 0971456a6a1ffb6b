// A consumer of the shipped Tether.FSharp package, as a user would write it.
open System.Text
open Tether.FSharp

let table = HandleTable.create ()

let joined =
    handle {
        let! a = table |> HandleTable.add "left"
        let! b = table |> HandleTable.add "right"
        let! left = table |> HandleTable.get a
        and! right = table |> HandleTable.get b
        return left + "+" + right
    }

printfn "handle { }: %s" (match joined with Ok text -> text | Error e -> HandleError.message e)

let text =
    match table |> HandleTable.add (StringBuilder "hello") with
    | Ok h -> h
    | Error e -> failwith (HandleError.message e)

let describe lookup =
    match lookup with
    | Alive (value: StringBuilder) -> $"alive {value}"
    | Collected -> "collected"
    | Dropped -> "dropped"
    | Unknown -> "unknown"

printfn "lookup: %s" (describe (HandleTable.lookup text table))
table |> HandleTable.drop text |> ignore
printfn "after drop: %s" (describe (HandleTable.lookup text table))

match table |> HandleTable.getRaw<StringBuilder> 12345L with
| Ok _ -> printfn "forged: resolved?!"
| Error e -> printfn "forged: code %d" (HandleError.code e)
