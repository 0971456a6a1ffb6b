using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Tether.PackageTests;

/// <summary>
/// What each nupkg says and carries: ids, metadata, tags, icon, readme, dependency ranges, files, XML docs of the
/// public surface only, and that `pack` makes exactly these five from exactly their projects.
/// </summary>
public class PackageContentTests
{
    private static readonly string[] Common = ["README.md", "icon.png"];

    public static TheoryData<string> All() => Packages.All();

    [Fact]
    public void Pack_makes_the_five_packages_and_their_symbol_packages_and_nothing_else()
    {
        var made = Directory.GetFiles(Packages.Artifacts, "*.*nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        string version = Packages.Version("Tether.Core");
        var expected = Packages.Ids.SelectMany(id => new[] { $"{id}.{version}.nupkg", $"{id}.{version}.snupkg" }).Order(StringComparer.Ordinal);
        Assert.Equal(expected, made);
    }

    [Fact]
    public void Pack_builds_only_the_five_projects_it_packs()
    {
        // build.fsx packs one solution filter...
        var script = File.ReadAllText(Path.Combine(Packages.Root, "build.fsx"));
        var pack = Regex.Match(script, @"(?ms)^let pack \(\) =\r?\n(.*?)\r?\n\r?\n").Groups[1].Value;
        Assert.Contains("run \"dotnet\" \"pack Tether.Packages.slnf -c Release --nologo\"", pack);
        Assert.DoesNotContain("build ()", pack);
        Assert.DoesNotContain("Tether.slnx", pack);

        // ...that names the five packable projects and the analyzers Tether.Core and Tether.Interop carry...
        using var slnf = JsonDocument.Parse(File.ReadAllText(Path.Combine(Packages.Root, "Tether.Packages.slnf")));
        var solution = slnf.RootElement.GetProperty("solution");
        Assert.Equal("Tether.slnx", solution.GetProperty("path").GetString());
        var projects = solution.GetProperty("projects").EnumerateArray().Select(p => p.GetString()!).Order(StringComparer.Ordinal).ToArray();
        string[] analyzers =
        [
            "Core.Analyzers/Tether.Core.Analyzers.csproj",
            "Core.Analyzers.CodeFixes/Tether.Core.Analyzers.CodeFixes.csproj",
            "Interop/Blazor.Analyzers/Tether.Interop.Analyzers.csproj",
        ];
        Assert.Equal(Packages.Projects.Values.Concat(analyzers).Order(StringComparer.Ordinal), projects);

        // ...whose project references stay among them, so building them builds no test, sample or tool.
        foreach (var project in projects)
        {
            var dir = Path.GetDirectoryName(Path.Combine(Packages.Root, project))!;
            var references = XDocument.Load(Path.Combine(Packages.Root, project)).Descendants("ProjectReference")
                .Select(r => Path.GetRelativePath(Packages.Root, Path.GetFullPath(Path.Combine(dir, r.Attribute("Include")!.Value))).Replace('\\', '/'));
            Assert.All(references, r => Assert.Contains(r, projects));
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void The_nuspec_carries_id_license_readme_icon_repository_and_the_project_description(string id)
    {
        var (metadata, ns) = Packages.Nuspec(id);
        Assert.Equal(id, metadata.Element(ns + "id")!.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.Equal("icon.png", metadata.Element(ns + "icon")!.Value);
        Assert.Equal("https://github.com/tether-handles/tether", metadata.Element(ns + "projectUrl")!.Value);
        var repository = metadata.Element(ns + "repository")!;
        Assert.Equal("git", repository.Attribute("type")!.Value);
        Assert.Equal("https://github.com/tether-handles/tether.git", repository.Attribute("url")!.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")!.Value);

        var project = XDocument.Load(Path.Combine(Packages.Root, Packages.Projects[id]));
        Assert.Equal(project.Descendants("Description").Single().Value, metadata.Element(ns + "description")!.Value);
    }

    [Fact]
    public void Each_package_has_a_description_of_its_own()
    {
        var descriptions = Packages.Ids.Select(id => { var (m, ns) = Packages.Nuspec(id); return m.Element(ns + "description")!.Value; }).ToArray();
        Assert.Equal(Packages.Ids.Length, descriptions.Distinct().Count());
    }

    [Theory]
    [InlineData("Tether.Core", "handles handle-table generational-handles weak-references resource-management languageext")]
    [InlineData("Tether.FSharp", "handles handle-table generational-handles weak-references fsharp computation-expressions")]
    [InlineData("Tether.Interop", "handles blazor jsinterop javascript interop weakref dom")]
    [InlineData("Tether.Wasmtime", "handles generational-handles webassembly wasm wasmtime interop")]
    [InlineData("Tether.Native", "handles generational-handles nativeaot native-interop c-abi interop")]
    public void Each_package_has_its_own_tags(string id, string tags)
    {
        var (metadata, ns) = Packages.Nuspec(id);
        Assert.Equal(tags, metadata.Element(ns + "tags")!.Value);
    }

    [Theory]
    [InlineData("Tether.Core", "LanguageExt.Core [4.4.9, 5.0.0)")]
    [InlineData("Tether.FSharp", "Tether.Core $VERSION$", "FSharp.Core 6.0.0")]
    [InlineData("Tether.Interop", "Tether.Core $VERSION$", "Microsoft.AspNetCore.Components.Web 10.0.12", "Microsoft.JSInterop 10.0.12")]
    [InlineData("Tether.Wasmtime", "Tether.Core $VERSION$", "Wasmtime [50.0.1, 51.0.0)")]
    [InlineData("Tether.Native", "Tether.Core $VERSION$")]
    public void The_dependencies_are_exactly_these_with_these_ranges(string id, params string[] expected)
    {
        var (metadata, ns) = Packages.Nuspec(id);
        var groups = metadata.Element(ns + "dependencies")!.Elements(ns + "group").ToArray();
        Assert.Equal("net10.0", Assert.Single(groups).Attribute("targetFramework")!.Value);
        var dependencies = groups[0].Elements(ns + "dependency")
            .Select(d => $"{d.Attribute("id")!.Value} {d.Attribute("version")!.Value}")
            .ToArray();
        // No build-time package (SourceLink, ReproducibleBuilds, analyzers) and no transitive one leaks in.
        Assert.Equal(expected.Select(e => e.Replace("$VERSION$", Packages.Version(id))), dependencies);
    }

    [Fact]
    public void The_LanguageExt_range_is_the_one_paket_dependencies_states_and_the_lock_builds_against_its_lowest()
    {
        var dependencies = File.ReadAllLines(Path.Combine(Packages.Root, "paket.dependencies"));
        Assert.Contains("nuget LanguageExt.Core >= 4.4.9 < 5.0", dependencies);
        var targets = File.ReadAllText(Path.Combine(Packages.Root, "Directory.Build.targets"));
        Assert.Contains("<TetherDependencyRange Include=\"LanguageExt.Core\" Range=\"[4.4.9, 5.0.0)\" />", targets);
        var lockFile = File.ReadAllLines(Path.Combine(Packages.Root, "paket.lock"));
        Assert.Contains("    LanguageExt.Core (4.4.9)", lockFile);
    }

    [Theory]
    [InlineData("Tether.Core")]
    [InlineData("Tether.FSharp")]
    [InlineData("Tether.Wasmtime")]
    public void A_library_package_carries_its_dll_xml_docs_readme_and_icon_and_nothing_else(string id)
    {
        // Tether.Core carries the C# analyzers and their code fixes too (Core.Analyzers, Core.Analyzers.CodeFixes).
        string[] analyzers = id == "Tether.Core"
            ? ["analyzers/dotnet/cs/Tether.Core.Analyzers.dll", "analyzers/dotnet/cs/Tether.Core.Analyzers.CodeFixes.dll"]
            : [];
        string[] expected = [.. Common, .. analyzers, $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Packages.Files(Packages.Nupkg(id), id));
    }

    [Fact]
    public void The_Native_package_carries_tether_h_and_the_targets_that_export_its_functions()
    {
        const string id = "Tether.Native";
        string[] expected =
        [
            .. Common,
            "build/Tether.Native.targets",
            "buildTransitive/Tether.Native.targets",
            "include/tether.h",
            "lib/net10.0/Tether.Native.dll",
            "lib/net10.0/Tether.Native.xml",
        ];
        var nupkg = Packages.Nupkg(id);
        Assert.Equal(expected.Order(StringComparer.Ordinal), Packages.Files(nupkg, id));
        foreach (var file in new[] { "build/Tether.Native.targets", "buildTransitive/Tether.Native.targets", "include/tether.h" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(Packages.Root, "Interop", "Native", file)), Packages.Entry(nupkg, file));
        var targets = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Packages.Entry(nupkg, "build/Tether.Native.targets")));
        Assert.Equal("Tether.Native", Assert.Single(targets.Descendants("UnmanagedEntryPointsAssembly")).Attribute("Include")!.Value);
    }

    [Fact]
    public void The_Interop_package_carries_tether_js_as_a_static_web_asset_with_its_build_props()
    {
        const string id = "Tether.Interop";
        string[] expected =
        [
            .. Common,
            "analyzers/dotnet/cs/Tether.Interop.Analyzers.dll",
            "build/Microsoft.AspNetCore.StaticWebAssetEndpoints.props",
            "build/Microsoft.AspNetCore.StaticWebAssets.props",
            "build/Tether.Interop.props",
            "build/Tether.Interop.targets",
            "build/TetherCircuitHandler.cs",
            "buildMultiTargeting/Tether.Interop.props",
            "buildTransitive/Tether.Interop.props",
            "buildTransitive/Tether.Interop.targets",
            "buildTransitive/TetherCircuitHandler.cs",
            "lib/net10.0/Tether.Interop.dll",
            "lib/net10.0/Tether.Interop.xml",
            "staticwebassets/tether.js",
        ];
        var nupkg = Packages.Nupkg(id);
        Assert.Equal(expected.Order(StringComparer.Ordinal), Packages.Files(nupkg, id));

        // The targets that mark LanguageExt.Core trimmable in the app and compile the circuit handler into Blazor
        // Server apps, for direct and transitive installs alike.
        foreach (var folder in new[] { "build", "buildTransitive" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(Packages.Root, "Interop", "Blazor", "build", "Tether.Interop.targets")), Packages.Entry(nupkg, $"{folder}/Tether.Interop.targets"));
            Assert.Equal(File.ReadAllBytes(Path.Combine(Packages.Root, "Interop", "Blazor", "build", "TetherCircuitHandler.cs")), Packages.Entry(nupkg, $"{folder}/TetherCircuitHandler.cs"));
        }

        // The analyzer (TETHER101, TETHER102) is told how the installing project is trimmed and whether it reads JSON
        // by reflection: the targets make those properties visible to the compiler's analyzers.
        var visible = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Packages.Entry(nupkg, "build/Tether.Interop.targets")))
            .Descendants("CompilerVisibleProperty").SelectMany(p => p.Attribute("Include")!.Value.Split(';'));
        Assert.Equal(["PublishTrimmed", "IsTrimmable", "EnableTrimAnalyzer", "IsAotCompatible", "PublishAot", "JsonSerializerIsReflectionEnabledByDefault"], visible);

        var script = Packages.Entry(nupkg, "staticwebassets/tether.js");
        Assert.Equal(File.ReadAllBytes(Path.Combine(Packages.Root, "Interop", "Blazor", "wwwroot", "tether.js")), script);

        // The props a consuming app imports declare the file at _content/Tether.Interop/tether.js.
        var props = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Packages.Entry(nupkg, "build/Microsoft.AspNetCore.StaticWebAssets.props")).TrimStart('\uFEFF'));
        var asset = Assert.Single(props.Descendants("StaticWebAsset"));
        Assert.Equal("_content/Tether.Interop", asset.Element("BasePath")!.Value);
        Assert.Equal("tether.js", asset.Element("RelativePath")!.Value);
        Assert.Equal("Package", asset.Element("SourceType")!.Value);
        Assert.EndsWith(@"..\staticwebassets\tether.js'))", asset.Attribute("Include")!.Value);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(script)), asset.Element("Integrity")!.Value);
        var imports = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Packages.Entry(nupkg, "build/Tether.Interop.props")).TrimStart('\uFEFF'))
            .Descendants("Import").Select(i => i.Attribute("Project")!.Value);
        Assert.Equal(["Microsoft.AspNetCore.StaticWebAssetEndpoints.props", "Microsoft.AspNetCore.StaticWebAssets.props"], imports);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void The_icon_is_the_repository_s_128_pixel_png(string id)
    {
        var icon = Packages.Entry(Packages.Nupkg(id), "icon.png");
        Assert.Equal(File.ReadAllBytes(Path.Combine(Packages.Root, "docs", "img", "icon.png")), icon);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, icon[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(icon, 12, 4));
        Assert.Equal(128, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(icon.AsSpan(16)));
        Assert.Equal(128, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(icon.AsSpan(20)));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void The_readme_is_the_project_s_own(string id)
    {
        var readme = Packages.Entry(Packages.Nupkg(id), "README.md");
        var project = Path.GetDirectoryName(Path.Combine(Packages.Root, Packages.Projects[id]))!;
        Assert.Equal(File.ReadAllBytes(Path.Combine(project, "README.md")), readme);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void The_xml_docs_document_no_member_of_an_internal_type(string id)
    {
        var nupkg = Packages.Nupkg(id);
        var hidden = HiddenTypes(Packages.Entry(nupkg, $"lib/net10.0/{id}.dll"));
        Assert.NotEmpty(hidden); // every package has internals; the check below would be empty otherwise
        var names = DocNames(Packages.Entry(nupkg, $"lib/net10.0/{id}.xml"));
        Assert.NotEmpty(names);
        var leaked = names.Where(n => hidden.Any(t => n[2..] == t || n[2..].StartsWith(t + ".", StringComparison.Ordinal) || n[2..].StartsWith(t + "(", StringComparison.Ordinal))).ToArray();
        Assert.True(leaked.Length == 0, $"{id}.xml documents internal types: {string.Join(", ", leaked.Take(10))}");
    }

    [Theory]
    [InlineData("Tether.Core", "T:Tether.HandleTable", "T:Tether.NoticeHub")]
    [InlineData("Tether.Core", "M:Tether.HandleTable.Create", "M:Tether.HandleError.ForValue(System.Int64)")]
    [InlineData("Tether.FSharp", "M:Tether.FSharp.HandleErrorModule.OfCore(Tether.HandleError)", "M:Tether.FSharp.HandleErrorModule.ofError(LanguageExt.Common.Error)")]
    [InlineData("Tether.Wasmtime", "T:Tether.Wasmtime.HandleBridge", "T:Tether.Wasmtime.NoticeForwarder")]
    [InlineData("Tether.Native", "T:Tether.Native.NativeHandles", "T:Tether.Native.NativeNotices")]
    public void The_xml_docs_keep_the_public_member_and_drop_the_internal_one(string id, string kept, string dropped)
    {
        var names = DocNames(Packages.Entry(Packages.Nupkg(id), $"lib/net10.0/{id}.xml"));
        Assert.Contains(kept, names);
        Assert.DoesNotContain(dropped, names);
    }

    private static string[] DocNames(byte[] xml) =>
        XDocument.Parse(System.Text.Encoding.UTF8.GetString(xml).TrimStart('\uFEFF')).Descendants("member")
            .Select(m => m.Attribute("name")!.Value)
            .ToArray();

    /// <summary>The documentation-ID names of the types no other assembly can see.</summary>
    private static string[] HiddenTypes(byte[] dll)
    {
        using var pe = new PEReader(new MemoryStream(dll));
        var md = pe.GetMetadataReader();
        var hidden = new List<string>();
        foreach (var handle in md.TypeDefinitions)
        {
            if (!Visible(md, handle))
                hidden.Add(DocName(md, handle));
        }

        return [.. hidden.Where(n => n != "<Module>")];
    }

    private static bool Visible(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        return (type.Attributes & TypeAttributes.VisibilityMask) switch
        {
            TypeAttributes.Public => true,
            TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem => Visible(md, type.GetDeclaringType()),
            _ => false,
        };
    }

    private static string DocName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var name = md.GetString(type.Name);
        if (type.IsNested)
            return DocName(md, type.GetDeclaringType()) + "." + name;
        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
