module Tether.FSharp.Tests.Table.LabelTests

/// A user's record with a field named Result, declared before Tether.FSharp is opened: opening the package
/// must not bring a record label Result into scope that hides it (FS1093 when Lookup was a record).
type Job = { Result: int }

open Tether.FSharp

let private resultOf t = t.Result

[<Xunit.Fact>]
let ``Opening Tether.FSharp does not shadow a user record field named Result`` () =
    Xunit.Assert.Equal(3, resultOf { Result = 3 })
