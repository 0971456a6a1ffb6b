// The build script: `dotnet fsi build.fsx <target> [options]`. Run it with no target to list the targets.
// A small dispatcher over plain processes, like FsCheck's own build.fsx: no build framework to restore.

open System
open System.Diagnostics
open System.IO
open System.Text.RegularExpressions
open System.Xml.Linq

let root = __SOURCE_DIRECTORY__
let path (parts: string list) = Path.Combine(root :: parts |> Array.ofList)
let artifacts = path [ "artifacts" ]
let testResults = path [ "artifacts"; "test-results" ]
let isCI = Environment.GetEnvironmentVariable "CI" = "true"

exception BuildFailed of string

let fail message = raise (BuildFailed message)

/// Runs a process in `dir` with the console attached; returns its exit code.
let runIn dir (exe: string) (args: string) =
    printfn "> %s %s" exe args
    let info = ProcessStartInfo(exe, args, WorkingDirectory = dir, UseShellExecute = false)
    use proc = Process.Start info
    proc.WaitForExit()
    proc.ExitCode

let run exe args =
    if runIn root exe args <> 0 then fail $"'{exe} {args}' failed"

/// Runs a process and returns what it printed, without echoing it.
let read (exe: string) (args: string) =
    let info = ProcessStartInfo(exe, args, WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true)
    use proc = Process.Start info
    let output = proc.StandardOutput.ReadToEnd()
    proc.WaitForExit()
    output

// Paket reads its source from NUGET_SOURCE, so no registry host is ever written into the repository.
// When it is unset, take the first enabled source of the machine's own NuGet configuration.
let ensureNugetSource () =
    if String.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable "NUGET_SOURCE") then
        let listed = read "dotnet" "nuget list source --format Detailed"
        let enabled = Regex.Match(listed, @"\[Enabled\]\s*\r?\n\s*(\S+)")
        if not enabled.Success then fail "No enabled NuGet source found; set NUGET_SOURCE."
        Environment.SetEnvironmentVariable("NUGET_SOURCE", enabled.Groups[1].Value)

/// After `paket install` or `update`, Paket writes the expanded source into paket.lock; put the variable back.
let restoreLockSourceVariable () =
    let lockFile = path [ "paket.lock" ]
    let text = File.ReadAllText lockFile
    let fixedText = Regex.Replace(text, @"(?m)^(\s*remote:\s*)(\S+)\s*$", "$1%NUGET_SOURCE%")
    if fixedText <> text then File.WriteAllText(lockFile, fixedText)

/// Restores one tool of dotnet-tools.json (its version from there), not all of them: a manifest of that tool alone
/// is written under artifacts/tools. `dotnet <tool>` then runs it from the repository's own manifest.
let restoreTool (name: string) =
    ensureNugetSource ()
    let manifest = Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path [ "dotnet-tools.json" ]))
    let tools = manifest["tools"].AsObject()
    for other in tools |> Seq.map (fun t -> t.Key) |> Seq.filter ((<>) name) |> List.ofSeq do
        tools.Remove other |> ignore
    let dir = path [ "artifacts"; "tools"; name ]
    Directory.CreateDirectory dir |> ignore
    let file = Path.Combine(dir, "dotnet-tools.json")
    File.WriteAllText(file, manifest.ToJsonString())
    run "dotnet" $"tool restore --tool-manifest \"{file}\""

let restore () =
    ensureNugetSource ()
    run "dotnet" "tool restore"
    run "dotnet" "paket restore"

let build () =
    restore ()
    run "dotnet" "build Tether.slnx -c Release --nologo"

let clean () =
    for dir in [ artifacts; path [ "output" ]; path [ ".fsdocs" ]; path [ "BenchmarkDotNet.Artifacts" ] ] do
        if Directory.Exists dir then Directory.Delete(dir, true)
    for dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories) |> Array.ofSeq do
        let name = Path.GetFileName dir
        if (name = "bin" || name = "obj") && Directory.Exists dir && not (dir.Contains "node_modules") then
            Directory.Delete(dir, true)

/// The five packages, from Tether.Packages.slnf: it builds those projects and nothing else (no tests, no samples).
/// Every build of them is deterministic with /_/ source paths (Directory.Build.props), and Directory.Build.targets
/// keeps internal members out of their XML docs.
let pack () =
    restore ()
    for file in (if Directory.Exists artifacts then Directory.GetFiles(artifacts, "*.*nupkg") else [||]) do
        File.Delete file
    run "dotnet" "pack Tether.Packages.slnf -c Release --nologo"

let updateDependencies () =
    ensureNugetSource ()
    run "dotnet" "tool restore"
    run "dotnet" "paket update"
    restoreLockSourceVariable ()

/// Records the current public surface in PublicAPI.Unshipped.txt (the analyzer's code fix, applied in bulk).
let updatePublicApi () =
    restore ()
    run "dotnet" "format analyzers Core.CSharp/Tether.Core.csproj --diagnostics RS0016 --severity warn"

// ---- tests ------------------------------------------------------------------------------------

type Tally = { Passed: int; Failed: int; Skipped: int }

let zero = { Passed = 0; Failed = 0; Skipped = 0 }
let add a b = { Passed = a.Passed + b.Passed; Failed = a.Failed + b.Failed; Skipped = a.Skipped + b.Skipped }

/// Reads the counters of a TRX file that `dotnet test` wrote.
let readTrx (file: string) =
    let doc = XDocument.Load file
    let counters = doc.Descendants() |> Seq.find (fun e -> e.Name.LocalName = "Counters")
    let count name = int (counters.Attribute(XName.Get name).Value)
    { Passed = count "passed"; Failed = count "failed" + count "error" + count "timeout" + count "aborted"
      Skipped = count "notExecuted" }

