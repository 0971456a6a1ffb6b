using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Tether.Analyzers;

/// <summary>
/// TETHER001: a statement that calls a Tether member answering a <c>Fin</c> (<c>table.Drop(handle);</c>, or
/// <c>await table.DropAsync(handle);</c>) and leaves the Fin unread. <c>_ = table.Drop(handle);</c> says the loss
/// is meant, and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DiscardedFinAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DiscardedFin);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(Analyze, OperationKind.ExpressionStatement);
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        var value = statement.Operation;
        // The awaited value of `await table.DropAsync(h);` is the Fin; the call is under the await.
        var call = value is IAwaitOperation awaited ? awaited.Operation : value;
        if (call is IInvocationOperation invocation
            && TetherTypes.IsFin(value.Type, out _)
            && TetherTypes.IsTether(invocation.TargetMethod))
        {
            var method = invocation.TargetMethod;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.DiscardedFin, statement.Syntax.GetLocation(), $"{method.ContainingType.Name}.{method.Name}"));
        }
    }
}
