using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tether.Analyzers;

/// <summary>
/// The fix for TETHER003: <c>HandleTable.Create(options)</c> becomes
/// <c>HandleTable.TryCreate(options).Match(Succ: created => created, Fail: error => throw new ArgumentException(error.Message))</c>,
/// which is still a <c>HandleTable</c> where the old call stood, and shows where to handle options out of range.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CreateWithOptionsCodeFix)), Shared]
public sealed class CreateWithOptionsCodeFix : CodeFixProvider
{
    /// <summary>What the fix is called in the editor.</summary>
    public const string Title = "Call TryCreate(options) and match its Fin";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("TETHER003");

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not { } node)
            return;
        var invocation = node as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation?.Expression is not MemberAccessExpressionSyntax access)
            return;
        // TryCreate takes one HandleTableOptions: for any other arguments the rewrite would not compile either.
        if (invocation.ArgumentList.Arguments.Count != 1
            || invocation.ArgumentList.Arguments[0] is not { NameColon: null or { Name.Identifier.ValueText: "options" } } argument)
            return;
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model?.GetTypeInfo(argument.Expression, context.CancellationToken).Type is not INamedTypeSymbol { Name: "HandleTableOptions" } options
            || options.ContainingAssembly?.Name != "Tether.Core" || options.ContainingNamespace?.ToDisplayString() != "Tether")
            return;

        context.RegisterCodeFix(
            CodeAction.Create(Title, token => Fix(context.Document, root, invocation, access, token), equivalenceKey: Title),
            context.Diagnostics);
    }

    private static Task<Document> Fix(Document document, SyntaxNode root, InvocationExpressionSyntax invocation, MemberAccessExpressionSyntax access, CancellationToken token)
    {
        var tryCreate = invocation.WithExpression(access.WithName(SyntaxFactory.IdentifierName("TryCreate")));
        var matched = SyntaxFactory.ParseExpression(
            $"{tryCreate.WithoutTrivia()}.Match(Succ: created => created, Fail: error => throw new System.ArgumentException(error.Message))")
            .WithTriviaFrom(invocation);
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(invocation, matched)));
    }
}
