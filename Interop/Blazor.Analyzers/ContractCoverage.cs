using System.Collections.Immutable;

namespace Tether.Interop.Analyzers;

/// <summary>The types whose JSON contracts need no reflection.</summary>
internal static class ContractCoverage
{
    /// <summary>The types Tether.Interop's own generated context (TetherJsonContext) declares or reaches.</summary>
    public static readonly ImmutableArray<string> TetherContracts = ImmutableArray<string>.Empty;
}
