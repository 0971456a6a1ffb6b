using System;

namespace Tether;

/// <summary>"a" or "an" before a type's name in a message, by how the name is spoken ("an Entity", "a Uri").</summary>
internal static class Article
{
    /// <summary>The name with its article: "an" before a vowel sound, "a" before a consonant sound.</summary>
    public static string Before(string name) => (StartsWithVowelSound(name) ? "an " : "a ") + name;

    private static bool StartsWithVowelSound(string name)
    {
        if (name.Length == 0)
            return false;
        char first = char.ToUpperInvariant(name[0]);
        // "Eu" and "One" are spoken with a consonant ("a European", "a OneShot").
        if (first == 'E')
            return !Starts(name, "Eu");
        if (first == 'O')
            return !Starts(name, "One") && !Starts(name, "Once");
        if (first == 'A' || first == 'I')
            return true;
        if (first != 'U')
            return false;
        // "Uni-" and "U" + consonant + vowel are spoken "you" ("a Unit", "a Uri", "a User"); "Un-" and "U" + two
        // consonants are not ("an UnauthorizedAccessException", "an Update").
        if (Starts(name, "Uni"))
            return false;
        if (Starts(name, "Un"))
            return true;
        return !(name.Length >= 3 && !IsVowel(name[1]) && IsVowel(name[2]));
    }

    private static bool Starts(string name, string prefix) => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static bool IsVowel(char c) => "aeiouAEIOU".IndexOf(c) >= 0;
}
