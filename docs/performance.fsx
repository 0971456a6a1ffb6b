(**
---
title: Performance
category: Background
categoryindex: 3
index: 2
---
*)
(*** hide ***)
open System.IO
open System.Net

let results = Path.Combine(__SOURCE_DIRECTORY__, "..", "bench", "results")

// One BenchmarkDotNet CSV report as an HTML table: method, parameters, mean, ratio, allocations.
let cellsOf (line: string) =
    System.Text.RegularExpressions.Regex.Split(line, ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")

let table (file: string) =
    let lines = File.ReadAllLines file
    let header = cellsOf lines[0] |> Array.map (fun h -> h.Trim('"'))
    let wanted = [ "Method"; "Live"; "Mean"; "Ratio"; "Allocated" ] |> List.choose (fun c -> Array.tryFindIndex ((=) c) header |> Option.map (fun i -> c, i))
    let cell (s: string) = WebUtility.HtmlEncode(s.Trim('"'))
    let head = wanted |> List.map (fun (c, _) -> $"<th>{c}</th>") |> String.concat ""
    let rows =
        lines[1..]
        |> Array.map (fun line ->
            let cells = cellsOf line
            let tds = wanted |> List.map (fun (_, i) -> $"<td>{cell cells[i]}</td>") |> String.concat ""
            $"<tr>{tds}</tr>")
        |> String.concat "\n"
    let title = Path.GetFileNameWithoutExtension(file).Replace("-report", "").Replace("Tether.Benchmarks.", "")
    $"""<h3>{title}</h3><table class="table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"""

let reports =
    if Directory.Exists results then Directory.GetFiles(results, "*-report.csv") |> Array.sort |> Array.map table |> String.concat "\n"
    else "<p>No results yet: run <code>dotnet fsi build.fsx bench</code>.</p>"

// The results are markdown (tables, lists); the page shows them rendered by fsdocs' own Markdown library, which is
// loaded in the process that evaluates this script (Markdown.ToHtml, its optional arguments left out).
let markdownToHtml (text: string) =
    let library = System.AppDomain.CurrentDomain.GetAssemblies() |> Array.find (fun a -> a.GetName().Name = "FSharp.Formatting.Markdown")
    let toHtml = library.GetType("FSharp.Formatting.Markdown.Markdown").GetMethods() |> Array.find (fun m -> m.Name = "ToHtml" && m.GetParameters().[0].ParameterType = typeof<string>)
    toHtml.Invoke(null, Array.init (toHtml.GetParameters().Length) (fun i -> if i = 0 then box text else null)) :?> string

let browser =
    let file = Path.Combine(results, "browser.md")
    // The file's own title is the page's section title here.
    if File.Exists file then File.ReadAllLines file |> Array.skipWhile (fun l -> l.StartsWith "#" || l = "") |> String.concat "\n" |> markdownToHtml
    else "<p>Not measured yet: run <code>dotnet fsi build.fsx bench-browser</code>.</p>"

let native =
    let file = Path.Combine(results, "native.md")
    // The file's own title is the page's section title here.
    if File.Exists file then File.ReadAllLines file |> Array.skipWhile (fun l -> l.StartsWith "#" || l = "") |> String.concat "\n" |> markdownToHtml
    else "<p>Not measured yet: run <code>dotnet fsi build.fsx bench-native</code>.</p>"

let memory =
    let file = Path.Combine(results, "memory-per-handle.md")
    if File.Exists file then File.ReadAllText file |> markdownToHtml else "<p>Not measured yet.</p>"

(**
# Performance

Every figure is measured by BenchmarkDotNet against baselines **in the same run**
(`dotnet fsi build.fsx bench`, or `--quick`), and this page is built from the latest results in
`bench/results/`. Ratios are time relative to each benchmark class's baseline: the "limit" (an
`object[]` slot plus an `int[]` generation compare) for lookups, `GCHandle.Alloc` + `Free` for adding
and dropping.

Each panel answers one question; a bar left of the line at 1× is faster than the baseline, right of it slower
(the ratio axis doubles at each mark). Tether's own rows are in blue and bold.

![How long is a lookup, next to the alternatives?](img/perf-lookups.svg)

![What does adding and dropping a handle cost, next to GCHandle?](img/perf-add-drop.svg)

![In the browser, how does a call compare with [JSImport]?](img/perf-browser.svg)

![How much memory does one live handle take?](img/perf-memory.svg)

## Memory per live handle (measured)
*)
(*** hide ***)
memory
(*** include-it-raw ***)
(**
## In the browser (Blazor WebAssembly, headless Chromium)
Median µs per call of the same JS work through Tether (the synchronous `JsInProcessHandles` and the async
`JsHandles`), through the page's own `[JSImport]` functions (the baseline, 1.00), and through Blazor's
`IJSInProcessObjectReference` and `IJSObjectReference`: `dotnet fsi build.fsx bench-browser`, into
`bench/results/browser.md`.
*)
(*** hide ***)
browser
(*** include-it-raw ***)
(**
## From native code (Tether.Native, NativeAOT, called from C)
A C program calls the example library's exports: a typed lookup (`NativeHandles.TryGet`) against an export that does
`GCHandle.FromIntPtr(p).Target`, and create + drop against `GCHandle.Alloc` + `Free`, in one process; and the
library's size with and without Tether.Native. `dotnet fsi build.fsx bench-native`, into `bench/results/native.md`;
see [Native callers](native.html).
*)
(*** hide ***)
native
(*** include-it-raw ***)
(**
## The tables
*)
(*** hide ***)
reports
(*** include-it-raw ***)
