using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Tether.Interop;

/// <summary>
/// The assemblies of this app a trimmer went over, whose types' members may be gone where no code used them: none,
/// unless the app itself was trimmed (the trimmer removed <see cref="TrimSentinel"/>, which nothing uses); then
/// those that say IsTrimmable (Blazor's default, partial trim: the framework, Tether, trimmable libraries), or all
/// of them under TrimMode=full (the package's build targets put the mode in the app's runtime config).
/// </summary>
internal static class TrimmedAssemblies
{
    /// <summary>The runtime config key the package's build targets set to the app's TrimMode when it publishes trimmed.</summary>
    public const string TrimModeKey = "Tether.Interop.TrimMode";

    private static readonly bool s_appTrimmed = SentinelRemoved();

    private static readonly bool s_allTrimmed = AppContext.GetData(TrimModeKey) is string mode && string.Equals(mode.Trim(), "full", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a trimmer went over the assembly in this app.</summary>
    public static bool Contains(Assembly assembly) => s_appTrimmed && (s_allTrimmed || SaysTrimmable(assembly));

    private static bool SaysTrimmable(Assembly assembly)
    {
        foreach (var metadata in assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
        {
            if (metadata.Key == "IsTrimmable" && string.Equals(metadata.Value, "True", StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    // The name is put together at run time so that the trimmer cannot see the lookup and keep the type for it.
    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "The lookup must stay unseen: the type is there exactly when no trimmer went over this assembly.")]
    private static bool SentinelRemoved() =>
        Type.GetType(string.Concat(typeof(TrimmedAssemblies).Namespace, ".", "TrimSentinel"), throwOnError: false) is null;
}

/// <summary>Nothing uses this type: a trimmer removes it, which is how <see cref="TrimmedAssemblies"/> tells that one ran.</summary>
internal sealed class TrimSentinel;
