using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Tether.Analyzers;

/// <summary>
/// TETHER003: <c>HandleTable.Create(options)</c>. The compiler says only CS1501 ("No overload for method 'Create'
/// takes 1 arguments"); the options go to <c>TryCreate</c>, whose Fin says which option is out of range.
/// Core.Analyzers.CodeFixes rewrites the call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CreateWithOptionsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CreateWithOptions);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (TetherTypes.Core(start.Compilation) is not null)
                start.RegisterSyntaxNodeAction(Analyze, SyntaxKind.InvocationExpression);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Create" } access
            || invocation.ArgumentList.Arguments.Count == 0)
            return;

        // HandleTable.Create has no parameters, so a call with arguments does not bind: the receiver must be the type.
        var receiver = context.SemanticModel.GetSymbolInfo(access.Expression, context.CancellationToken).Symbol;
        if (receiver is not INamedTypeSymbol { Name: "HandleTable" } type || !TetherTypes.IsTether(type))
            return;
        if (context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not null)
            return;

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CreateWithOptions, invocation.GetLocation()));
    }
}
