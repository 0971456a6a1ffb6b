namespace Tether.Properties

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Experimental

/// The sequential state machine: every operation's answer and the counts after it must equal the model's.
module Sequential =
    let capacity = 6
    let maxGeneration = 4

    /// A short story of the model, so a shrunk counterexample reads well.
    let story (m: Model) =
        let handles =
            m.Entries
            |> Map.toList
            |> List.choose (fun (n, e) ->
                match e.Status with
                | Live hold -> Some $"h{n}:{e.Type} {hold}{if m.Rooted.Contains n then string '*' else String.Empty}"
                | Gone -> Some $"h{n}:{e.Type} collected"
                | Ended -> None)
            |> String.concat ", "
        $"""[{handles}]{if m.Disposed then " disposed" else ""}"""

    let private refersTo (m: Model) op =
        match op with
        | Drop n | Take n | Loosen n | Tighten n | Get n | TryGet n | StateOf n | HoldOf n | ToCompact n | Unroot n | Resolve(n, _) ->
            m.Entries.ContainsKey n
        | OpenScope(Some sc) | CreateIn(sc, _, _, _) | CloseScope sc -> m.Scopes.ContainsKey sc
        | Promote(n, sc) -> m.Entries.ContainsKey n && m.Scopes.ContainsKey sc
        | _ -> true

    /// One operation of the machine. Pre keeps shrunk runs meaningful: an op naming a handle that a
    /// shrink removed is skipped.
    let operation (op: Op) =
        { new Operation<Sut, Model>() with
            override _.Pre m = refersTo m op
            override _.Run m = Model.step m op
            override _.Check(sut, m) =
                sut.ExpectNotices <- (match m.Last with Noticed handles -> handles.Length | _ -> 0)
                let seen = sut.Run(op, sut.Handles.Count)
                let counts = sut.Counts
                let expectedCounts = Model.counts m
                (seen = m.Last && counts = expectedCounts)
                |> Prop.label $"{op}: the table said {seen}, the model {m.Last}; counts {counts}, model {expectedCounts}; now {story m}"
            override _.ToString() = string op }

    let machine (wrap: Tether.HandleTable -> RealTable) =
        { new Machine<Sut, Model>() with
            override _.Setup =
                Gen.constant ()
                |> Gen.map (fun () ->
                    StateMachine.setup
                        (fun () -> Sut.create wrap capacity maxGeneration true)
                        (fun () -> Model.create capacity maxGeneration))
                |> Arb.fromGen
            override _.TearDown = StateMachine.tearDown (fun sut -> (sut :> IDisposable).Dispose())
            override _.Next m = Generators.next m |> Gen.map operation }

    let property wrap = StateMachine.toProperty (machine wrap)
