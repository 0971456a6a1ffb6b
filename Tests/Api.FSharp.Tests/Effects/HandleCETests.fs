module Tether.FSharp.Tests.Effects.HandleCETests

open System
open Xunit
open Tether
open Tether.FSharp
open Tether.FSharp.Tests.Support

[<Fact>]
let ``let! and return combine lookups`` () =
    use table = HandleTable.create ()
    let a = table |> HandleTable.add (Thing "left") |> okOrFail
    let b = table |> HandleTable.add (Thing "right") |> okOrFail
    let joined =
        handle {
            let! left = table |> HandleTable.get a
            let! right = table |> HandleTable.get b
            return left.Name + right.Name
        }
    Assert.Equal(Ok "leftright", joined)

[<Fact>]
let ``and! needs both and the first error wins`` () =
    use table = HandleTable.create ()
    let a = table |> HandleTable.add (Thing "a") |> okOrFail
    let b = table |> HandleTable.add (Thing "b") |> okOrFail
    let both =
        handle {
            let! x = table |> HandleTable.get a
            and! y = table |> HandleTable.get b
            return x.Name + y.Name
        }
    Assert.Equal(Ok "ab", both)
    HandleTable.drop a table |> ignore
    HandleTable.drop b table |> ignore
    let failed =
        handle {
            let! x = table |> HandleTable.get a
            and! y = table |> HandleTable.get b
            return x.Name + y.Name
        }
    Assert.Equal(Error(HandleError.Dropped a.Raw), failed)

[<Fact>]
let ``The first error stops the block`` () =
    let mutable reached = false
    let result =
        handle {
            let! _ = Error(HandleError.Unknown 9L)
            reached <- true
            return 1
        }
    Assert.Equal(Error(HandleError.Unknown 9L), result)
    Assert.False reached

[<Fact>]
let ``use! drops a scoped handle at the end of the block, and on an early error`` () =
    use table = HandleTable.create ()
    let mutable inside = Unchecked.defaultof<Handle<Thing>>
    let ok =
        handle {
            use! scoped = table |> HandleTable.scoped (Thing "s")
            inside <- scoped.Handle
            return! table |> HandleTable.get scoped.Handle |> Result.map (fun t -> t.Name)
        }
    Assert.Equal(Ok "s", ok)
    Assert.Equal(HandleState.Dropped, table |> HandleTable.state inside)

    let failed =
        handle {
            use! scoped = table |> HandleTable.scoped (Thing "early")
            inside <- scoped.Handle
            let! _ = Error(HandleError.Unknown 1L)
            return "not reached"
        }
    Assert.Equal(Error(HandleError.Unknown 1L), failed)
    Assert.Equal(HandleState.Dropped, table |> HandleTable.state inside)
    Assert.Equal(0, (HandleTable.counts table).Live)

[<Fact>]
let ``for and while run until the first error`` () =
    use table = HandleTable.create ()
    let handles = [ for i in 1..3 -> table |> HandleTable.add (Thing(string i)) |> okOrFail ]
    let mutable names = []
    let all =
        handle {
            for h in handles do
                let! t = table |> HandleTable.get h
                names <- t.Name :: names
        }
    Assert.Equal(Ok(), all)
    Assert.Equal<string list>([ "3"; "2"; "1" ], names)

    HandleTable.drop handles[1] table |> ignore
    names <- []
    let stopped =
        handle {
            for h in handles do
                let! t = table |> HandleTable.get h
                names <- t.Name :: names
        }
    Assert.Equal(Error(HandleError.Dropped handles[1].Raw), stopped)
    Assert.Equal<string list>([ "1" ], names)

    let mutable i = 0
    let looped =
        handle {
            while i < 5 do
                i <- i + 1
                if i = 3 then
                    let! _ = Error(HandleError.TableFull 3)
                    ()
        }
    Assert.Equal(Error(HandleError.TableFull 3), looped)
    Assert.Equal(3, i)

[<Fact>]
let ``try finally and try with work inside the block`` () =
    let mutable finalized = false
    let result =
        handle {
            try
                let! x = Ok 1
                return x
            finally
                finalized <- true
        }
    Assert.Equal(Ok 1, result)
    Assert.True finalized
    let caught =
        handle {
            try
                return failwith "boom"
            with e ->
                return! Error(HandleError.InvalidArgument e.Message)
        }
    Assert.Equal(Error(HandleError.InvalidArgument "boom"), caught)

[<Fact>]
let ``let! takes core Results and options with a given error`` () =
    let fromCore =
        handle {
            let! x = (Ok 2: Result<int, Tether.HandleError>)
            let! y = (Some 3, HandleError.Unknown 0L)
            return x * y
        }
    Assert.Equal(Ok 6, fromCore)
    let fromNone =
        handle {
            let! y = ((None: int option), HandleError.Unknown 7L)
            return y
        }
    Assert.Equal(Error(HandleError.Unknown 7L), fromNone)
    let coreError =
        handle {
            let! x = (Error(Tether.HandleError.Dropped 5L): Result<int, Tether.HandleError>)
            return x
        }
    Assert.Equal(Error(HandleError.Dropped 5L), coreError)

[<Fact>]
let ``if without else and sequencing work`` () =
    let mutable count = 0
    let result =
        handle {
            if count = 0 then count <- 1
            do! Ok()
            return count
        }
    Assert.Equal(Ok 1, result)

[<Fact>]
let ``A value named handle leaves handleResult { } usable, so the natural names live side by side`` () =
    use table = HandleTable.create ()
    let handle = table |> HandleTable.add (Thing "canvas") |> okOrFail
    let name =
        handleResult {
            let! thing = handle |> Handle.get table
            do! table |> HandleTable.loosen handle
            return thing.Name
        }
    Assert.Equal(Ok "canvas", name)
    Assert.Equal(Ok Hold.Weak, handle |> Handle.holdOf table)

[<Fact>]
let ``handleResult { } is the builder of handle { }: every construct works the same`` () =
    use table = HandleTable.create ()
    let handles = [ for i in 1..3 -> table |> HandleTable.add (Thing(string i)) |> okOrFail ]
    let mutable names = []
    let result =
        handleResult {
            for h in handles do
                let! t = table |> HandleTable.get h
                names <- t.Name :: names
            use! scoped = table |> HandleTable.scoped (Thing "s")
            let! x = (Some 2, HandleError.Unknown 0L)
            and! y = (Ok 3: Result<int, Tether.HandleError>)
            try
                let! inScope = scoped.Handle |> Handle.get table
                return $"{inScope.Name} {x * y}"
            finally
                names <- "finally" :: names
        }
    Assert.Equal(Ok "s 6", result)
    Assert.Equal<string list>([ "finally"; "3"; "2"; "1" ], names)
    Assert.Equal(3, (HandleTable.counts table).Live)
