using System;

namespace Tether.Tests.Support;

/// <summary>Tables picked by tag, for tests of what tables of one tag share (its value space).</summary>
internal static class Tags
{
    /// <summary>A new table that holds <paramref name="tag"/>, made by creating (and disposing) tables until one does.</summary>
    public static HandleTable TableWithTag(int tag, HandleFormat format = HandleFormat.Raw53)
    {
        for (int attempt = 0; attempt < 2 * 255; attempt++)
        {
            var table = HandleTable.TryCreate(new HandleTableOptions { Format = format }).Value();
            if (table.Tag == tag)
                return table;
            table.Dispose();
        }

        throw new InvalidOperationException($"no table got tag {tag}");
    }
}