/// The tests a TRX file records as not passed, each with the first lines of its message, so that the
/// last lines CI prints name what failed even when the earlier output is cut.
let failuresIn (file: string) =
    if not (File.Exists file) then
        [ $"{Path.GetFileNameWithoutExtension file}: no results (the test host crashed or never started)" ]
    else
        let doc = XDocument.Load file
        doc.Descendants()
        |> Seq.filter (fun e ->
            e.Name.LocalName = "UnitTestResult"
            && (match e.Attribute(XName.Get "outcome") with
                | null -> false
                | a -> a.Value <> "Passed" && a.Value <> "NotExecuted"))
        |> Seq.map (fun e ->
            let message =
                e.Descendants()
                |> Seq.tryFind (fun m -> m.Name.LocalName = "Message")
                |> Option.map (fun m -> m.Value.Split('\n') |> Seq.truncate 4 |> String.concat " | ")
                |> Option.defaultValue ""
            let name = e.Attribute(XName.Get "testName").Value
            $"FAILED {name}: {message}")
        |> List.ofSeq

/// Runs one test project; a crash that leaves no TRX counts as one failure.
let dotnetTest (project: string) (extra: string) =
    let name = Path.GetFileNameWithoutExtension project
    let trx = Path.Combine(testResults, name + ".trx")
    if File.Exists trx then File.Delete trx
    let code =
        runIn root "dotnet"
            $"test {project} -c Release --no-build --nologo --logger \"trx;LogFileName={trx}\" --logger \"console;verbosity=normal\" {extra}"
    if File.Exists trx then
        let tally = readTrx trx
        if code <> 0 && tally.Failed = 0 then add tally { zero with Failed = 1 } else tally
    else
        { zero with Failed = 1 }

let testProjects =
    [ "Tests/Core.CSharp.Tests/Tether.Core.Tests.csproj"
      "Tests/Core.Analyzers.Tests/Tether.Core.Analyzers.Tests.csproj"
      "Tests/Core.Coyote.Tests/Tether.Core.Coyote.Tests.csproj"
      "Tests/Package.Tests/Tether.Package.Tests.csproj"
      "Tests/Api.FSharp.Tests/Tether.FSharp.Tests.fsproj"
      "Tests/Wasmtime.Tests/Tether.Wasmtime.Tests.csproj"
      "Tests/Interop.Tests/Tether.Interop.Tests.csproj"
      "Tests/Interop.Analyzers.Tests/Tether.Interop.Analyzers.Tests.csproj"
      "Tests/Interop.E2E.Tests/Tether.Interop.E2E.Tests.csproj"
      "Tests/Native.Tests/Tether.Native.Tests.csproj"
      "Properties/Tether.Properties.fsproj" ]

/// Reads `--name value` from the command line.
let option name =
    let args = fsi.CommandLineArgs
    args |> Array.tryFindIndex ((=) name) |> Option.bind (fun i -> Array.tryItem (i + 1) args)

let flag name = fsi.CommandLineArgs |> Array.contains name

/// tether.js under node's own test runner (with a real GC); `npm ci` installs fast-check first.
let nodeTests () =
    let dir = path [ "Interop"; "Blazor.JsTests" ]
    if runIn dir "npm" "ci --no-audit --no-fund" <> 0 then
        { zero with Failed = 1 }
    else
        let info = ProcessStartInfo("node", "--expose-gc --test", WorkingDirectory = dir, UseShellExecute = false, RedirectStandardOutput = true)
        use proc = Process.Start info
        let output = proc.StandardOutput.ReadToEnd()
        proc.WaitForExit()
        printf "%s" output
        let count name =
            let m = Regex.Match(output, $@"(?m)^# {name} (\d+)")
            if m.Success then int m.Groups[1].Value else 0
        let tally = { Passed = count "pass"; Failed = count "fail"; Skipped = count "skipped" }
        if proc.ExitCode <> 0 && tally.Failed = 0 then add tally { zero with Failed = 1 } else tally

/// Debian's Chromium for the browser tests (Playwright drives it; nothing downloads a browser of its own).
let ensureChromium () =
    if not (File.Exists "/usr/bin/chromium") then
        Environment.SetEnvironmentVariable("DEBIAN_FRONTEND", "noninteractive")
        run "apt-get" "update -q"
        run "apt-get" "install -y -q chromium"

/// The WebAssembly sample is served from its publish output, where the packages' static assets land.
let publishWasmSample () =
    run "dotnet" $"""publish Interop/Blazor.Sample.Wasm/Tether.Sample.Wasm.csproj -c Release --nologo -o "{path [ "artifacts"; "wasm-sample" ]}" """

/// The same app published fully trimmed (TrimMode=full, every trim warning shown, none an error: the
/// framework and LanguageExt have their own). The log is kept: the browser test checks that no warning
/// comes from a Tether assembly, then runs the app.
let publishWasmSampleTrimmed () =
    let output = path [ "artifacts"; "wasm-trimmed" ]
    let args =
        $"""publish Interop/Blazor.Sample.Wasm/Tether.Sample.Wasm.csproj -c Release --nologo -o "{output}" """
        + "-p:TrimMode=full -p:SuppressTrimAnalysisWarnings=false -p:TrimmerSingleWarn=false -p:TreatWarningsAsErrors=false"
    printfn "> dotnet %s" args
    let info = ProcessStartInfo("dotnet", args, WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true)
    use proc = Process.Start info
    let errors = proc.StandardError.ReadToEndAsync()
    let log = proc.StandardOutput.ReadToEnd()
    proc.WaitForExit()
    Directory.CreateDirectory artifacts |> ignore
    File.WriteAllText(path [ "artifacts"; "wasm-trimmed-publish.log" ], log + errors.Result)
    if proc.ExitCode <> 0 then
        printfn "%s%s" log errors.Result
        fail "the trimmed WebAssembly publish failed"

