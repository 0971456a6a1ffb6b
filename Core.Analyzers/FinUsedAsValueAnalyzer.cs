using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Tether.Analyzers;

/// <summary>
/// TETHER002: <c>HandleTable.TryCreate(options).Add(x)</c> or <c>table.Add(x).Raw</c>, a member of the table or
/// handle asked of the Fin that holds it. The compiler says CS1061, or CS0411 naming an unrelated LanguageExt
/// extension (<c>Tuple1Extensions.Add</c>); this says what the Fin is and how to take the value out.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FinUsedAsValueAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.FinUsedAsValue);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (TetherTypes.Core(start.Compilation) is not { } core)
                return;
            // The names a table, scope or handle answers to: a member access by any other name is not this mistake,
            // and is passed over before the semantic model is asked anything.
            var names = ImmutableHashSet.CreateRange(
                new[] { "Tether.HandleTable", "Tether.HandleScope", "Tether.Handle`1" }
                    .Select(core.GetTypeByMetadataName)
                    .Where(type => type is not null)
                    .SelectMany(type => MembersOf(type!))
                    .Where(member => member.DeclaredAccessibility == Accessibility.Public)
                    .Select(member => member.Name));
            start.RegisterSyntaxNodeAction(node => Analyze(node, names), SyntaxKind.SimpleMemberAccessExpression);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, ImmutableHashSet<string> names)
    {
        var access = (MemberAccessExpressionSyntax)context.Node;
        if (!names.Contains(access.Name.Identifier.ValueText))
            return;
        var receiver = context.SemanticModel.GetTypeInfo(access.Expression, context.CancellationToken).Type;
        if (!TetherTypes.IsFin(receiver, out var inner) || !TetherTypes.IsTetherValue(inner))
            return;

        // A member the Fin has (Match, IsFail, Case, ...) binds; only a name that fails to bind is the mistake.
        if (context.SemanticModel.GetSymbolInfo(access, context.CancellationToken).Symbol is not null)
            return;

        string name = access.Name.Identifier.ValueText;
        if (!MembersOf(inner!).Any(m => m.Name == name && m.DeclaredAccessibility == Accessibility.Public))
            return;

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.FinUsedAsValue, access.Name.GetLocation(), access.Expression.ToString(), TetherTypes.Display(inner!), name));
    }

    private static System.Collections.Generic.IEnumerable<ISymbol> MembersOf(ITypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            foreach (var member in t.GetMembers())
                yield return member;
    }
}
