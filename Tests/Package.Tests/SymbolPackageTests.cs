using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Tether.PackageTests;

/// <summary>
/// The snupkgs: each PDB carries a SourceLink map to the repository at the packed commit, names its sources by
/// deterministic /_/ paths (no machine path), and is the PDB of the DLL in the nupkg, which was built deterministically.
/// </summary>
public class SymbolPackageTests
{
    /// <summary>The kind GUID of SourceLink custom debug information (Portable PDB spec).</summary>
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    /// <summary>The kind GUID of an embedded source.</summary>
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    public static TheoryData<string> All() => Packages.All();

    [Theory]
    [MemberData(nameof(All))]
    public void The_pdb_has_a_source_link_map_to_the_repository_at_the_packed_commit(string id)
    {
        var (metadata, ns) = Packages.Nuspec(id);
        string commit = metadata.Element(ns + "repository")!.Attribute("commit")!.Value;

        using var pdb = Pdb(id);
        var reader = pdb.GetMetadataReader();
        var blob = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(c => reader.GetGuid(c.Kind) == SourceLinkKind)
            .Select(c => reader.GetBlobBytes(c.Value))
            .ToArray();
        var json = Encoding.UTF8.GetString(Assert.Single(blob));

        using var map = JsonDocument.Parse(json);
        var documents = map.RootElement.GetProperty("documents").EnumerateObject().Select(p => (p.Name, p.Value.GetString())).ToArray();
        Assert.Equal([("/_/*", $"https://raw.githubusercontent.com/tether-handles/tether/{commit}/*")], documents);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void The_pdb_names_its_sources_by_deterministic_paths_each_in_the_repository_or_embedded(string id)
    {
        using var pdb = Pdb(id);
        var reader = pdb.GetMetadataReader();
        var embedded = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(c => reader.GetGuid(c.Kind) == EmbeddedSourceKind && c.Parent.Kind == HandleKind.Document)
            .Select(c => reader.GetString(reader.GetDocument((DocumentHandle)c.Parent).Name))
            .ToHashSet(StringComparer.Ordinal);

        var paths = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToArray();
        Assert.NotEmpty(paths);
        foreach (var path in paths)
        {
            Assert.StartsWith("/_/", path);
            Assert.DoesNotContain("//", path); // the F# compiler once wrote /_//Api.FSharp/...
            Assert.DoesNotContain(Packages.Root, path);
            // A source file the source link will fetch is one the repository has at that path; the rest
            // (generated under obj/) travel inside the PDB.
            var local = Path.Combine(Packages.Root, path["/_/".Length..]);
            Assert.True(embedded.Contains(path) || File.Exists(local), $"{path} is neither in the repository nor embedded");
        }

        // The package's own sources are there, by their paths in the repository.
        var project = Path.GetDirectoryName(Packages.Projects[id])!.Replace('\\', '/');
        Assert.Contains(paths, p => p.StartsWith($"/_/{project}/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void The_dll_was_built_deterministically_and_the_pdb_is_its_own(string id)
    {
        using var dll = new PEReader(new MemoryStream(Packages.Entry(Packages.Nupkg(id), $"lib/net10.0/{id}.dll")));
        var entries = dll.ReadDebugDirectory();
        Assert.Contains(entries, e => e.Type == DebugDirectoryEntryType.Reproducible);

        var codeView = dll.ReadCodeViewDebugDirectoryData(Assert.Single(entries, e => e.Type == DebugDirectoryEntryType.CodeView));
        Assert.StartsWith("/_/", codeView.Path);
        Assert.EndsWith($"/{id}.pdb", codeView.Path);

        using var pdb = Pdb(id);
        var pdbId = new BlobContentId(pdb.GetMetadataReader().DebugMetadataHeader!.Id);
        Assert.Equal(codeView.Guid, pdbId.Guid);
    }

    private static MetadataReaderProvider Pdb(string id) =>
        MetadataReaderProvider.FromPortablePdbImage(System.Collections.Immutable.ImmutableArray.Create(Packages.Entry(Packages.Snupkg(id), $"lib/net10.0/{id}.pdb")));
}
