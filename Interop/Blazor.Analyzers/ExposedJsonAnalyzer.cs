using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Tether.Interop.Analyzers;

/// <summary>
/// TETHER101 and TETHER102, at each <c>JsHandles.Expose&lt;T&gt;</c> or <c>JsScope.Expose&lt;T&gt;</c> call (or
/// method group) whose T is known: the parameter and result types of T's callable methods that cannot cross as JSON
/// in this project. In a trimmed or trim-analyzed project (TETHER101), a type whose contract reflection must build
/// from its members, and that no JsonSerializerContext of the compilation declares or reaches; with reflection-based
/// JSON off (TETHER102), any type no context covers. A T that is a type parameter at the call has nothing to check:
/// the methods are known only where T is. Razor components' generated code is checked too, and reported where the
/// .razor file has the call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExposedJsonAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ReflectionJson, Descriptors.NoContract);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        // A Razor component's @code is generated C#: the calls of a Blazor app are mostly there.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var settings = ProjectSettings.Read(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
            if (!settings.Checked || InteropSymbols.Of(start.Compilation) is not { } symbols)
                return;
            var check = new Check(start.Compilation, symbols, settings);
            start.RegisterOperationAction(check.Analyze, OperationKind.Invocation, OperationKind.MethodReference);
        });
    }

    /// <summary>One compilation's check: its contexts, read once, and what each exposed type was found to carry.</summary>
    private sealed class Check(Compilation compilation, InteropSymbols symbols, ProjectSettings settings)
    {
        private readonly ConcurrentDictionary<ITypeSymbol, ImmutableArray<Finding>> _byType = new(SymbolEqualityComparer.Default);
        private ContractCoverage? _coverage;

        public void Analyze(OperationAnalysisContext context)
        {
            var method = context.Operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IMethodReferenceOperation reference => reference.Method,
                _ => null,
            };
            if (method is null || method.Name != "Expose" || !symbols.IsExpose(method))
                return;
            // A type parameter's methods are known only where it is given; a generic type's are known here, and
            // those of its parameter and result types that are open are passed over one by one.
            var exposed = method.TypeArguments[0];
            if (exposed.TypeKind is TypeKind.TypeParameter or TypeKind.Error)
                return;

            var at = Where(context.Operation.Syntax);
            foreach (var found in _byType.GetOrAdd(exposed, type => Find(type, context.CancellationToken)))
                context.ReportDiagnostic(Diagnostic.Create(found.Descriptor, at, found.Declared, found.Type, found.Where));
        }

        /// <summary>What the exposed type's callable methods carry that cannot cross in this project.</summary>
        private ImmutableArray<Finding> Find(ITypeSymbol exposed, CancellationToken cancellation)
        {
            var coverage = LazyInitializer.EnsureInitialized(ref _coverage, () => ContractCoverage.Of(compilation, symbols, cancellation))!;
            var found = ImmutableArray.CreateBuilder<Finding>();
            foreach (var method in CallableMethods.Of(exposed, symbols.JsInvokable))
            {
                foreach (var crossing in CrossingTypes.Of(method))
                {
                    if (BuiltInTypes.IsOpenOrBroken(crossing.Type))
                        continue;
                    var declared = crossing.Declaration is { } declaration ? [declaration] : ImmutableArray<Location>.Empty;
                    if (settings.ReflectionOff)
                    {
                        // Without reflection, the whole type needs a contract: a List<Order> is not made from Order's.
                        if (!coverage.Covers(crossing.Type))
                            found.Add(new Finding(Descriptors.NoContract, Names.Of(crossing.Type), "as " + crossing.Role, declared));
                        continue;
                    }

                    foreach (var type in CrossingTypes.ReadByReflection(crossing.Type, coverage))
                    {
                        string where = SymbolEqualityComparer.Default.Equals(type, crossing.Type)
                            ? "as " + crossing.Role
                            : $"in {crossing.Role} ({Names.Of(crossing.Type)})";
                        found.Add(new Finding(Descriptors.ReflectionJson, Names.Of(type), where, declared));
                    }
                }
            }

            return found.ToImmutable();
        }

        /// <summary>The name of the method called (Expose, of h.Expose(...) or h?.Expose(...)), else the whole expression.</summary>
        private static Location Where(SyntaxNode syntax)
        {
            if (syntax is InvocationExpressionSyntax invocation)
                syntax = invocation.Expression;
            return syntax switch
            {
                MemberAccessExpressionSyntax access => access.Name.GetLocation(),
                MemberBindingExpressionSyntax binding => binding.Name.GetLocation(),
                _ => syntax.GetLocation(),
            };
        }
    }

    /// <summary>One type that cannot cross, with the words the message gives it; located at each Expose call.</summary>
    private readonly struct Finding(DiagnosticDescriptor descriptor, string type, string where, ImmutableArray<Location> declared)
    {
        public DiagnosticDescriptor Descriptor { get; } = descriptor;

        public string Type { get; } = type;

        public string Where { get; } = where;

        public ImmutableArray<Location> Declared { get; } = declared;
    }
}
