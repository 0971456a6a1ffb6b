// Sizes the docs quote, from the build rather than from memory: tether.js measured now (raw, and brotli at the
// quality the publish uses), and the WebAssembly payload as the package test last measured it (wasm-payload.json;
// the package test fails when its measurement drifts from the file, and rewrites it with TETHER_UPDATE_SIZES=1).
open System.IO
open System.IO.Compression
open System.Net
open System.Text.Json

let private root =
    [ Path.Combine(__SOURCE_DIRECTORY__, ".."); Directory.GetCurrentDirectory() ]
    |> List.find (fun dir -> File.Exists(Path.Combine(dir, "paket.dependencies")))

let private kb (bytes: int64) = float bytes / 1024.0

/// tether.js as shipped: its size, and its brotli size (quality 11, as the Blazor publish compresses it).
let tetherJs () =
    let bytes = File.ReadAllBytes(Path.Combine(root, "Interop", "Blazor", "wwwroot", "tether.js"))
    use compressed = new MemoryStream()
    (use brotli = new BrotliStream(compressed, CompressionLevel.SmallestSize, leaveOpen = true)
     brotli.Write(bytes, 0, bytes.Length))
    int64 bytes.Length, compressed.Length

/// The Download size section's figures, as HTML.
let downloadSection () =
    let raw, brotli = tetherJs ()
    use payload = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "docs-tools", "wasm-payload.json")))
    let p = payload.RootElement
    let growth = p.GetProperty("growthBytes").GetInt64()
    let bare = p.GetProperty("bareBytes").GetInt64()
    let files =
        p.GetProperty("files").EnumerateArray()
        |> Seq.map (fun f ->
            let name = WebUtility.HtmlEncode(f.GetProperty("file").GetString())
            let size = kb (f.GetProperty("bytes").GetInt64())
            $"<li>{name}: {size:F1} KB</li>")
        |> String.concat ""
    $"<p>tether.js is {kb raw:F1} KB as shipped and {kb brotli:F1} KB in brotli (measured by the docs build). "
    + $"The package test publishes a minimal Blazor WebAssembly app with and without Tether.Interop in the same run: "
    + $"Tether adds {kb growth:F1} KB of brotli to the download (the bare app is {kb bare:F1} KB). "
    + $"What grew most, as it measured:</p><ul>{files}</ul>"
