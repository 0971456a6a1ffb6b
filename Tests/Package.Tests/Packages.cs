using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace Tether.PackageTests;

/// <summary>What `dotnet fsi build.fsx pack` left in artifacts/: the shipped nupkgs and snupkgs.</summary>
internal static class Packages
{
    /// <summary>The five shipped packages.</summary>
    public static readonly string[] Ids = ["Tether.Core", "Tether.FSharp", "Tether.Interop", "Tether.Native", "Tether.Wasmtime"];

    /// <summary>Each package's project, relative to the repository root.</summary>
    public static readonly Dictionary<string, string> Projects = new()
    {
        ["Tether.Core"] = "Core.CSharp/Tether.Core.csproj",
        ["Tether.FSharp"] = "Api.FSharp/Tether.FSharp.fsproj",
        ["Tether.Interop"] = "Interop/Blazor/Tether.Interop.csproj",
        ["Tether.Wasmtime"] = "Interop/Wasmtime/Tether.Wasmtime.csproj",
        ["Tether.Native"] = "Interop/Native/Tether.Native.csproj",
    };

    public static readonly string Root = FindRoot();

    public static readonly string Artifacts = Path.Combine(Root, "artifacts");

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var id in Ids)
            data.Add(id);
        return data;
    }

    /// <summary>The one nupkg of the package in artifacts/.</summary>
    public static string Nupkg(string id) => Single(id, ".nupkg");

    /// <summary>The one symbol package of the package in artifacts/.</summary>
    public static string Snupkg(string id) => Single(id, ".snupkg");

    /// <summary>The version in the nupkg's file name (the same for every package).</summary>
    public static string Version(string id) => Path.GetFileNameWithoutExtension(Nupkg(id))[(id.Length + 1)..];

    /// <summary>The nuspec's metadata element and its namespace.</summary>
    public static (XElement Metadata, XNamespace Ns) Nuspec(string id)
    {
        using var zip = ZipFile.OpenRead(Nupkg(id));
        var entry = zip.Entries.Single(e => e.FullName == id + ".nuspec");
        using var stream = entry.Open();
        var doc = XDocument.Load(stream);
        XNamespace ns = doc.Root!.GetDefaultNamespace();
        return (doc.Root.Element(ns + "metadata")!, ns);
    }

    /// <summary>The bytes of one entry of a package (nupkg or snupkg).</summary>
    public static byte[] Entry(string package, string path)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.GetEntry(path);
        Assert.True(entry is not null, $"{Path.GetFileName(package)} has no {path}");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The files a package carries, without the OPC parts every nupkg has and its nuspec.</summary>
    public static string[] Files(string package, string id)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName)
            .Where(n => n != "_rels/.rels" && n != "[Content_Types].xml" && n != id + ".nuspec"
                && !n.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static string Single(string id, string extension)
    {
        // Tether.Core's pattern would also match Tether.Core.Something; the version follows the id directly.
        var files = Directory.Exists(Artifacts)
            ? Directory.GetFiles(Artifacts, id + ".*" + extension)
                .Where(f => char.IsDigit(Path.GetFileName(f)[id.Length + 1]))
                .ToArray()
            : [];
        Assert.True(files.Length == 1, $"expected one {id} {extension} in {Artifacts}, found {files.Length}; run 'dotnet fsi build.fsx pack' first");
        return files[0];
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "paket.dependencies")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
