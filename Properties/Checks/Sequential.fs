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
        $"""[{handles}]{if m.Disposed then " disposed" else ""}{if m.Reclaim then " (reclaim)" else ""}"""

    let refersTo (m: Model) op =
        match op with
        | Drop n | Take n | Loosen n | Tighten n | Get n | TryGet n | StateOf n | HoldOf n | ToCompact n | Unroot n | Resolve(n, _)
        | Hostile(RawXor(n, _), _) ->
            m.Entries.ContainsKey n
        | OwnAgain n -> m.Entries.ContainsKey n && m.Entries[n].Owned
        | OpenScope(Some sc) | CreateIn(sc, _, _, _) | CloseScope sc | CreateOwned(_, _, Some sc) -> m.Scopes.ContainsKey sc
        // With Reclaim, the notices of several collections arrive in finalizer order, and so their slots go
        // back to the free list in an order the model cannot know.
        | Collect when m.Reclaim -> Model.dyingCount m <= 1
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
                let expected = Model.expect sut.Tag m.Last
                let counts = sut.Counts
                let expectedCounts = Model.counts m
                (seen = expected && counts = expectedCounts)
                |> Prop.label
                    $"{op}: the table said {seen}, the model {expected}; counts {counts}, model {expectedCounts}; now {story m}; table tag {sut.Tag}, key {sut.Key}"
            override _.ToString() = string op }

    let machine (wrap: Tether.HandleTable -> RealTable) =
        { new Machine<Sut, Model>() with
            override _.Setup =
                // One lane, or four: one thread always claims in its own lane, so a table of four lanes gives
                // the slots in the same order, while its quotas (6 split 3/1/1/1) run out and move all the time.
                Gen.zip (Gen.elements [ false; true ]) (Gen.elements [ 1; 4 ])
                |> Gen.map (fun (reclaim, lanes) ->
                    { new Setup<Sut, Model>() with
                        override _.Actual() = Sut.create wrap capacity maxGeneration reclaim lanes true
                        override _.Model() = Model.create capacity maxGeneration reclaim
                        override _.ToString() =
                            $"""a table of {lanes} lane(s) with SlotPolicy.{if reclaim then "Reclaim" else "Tombstone"}""" })
                |> Arb.fromGen
            override _.TearDown = StateMachine.tearDown (fun sut -> (sut :> IDisposable).Dispose())
            override _.Next m = Generators.next m |> Gen.map operation }

    let property wrap = StateMachine.toProperty (machine wrap)
