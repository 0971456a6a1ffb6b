/// Review of issue 14 (release-grade packages): the XML documentation Tether.FSharp ships, as IDE tooltips
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