/// The author apps (Tests/AuthorApp) use Tether as an author would: PackageReferences to the packed packages in
/// artifacts/, restored into a packages folder of their own that starts empty every time (so a repacked 0.1.0 is
/// never shadowed by an older copy), with the machine's global packages folder as a read-only fallback. The
/// WebAssembly app is published with Blazor's default trim and with TrimMode=full, the Server app as it is; the
/// browser tests run all three. The apps are compiled afresh (no bin/ or obj/ left), and the first WebAssembly
/// publish writes its build output to artifacts/author-wasm-publish.log, where a browser test reads the warning
/// Tether.Interop's analyzer gives (a project that is up to date compiles nothing, and warns of nothing).
let publishAuthorApps () =
    let packages = path [ "artifacts"; "author-packages" ]
    if Directory.Exists packages then Directory.Delete(packages, true)
    for project in [ "Story"; "Wasm"; "Server" ] do
        for output in [ "bin"; "obj" ] do
            let dir = path [ "Tests"; "AuthorApp"; project; output ]
            if Directory.Exists dir then Directory.Delete(dir, true)
    let globalPackages =
        let listed = read "dotnet" "nuget locals global-packages --list"
        Regex.Match(listed, @"global-packages:\s*(\S+)").Groups[1].Value.Trim()
    let restore =
        $"""-p:RestorePackagesPath="{packages}" -p:RestoreAdditionalProjectSources="{artifacts}" -p:RestoreAdditionalProjectFallbackFolders="{globalPackages}" """
    let wasm = "Tests/AuthorApp/Wasm/AuthorApp.Wasm.csproj"
    let log = path [ "artifacts"; "author-wasm-publish.log" ]
    run "dotnet" $"""publish {wasm} -c Release --nologo -o "{path [ "artifacts"; "author-wasm" ]}" {restore} "-flp:LogFile={log};Verbosity=minimal" """
    run "dotnet" $"""publish {wasm} -c Release --nologo -o "{path [ "artifacts"; "author-wasm-full" ]}" {restore} -p:TrimMode=full"""
    run "dotnet" $"""publish Tests/AuthorApp/Server/AuthorApp.Server.csproj -c Release --nologo -o "{path [ "artifacts"; "author-server" ]}" {restore}"""

/// The property suite alone: `--long` runs ten times more, `--replay seed,gamma` replays a printed seed.
let properties () =
    build ()
    if flag "--long" then Environment.SetEnvironmentVariable("TETHER_PROPERTIES", "long")
    option "--replay" |> Option.iter (fun seed -> Environment.SetEnvironmentVariable("TETHER_REPLAY", seed))
    Directory.CreateDirectory testResults |> ignore
    let filter = if flag "--bugs" then "" else "--filter FullyQualifiedName~TableProperties"
    let tally = dotnetTest "Properties/Tether.Properties.fsproj" filter
    printfn "%d passed, %d failed" tally.Passed tally.Failed
    if tally.Failed > 0 then exit 1

/// Mutation testing of the core with Stryker.NET (slow; not part of `test`).
/// The races of the adversarial tests run a twentieth as long (TETHER_STRESS_SCALE), since every mutant reruns them.
let mutation () =
    build ()
    Environment.SetEnvironmentVariable("TETHER_STRESS_SCALE", "0.05")
    runIn (path [ "Tests"; "Core.CSharp.Tests" ]) "dotnet" "stryker --project Tether.Core.csproj --concurrency 2 --reporter html --reporter progress --reporter json --output ../../artifacts/mutation"
    |> ignore

/// BenchmarkDotNet against the baselines in the same run (`--quick`: a few minutes); results go to bench/results.
let bench () =
    build ()
    let quick = if flag "--quick" then "--quick" else ""
    run "dotnet" $"run --project bench/Tether.Benchmarks.csproj -c Release --no-build -- {quick} --filter *"
    let results = path [ "bench"; "results" ]
    Directory.CreateDirectory results |> ignore
    for file in Directory.GetFiles(path [ "bench"; "artifacts"; "results" ]) do
        let name = Path.GetFileName file
        if name.EndsWith "-report-github.md" || name.EndsWith "-report.csv" then
            File.Copy(file, Path.Combine(results, name.Replace("Tether.Benchmarks.", "")), true)
    run "dotnet" "run --project bench/Tether.Benchmarks.csproj -c Release --no-build -- --memory bench/results"
    // The JS side: tether.js deref against a plain Map and array (tinybench), into bench/results/js-deref.md.
    let js = path [ "Interop"; "Blazor.JsTests" ]
    if runIn js "npm" "ci --no-audit --no-fund" <> 0 || runIn js "node" "--expose-gc bench.mjs" <> 0 then fail "the JS benchmark failed"

/// The browser benchmark: publishes the WebAssembly sample (Release), serves it on 127.0.0.1, drives its /bench
/// page in headless Chromium and writes bench/results/browser.md (`--calls N`: calls per round, 1,000 by default).
/// Not part of `test`: it measures; one browser test keeps the page from rotting.
let benchBrowser () =
    ensureChromium ()
    publishWasmSample ()
    let calls = option "--calls" |> Option.defaultValue "1000"
    run "dotnet" "build bench/Browser/Tether.BrowserBench.csproj -c Release --nologo"
    run "dotnet" $"""run --project bench/Browser/Tether.BrowserBench.csproj -c Release --no-build -- "{path [ "artifacts"; "wasm-sample"; "wwwroot" ]}" {calls}"""

/// Which part of a NativeAOT library its code and data come from: the symbols of its .dbg file by assembly
/// (ILC prefixes each with the assembly's name), in bytes.
let nativeSymbolBytes (dbg: string) =
    let groups =
        [ "Tether.Native", "Tether_Native_"; "Tether.Core", "Tether_Core_"; "LanguageExt.Core", "LanguageExt_"
          "System.Linq.Expressions", "System_Linq_Expressions_"; "type loader (runtime generics)", "S_P_TypeLoader_"
          "reflection", "S_P_Reflection_"; "System.Private.CoreLib", "S_P_CoreLib_" ]
    read "nm" $"-S \"{dbg}\""
    |> fun text -> text.Split('\n')
    |> Array.choose (fun line ->
        match line.Split(' ', StringSplitOptions.RemoveEmptyEntries) with
        | [| _; size; _; name |] -> Some(Convert.ToInt64(size, 16), name)
        | _ -> None)
    |> Array.groupBy (fun (_, name) ->
        groups |> List.tryFind (fun (_, prefix) -> name.StartsWith prefix) |> Option.map fst |> Option.defaultValue "the rest (runtime, other assemblies)")
    |> Array.map (fun (group, symbols) -> group, Array.sumBy fst symbols)
    |> Map.ofArray

