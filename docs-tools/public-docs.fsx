// Keeps only the public surface in an XML documentation file: the compilers write a <member> for every documented
// member, internal types and internal members included (the C# compiler does, and F# too: `let internal`), and the
// nupkg should not ship those. Directory.Build.targets runs this before each pack:
//   dotnet fsi docs-tools/public-docs.fsx <assembly.dll> <doc.xml>...
// A member stays when its type is visible outside the assembly (public, or protected in a visible type) and, when
// the member can be found in the assembly's metadata, when it is visible too. Names the metadata does not have
// (an F# union case without fields, say) stay with their visible type.

open System
open System.Collections.Generic
open System.IO
open System.Reflection
open System.Reflection.Metadata
open System.Reflection.PortableExecutable
open System.Text.RegularExpressions
open System.Xml.Linq

let args = fsi.CommandLineArgs |> Array.skip 1

if args.Length < 2 then
    eprintfn "usage: dotnet fsi public-docs.fsx <assembly.dll> <doc.xml>..."
    exit 2

let assembly, docs = args[0], args[1..]

/// Whether a member with these attributes can be seen from another assembly (through a visible type).
let visibleMethod (a: MethodAttributes) =
    match a &&& MethodAttributes.MemberAccessMask with
    | MethodAttributes.Public
    | MethodAttributes.Family
    | MethodAttributes.FamORAssem -> true
    | _ -> false

let visibleField (a: FieldAttributes) =
    match a &&& FieldAttributes.FieldAccessMask with
    | FieldAttributes.Public
    | FieldAttributes.Family
    | FieldAttributes.FamORAssem -> true
    | _ -> false

/// The doc-ID name of each type (nested types joined with '.', as documentation IDs write them), whether it is
/// visible, and its visible members by kind ('M', 'P', 'F', 'E') and name; plus every member name it has.
type TypeInfo = { Visible: bool; VisibleMembers: HashSet<string>; AllMembers: HashSet<string> }

let types = Dictionary<string, TypeInfo>(StringComparer.Ordinal)

do
    use stream = File.OpenRead assembly
    use pe = new PEReader(stream)
    let md = pe.GetMetadataReader()

    let rec docName (handle: TypeDefinitionHandle) =
        let t = md.GetTypeDefinition handle
        let name = md.GetString t.Name
        if t.IsNested then
            docName (t.GetDeclaringType()) + "." + name
        else
            let ns = md.GetString t.Namespace
            if ns = "" then name else ns + "." + name

    let rec visibleType (handle: TypeDefinitionHandle) =
        let t = md.GetTypeDefinition handle
        match t.Attributes &&& TypeAttributes.VisibilityMask with
        | TypeAttributes.Public -> true
        | TypeAttributes.NestedPublic
        | TypeAttributes.NestedFamily
        | TypeAttributes.NestedFamORAssem -> visibleType (t.GetDeclaringType())
        | _ -> false

    // Documentation IDs write a constructor as #ctor and an explicit implementation's dots as '#'.
    let idName (name: string) = name.Replace('.', '#')

    for handle in md.TypeDefinitions do
        let t = md.GetTypeDefinition handle
        let visible = HashSet<string>(StringComparer.Ordinal)
        let all = HashSet<string>(StringComparer.Ordinal)
        let record kind name isVisible =
            let key = $"{kind}:{name}"
            all.Add key |> ignore
            if isVisible then visible.Add key |> ignore
        let methodVisible (h: MethodDefinitionHandle) =
            not h.IsNil && visibleMethod ((md.GetMethodDefinition h).Attributes)
        for h in t.GetMethods() do
            let m = md.GetMethodDefinition h
            record 'M' (idName (md.GetString m.Name)) (visibleMethod m.Attributes)
        for h in t.GetProperties() do
            let p = md.GetPropertyDefinition h
            let accessors = p.GetAccessors()
            record 'P' (idName (md.GetString p.Name)) (methodVisible accessors.Getter || methodVisible accessors.Setter)
        for h in t.GetEvents() do
            let e = md.GetEventDefinition h
            let accessors = e.GetAccessors()
            record 'E' (idName (md.GetString e.Name)) (methodVisible accessors.Adder || methodVisible accessors.Remover)
        for h in t.GetFields() do
            let f = md.GetFieldDefinition h
            record 'F' (idName (md.GetString f.Name)) (visibleField f.Attributes)
        types[docName handle] <- { Visible = visibleType handle; VisibleMembers = visible; AllMembers = all }

/// Splits "Ns.Type.Member" at the longest prefix that names a type in the assembly.
let split (name: string) =
    let rec go (cut: int) =
        if cut <= 0 then
            None
        else
            let prefix = name.Substring(0, cut)
            match types.TryGetValue prefix with
            | true, info -> Some(info, name.Substring(cut + 1))
            | _ -> go (name.LastIndexOf('.', cut - 1))
    go (name.LastIndexOf '.')

/// A generic method's arity, as documentation IDs write it after the name (Add``1).
let arity = "``\\d+$"

/// Whether the documentation ID names something a consumer of the package can see.
let isPublic (id: string) =
    if id.Length < 2 || id[1] <> ':' then
        true
    else
        let kind = id[0]
        // Parameters, return type of a conversion operator, and generic arity are not part of the name.
        let name = Regex.Replace(id.Substring 2, @"\(.*$|~.*$", "")
        match kind with
        | 'N' -> true
        | 'T' ->
            match types.TryGetValue name with
            | true, info -> info.Visible
            | _ ->
                match split name with
                | Some(info, _) -> info.Visible
                | None -> true
        | _ ->
            match split name with
            | None -> true
            | Some(info, memberName) ->
                let key = $"{kind}:{Regex.Replace(memberName, arity, String.Empty)}"
                info.Visible && (info.VisibleMembers.Contains key || not (info.AllMembers.Contains key))

for doc in docs |> Array.distinct do
    if File.Exists doc then
        let xml = XDocument.Load(doc, LoadOptions.PreserveWhitespace)
        let members = xml.Descendants(XName.Get "member") |> Array.ofSeq
        let hidden =
            members
            |> Array.filter (fun m ->
                match m.Attribute(XName.Get "name") with
                | null -> false
                | a -> not (isPublic a.Value))
        for m in hidden do
            // Take the whitespace before the element along with it, so the file keeps its layout.
            match m.PreviousNode with
            | :? XText as text when String.IsNullOrWhiteSpace text.Value -> text.Remove()
            | _ -> ()
            m.Remove()
        if hidden.Length > 0 then
            xml.Save doc
        printfn "public-docs: %s: kept %d of %d members" (Path.GetFileName doc) (members.Length - hidden.Length) members.Length
