/// Runs F# scripts through `dotnet fsi` against the binaries this test run built: for code that must
/// not compile (a test project cannot hold it) and for the snippets of the README and the docs.
module Tether.FSharp.Tests.Scripts

open System
open System.Diagnostics
open System.IO
open System.Text.RegularExpressions

/// The repository root: the nearest folder above the test assembly that holds Tether.slnx.
let root =
    let rec up (dir: DirectoryInfo) =
        if isNull dir then failwith $"no Tether.slnx above {AppContext.BaseDirectory}"
        elif File.Exists(Path.Combine(dir.FullName, "Tether.slnx")) then dir.FullName
        else up dir.Parent
    up (DirectoryInfo AppContext.BaseDirectory)

/// The configuration this test assembly was built in (bin/<configuration>/net10.0).
let configuration = DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent.Name

/// Api.FSharp's build output: Tether.FSharp.dll with Tether.Core.dll and LanguageExt.Core.dll beside it.
let binaries = Path.Combine(root, "Api.FSharp", "bin", configuration, "net10.0")

/// The lines a script needs to see the packages, as a reader's `#r "nuget: Tether.FSharp"` would give.
let references =
    [ "LanguageExt.Core.dll"; "Tether.Core.dll"; "Tether.FSharp.dll" ]
    |> List.map (fun dll -> $"#r @\"{Path.Combine(binaries, dll)}\"")
    |> String.concat "\n"

/// What `dotnet fsi` said about a script.
type Run =
    { ExitCode: int
      Output: string
      Errors: string }

    /// The F# compiler's error codes in what fsi wrote (FS0193, ...), in order.
    member run.ErrorCodes =
        Regex.Matches(run.Errors + run.Output, @"error (FS\d{4})") |> Seq.map (fun m -> m.Groups[1].Value) |> Seq.toList

    /// Whether fsi stopped at a compile error, rather than at an exception while running.
    member run.CompileFailed = not run.ErrorCodes.IsEmpty

// Each fsi compiles with the whole machine: two at a time at most.
let private gate = new Threading.SemaphoreSlim(2)

/// Runs an F# script file with `dotnet fsi` and waits (up to ten minutes) for it to end.
let runFile (script: string) : Run =
    gate.Wait()
    try
        let dotnet =
            match Environment.GetEnvironmentVariable "DOTNET_HOST_PATH" with
            | null
            | "" -> "dotnet"
            | host -> host
        let info = ProcessStartInfo(dotnet, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false)
        for arg in [ "fsi"; "--quiet"; "--nologo"; "--exec"; script ] do
            info.ArgumentList.Add arg
        info.WorkingDirectory <- Path.GetDirectoryName script
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] <- "1"
        info.Environment["DOTNET_NOLOGO"] <- "1"
        use fsi = Process.Start info
        let output = fsi.StandardOutput.ReadToEndAsync()
        let errors = fsi.StandardError.ReadToEndAsync()
        if not (fsi.WaitForExit(TimeSpan.FromMinutes 10.0)) then
            fsi.Kill true
            failwith $"dotnet fsi {script} did not end within ten minutes"
        { ExitCode = fsi.ExitCode; Output = output.Result; Errors = errors.Result }
    finally
        gate.Release() |> ignore

/// Writes F# code to a script file in the test's output folder, under scripts/ (named by `name`), so
/// that a failure can be read and rerun by hand; returns its path.
let write (name: string) (code: string) : string =
    let dir = Path.Combine(AppContext.BaseDirectory, "scripts")
    Directory.CreateDirectory dir |> ignore
    let script = Path.Combine(dir, name + ".fsx")
    File.WriteAllText(script, code.Replace("\r\n", "\n"))
    script

/// Runs F# code as a script with the package's references in front of it (see <c>write</c>).
let run (name: string) (code: string) : Run =
    runFile (write name (references + "\n# 1 \"" + name + ".fsx\"\n" + code + "\n"))

/// Says what a run printed, for a failed assertion.
let describe (run: Run) = $"exit {run.ExitCode}\n--- stdout\n{run.Output}\n--- stderr\n{run.Errors}"
