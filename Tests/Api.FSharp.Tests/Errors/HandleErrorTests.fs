module Tether.FSharp.Tests.Errors.HandleErrorTests

open System
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Tether.FSharp

let types = [ typeof<string>; typeof<Uri>; typeof<obj>; typeof<Version> ]

let exceptions = [ exn "a"; InvalidOperationException "b" :> exn ]

type Arbitraries =
    static member Type() = Arb.fromGen (Gen.elements types)
    static member Exception() = Arb.fromGen (Gen.elements exceptions)
    // What a DisposeFailed lists: at least one handle, as every core DisposeFailed has (the empty list has a test of its own).
    static member Failures() =
        Arb.fromGen (Gen.nonEmptyListOf (Gen.zip (ArbMap.defaults |> ArbMap.generate<int64>) (Gen.elements exceptions)))

let cases: (HandleError * int) list =
    [ HandleError.Unknown 1L, 1
      HandleError.Dropped 2L, 2
      HandleError.Collected(3L, typeof<Uri>), 3
      HandleError.WrongType(4L, typeof<Uri>, typeof<string>), 4
      HandleError.WrongTable 5L, 5
      HandleError.Disposed 6L, 6
      HandleError.TableFull 7, 7
      HandleError.NullResource typeof<Uri>, 8
      HandleError.NoCompactForm 9L, 9
      HandleError.InvalidArgument "why", 10
      HandleError.DisposeFailed [ 11L, exn "boom" ], 11
      HandleError.DisposeFailed [ 11L, exn "boom"; 14L, exn "bang" ], 11
      HandleError.WrongScope 12L, 12
      HandleError.ScopeDisposed 13L, 6 ]

[<Fact>]
let ``Every case has the core's stable code`` () =
    for error, code in cases do
        Assert.Equal(code, HandleError.code error)
        Assert.Equal(code, (HandleError.toCore error).Code)

[<Fact>]
let ``Every case maps to the core case of the same name and data`` () =
    Assert.Equal<Tether.HandleError>(Tether.HandleError.WrongType(4L, typeof<Uri>, typeof<string>), HandleError.toCore (HandleError.WrongType(4L, typeof<Uri>, typeof<string>)))
    Assert.Equal<Tether.HandleError>(Tether.HandleError.TableFull 7, HandleError.toCore (HandleError.TableFull 7))
    Assert.Equal("Handle 2 was dropped.", HandleError.message (HandleError.Dropped 2L))
    Assert.Equal<Tether.HandleError>(Tether.HandleError.Disposed.Scope 6L, HandleError.toCore (HandleError.ScopeDisposed 6L))

[<Fact>]
let ``A disposed table and a closed scope share the code Disposed and keep their own messages both ways`` () =
    Assert.Equal("The handle table has been disposed.", HandleError.message (HandleError.Disposed 0L))
    Assert.Equal("The handle scope has been disposed.", HandleError.message (HandleError.ScopeDisposed 0L))
    Assert.Equal(HandleError.ScopeDisposed 3L, HandleError.ofCore (Tether.HandleError.Disposed.Scope 3L))
    Assert.Equal(HandleError.Disposed 3L, HandleError.ofCore (Tether.HandleError.Disposed 3L))
    Assert.True((HandleError.toCore (HandleError.ScopeDisposed 3L) :?> Tether.HandleError.Disposed).OfScope)

[<Property(Arbitrary = [| typeof<Arbitraries> |])>]
let ``Converting to the core and back gives the same error`` (error: HandleError) =
    HandleError.ofCore (HandleError.toCore error) = error

[<Property(Arbitrary = [| typeof<Arbitraries> |])>]
let ``Converting from the core and back gives an equal core error`` (error: HandleError) =
    let core = HandleError.toCore error
    HandleError.toCore (HandleError.ofCore core) = core

[<Fact>]
let ``A DisposeFailed of several handles is the core's one error listing them all, each with what it threw`` () =
    let boom = exn "boom"
    let bang = InvalidOperationException "bang" :> exn
    match HandleError.toCore (HandleError.DisposeFailed [ 11L, boom; 14L, bang ]) with
    | :? Tether.HandleError.DisposeFailed as core ->
        Assert.Equal(11L, core.Raw)
        Assert.Equal<int64>([ 11L; 14L ], List.ofSeq core.Handles)
        Assert.Equal<exn>([ boom; bang ], List.ofSeq (core.Thrown :?> AggregateException).InnerExceptions)
        Assert.Equal("Disposing the resources of 2 handles failed: boom; bang", core.Message)
        Assert.Equal(HandleError.DisposeFailed [ 11L, boom; 14L, bang ], HandleError.ofCore core)
    | other -> failwith $"expected the core's DisposeFailed, got %A{other}"

[<Fact>]
let ``A DisposeFailed that lists no handle is the core's DisposeFailed of handle 0`` () =
    let core = HandleError.toCore (HandleError.DisposeFailed [])
    Assert.Equal(Tether.HandleErrorCode.DisposeFailed, core.Code)
    Assert.Equal(0L, core.Raw)
    Assert.Equal("Disposing the resource of handle 0 failed: no disposal was listed as failed.", core.Message)

/// An exception type whose Message throws, as a resource's broken or hostile exception may.
type private BrokenMessage() =
    inherit Exception()
    override _.Message = raise (InvalidOperationException "Message is broken")

[<Fact>]
let ``A DisposeFailed whose exceptions' Message throws converts both ways and says the exception's type`` () =
    let first = BrokenMessage() :> exn
    let second = BrokenMessage() :> exn
    Assert.Equal(
        "Disposing the resource of handle 3 failed: a BrokenMessage whose Message threw",
        HandleError.message (HandleError.DisposeFailed [ 3L, first ]))
    let both = HandleError.DisposeFailed [ 3L, first; 4L, second ]
    Assert.Equal(
        "Disposing the resources of 2 handles failed: a BrokenMessage whose Message threw; a BrokenMessage whose Message threw",
        HandleError.message both)
    Assert.Equal(both, HandleError.ofCore (HandleError.toCore both))

[<Fact>]
let ``A LanguageExt error that is not a handle error is None`` () =
    Assert.Equal(None, HandleError.tryOfError (LanguageExt.Common.Error.New "other"))
    Assert.Equal(Some(HandleError.Dropped 3L), HandleError.tryOfError (Tether.HandleError.Dropped 3L))

/// HandleError.ofCore is public and takes the core's error, a .NET class that F# lets
/// be null; it throws NullReferenceException (its last case reads other.Message). The core's GuestCode.Of
/// answers InvalidArgument for a null error; ofCore should not throw either.
[<Fact>]
let ``ofCore of a null core error is InvalidArgument, not a NullReferenceException`` () =
    match HandleError.ofCore (null: Tether.HandleError) with
    | HandleError.InvalidArgument _ -> ()
    | other -> failwithf "expected InvalidArgument, got %A" other
