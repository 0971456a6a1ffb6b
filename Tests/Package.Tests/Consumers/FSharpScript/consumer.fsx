// An F# script that takes Tether.FSharp from a package source, as a user would: `dotnet fsi consumer.fsx`.
// The folder's nuget.config (written by the test) adds the artifacts folder as a source.
#r "nuget: Tether.FSharp"

open Tether.FSharp

let table = HandleTable.create ()

let joined =
    handle {
        let! a = table |> HandleTable.add "4"
        let! b = table |> HandleTable.add "2"
        let! x = table |> HandleTable.get a
        and! y = table |> HandleTable.get b
        return x + y
    }

printfn "joined: %s" (match joined with Ok text -> text | Error e -> HandleError.message e)
// Where the package came from, so the test can tell it is the one just packed.
printfn "from: %s" typeof<HandleError>.Assembly.Location
