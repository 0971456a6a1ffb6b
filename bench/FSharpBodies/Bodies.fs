/// The F# side of the computation-expression benchmark: the same two lookups, with handle { } and by hand.
module Tether.Benchmarks.FSharp.Bodies

open Tether
open Tether.FSharp

type Cell(value: int) =
    member _.Value = value

let setup () =
    let table = HandleTable.create ()
    let add v = table |> HandleTable.add (Cell v) |> Result.defaultWith (fun e -> failwithf "%A" e)
    table, add 1, add 2

let withBuilder (table: Tether.HandleTable) (a: Handle<Cell>) (b: Handle<Cell>) : Result<int, HandleError> =
    handle {
        let! x = table |> HandleTable.get a
        let! y = table |> HandleTable.get b
        return x.Value + y.Value
    }

let withAndBang (table: Tether.HandleTable) (a: Handle<Cell>) (b: Handle<Cell>) : Result<int, HandleError> =
    handle {
        let! x = table |> HandleTable.get a
        and! y = table |> HandleTable.get b
        return x.Value + y.Value
    }

let byHand (table: Tether.HandleTable) (a: Handle<Cell>) (b: Handle<Cell>) : Result<int, HandleError> =
    match HandleTable.get a table with
    | Ok x ->
        match HandleTable.get b table with
        | Ok y -> Ok(x.Value + y.Value)
        | Error e -> Error e
    | Error e -> Error e
