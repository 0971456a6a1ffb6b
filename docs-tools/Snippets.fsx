// Pulls a C# region out of docs-tools/examples (a compiled project) as highlighted-ready HTML.
open System.IO
open System.Net

let csharp (file: string) (key: string) =
    // fsdocs evaluates from the repository root; plain fsi from wherever: look in both places.
    let folder =
        [ Path.Combine(__SOURCE_DIRECTORY__, "examples"); Path.Combine(Directory.GetCurrentDirectory(), "docs-tools", "examples") ]
        |> List.find (fun dir -> File.Exists(Path.Combine(dir, file)))
    let lines = File.ReadAllLines(Path.Combine(folder, file))
    let start = lines |> Array.findIndex (fun l -> l.Trim() = $"// [{key}]")
    let stop = lines |> Array.findIndex (fun l -> l.Trim() = $"// [/{key}]")
    let body = lines[start + 1 .. stop - 1]
    let indent = body |> Array.filter (fun l -> l.Trim() <> "") |> Array.map (fun l -> l.Length - l.TrimStart().Length) |> Array.min
    let code = body |> Array.map (fun l -> if l.Length >= indent then l.Substring indent else l) |> String.concat "\n"
    $"<pre><code class=\"language-csharp\">{WebUtility.HtmlEncode code}</code></pre>"
