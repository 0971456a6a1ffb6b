/// The public surface of Tether.FSharp, tracked as the C# packages track theirs with PublicApiAnalyzers (which
/// does not run on F#): every public type and member, one line each, in Api.FSharp/PublicAPI.txt. A change to the
/// surface fails this test until the file is updated on purpose: run the tests with TETHER_ACCEPT_API=1.
module Tether.FSharp.Tests.PublicApiTests

open System
open System.IO
open System.Reflection
open Xunit

let private surface () =
    let assembly = typeof<Tether.FSharp.HandleError>.Assembly
    let flags = BindingFlags.Public ||| BindingFlags.Instance ||| BindingFlags.Static ||| BindingFlags.DeclaredOnly
    let name (t: Type) = t.ToString().Replace('+', '.')
    [ for t in assembly.GetExportedTypes() do
          let kind = if t.IsInterface then "interface" elif t.IsValueType then "struct" elif t.IsAbstract && t.IsSealed then "static class" else "class"
          yield $"{kind} {name t}"
          for m in t.GetMembers flags do
              match m with
              // Operators and active patterns (|Alive|...|) are special names, and public surface all the same.
              | :? MethodInfo as mi when not mi.IsSpecialName || mi.Name.StartsWith "op_" || mi.Name.StartsWith "|" ->
                  let ps = mi.GetParameters() |> Array.map (fun p -> name p.ParameterType) |> String.concat ", "
                  let generic = if mi.IsGenericMethodDefinition then $"<{mi.GetGenericArguments().Length}>" else ""
                  yield $"{name t}.{mi.Name}{generic}({ps}) -> {name mi.ReturnType}"
              | :? PropertyInfo as pi -> yield $"{name t}.{pi.Name} : {name pi.PropertyType}"
              | :? FieldInfo as fi -> yield $"{name t}.{fi.Name} : {name fi.FieldType}"
              | :? ConstructorInfo as ci ->
                  let ps = ci.GetParameters() |> Array.map (fun p -> name p.ParameterType) |> String.concat ", "
                  yield $"{name t}.ctor({ps})"
              | :? EventInfo as ei -> yield $"{name t}.{ei.Name} event {name ei.EventHandlerType}"
              | _ -> () ]
    |> List.distinct
    |> List.sortWith (fun a b -> String.CompareOrdinal(a, b))

[<Fact>]
let ``The public surface of Tether.FSharp is the one Api.FSharp/PublicAPI.txt records`` () =
    let file = Path.Combine(Scripts.root, "Api.FSharp", "PublicAPI.txt")
    let now = surface ()
    if Environment.GetEnvironmentVariable "TETHER_ACCEPT_API" = "1" then
        File.WriteAllLines(file, now)
    let recorded = if File.Exists file then File.ReadAllLines file |> Array.toList else []
    let added = now |> List.except recorded
    let removed = recorded |> List.except now
    Assert.True(
        added.IsEmpty && removed.IsEmpty,
        $"the public surface changed (run the tests with TETHER_ACCEPT_API=1 to record it):\nadded:\n  " +
        String.Join("\n  ", added) + "\nremoved:\n  " + String.Join("\n  ", removed))
