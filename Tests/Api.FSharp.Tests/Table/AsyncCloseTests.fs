/// Issue 14 ("F# code must never need LanguageExt"; "Give Scope the same functions as HandleTable").
module Tether.FSharp.Tests.Table.AsyncCloseTests

open Xunit

/// The core's DropAsync, CloseAsync (table) and CloseAsync (scope) are the only way to await an owned
/// resource that disposes asynchronously and to see what its disposal threw: the synchronous drop and close
/// do not wait for an IAsyncDisposable-only resource (its failure goes to OnDisposeFailed). They answer
/// ValueTask<Fin<Unit>>, and Tether.FSharp has no function for any of them, so F# code that owns such a
/// resource must take a LanguageExt Fin. The natural F# names do not exist (FS0039).
[<Fact>]
let ``F# awaits the async disposal of owned resources and sees its error without LanguageExt`` () =
    let run =
        Tether.FSharp.Tests.Scripts.run
            "async-close-from-fsharp"
            """
open System
open System.Threading.Tasks
open Tether
open Tether.FSharp

type Failing() =
    interface IAsyncDisposable with
        member _.DisposeAsync() = ValueTask(task { do! Task.Delay 10
                                                   failwith "boom" })

let ok r = match r with Ok v -> v | Error e -> failwithf "%A" e
let table = HandleTable.create ()
let first = table |> HandleTable.addOwned (new Failing()) |> ok
let scope = table |> Scope.openOn |> ok
scope |> Scope.addOwned (new Failing()) |> ok |> ignore
table |> HandleTable.addOwned (new Failing()) |> ok |> ignore

let code (r: Result<unit, HandleError>) = match r with Ok () -> 0 | Error e -> HandleError.code e
let dropped = (table |> HandleTable.dropAsync first).Result
let scopeClosed = (scope |> Scope.closeAsync).Result
let tableClosed = (table |> HandleTable.closeAsync).Result
printfn "%d %d %d" (code dropped) (code scopeClosed) (code tableClosed)
"""
    Assert.True((run.ExitCode = 0), Tether.FSharp.Tests.Scripts.describe run)
    Assert.Equal("11 11 11", run.Output.Trim())
