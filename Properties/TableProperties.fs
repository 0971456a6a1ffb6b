namespace Tether.Properties

open Xunit
open FsCheck

/// The suite's default profile, as CI runs it.
type TableProperties() =
    [<Fact>]
    member _.``The table behaves as the model over arbitrary sequences of operations``() =
        Check.One(Profile.config "sequential" Profile.sequentialRuns Profile.sequentialMaxOps, Sequential.property (fun t -> new RealTable(t)))

    [<Fact>]
    member _.``Concurrent branches give results some interleaving of the model explains``() =
        Check.One(Profile.config "parallel" Profile.parallelRuns 100, Parallel.property Profile.parallelRepeats (fun t -> new RealTable(t)))

    [<Fact>]
    member _.``Many threads hammering the table never see a resource other than their handle's``() =
        Check.One(Profile.config "stress" Profile.stressRuns 100, Stress.property)
