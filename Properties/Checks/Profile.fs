namespace Tether.Properties

open System
open FsCheck

/// How much to run, and with which seed. `TETHER_PROPERTIES=long` runs ten times more;
/// `TETHER_REPLAY=seed,gamma` replays a printed seed.
module Profile =
    let isLong = Environment.GetEnvironmentVariable "TETHER_PROPERTIES" = "long"
    let scale = if isLong then 10 else 1

    let sequentialRuns = 1000 * scale
    let sequentialMaxOps = 150
    let parallelRuns = 250 * scale
    /// Each parallel case runs this many times on fresh tables: the interleaving differs from run to run.
    let parallelRepeats = 10
    let stressRuns = 20 * scale

    /// The seed for one property: the replayed one, or a fresh one that is printed so it can be replayed.
    let seed (name: string) =
        let replay = Environment.GetEnvironmentVariable "TETHER_REPLAY"
        let seed, gamma =
            if String.IsNullOrWhiteSpace replay then
                let r = Random.Shared
                uint64 (r.NextInt64()), (uint64 (r.NextInt64()) ||| 1UL)
            else
                match replay.Split(',') with
                | [| s; g |] -> UInt64.Parse(s.Trim()), UInt64.Parse(g.Trim())
                | _ -> failwith $"TETHER_REPLAY must be 'seed,gamma', not '{replay}'"
        printfn "%s: seed %d,%d (replay: dotnet fsi build.fsx properties --replay %d,%d)" name seed gamma seed gamma
        seed, gamma

    let config name maxTest endSize =
        let seed, gamma = seed name
        Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithEndSize(endSize)
            .WithReplay(Some { Rnd = Rnd(seed, gamma); Size = None })
            .WithQuietOnSuccess(false)
