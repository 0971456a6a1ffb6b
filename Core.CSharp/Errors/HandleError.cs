using System;
using System.Collections.Generic;
using System.Linq;
using LanguageExt.Common;

namespace Tether;

/// <summary>
/// Everything that can go wrong with a handle, as a LanguageExt <see cref="Expected"/> error with a stable
/// <see cref="HandleErrorCode"/>. Match on the nested case type, or on <see cref="Error.Code"/>.
/// </summary>
/// <remarks>
/// The message of a case that speaks of a raw value or a type is built when <see cref="Message"/> is read,
/// not when the error is made: a failed lookup costs one small object, not a formatted string as well. The
/// base record keeps a fixed text per case, so equality still compares the case, the code and the fields.
/// </remarks>
public abstract record HandleError : Expected
{
    private protected HandleError(string message, int code, long raw)
        : base(message, code, default) => Raw = raw;

    /// <summary>The raw value of the handle the operation was given, or 0 where there was none.</summary>
    public long Raw { get; }

    /// <summary>What went wrong, in words (built when read for the cases that name a value or a type).</summary>
    public sealed override string Message => Describe() ?? base.Message;

    /// <summary>The message built from this error's fields, or null when the stored message is the whole story.</summary>
    private protected virtual string? Describe() => null;

    private static string NameOf(Type? type) => type?.Name ?? "resource";

    /// <summary>The raw value as messages show it: the same text on every thread, whatever its culture.</summary>
    private protected string RawText => Raw.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The short form people read in logs: <c>Dropped(2): Handle 123 was dropped.</c></summary>
    public sealed override string ToString() => $"{GetType().Name}({Code}): {Message}";

    /// <summary>The same error about another value: a caller's own form of the handle (a compact value, say).</summary>
    internal HandleError ForValue(long value) => this switch
    {
        Unknown => new Unknown(value),
        Dropped => new Dropped(value),
        Collected c => new Collected(value, c.Type),
        WrongType w => new WrongType(value, w.Expected, w.Actual),
        WrongTable => new WrongTable(value),
        Disposed d => d.WithRaw(value),
        NoCompactForm => new NoCompactForm(value),
        WrongScope => new WrongScope(value),
        _ => this,
    };

    /// <summary>The handle was never issued by this table: forged, <c>default</c>, or out of range.</summary>
    public sealed record Unknown : HandleError
    {
        /// <summary>Makes the error for the given raw value.</summary>
        public Unknown(long raw)
            : base("A handle was never issued by this table.", HandleErrorCode.Unknown, raw) { }

        private protected override string Describe() => $"Handle {RawText} was never issued by this table.";
    }

    /// <summary>The handle was issued, and has since been dropped, taken, or ended with its table.</summary>
    public sealed record Dropped : HandleError
    {
        /// <summary>Makes the error for the given raw value.</summary>
        public Dropped(long raw)
            : base("A handle was dropped.", HandleErrorCode.Dropped, raw) { }

        private protected override string Describe() => $"Handle {RawText} was dropped.";
    }

    /// <summary>The handle held its resource weakly and the GC has collected the resource.</summary>
    public sealed record Collected : HandleError
    {
        /// <summary>Makes the error for the given raw value and resource type.</summary>
        public Collected(long raw, Type type)
            : base("The resource behind a handle was collected.", HandleErrorCode.Collected, raw)
        {
            Type = type ?? typeof(object);
            _named = type is not null;
        }

        // Whether a type was given: the message names it, or says "resource" (as it did when built eagerly).
        private readonly bool _named;

        private protected override string Describe() => $"The {NameOf(_named ? Type : null)} behind handle {RawText} was collected.";

        /// <summary>The type the collected resource was added as.</summary>
        public Type Type { get; }
    }

