using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Tether.Analyzers;

/// <summary>
/// TETHER001: a statement that calls a Tether member answering a <c>Fin</c> (<c>table.Drop(handle);</c>, or
/// <c>await table.DropAsync(handle).ConfigureAwait(false);</c>, <c>maybe?.Drop(handle);</c>, or <c>table.DropAsync(handle);</c>
/// neither awaited nor kept) and leaves the Fin unread. <c>_ = table.Drop(handle);</c> says the loss
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
        context.RegisterCompilationStartAction(start =>
        {
            if (TetherTypes.Core(start.Compilation) is not null)
                start.RegisterOperationAction(Analyze, OperationKind.ExpressionStatement);
        });
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        if (DiscardedCall(statement.Operation) is { } invocation
            && TetherTypes.IsTether(invocation.TargetMethod)
            && HoldsFin(invocation.TargetMethod.ReturnType))
        {
            var method = invocation.TargetMethod;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.DiscardedFin, statement.Syntax.GetLocation(), $"{method.ContainingType.Name}.{method.Name}"));
        }
    }

    /// <summary>
    /// The call whose result the statement throws away, through what only carries that result along:
    /// <c>await</c>, <c>.ConfigureAwait(...)</c> and <c>?.</c> (<c>await table.DropAsync(h).ConfigureAwait(false);</c>,
    /// <c>maybe?.Drop(h);</c>, or <c>table.DropAsync(h);</c> whose task and Fin nobody reads).
    /// </summary>
    private static IInvocationOperation? DiscardedCall(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IAwaitOperation awaited:
                    operation = awaited.Operation;
                    break;
                case IConditionalAccessOperation conditional:
                    operation = conditional.WhenNotNull;
                    break;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } task } configured
                    when IsTask(configured.TargetMethod.ContainingType):
                    operation = task;
                    break;
                case IInvocationOperation invocation:
                    return invocation;
                default:
                    return null;
            }
        }
    }

    /// <summary>A Fin, or a Task or ValueTask of one.</summary>
    private static bool HoldsFin(ITypeSymbol type) =>
        TetherTypes.IsFin(type, out _)
        || (IsTask(type) && type is INamedTypeSymbol { Arity: 1 } task && TetherTypes.IsFin(task.TypeArguments[0], out _));

    private static bool IsTask(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask" } named
        && named.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
}
