module Tether.FSharp.Tests.Effects.MonadLawTests

open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Tether.FSharp

/// Results to try the laws on: successes and every shape of error.
let results: Gen<Result<int, HandleError>> =
    Gen.oneof
        [ Gen.choose (-100, 100) |> Gen.map Ok
          Gen.choose (0, 100) |> Gen.map (int64 >> HandleError.Dropped >> Error)
          Gen.choose (0, 100) |> Gen.map (HandleError.TableFull >> Error) ]

let functions: Gen<int -> Result<int, HandleError>> =
    Gen.elements
        [ (fun x -> Ok(x + 1))
          (fun x -> Ok(x * 2))
          (fun x -> if x % 2 = 0 then Ok x else Error(HandleError.Unknown(int64 x)))
          (fun _ -> Error(HandleError.WrongTable 1L)) ]

type Arbitraries =
    static member Results() = Arb.fromGen results
    static member Functions() = Arb.fromGen functions

[<Property(Arbitrary = [| typeof<Arbitraries> |])>]
let ``Left identity: binding a returned value is applying the function`` (a: int) (f: int -> Result<int, HandleError>) =
    handle {
        let! x = handle { return a }
        return! f x
    } = f a

[<Property(Arbitrary = [| typeof<Arbitraries> |])>]
let ``Right identity: binding then returning changes nothing`` (m: Result<int, HandleError>) =
    handle {
        let! x = m
        return x
    } = m

[<Property(Arbitrary = [| typeof<Arbitraries> |])>]
let ``Associativity: nesting binds either way gives the same result`` (m: Result<int, HandleError>) (f: int -> Result<int, HandleError>) (g: int -> Result<int, HandleError>) =
    let left =
        handle {
            let! y = handle {
                let! x = m
                return! f x
            }
            return! g y
        }
    let right =
        handle {
            let! x = m
            return! handle {
                let! y = f x
                return! g y
            }
        }
    left = right