/// The native figures (`bench-native`): the example library's exports timed from C against GCHandle exports of the same
/// library, in one process, and the library's size with and without Tether.Native; into bench/results/native.md.
let benchNative () =
    restore ()
    let example = path [ "artifacts"; "native"; "example" ]
    let baseline = path [ "artifacts"; "native"; "baseline" ]
    run "dotnet" $"""publish Interop/Native.Example/Tether.Native.Example.csproj -r linux-x64 -c Release --nologo -o "{example}" """
    run "dotnet" $"""publish bench/Native/Baseline/Tether.Native.Baseline.csproj -r linux-x64 -c Release --nologo -o "{baseline}" """
    let exe = path [ "artifacts"; "native"; "bench" ]
    run "gcc" $"""-std=c11 -O2 -Wall -Wextra -Werror -I"{example}" -I"{path [ "Interop"; "Native.Example" ]}" "{path [ "bench"; "Native"; "bench.c" ]}" "{Path.Combine(example, "tether_example.so")}" -Wl,-rpath,"{example}" -o "{exe}" """
    let timings = read exe ""
    printfn "%s" timings
    let size (file: string) = FileInfo(file).Length
    let withTether, alone = size (Path.Combine(example, "tether_example.so")), size (Path.Combine(baseline, "tether_baseline.so"))
    let increase = withTether - alone
    let mb (bytes: int64) = $"{float bytes / 1048576.0:F2} MB"
    let kb (bytes: int64) = $"{float bytes / 1024.0:F0} KB"
    let symbolsWith = nativeSymbolBytes (Path.Combine(example, "tether_example.so.dbg"))
    let symbolsAlone = nativeSymbolBytes (Path.Combine(baseline, "tether_baseline.so.dbg"))
    let breakdown =
        symbolsWith
        |> Map.toList
        |> List.map (fun (group, bytes) -> group, bytes - (symbolsAlone |> Map.tryFind group |> Option.defaultValue 0L))
        |> List.sortByDescending snd
        |> List.map (fun (group, bytes) -> $"| {group} | {kb bytes} |")
        |> String.concat "\n"
    let date = DateTime.UtcNow.ToString "yyyy-MM-dd"
    let cpu = read "sh" "-c \"grep -m1 'model name' /proc/cpuinfo | cut -d: -f2\"" |> fun s -> s.Trim()
    let text =
        $"""# Native callers (Tether.Native), measured from C

`dotnet fsi build.fsx bench-native`, {date}, linux-x64 NativeAOT (Release, default settings), gcc -O2,
{cpu}, {Environment.ProcessorCount} cores (shared with other work: medians of interleaved rounds, compare the ratios).
One process calls both libraries' functions: the example's exports (`NativeHandles.TryGet`, `NativeHandles.Mint`,
`tether_drop`) and, in the same library, exports over `GCHandle.ToIntPtr` values (bench/Native/bench.c).

{timings.Trim()}

| library | size of the .so |
|---|---|
| the example without Tether: its objects and GCHandle exports (bench/Native/Baseline) | {mb alone} |
| the example with Tether.Native (Interop/Native.Example) | {mb withTether} |
| **increase** | **{mb increase}** |

Where the increase comes from (symbol bytes, with minus without, from the .dbg files):

| part | added |
|---|---|
{breakdown}
"""
    Directory.CreateDirectory(path [ "bench"; "results" ]) |> ignore
    File.WriteAllText(path [ "bench"; "results"; "native.md" ], text)
    printfn "%s" text

// ---- docs -------------------------------------------------------------------------------------

// ---- the performance panels: one question each, drawn from bench/results into docs/img/perf-*.svg --------------

/// Splits one line of BenchmarkDotNet's CSV: commas, with quoted fields that may hold commas.
let csvCells (line: string) =
    Regex.Split(line, ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)") |> Array.map (fun c -> c.Trim('"'))

let invariant = Globalization.CultureInfo.InvariantCulture

let tryNumber (text: string) =
    match Double.TryParse(text.Replace(",", "").Replace("×", "").Trim(), Globalization.NumberStyles.Float, invariant) with
    | true, value -> Some value
    | _ -> None

/// The rows of one BenchmarkDotNet report: method, the Live parameter if any, and the ratio to the baseline.
let reportRows (name: string) =
    let file = path [ "bench"; "results"; $"{name}-report.csv" ]
    if not (File.Exists file) then []
    else
        let lines = File.ReadAllLines file
        let header = csvCells lines[0]
        let col name = header |> Array.tryFindIndex ((=) name)
        [ for line in lines[1..] do
              let cells = csvCells line
              match col "Method", col "Ratio" with
              | Some m, Some r ->
                  match tryNumber cells[r] with
                  | Some ratio -> yield cells[m], (col "Live" |> Option.map (fun i -> cells[i])), ratio
                  | None -> ()
              | _ -> () ]

/// The rows of the first markdown table in a results file, as cells.
let markdownRows (file: string) =
    if not (File.Exists file) then []
    else
        File.ReadAllLines file
        |> Array.skipWhile (fun l -> not (l.StartsWith "|"))
        |> Array.takeWhile (fun l -> l.StartsWith "|")
        |> Array.skip 2
        |> Array.map (fun l -> l.Trim('|').Split('|') |> Array.map (fun c -> c.Trim()))
        |> List.ofArray

/// "TetherStrongTryGet" -> "Tether strong TryGet": method names a reader can scan.
let readable (name: string) =
    Regex.Replace(name, @"(?<=[a-z0-9])(?=[A-Z][a-z])", " ")
        .Replace("GC Handle", "GCHandle").Replace("Try Get", "TryGet").Replace("Weak Reference", "WeakReference")
        .Replace("Concurrent Dictionary", "ConcurrentDictionary").Replace("Alloc Free", "Alloc+Free")
        .Replace("Add Drop", "add+drop").Replace("Add Remove", "add+remove").Replace("Create Dispose", "create+dispose")

type Bar = { Label: string; Values: float list; Ours: bool }

let encode (text: string) = Net.WebUtility.HtmlEncode text

