using System;

namespace Tether;

/// <summary>The GC collected the resource behind a weak handle that was still current.</summary>
/// <param name="Raw">The raw value of the handle.</param>
/// <param name="Type">The type the resource was added as.</param>
public readonly record struct CollectionNotice(long Raw, Type Type);
