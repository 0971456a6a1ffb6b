// Draws docs/img/icon.png, the packages' 128x128 icon (NuGet takes PNG or JPEG, not SVG), from the shapes of
// docs/img/logo.svg at twice its size: a green ring and a dashed blue ring. Run once after changing the logo:
//   dotnet fsi docs-tools/icon.fsx
// Plain code, no imaging library: 4x4 supersampling for the edges, then a PNG written with zlib.

open System
open System.IO
open System.IO.Compression

let size = 128
let scale = 2.0 // logo.svg is 64x64

// logo.svg: <circle cx="20" cy="32" r="12" stroke="#2e7d32" stroke-width="5"/>
//           <circle cx="44" cy="32" r="12" stroke="#1565c0" stroke-width="5" stroke-dasharray="6 4"/>
type Ring = { Cx: float; Cy: float; R: float; Width: float; Color: byte * byte * byte; Dash: (float * float) option }

let rings =
    [ { Cx = 20.0; Cy = 32.0; R = 12.0; Width = 5.0; Color = (0x2euy, 0x7duy, 0x32uy); Dash = None }
      { Cx = 44.0; Cy = 32.0; R = 12.0; Width = 5.0; Color = (0x15uy, 0x65uy, 0xc0uy); Dash = Some(6.0, 4.0) } ]

/// Whether a point (in logo units) lies on the ring's stroke. SVG starts a circle's dash pattern at (cx + r, cy)
/// and runs it in the direction of increasing angle (clockwise on screen).
let covers ring (x: float) (y: float) =
    let dx, dy = x - ring.Cx, y - ring.Cy
    let d = sqrt (dx * dx + dy * dy)
    if abs (d - ring.R) > ring.Width / 2.0 then
        false
    else
        match ring.Dash with
        | None -> true
        | Some(on, off) ->
            let angle = let a = atan2 dy dx in if a < 0.0 then a + 2.0 * Math.PI else a
            let along = angle * ring.R
            along % (on + off) < on

let samples = 4

let pixels =
    Array.init (size * size) (fun i ->
        let px, py = i % size, i / size
        // Later rings paint over earlier ones, as in the SVG.
        let mutable r, g, b, a = 0.0, 0.0, 0.0, 0.0
        for sy in 0 .. samples - 1 do
            for sx in 0 .. samples - 1 do
                let x = (float px + (float sx + 0.5) / float samples) / scale
                let y = (float py + (float sy + 0.5) / float samples) / scale
                match rings |> List.filter (fun ring -> covers ring x y) |> List.tryLast with
                | Some ring ->
                    let (cr, cg, cb) = ring.Color
                    r <- r + float cr
                    g <- g + float cg
                    b <- b + float cb
                    a <- a + 1.0
                | None -> ()
        let n = float (samples * samples)
        if a = 0.0 then
            (0uy, 0uy, 0uy, 0uy)
        else
            (byte (round (r / a)), byte (round (g / a)), byte (round (b / a)), byte (round (255.0 * a / n))))

let crcTable =
    Array.init 256 (fun n ->
        let mutable c = uint32 n
        for _ in 0..7 do
            c <- if c &&& 1u <> 0u then 0xEDB88320u ^^^ (c >>> 1) else c >>> 1
        c)

let crc (bytes: byte[]) =
    let mutable c = 0xFFFFFFFFu
    for b in bytes do
        c <- crcTable[int ((c ^^^ uint32 b) &&& 0xFFu)] ^^^ (c >>> 8)
    c ^^^ 0xFFFFFFFFu

let bigEndian (v: uint32) = [| byte (v >>> 24); byte (v >>> 16); byte (v >>> 8); byte v |]

let chunk (kind: string) (data: byte[]) =
    let typed = Array.append (Text.Encoding.ASCII.GetBytes kind) data
    Array.concat [ bigEndian (uint32 data.Length); typed; bigEndian (crc typed) ]

let header =
    Array.concat [ bigEndian (uint32 size); bigEndian (uint32 size); [| 8uy; 6uy; 0uy; 0uy; 0uy |] ] // 8-bit RGBA

let raw =
    [| for y in 0 .. size - 1 do
           yield 0uy // filter: none
           for x in 0 .. size - 1 do
               let (r, g, b, a) = pixels[y * size + x]
               yield! [| r; g; b; a |] |]

let compressed =
    use buffer = new MemoryStream()
    (use z = new ZLibStream(buffer, CompressionLevel.SmallestSize)
     z.Write(raw, 0, raw.Length))
    buffer.ToArray()

let png =
    Array.concat
        [ [| 0x89uy; 0x50uy; 0x4Euy; 0x47uy; 0x0Duy; 0x0Auy; 0x1Auy; 0x0Auy |]
          chunk "IHDR" header
          chunk "IDAT" compressed
          chunk "IEND" [||] ]

let target = Path.Combine(__SOURCE_DIRECTORY__, "..", "docs", "img", "icon.png")
File.WriteAllBytes(target, png)
printfn "wrote %s (%d bytes)" (Path.GetFullPath target) png.Length
