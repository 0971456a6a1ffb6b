namespace Tether.Native.Example;

/// <summary>A piece of text: the example's second type, so that a Counter's handle given as a Note's is WrongType.</summary>
public sealed class Note(string text)
{
    public string Text { get; } = text;
}
