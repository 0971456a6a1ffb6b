using Microsoft.CodeAnalysis;

namespace Tether.Analyzers;

/// <summary>The diagnostics the analyzers report, one stable id each.</summary>
internal static class Descriptors
{
    private const string Category = "Usage";

    public static readonly DiagnosticDescriptor DiscardedFin = new(
        id: "TETHER001",
        title: "A Fin from a Tether member that can fail is ignored",
        messageFormat: "The Fin that '{0}' returns is ignored, so a failure would be lost: match it (.Match(Succ: ..., Fail: ...)), test IsFail, or discard it on purpose with '_ = ...'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Add, Drop, Close and the other Tether members that can fail answer a Fin instead of throwing. A Fin that nobody reads loses its error.");

    public static readonly DiagnosticDescriptor FinUsedAsValue = new(
        id: "TETHER002",
        title: "A member of a Tether value is called on the Fin that holds it",
        messageFormat: "'{0}' is a Fin<{1}>, not a {1}: take the {1} out first, e.g. 'if ({0}.Case is {1} value) {{ value.{2}... }}' or '{0}.Match(Succ: value => value.{2}..., Fail: error => ...)'.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "TryCreate, Add, Resolve and the other Tether members that can fail answer a Fin. The table or handle is inside it, and its members are not members of the Fin.");

    public static readonly DiagnosticDescriptor CreateWithOptions = new(
        id: "TETHER003",
        title: "HandleTable.Create takes no options",
        messageFormat: "HandleTable.Create takes no options: with options, call HandleTable.TryCreate(options), which answers a Fin<HandleTable> since options can be out of range",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "HandleTable.Create() always succeeds; a table with options comes from TryCreate(options), whose Fin says which option is out of range.");
}
