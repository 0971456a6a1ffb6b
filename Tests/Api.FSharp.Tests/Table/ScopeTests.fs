/// Issue 14 (the F# Scope module): what a closed scope says, and whether Scope has the same
/// functions as HandleTable.
module Tether.FSharp.Tests.Table.ScopeTests

open Xunit
open Tether
open Tether.FSharp
open Tether.FSharp.Tests.Support

/// Issue 14, "A disposed scope says 'The handle table has been disposed'": the core now says "The handle
/// scope has been disposed.", but the F# union's Disposed carries only a raw value, so every F# error of a
/// closed scope (on a table that is alive) reads as if the table were disposed. Scope.openChild even builds
/// that error itself.
[<Fact>]
let ``A closed scope on a live table says the scope was disposed, not the table`` () =
    use table = HandleTable.create ()
    let scope = Scope.openOn table |> okOrFail
    let member' = scope |> Scope.addStrong (Thing "member") |> okOrFail
    Assert.Equal(Ok(), Scope.close scope)
    Assert.False table.IsDisposed

    let said (result: Result<'T, HandleError>) =
        match result with
        | Ok _ -> "Ok"
        | Error error -> HandleError.message error
    let expected = "The handle scope has been disposed."
    Assert.Equal(expected, said (scope |> Scope.addStrong (Thing "late")))
    Assert.Equal(expected, said (scope |> Scope.addWeak (Thing "late")))
    Assert.Equal(expected, said (scope |> Scope.addOwned (new System.IO.MemoryStream())))
    Assert.Equal(expected, said (scope |> Scope.promote member'))
    Assert.Equal(expected, said (Scope.openChild scope))

/// Issue 14: "Give Scope the same functions as HandleTable". HandleTable.add takes the resource (strong)
/// and HandleTable.hold takes a Hold; Scope.add takes a Hold (it is HandleTable.hold under another name),
/// and Scope has no hold and no scoped. So the natural port of table code to a scope does not compile
/// (FS0001: a string is not a Hold).
[<Fact>]
let ``Table code moves to a scope by renaming the module: add, hold and scoped take the same arguments`` () =
    let run =
        Tether.FSharp.Tests.Scripts.run
            "scope-same-functions-as-table"
            """
open Tether
open Tether.FSharp
let table = HandleTable.create ()
let onTable =
    handleResult {
        let! a = table |> HandleTable.add "a"
        let! b = table |> HandleTable.hold Hold.Weak "b"
        use! c = table |> HandleTable.scoped "c"
        return a.Raw <> b.Raw && c.Handle.Raw <> 0L
    }
let onScope =
    handleResult {
        use! scope = table |> Scope.openOn
        let! a = scope |> Scope.add "a"
        let! b = scope |> Scope.hold Hold.Weak "b"
        use! c = scope |> Scope.scoped "c"
        return a.Raw <> b.Raw && c.Handle.Raw <> 0L
    }
printfn "%A %A" onTable onScope
"""
    Assert.True((run.ExitCode = 0), Tether.FSharp.Tests.Scripts.describe run)
    Assert.Equal("Ok true Ok true", run.Output.Trim())