/// One panel: a title that asks the question, a bar per row (one per series), and an axis. `logRatio` draws a
/// ratio axis (log scale, a line at the baseline 1×); otherwise a linear axis in `unit`.
let panel (file: string) (title: string) (note: string) (series: string list) (logRatio: bool) (unit: string) (bars: Bar list) =
    if not bars.IsEmpty then
        // The label column fits the longest label (about 7.5 px a character at 13 px, bold).
        let labelWidth = bars |> List.map (fun b -> int (float b.Label.Length * 8.0) + 24) |> List.fold max 160
        let plotWidth, barHeight, gap = 300, 14, 10
        let width = max (labelWidth + plotWidth + 70) (int (float note.Length * 7.0) + 20) // the note fits too
        let rowHeight = barHeight * series.Length + gap
        let top = 74
        let height = top + rowHeight * bars.Length + 40
        let values = bars |> List.collect (fun b -> b.Values)
        let lo, hi =
            if logRatio then
                let lo = values |> List.fold min 1.0 |> fun v -> 2.0 ** floor (Math.Log2 v)
                let hi = values |> List.fold max 1.0 |> fun v -> 2.0 ** ceil (Math.Log2 v)
                lo, (if hi = lo then lo * 2.0 else hi)
            else 0.0, (values |> List.fold max 0.0) * 1.1
        let x (v: float) =
            let t = if logRatio then (Math.Log2 v - Math.Log2 lo) / (Math.Log2 hi - Math.Log2 lo) else (v - lo) / (hi - lo)
            float labelWidth + float plotWidth * t
        let ticks =
            if logRatio then
                [ let mutable t = lo
                  while t <= hi * 1.0001 do
                      yield t
                      t <- t * 2.0 ]
            else
                let step = 10.0 ** floor (Math.Log10 hi) |> fun s -> if hi / s < 3.0 then s / 2.0 else s
                [ 0.0 .. step .. hi ]
        let tickText (t: float) =
            if logRatio then (if t >= 1.0 then $"{t:F0}×" else $"{t:G2}×") else $"{t:G4} {unit}"
        let colours = [ "#1565c0"; "#90caf9" ]
        let grey = [ "#616161"; "#bdbdbd" ]
        let svg = Text.StringBuilder()
        let add (text: string) = svg.Append(text).Append('\n') |> ignore
        add $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="system-ui, sans-serif" font-size="13">"""
        add $"""<rect width="{width}" height="{height}" fill="#ffffff"/>"""
        add $"""<text x="10" y="22" font-size="16" font-weight="600">{encode title}</text>"""
        add $"""<text x="10" y="42" fill="#424242">{encode note}</text>"""
        series |> List.iteri (fun i name ->
            let lx = labelWidth + i * 180
            add $"""<rect x="{lx}" y="52" width="12" height="12" fill="{colours[i]}"/><text x="{lx + 16}" y="62" fill="#424242">{encode name}</text>""")
        for t in ticks do
            add $"""<line x1="{x t:F1}" y1="{top - 4}" x2="{x t:F1}" y2="{height - 34}" stroke="#e0e0e0"/>"""
            add $"""<text x="{x t:F1}" y="{height - 18}" text-anchor="middle" fill="#424242">{tickText t}</text>"""
        if logRatio then
            add $"""<line x1="{x 1.0:F1}" y1="{top - 8}" x2="{x 1.0:F1}" y2="{height - 34}" stroke="#212121" stroke-width="1.5"/>"""
        bars |> List.iteri (fun row bar ->
            let y0 = top + row * rowHeight
            add $"""<text x="{labelWidth - 8}" y="{y0 + barHeight * series.Length / 2 + 4}" text-anchor="end" font-weight="{(if bar.Ours then "600" else "400")}">{encode bar.Label}</text>"""
            bar.Values |> List.iteri (fun i v ->
                let y = y0 + i * barHeight
                let x0 = if logRatio then min (x 1.0) (x v) else x 0.0
                let w = abs (x v - (if logRatio then x 1.0 else x 0.0))
                let fill = (if bar.Ours then colours else grey)[i]
                let valueText = if logRatio then $"{v:F2}×" else $"{v:G3} {unit}"
                add $"""<rect x="{x0:F1}" y="{y + 1}" width="{max w 1.5:F1}" height="{barHeight - 2}" fill="{fill}"/>"""
                add $"""<text x="{max (x v) (if logRatio then x 1.0 else x 0.0) + 4.0:F1}" y="{y + barHeight - 3}" font-size="11" fill="#212121">{valueText}</text>"""))
        add "</svg>"
        File.WriteAllText(path [ "docs"; "img"; file ], svg.ToString())

/// The four panels of the performance page, each answering one question, from the latest results.
let performanceChart () =
    Directory.CreateDirectory(path [ "docs"; "img" ]) |> ignore
    let lookups = reportRows "LookupBenchmarks" |> List.filter (fun (m, _, _) -> not (m.EndsWith "Chain"))
    let sizes = lookups |> List.choose (fun (_, live, _) -> live) |> List.distinct
    let seriesName (live: string) = match tryNumber live with Some n -> $"{n:N0} live handles" | None -> live
    lookups
    |> List.map (fun (m, _, _) -> m) |> List.distinct
    |> List.map (fun m ->
        { Label = readable m; Ours = m.StartsWith "Tether"
          Values = sizes |> List.map (fun size -> lookups |> List.pick (fun (m2, l, r) -> if m2 = m && l = Some size then Some r else None)) })
    |> panel "perf-lookups.svg" "How long is a lookup, next to the alternatives?"
        "Time per lookup relative to the limit (an array slot and a generation compare) = 1×; shorter is faster."
        (sizes |> List.map seriesName) true ""
    reportRows "CreateDropBenchmarks"
    |> List.map (fun (m, _, r) -> { Label = readable m; Values = [ r ]; Ours = m.StartsWith "Tether" })
    |> panel "perf-add-drop.svg" "What does adding and dropping a handle cost, next to GCHandle?"
        "Time per add + drop relative to GCHandle.Alloc + Free = 1×; shorter is faster." [ "add + drop" ] true ""
    markdownRows (path [ "bench"; "results"; "browser.md" ])
    |> List.filter (fun cells -> cells.Length >= 4 && cells[1] <> "[JSImport]")
    |> List.choose (fun cells ->
        // Short labels, so the panel keeps its size at the text's width: "Get: Tether sync, strong hold".
        let operation = Regex.Replace(cells[0], @"\s*\([^)]*\)| of a held object", "")
        let way = Regex.Replace(cells[1], @"\s*\([^)]*\)", "")
        tryNumber cells[3] |> Option.map (fun r -> { Label = $"{operation}: {way}"; Values = [ r ]; Ours = cells[1].StartsWith "Tether" }))
    |> panel "perf-browser.svg" "In the browser, how does a call compare with [JSImport]?"
        "Median time per call relative to the page's own [JSImport] function = 1× (Blazor WebAssembly, Chromium)." [ "per call" ] true ""
    markdownRows (path [ "bench"; "results"; "memory-per-handle.md" ])
    |> List.filter (fun cells -> cells.Length >= 4)
    |> List.choose (fun cells ->
        match tryNumber cells[1], tryNumber cells[2] with
        | Some managed, Some native -> Some { Label = $"{cells[0]} hold"; Values = [ managed; native ]; Ours = true }
        | _ -> None)
    |> panel "perf-memory.svg" "How much memory does one live handle take?"
        "Bytes per live handle with 1,000,000 held: the managed heap and native memory (GC handles)." [ "managed"; "native" ] false "B"

let docsProjects =
    [ "Core.CSharp/Tether.Core.csproj"; "Api.FSharp/Tether.FSharp.fsproj"; "Interop/Wasmtime/Tether.Wasmtime.csproj"; "Interop/Blazor/Tether.Interop.csproj"
      "Interop/Native/Tether.Native.csproj" ]

/// The one-line summary of a documented member, as plain text: tags dropped, a cref shown by its last name.
let summaryOf (docs: XDocument list) (id: string) =
    docs
    |> List.tryPick (fun doc ->
        doc.Descendants(XName.Get "member") |> Seq.tryFind (fun m -> m.Attribute(XName.Get "name").Value = id))
    |> Option.bind (fun m -> m.Element(XName.Get "summary") |> Option.ofObj)
    |> Option.map (fun summary ->
        summary.DescendantNodes()
        |> Seq.choose (fun node ->
            match node with
            | :? XText as text when not (text.Parent.Name.LocalName = "see" || text.Parent.Name.LocalName = "paramref") -> Some text.Value
            | :? XElement as e when e.Name.LocalName = "see" || e.Name.LocalName = "paramref" ->
                let target = [ "cref"; "langword"; "name" ] |> List.tryPick (fun a -> e.Attribute(XName.Get a) |> Option.ofObj)
                match target with
                | Some a when e.Value = "" -> Some(a.Value.Split(':') |> Array.last |> fun n -> n.Split('.') |> Array.last)
                | _ -> Some e.Value
            | _ -> None)
        |> String.concat ""
        |> fun text -> Regex.Replace(text, @"\s+", " ").Trim())
    |> Option.defaultValue ""

/// fsdocs documents no type nested in a C# class (the cases of HandleError and InteropError), yet links each to a
/// page of its own, which it does not write. Each owner's page gets a "Cases" section with every public nested type
/// and its summary (listed by docs-tools/docs-assemblies.fsx, from the XML docs), and the links go to its entry.
let documentNestedTypes (assemblies: string) =
    let reference = path [ "output"; "reference" ]
    let slug (fullName: string) = fullName.ToLowerInvariant().Replace('.', '-')
    let docs = Directory.GetFiles(assemblies, "*.xml", SearchOption.AllDirectories) |> Array.distinctBy Path.GetFileName |> Array.map XDocument.Load |> List.ofArray
    let nested =
        Directory.GetFiles(assemblies, "*.nested.txt")
        |> Array.collect File.ReadAllLines
        |> Array.map (fun line -> let parts = line.Split('\t') in parts[0], parts[1])
        |> Array.filter (fun (owner, name) -> not (File.Exists(Path.Combine(reference, slug $"{owner}.{name}" + ".html"))))
    let links =
        nested
        |> Array.map (fun (owner, name) ->
            let page, ownerPage = slug (owner + "." + name), slug owner
            $"href=\"/reference/{page}.html\"", $"href=\"/reference/{ownerPage}.html#{name}\"")
    for file in Directory.GetFiles(reference, "*.html") do
        let html = File.ReadAllText file
        let mutable updated = links |> Array.fold (fun (text: string) (from, into) -> text.Replace(from, into)) html
        let cases = nested |> Array.filter (fun (owner, _) -> Path.GetFileNameWithoutExtension file = slug owner)
        if cases.Length > 0 then
            let rows =
                cases
                |> Array.map (fun (owner, name) ->
                    let summary = Net.WebUtility.HtmlEncode(summaryOf docs $"T:{owner}.{name}")
                    let ownerName = owner.Split('.') |> Array.last
                    $"""<tr><td class="fsdocs-member-usage" id="{name}"><code>{ownerName}.{name}</code></td><td class="fsdocs-member-xmldoc">{summary}</td></tr>""")
                |> String.concat "\n"
            let section =
                $"""<div><h3>Cases (nested types)</h3><table class="table outer-list fsdocs-member-list"><thead><tr><td class="fsdocs-member-list-header">Case</td><td class="fsdocs-member-list-header">Description</td></tr></thead><tbody>{rows}</tbody></table></div>"""
            let at = updated.IndexOf("<div>\n    <h3>")
            updated <- if at >= 0 then updated.Insert(at, section + "\n  ") else updated
        if updated <> html then File.WriteAllText(file, updated)

/// fsdocs links no C# member to its source. Each member docs-tools/docs-assemblies.fsx located (from the PDBs) gets
/// the link the F# members have, to its file and lines at main.
let linkCSharpSources (assemblies: string) (repository: string) =
    let sources =
        Directory.GetFiles(assemblies, "*.sources.txt")
        |> Array.collect File.ReadAllLines
        |> Array.map (fun line -> line.Split('\t'))
        |> Array.filter (fun parts -> parts.Length = 4)
        |> Array.distinctBy (fun parts -> parts[0])
        |> Array.map (fun parts -> parts[0], (parts[1], parts[2], parts[3]))
        |> dict
    // A member row with no source link: its buttons begin with "Copy signature (XML)".
    let row = Regex(@"(<div class=""icon-button-row"">)(\s*)(<div class=""fsdocs-source-link"" title=""Copy signature \(XML\)"" onclick=""Clipboard_CopyTo\('<see cref=\\'(?<id>[^\\]+)\\'/>'\)"">)")
    for file in Directory.GetFiles(path [ "output"; "reference" ], "*.html") do
        let html = File.ReadAllText file
        let updated =
            row.Replace(html, MatchEvaluator(fun m ->
                match sources.TryGetValue m.Groups["id"].Value with
                | true, (source, first, last) ->
                    let space = m.Groups[2].Value
                    $"""{m.Groups[1].Value}{space}<a href="{repository}/blob/main/{source}#L{first}-{last}" class="fsdocs-source-link" title="Source on GitHub"><iconify-icon icon="ri:github-fill" height="24" width="24"></iconify-icon></a>{space}{m.Groups[3].Value}"""
                | _ -> m.Value))
        if updated <> html then File.WriteAllText(file, updated)

/// The repository's web address, from Directory.Build.props (PackageProjectUrl: RepositoryUrl ends in ".git").
let repositoryUrl () =
    let props = XDocument.Load(path [ "Directory.Build.props" ])
    (props.Descendants(XName.Get "PackageProjectUrl") |> Seq.head).Value.TrimEnd('/')

/// The docs site, into output/: examples run at build time (--eval), and any problem fails it (--strict).
/// The template (docs/_template.html) and everything it loads are in docs/ (--nodefaultcontent), so output/ holds
/// the site alone and reads the same offline. Links into the repository name branch main: the sidebar's LICENSE
/// and CHANGELOG.md, and each member's source, where the compiler recorded it under the deterministic root /_/.
let buildDocs () =
    performanceChart ()
    let projects = docsProjects |> String.concat " "
    let repository = repositoryUrl ()
    let collectionName = "Tether"
    let parameters =
        [ "root", "/"
          "fsdocs-collection-name", collectionName
          "fsdocs-logo-src", "img/logo.svg"
          "fsdocs-favicon-src", "img/logo.svg"
          "fsdocs-logo-link", "/index.html"
          "fsdocs-repository-link", repository
          "fsdocs-license-link", $"{repository}/blob/main/LICENSE"
          "fsdocs-release-notes-link", $"{repository}/blob/main/CHANGELOG.md" ]
        |> List.map (fun (key, value) -> $"{key} {value}")
        |> String.concat " "
    let sources = $"--sourcefolder /_/ --sourcerepo {repository}/blob/main/"
    // fsdocs leaves out any member with an attribute it cannot read (every async one): it reads copies without them.
    let assemblies = path [ "artifacts"; "docs-assemblies" ]
    let built =
        docsProjects
        |> List.map (fun p ->
            let dll = Path.GetFileNameWithoutExtension p + ".dll" // each project is named as its assembly
            let file = Path.Combine(Path.GetDirectoryName(path [ p ]), "bin", "Release", "net10.0", dll)
            "\"" + file + "\"")
        |> String.concat " "
    run "dotnet" $"""fsi docs-tools/docs-assemblies.fsx "{assemblies}" {built}"""
    let properties = $"Configuration=Release TetherDocsAssemblies={assemblies}"
    // fsdocs caches what it cracked from the projects, without the properties it was given: crack afresh.
    if Directory.Exists(path [ ".fsdocs" ]) then Directory.Delete(path [ ".fsdocs" ], true)
    run "dotnet" $"fsdocs build --input docs --output output --eval --strict --clean --nodefaultcontent {sources} --properties {properties} --projects {projects} --parameters {parameters}"
    documentNestedTypes assemblies
    linkCSharpSources assemblies repository
    // fsdocs titles llms.txt and llms-full.txt with the name of the folder the repository sits in, not the
    // collection name it was given: the title is the site's name wherever the clone is.
    for file in [ "llms.txt"; "llms-full.txt" ] do
        let full = path [ "output"; file ]
        if File.Exists full then
            let lines = File.ReadAllLines full
            if lines.Length > 0 && lines[0].StartsWith "# " then
                lines[0] <- $"# {collectionName}"
                File.WriteAllLines(full, lines)

/// `docs --no-build`: the site alone, from what the last build left (for work on the pages).
let docs () =
    if not (flag "--no-build") then build ()
    buildDocs ()

let test () =
    ensureChromium ()
    build ()
    pack () // the package tests install what pack produced
    publishWasmSample ()
    publishWasmSampleTrimmed ()
    publishAuthorApps ()
    buildDocs () // the docs test opens the site
    Directory.CreateDirectory testResults |> ignore
    let tally = testProjects |> List.map (fun p -> dotnetTest p "") |> List.fold add (nodeTests ())
    printfn ""
    for p in testProjects do
        failuresIn (Path.Combine(testResults, Path.GetFileNameWithoutExtension p + ".trx")) |> List.iter (printfn "%s")
    printfn "%d passed, %d failed, %d skipped" tally.Passed tally.Failed tally.Skipped
    if tally.Failed > 0 then exit 1

/// Serves a published WebAssembly app on 127.0.0.1 until the process is stopped: files as they are, with the
/// types browsers insist on (application/wasm streams compilation), and index.html for any page path.
let serveStatic (site: string) (port: int) =
    let types =
        dict [ ".html", "text/html"; ".js", "text/javascript"; ".mjs", "text/javascript"; ".wasm", "application/wasm"
               ".json", "application/json"; ".css", "text/css"; ".png", "image/png"; ".svg", "image/svg+xml"; ".ico", "image/x-icon" ]
    let listener = new System.Net.HttpListener()
    listener.Prefixes.Add $"http://127.0.0.1:{port}/"
    listener.Start()
    let rec loop () =
        let context = listener.GetContext()
        async {
            try
                let relative = Uri.UnescapeDataString(context.Request.Url.AbsolutePath.TrimStart '/')
                let candidate = Path.GetFullPath(Path.Combine(site, relative))
                let file =
                    if candidate.StartsWith(Path.GetFullPath site) && File.Exists candidate then candidate
                    else Path.Combine(site, "index.html")
                let ext = Path.GetExtension file
                context.Response.ContentType <- (if types.ContainsKey ext then types[ext] else "application/octet-stream")
                let bytes = File.ReadAllBytes file
                context.Response.ContentLength64 <- int64 bytes.Length
                context.Response.OutputStream.Write(bytes, 0, bytes.Length)
            finally
                context.Response.Close()
        }
        |> Async.Start
        loop ()
    loop ()

/// A project and every project it references, directly or not (full paths).
let projectClosure (project: string) =
    let rec walk (seen: string list) (project: string) =
        if List.contains project seen then seen
        else
            XDocument.Load(project).Descendants(XName.Get "ProjectReference")
            |> Seq.map (fun r -> Path.GetFullPath(Path.Combine(Path.GetDirectoryName project, r.Attribute(XName.Get "Include").Value.Replace('\\', '/'))))
            |> Seq.fold walk (project :: seen)
    walk [] (Path.GetFullPath project)

/// `demo`: the console demo (a host and a Wasm guest). `demo --browser`: the WebAssembly showcase, published
/// and served on 127.0.0.1 (`--port N`, default 5187) until Ctrl+C.
let demo () =
    if flag "--browser" then
        publishWasmSample ()
        let port = option "--port" |> Option.map int |> Option.defaultValue 5187
        printfn ""
        printfn "Tether showcase: http://127.0.0.1:%d/showcase   (the probe the tests drive: http://127.0.0.1:%d/)" port port
        printfn "Stop with Ctrl+C."
        serveStatic (path [ "artifacts"; "wasm-sample"; "wwwroot" ]) port
    else
        // Only what the demo runs: Paket alone of the tools, and the packages of the demo's own project closure
        // (Tether.Demo, Tether.Wasmtime, Tether.Core), each restored by Paket as MSBuild builds it. The build and
        // test targets still restore every tool and every group.
        restoreTool "paket"
        // One Paket run downloads the closure's packages side by side; MSBuild then only lays out each project's.
        let references =
            projectClosure (path [ "Demo"; "Tether.Demo.csproj" ])
            |> List.map (fun project -> Path.Combine(Path.GetDirectoryName project, "paket.references"))
            |> List.filter File.Exists
            |> List.map (fun file -> $"--references-file \"{file}\"")
            |> String.concat " "
        run "dotnet" $"paket restore {references}"
        run "dotnet" "build Demo/Tether.Demo.csproj -c Release --nologo -p:PaketDisableGlobalRestore=true"
        run "dotnet" "run --project Demo/Tether.Demo.csproj -c Release --no-build"

/// `native-demo`: the worked example of Tether.Native. Publishes the example library with NativeAOT (linux-x64),
/// compiles demo.c against it with gcc and runs it, then the same story from Python (ctypes), if python3 is there.
let nativeDemo () =
    restore ()
    let library = path [ "artifacts"; "native"; "example" ]
    run "dotnet" $"""publish Interop/Native.Example/Tether.Native.Example.csproj -r linux-x64 -c Release --nologo -o "{library}" """
    let demo = path [ "artifacts"; "native"; "demo" ]
    run "gcc" $"""-std=c11 -Wall -Wextra -Werror -I"{library}" -I"{path [ "Interop"; "Native.Example" ]}" "{path [ "Interop"; "Native.Example"; "demo.c" ]}" "{Path.Combine(library, "tether_example.so")}" -Wl,-rpath,"{library}" -o "{demo}" """
    printfn ""
    printfn "== A C program holds .NET objects of tether_example.so by handle (Interop/Native.Example/demo.c) =="
    printfn ""
    run demo ""
    printfn ""
    printfn "== The same library from Python, through ctypes (Interop/Native.Example/demo.py) =="
    printfn ""
    if String.IsNullOrWhiteSpace(read "sh" "-c \"command -v python3\"") then
        printfn "python3 is not installed here: the Python caller was skipped."
    else
        run "python3" $""""{path [ "Interop"; "Native.Example"; "demo.py" ]}" "{library}" """

// ---- dispatch ---------------------------------------------------------------------------------

let targets: (string * string * (unit -> unit)) list =
    [ "restore", "restore dotnet tools and packages", restore
      "build", "build everything in Release", build
      "test", "run every test the project has, then print 'N passed, N failed'", test
      "pack", "make nupkgs and snupkgs in artifacts/", pack
      "demo", "run the demo (--browser: publish the WebAssembly showcase and serve it on 127.0.0.1)", demo
      "native-demo", "publish the NativeAOT example library and call it from C (gcc) and Python (ctypes)", nativeDemo
      "properties", "run the property suite (--long: ten times more; --replay SEED: replay a seed; --bugs: also the planted bugs)", properties
      "mutation", "mutation-test the core with Stryker.NET (slow; not in CI)", mutation
      "docs", "build the docs site into output/ (examples run; errors fail the build; --no-build: the site alone)", docs
      "bench", "run the benchmarks (--quick: a short run) and copy the results to bench/results", bench
      "bench-native", "time Tether.Native's exports against GCHandle from C, and its size: bench/results/native.md", benchNative
      "bench-browser", "time Tether against [JSImport] and Blazor interop in headless Chromium: bench/results/browser.md", benchBrowser
      "clean", "delete build output", clean
      "deps", "update dependencies (paket update) and keep %NUGET_SOURCE% in paket.lock", updateDependencies
      "api", "record the public API surface in PublicAPI.Unshipped.txt", updatePublicApi ]

let usage () =
    printfn "usage: dotnet fsi build.fsx <target>"
    for name, description, _ in targets do
        printfn "  %-13s %s" name description

let args = fsi.CommandLineArgs |> Array.skip 1

match args |> Array.tryHead |> Option.bind (fun t -> targets |> List.tryFind (fun (n, _, _) -> n = t)) with
| Some(_, _, action) ->
    try
        action ()
    with BuildFailed message ->
        eprintfn "build failed: %s" message
        exit 1
| None ->
    match Array.tryHead args with
    | Some unknown -> eprintfn "unknown target '%s'" unknown
    | None -> eprintfn "no target given"
    usage ()
    exit 2