    /// <summary>The handle was issued for another resource type than the one asked for.</summary>
    public sealed record WrongType : HandleError
    {
        /// <summary>Makes the error for the given raw value, the type asked for and the type issued.</summary>
        public WrongType(long raw, Type expected, Type actual)
            : base("A handle is of another type.", HandleErrorCode.WrongType, raw)
        {
            Expected = expected ?? typeof(object);
            Actual = actual ?? typeof(object);
            _named = (expected is not null ? 1 : 0) | (actual is not null ? 2 : 0);
        }

        // Which types were given (1: expected, 2: actual): the message names those, and says "resource" for the others.
        private readonly int _named;

        private protected override string Describe() =>
            $"Handle {RawText} is {Article.Before(NameOf((_named & 2) != 0 ? Actual : null))} handle, not {Article.Before(NameOf((_named & 1) != 0 ? Expected : null))} handle.";

        /// <summary>The type the caller asked for.</summary>
        public Type Expected { get; }

        /// <summary>The type the handle was issued for.</summary>
        public Type Actual { get; }
    }

    /// <summary>The handle was minted by another table.</summary>
    public sealed record WrongTable : HandleError
    {
        /// <summary>Makes the error for the given raw value.</summary>
        public WrongTable(long raw)
            : base("A handle belongs to another table.", HandleErrorCode.WrongTable, raw) { }

        private protected override string Describe() => $"Handle {RawText} belongs to another table.";
    }

    /// <summary>
    /// The table has been disposed, every handle it issued has ended; or, when <see cref="OfScope"/>, the scope
    /// the operation went through has been closed (the table may be fine).
    /// </summary>
    public sealed record Disposed : HandleError
    {
        /// <summary>Makes the error for the given raw value (0 when adding).</summary>
        public Disposed(long raw)
            : this(raw, ofScope: false) { }

        private Disposed(long raw, bool ofScope)
            : base(ofScope ? "The handle scope has been disposed." : "The handle table has been disposed.", HandleErrorCode.Disposed, raw)
            => OfScope = ofScope;

        /// <summary>Whether a closed scope (not the table) is what was disposed; the code is the same.</summary>
        public bool OfScope { get; }

        /// <summary>
        /// The error for a scope that has been disposed while its table may be fine: same code, its own message.
        /// Bridges that refuse a closed scope answer it too.
        /// </summary>
        public static Disposed Scope(long raw) => new(raw, ofScope: true);

        /// <summary>The same error about another value.</summary>
        internal Disposed WithRaw(long raw) => new(raw, OfScope);
    }

    /// <summary>The table is at its capacity of live handles, or has no slot left that it can issue.</summary>
    public sealed record TableFull : HandleError
    {
        /// <summary>Makes the error for the given capacity.</summary>
        public TableFull(int capacity)
            : base($"The handle table is full (capacity {capacity}).", HandleErrorCode.TableFull, 0) => Capacity = capacity;

        /// <summary>The table's capacity of live handles.</summary>
        public int Capacity { get; }
    }

    /// <summary>A <see langword="null"/> resource was offered; a table only holds real resources.</summary>
    public sealed record NullResource : HandleError
    {
        /// <summary>Makes the error for the given resource type.</summary>
        public NullResource(Type type)
            : base($"A null {NameOf(type)} cannot be added to a handle table.", HandleErrorCode.NullResource, 0) => Type = type ?? typeof(object);

        /// <summary>The type the resource was offered as.</summary>
        public Type Type { get; }
    }

    /// <summary>The handle's slot or generation is too large for the compact 32-bit form.</summary>
    public sealed record NoCompactForm : HandleError
    {
        /// <summary>Makes the error for the given raw value.</summary>
        public NoCompactForm(long raw)
            : base("A handle has no compact 32-bit form.", HandleErrorCode.NoCompactForm, raw) { }

        private protected override string Describe() => $"Handle {RawText} has no compact 32-bit form; use a table with HandleFormat.Compact32.";
    }

