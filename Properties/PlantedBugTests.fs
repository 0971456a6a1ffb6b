namespace Tether.Properties

open System
open Xunit
open FsCheck

exception BugCaught of string

/// Stops at the first failing case instead of shrinking it: here we only need to know it was caught.
type private StopAtFirstFailure() =
    interface IRunner with
        member _.OnStartFixture _ = ()
        member _.OnArguments(_, _, _) = ()
        member _.OnShrink(args, format) =
            let story = format args
            raise (BugCaught(story.Substring(0, min 4000 story.Length)))
        member _.OnFinished(name, result) =
            match result with
            | TestResult.Passed _ -> ()
            | _ -> raise (BugCaught $"{name} failed")

/// Each planted bug must make the default run fail: a suite that cannot fail is a defect.
type PlantedBugTests() =
    static member Bugs = PlantedBugs.all |> List.map (fun (name, _) -> [| box name |])

    [<Theory; MemberData(nameof PlantedBugTests.Bugs)>]
    member _.``The default run catches the planted bug``(bug: string) =
        let wrap = PlantedBugs.all |> List.find (fst >> (=) bug) |> snd
        let config name runs size = (Profile.config $"{name} with {bug}" runs size).WithRunner(StopAtFirstFailure())
        let caught (check: unit -> unit) =
            try
                check ()
                false
            with BugCaught story ->
                printfn "caught '%s':\n%s" bug story
                true
        let sequential () = Check.One(config "sequential" Profile.sequentialRuns Profile.sequentialMaxOps, Sequential.property wrap)
        let concurrent () = Check.One(config "parallel" Profile.parallelRuns 100, Parallel.property Profile.parallelRepeats wrap)
        Assert.True(caught sequential || caught concurrent, $"the suite did not catch '{bug}'")
