using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Tether.Interop.Analyzers;

/// <summary>TETHER101 and TETHER102: the types of exposed methods that cannot cross as JSON in this project.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExposedJsonAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ReflectionJson, Descriptors.NoContract);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
    }
}
