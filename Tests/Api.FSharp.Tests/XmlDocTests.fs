/// Issue 14 (release-grade packages): the XML documentation Tether.FSharp ships, as IDE tooltips
/// read it.
module Tether.FSharp.Tests.XmlDocTests

open System.IO
open System.Xml.Linq
open Xunit

let private members () =
    let xml = XDocument.Load(Path.Combine(Scripts.binaries, "Tether.FSharp.xml"))
    xml.Descendants(XName.Get "member") |> Seq.toList

/// F# treats a `///` comment that starts with text as plain text: it wraps it in <summary> and escapes
/// every '<', so <c>, <see cref> and <paramref> reach the tooltip as literal markup ("bind it with
/// <c>use!</c>"), and a cref is never resolved (HandleError's cref to HandleErrorModule.code even names a
/// method that does not exist: the compiled name is Code). 34 members read like this.
[<Fact>]
let ``No shipped doc comment shows its XML markup as literal text`` () =
    let literal =
        members ()
        |> List.filter (fun m -> m.DescendantNodes() |> Seq.exists (function :? XText as t -> t.Value.Contains "<c>" || t.Value.Contains "<see " | _ -> false))
        |> List.map (fun m -> m.Attribute(XName.Get "name").Value)
    Assert.True(literal.IsEmpty, sprintf "%d members show markup literally:\n%s" literal.Length (String.concat "\n" literal))

/// A `///` comment that starts with a tag (`/// <c>while</c>: stops at the first error.`) is taken as XML
/// as it stands, with no <summary>: tooltips show no description for 38 members (the builders' While,
/// Using, TryWith, Bind, Source, ...).
[<Fact>]
let ``Every documented member has a summary`` () =
    let bare =
        members ()
        |> List.filter (fun m -> isNull (m.Element(XName.Get "summary")))
        |> List.map (fun m -> m.Attribute(XName.Get "name").Value)
    Assert.True(bare.IsEmpty, sprintf "%d members have no <summary>:\n%s" bare.Length (String.concat "\n" bare))

/// Issue 14 review: the guide writes handleResult { } (handle { } is hidden by any value named handle), but
/// Scoped's summary and the package description recommended handle { }. What the package says should be
/// what the guide writes.
[<Fact>]
let ``The docs and the package description recommend handleResult { } as the guide does`` () =
    let summaryOf (name: string) =
        members () |> List.find (fun m -> m.Attribute(XName.Get "name").Value = name) |> fun m -> m.Element(XName.Get "summary").Value
    Assert.Contains("handleResult { }", summaryOf "T:Tether.FSharp.Scoped`1")
    let project = XDocument.Load(Path.Combine(Scripts.root, "Api.FSharp", "Tether.FSharp.fsproj"))
    let description = project.Descendants(XName.Get "Description") |> Seq.exactlyOne
    Assert.Contains("handleResult { }", description.Value)
    Assert.DoesNotContain(" handle { }", description.Value)
    // Any summary that names handle { } names handleResult { } beside it.
    let alone =
        members ()
        |> List.filter (fun m -> m.Value.Contains "handle { }" && not (m.Value.Contains "handleResult { }"))
        |> List.map (fun m -> m.Attribute(XName.Get "name").Value)
    Assert.True(alone.IsEmpty, sprintf "recommend handle { } alone:\n%s" (String.concat "\n" alone))

/// Every cref in the shipped docs names a member documented in the same file (or a type of the core).
[<Fact>]
let ``Every cref to Tether.FSharp names a member that exists`` () =
    let all = members ()
    let names = all |> List.map (fun m -> m.Attribute(XName.Get "name").Value) |> Set.ofList
    let broken =
        all
        |> List.collect (fun m -> m.Descendants() |> Seq.choose (fun e -> e.Attribute(XName.Get "cref") |> Option.ofObj) |> Seq.map (fun a -> a.Value) |> Seq.toList)
        |> List.filter (fun cref -> cref.Contains ":Tether.FSharp." && not (names.Contains cref))
    Assert.True(broken.IsEmpty, sprintf "crefs to nothing:\n%s" (String.concat "\n" broken))
