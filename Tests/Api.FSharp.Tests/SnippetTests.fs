/// The F# a reader copies: every ```fsharp block of Api.FSharp/README.md and the code of the F# guide
/// (docs/fsharp.fsx), each run by `dotnet fsi` against this build.
namespace Tether.FSharp.Tests

open System.IO
open System.Text.RegularExpressions
open System.Threading.Tasks
open Xunit
open Xunit.Abstractions

type SnippetTests(output: ITestOutputHelper) =
    static let readme = Path.Combine(Scripts.root, "Api.FSharp", "README.md")

    /// The ```fsharp blocks of a markdown file, in order.
    static let fsharpBlocks (markdown: string) =
        Regex.Matches(markdown.Replace("\r\n", "\n"), @"^```fsharp\n(.*?)^```", RegexOptions.Singleline ||| RegexOptions.Multiline)
        |> Seq.map (fun m -> m.Groups[1].Value)
        |> Seq.toList

    /// Runs scripts two at a time, in order of their results.
    static let runAll (scripts: (string * string) list) =
        scripts
        |> List.map (fun (name, code) -> Task.Run(fun () -> Scripts.run name code))
        |> Task.WhenAll
        |> fun all -> all.Result |> Array.toList

    /// What each README block prints, as its comments say.
    static let readmeSays =
        [ "Ok \"left+right\"\nalive: canvas\ndropped"
          "6\ncanvas"
          "Ok 10" ]

    /// What the F# guide shows with include-value, raw handles (random per table) read as RAW.
    static let guideShows =
        [ "joined = Ok \"left+right (dropped at the end)\""
          "loosened = Ok Weak"
          "stale = Error (Dropped RAW)"
          "lengths = [0; 5]"
          "rightNow = ValueSome \"right\""
          "small = Error (TableFull 2)"
          "closedScope = Error (ScopeDisposed 0L)"
          "closedAsync = Ok ()"
          "areaNow = Ok 15"
          "ofDroppedNow = Error (Dropped RAW)"
          "parsedNow = Error (InvalidArgument \"not a number: forty-two\")" ]

    [<Fact>]
    member _.``Every F# block of the package README compiles, runs on its own and prints what its comments say``() =
        let blocks = fsharpBlocks (File.ReadAllText readme)
        let runs = blocks |> List.mapi (fun i block -> $"readme-{i + 1}", block) |> runAll
        let compiled = runs |> List.filter (fun r -> not r.CompileFailed) |> List.length
        let ran = runs |> List.filter (fun r -> r.ExitCode = 0) |> List.length
        output.WriteLine $"Api.FSharp/README.md: {blocks.Length} F# blocks found, {compiled} compiled, {ran} ran"
        runs |> List.iteri (fun i r -> output.WriteLine $"--- block {i + 1}: {Scripts.describe r}")
        Assert.NotEmpty blocks
        runs |> List.iteri (fun i r -> Assert.True((r.ExitCode = 0), $"README block {i + 1}:\n{blocks[i]}\n{Scripts.describe r}"))
        Assert.Equal<string list>(readmeSays, runs |> List.map (fun r -> r.Output.Replace("\r\n", "\n").Trim()))

    [<Fact>]
    member _.``The F# guide's code compiles and runs as the docs build runs it, and shows what it should``() =
        let page = File.ReadAllText(Path.Combine(Scripts.root, "docs", "fsharp.fsx")).Replace("\r\n", "\n")
        // The page's hidden #r lines name ../<project>/bin/Release: point them at this build.
        let code =
            Regex.Replace(page, "#r \"\\.\\./([^\"]*?)/bin/Release/", fun m ->
                $"#r @\"{Path.Combine(Scripts.root, m.Groups[1].Value)}/bin/{Scripts.configuration}/")
        // Code is what lies outside the literate comments, (** text *) and (*** command ***).
        let sections =
            Regex.Split(page, @"\(\*\*.*?\*\)", RegexOptions.Singleline)
            |> Array.filter (fun chunk -> chunk.Trim() <> "")
            |> Array.length
        let shown =
            Regex.Matches(page, @"\(\*\*\* include-value: (\w+) \*\*\*\)")
            |> Seq.map (fun m -> m.Groups[1].Value)
            |> Seq.map (fun name -> $"printfn \"%%s = %%A\" \"{name}\" {name}")
            |> String.concat "\n"
        let run = Scripts.runFile (Scripts.write "docs-fsharp" (code + "\n" + shown + "\n"))
        let ran = if run.ExitCode = 0 then sections else 0
        output.WriteLine $"docs/fsharp.fsx: {sections} code sections found, {ran} compiled and ran"
        output.WriteLine(Scripts.describe run)
        Assert.True((run.ExitCode = 0), Scripts.describe run)
        let lines =
            run.Output.Replace("\r\n", "\n").Trim().Split('\n')
            |> Array.map (fun line -> Regex.Replace(line, @"\b\d{14,16}L\b", "RAW"))
            |> Array.toList
        Assert.Equal<string list>(guideShows, lines)
