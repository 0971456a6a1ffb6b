module Tether.FSharp.Tests.Table.ScopedTests

open Xunit
open Tether
open Tether.FSharp
open Tether.FSharp.Tests.Support

[<Fact>]
let ``A scoped handle drops itself once when disposed`` () =
    use table = HandleTable.create ()
    let scoped = table |> HandleTable.scoped (Thing "s") |> okOrFail
    Assert.Same(table, scoped.Table)
    Assert.Equal(HandleState.Alive, table |> HandleTable.state scoped.Handle)
    scoped.Dispose()
    scoped.Dispose()
    Assert.Equal(HandleState.Dropped, table |> HandleTable.state scoped.Handle)
    Assert.Equal(0, (HandleTable.counts table).Live)
