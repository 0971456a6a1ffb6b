// Copies the documented assemblies into artifacts/docs-assemblies in the shape fsdocs (22.2) can document whole.
// - It fails on any custom attribute with a System.Type argument ("cannot yet be converted") and then leaves the
//   member or type out of the reference: every `async` method (its AsyncStateMachine attribute), JsHandle<T> (its
//   JsonConverter). Those attributes go.
// - A public type's internal interfaces are not part of the documented surface (it would link to no page).
// The docs build reads the copies (TetherDocsAssemblies, Directory.Build.targets), each in a folder of its own
// beside the assemblies it references, as in its bin folder. Nothing else changes: the pages show the same API.
// Usage: dotnet fsi docs-assemblies.fsx OUT_DIR ASSEMBLY.dll...
#r "nuget: Mono.Cecil, 0.11.6"

open System.IO
open Mono.Cecil

let root = fsi.CommandLineArgs[1]
let assemblies = fsi.CommandLineArgs[2..]

for assembly in assemblies do
    let out = Path.Combine(root, Path.GetFileNameWithoutExtension assembly)
    if Directory.Exists out then Directory.Delete(out, true)
    Directory.CreateDirectory out |> ignore
    for file in Directory.GetFiles(Path.GetDirectoryName assembly, "*.dll") do
        File.Copy(file, Path.Combine(out, Path.GetFileName file))
    let xml = Path.ChangeExtension(assembly, ".xml")
    if File.Exists xml then File.Copy(xml, Path.Combine(out, Path.GetFileName xml))

let takesType (attribute: CustomAttribute) =
    attribute.ConstructorArguments |> Seq.exists (fun a -> a.Type.FullName = "System.Type")

let isPublic (t: TypeDefinition) = t.IsPublic || t.IsNestedPublic

for assembly in assemblies do
    let resolver = new DefaultAssemblyResolver()
    resolver.AddSearchDirectory(Path.GetDirectoryName assembly)
    let module' = ModuleDefinition.ReadModule(assembly, ReaderParameters(AssemblyResolver = resolver, InMemory = true))
    let mutable removed = 0
    let strip (owner: ICustomAttributeProvider) =
        if owner.HasCustomAttributes then
            for attribute in owner.CustomAttributes |> Seq.filter takesType |> List.ofSeq do
                owner.CustomAttributes.Remove attribute |> ignore
                removed <- removed + 1
    for t in module'.GetTypes() do
        // Types ([JsonConverter(typeof(...))]) and every member kind, not only methods.
        strip t
        for m in t.Methods do strip m
        for p in t.Properties do strip p
        for f in t.Fields do strip f
        for e in t.Events do strip e
        for i in t.Interfaces |> Seq.filter (fun i -> match i.InterfaceType.Resolve() with null -> false | d -> not (isPublic d)) |> List.ofSeq do
            t.Interfaces.Remove i |> ignore
    // fsdocs documents no type nested in a C# class (the cases of HandleError, InteropError): list the public ones,
    // with their owners, for build.fsx to document them on their owner's page.
    let nested =
        [ for t in module'.Types do
              if t.IsPublic then
                  for n in t.NestedTypes do
                      if n.IsNestedPublic then yield $"{t.FullName}\t{n.Name}" ]
    File.WriteAllLines(Path.Combine(root, Path.GetFileNameWithoutExtension assembly + ".nested.txt"), nested)
    // fsdocs links no C# member to its source: list where each public member's code is (from the portable PDB,
    // under the deterministic root /_/), by the member's id as fsdocs writes it ("M:Tether.HandleTable.Add``1"), for
    // build.fsx to link it. An async method's code is in its state machine's MoveNext; an overload counts by its first.
    let pdb = Path.ChangeExtension(assembly, ".pdb")
    if File.Exists pdb then
        let symbols = ModuleDefinition.ReadModule(assembly, ReaderParameters(AssemblyResolver = resolver, InMemory = true, ReadSymbols = true))
        let spans = System.Collections.Generic.Dictionary<string, string * int * int>()
        let typeName (t: TypeDefinition) = t.FullName.Replace('/', '.')
        let idOf (prefix: string) (m: MethodDefinition) (name: string) =
            let arity = if prefix = "M" && m.HasGenericParameters then $"``{m.GenericParameters.Count}" else ""
            $"{prefix}:{typeName m.DeclaringType}.{name}{arity}"
        let span (m: MethodDefinition) =
            let body =
                if m.HasCustomAttributes then
                    m.CustomAttributes
                    |> Seq.tryFind (fun a -> a.AttributeType.Name = "AsyncStateMachineAttribute" || a.AttributeType.Name = "AsyncIteratorStateMachineAttribute" || a.AttributeType.Name = "IteratorStateMachineAttribute")
                    |> Option.bind (fun a -> match a.ConstructorArguments[0].Value with :? TypeReference as t -> Some(t.Resolve()) | _ -> None)
                    |> Option.bind (fun sm -> sm.Methods |> Seq.tryFind (fun x -> x.Name = "MoveNext"))
                    |> Option.defaultValue m
                else m
            let points = body.DebugInformation.SequencePoints |> Seq.filter (fun p -> not p.IsHidden) |> List.ofSeq
            match points with
            | [] -> None
            | first :: _ when first.Document.Url.StartsWith "/_/" ->
                let inDocument = points |> List.filter (fun p -> p.Document.Url = first.Document.Url)
                Some(first.Document.Url.Substring 3, (inDocument |> List.map (fun p -> p.StartLine) |> List.min), (inDocument |> List.map (fun p -> p.EndLine) |> List.max))
            | _ -> None
        let record id m =
            if not (spans.ContainsKey id) then
                match span m with
                | Some s -> spans[id] <- s
                | None -> ()
        for t in symbols.GetTypes() |> Seq.filter isPublic do
            for m in t.Methods do
                if m.IsPublic || m.IsFamily then
                    if m.IsGetter || m.IsSetter then ()
                    elif m.IsConstructor then record $"M:{typeName t}.#ctor" m
                    else record (idOf "M" m m.Name) m
            for p in t.Properties do
                for accessor in [ p.GetMethod; p.SetMethod ] |> List.filter (fun a -> not (isNull a)) do
                    record $"P:{typeName t}.{p.Name}" accessor
            for e in t.Events do
                for accessor in [ e.AddMethod; e.RemoveMethod ] |> List.filter (fun a -> not (isNull a)) do
                    record $"E:{typeName t}.{e.Name}" accessor
        File.WriteAllLines(Path.Combine(root, Path.GetFileNameWithoutExtension assembly + ".sources.txt"),
                           [ for KeyValue(id, (file, first, last)) in spans -> $"{id}\t{file}\t{first}\t{last}" ])
    // Every folder that holds this assembly (its own, and those of the assemblies that reference it) gets the copy.
    let name = Path.GetFileName assembly
    for dir in Directory.GetDirectories root do
        let target = Path.Combine(dir, name)
        if File.Exists target then module'.Write target
    printfn "%s: %d attributes with a Type argument left out" name removed
