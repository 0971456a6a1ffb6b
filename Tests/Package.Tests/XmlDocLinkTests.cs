using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Tether.PackageTests;

/// <summary>
/// Issue 14 ("Internal types kept out of the shipped XML docs"): the internal members' own entries
/// are dropped, but public summaries still link to them, so the shipped docs point at members a reader cannot
/// see: TetherMeter's summary says "The &lt;see cref="Meter"/&gt; named Tether", which binds to the internal
/// field TetherMeter.Meter, not to System.Diagnostics.Metrics.Meter; GuestHandles' summary links the internal
/// NoticeForwarder. Every link of a shipped doc to the package's own namespace names a member it documents.
/// </summary>
public class XmlDocLinkTests
{
    [Theory]
    [MemberData(nameof(Packages.All), MemberType = typeof(Packages))]
    public void The_shipped_xml_docs_link_only_to_members_they_document(string id)
    {
        var doc = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Packages.Entry(Packages.Nupkg(id), $"lib/net10.0/{id}.xml")).TrimStart('\uFEFF'));
        var names = doc.Descendants("member").Select(m => m.Attribute("name")!.Value).ToHashSet();
        var bare = names.Select(Bare).ToHashSet();
        string own = id == "Tether.Core" ? "Tether." : id + ".";
        string[] others = ["Tether.FSharp.", "Tether.Interop.", "Tether.Wasmtime."];

        var dangling = doc.Descendants().Attributes("cref").Select(a => a.Value)
            .Where(c => c.Length > 2 && c[1] == ':' && c[2..].StartsWith(own, StringComparison.Ordinal))
            .Where(c => id != "Tether.Core" || !others.Any(o => c[2..].StartsWith(o, StringComparison.Ordinal)))
            .Where(c => !names.Contains(c) && !bare.Contains(Bare(c)))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.True(dangling.Length == 0, $"{id}.xml links to members it does not document: {string.Join(", ", dangling)}");
    }

    /// <summary>
    /// A reference page shows a public member's docs; a name the reader cannot use (an internal type, such as the
    /// table's SlotTable) tells them nothing. The internal types are read from the shipped assembly itself.
    /// </summary>
    [Theory]
    [MemberData(nameof(Packages.All), MemberType = typeof(Packages))]
    public void The_shipped_xml_docs_name_no_internal_type(string id)
    {
        var doc = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Packages.Entry(Packages.Nupkg(id), $"lib/net10.0/{id}.xml")).TrimStart('\uFEFF'));
        using var pe = new System.Reflection.PortableExecutable.PEReader(new System.IO.MemoryStream(Packages.Entry(Packages.Nupkg(id), $"lib/net10.0/{id}.dll")));
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var types = metadata.TypeDefinitions.Select(metadata.GetTypeDefinition).ToArray();
        var visible = types.Where(t => (t.Attributes & System.Reflection.TypeAttributes.VisibilityMask) is System.Reflection.TypeAttributes.Public
                or System.Reflection.TypeAttributes.NestedPublic)
            .Select(t => Regex.Replace(metadata.GetString(t.Name), "`.*$", ""))
            .ToHashSet(StringComparer.Ordinal);
        // Internal types with a name of their own: not compiler-made (<...>), not also the name of a public type.
        var hidden = types.Where(t => (t.Attributes & System.Reflection.TypeAttributes.VisibilityMask) is not (System.Reflection.TypeAttributes.Public
                or System.Reflection.TypeAttributes.NestedPublic))
            .Select(t => Regex.Replace(metadata.GetString(t.Name), "`.*$", ""))
            .Where(n => n.Length > 0 && char.IsUpper(n[0]) && !n.Contains('<') && !n.Contains('@') && !n.Contains('$') && !visible.Contains(n))
            .ToHashSet(StringComparer.Ordinal);
        var named = (from member in doc.Descendants("member")
                     from name in hidden
                     where Regex.IsMatch(member.Value, $@"\b{Regex.Escape(name)}\b")
                     select $"{name} in the docs of {member.Attribute("name")!.Value}")
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.True(named.Length == 0, $"{id}.xml names internal types:\n{string.Join("\n", named)}");
    }

    private static string Bare(string name) => Regex.Replace(name, @"\(.*$", "");
}