    /// <summary>
    /// One or more owned resources threw while they were being disposed. The handles have ended all the
    /// same; the exceptions are carried, never rethrown. When several failed (closing a table or scope),
    /// <see cref="Raw"/> is the first of them, <see cref="Handles"/> lists them all and <see cref="Thrown"/>
    /// is an <see cref="AggregateException"/> of what each threw, in the same order.
    /// </summary>
    public sealed record DisposeFailed : HandleError
    {
        /// <summary>Makes the error for the given raw value and the exception disposal threw.</summary>
        public DisposeFailed(long raw, Exception exception)
            : base($"Disposing the resource of handle {raw} failed: {MessageOf(exception)}", HandleErrorCode.DisposeFailed, raw)
        {
            Thrown = exception ?? new InvalidOperationException("unknown error");
            Handles = Array.AsReadOnly(new[] { raw });
        }

        private DisposeFailed(string message, long raw, Exception exception, IReadOnlyList<long> handles)
            : base(message, HandleErrorCode.DisposeFailed, raw)
        {
            Thrown = exception;
            Handles = handles;
        }

        /// <summary>What disposal threw; an <see cref="AggregateException"/> when several resources failed.</summary>
        public Exception Thrown { get; }

        /// <summary>The raw values of every handle whose resource failed to dispose.</summary>
        public IReadOnlyList<long> Handles { get; }

        /// <summary>
        /// Equal when the same exceptions failed for the same handles (for several, the same exceptions in the
        /// same order, whatever <see cref="AggregateException"/> wraps them).
        /// </summary>
        public bool Equals(DisposeFailed? other) =>
            other is not null && base.Equals(other) && Handles.SequenceEqual(other.Handles) && SameFailures(Thrown, other.Thrown);

        private static bool SameFailures(Exception a, Exception b) =>
            ReferenceEquals(a, b)
            || (a is AggregateException many && b is AggregateException others && many.InnerExceptions.SequenceEqual(others.InnerExceptions));

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Handles.Count);

        /// <summary>
        /// What the exception says; a resource's own exception type may throw from its Message, and the error
        /// must still be made (a drop answers it, never throws), so then its type is named instead.
        /// </summary>
        private static string MessageOf(Exception? exception)
        {
            if (exception is null)
                return "unknown error";
            try
            {
                return exception.Message ?? Article.Before(exception.GetType().Name) + " with no message";
            }
            catch (Exception)
            {
                return Article.Before(exception.GetType().Name) + " whose Message threw";
            }
        }

        /// <summary>Several failures as one error.</summary>
        internal static DisposeFailed Combine(IReadOnlyList<DisposeFailed> failures)
        {
            var handles = new long[failures.Count];
            var thrown = new Exception[failures.Count];
            for (int i = 0; i < failures.Count; i++)
            {
                handles[i] = failures[i].Raw;
                thrown[i] = failures[i].Thrown;
            }

            return new DisposeFailed(
                $"Disposing the resources of {failures.Count} handles failed: {string.Join("; ", Array.ConvertAll(thrown, MessageOf))}",
                handles[0],
                new AggregateException(thrown),
                Array.AsReadOnly(handles));
        }
    }

    /// <summary>The handle does not belong to the scope that was asked to move it.</summary>
    public sealed record WrongScope : HandleError
    {
        /// <summary>Makes the error for the given raw value.</summary>
        public WrongScope(long raw)
            : base("A handle does not belong to this scope.", HandleErrorCode.WrongScope, raw) { }

        private protected override string Describe() => $"Handle {RawText} does not belong to this scope.";
    }

    /// <summary>An argument is out of range: table options, or a value that is not a defined <see cref="Hold"/>.</summary>
    public sealed record InvalidArgument : HandleError
    {
        /// <summary>Makes the error with the reason the argument was refused.</summary>
        public InvalidArgument(string reason)
            : this(reason, 0) { }

        /// <summary>The error for an operation on the handle <paramref name="raw"/> that is refused as such.</summary>
        internal InvalidArgument(string reason, long raw)
            : base($"Invalid argument: {reason ?? "unspecified"}", HandleErrorCode.InvalidArgument, raw) => Reason = reason ?? "unspecified";

        /// <summary>Why the argument was refused.</summary>
        public string Reason { get; }
    }
}
