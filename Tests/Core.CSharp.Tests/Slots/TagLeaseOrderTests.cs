using System;
using System.Collections.Generic;
using System.Linq;
using Tether.Tests.Adversarial;
using Tether.Tests.Support;
using Xunit;

namespace Tether.Tests.Slots;

/// <summary>
/// Which tag a new table gets: a free one if any, the first after the last tag given; otherwise the one
/// with the fewest users, again the first after the last tag given.
/// </summary>
// Tags are process-wide: this class runs with the other tag tests, alone.
[Collection(nameof(TagRegistryTests))]
public class TagLeaseOrderTests
{
    private const int Tags = 255;

    /// <summary>Tags in the order a lease looks at them after <paramref name="last"/> was given.</summary>
    private static IEnumerable<int> After(int last) => Enumerable.Range(1, Tags).Select(step => (last + step - 1) % Tags + 1);

    private static void ReleaseOne(List<TagLease> leases, int tag)
    {
        var lease = leases.First(l => l.Tag == tag);
        lease.Release();
        leases.Remove(lease);
    }

    [Fact]
    public void A_new_lease_takes_the_first_free_tag_else_the_first_with_fewest_users_after_the_last_given()
    {
        Gc.Collect(); // tables other tests left behind give back their tags now, not during the test
        var leases = new List<TagLease>();
        try
        {
            // Every tag in use by at least three leases.
            while (Enumerable.Range(1, Tags).Min(TagRegistry.UsersOf) < 3)
                leases.Add(TagRegistry.Lease());

            // Two tags, neither right after the last one given, get one user fewer than every other tag.
            int last = leases[^1].Tag;
            var candidates = After(last).Skip(1)
                .Where(t => TagRegistry.UsersOf(t) == 3 && leases.Any(l => l.Tag == t))
                .ToList();
            int first = candidates[0], later = candidates[^1];
            Assert.NotEqual(first, later);
            ReleaseOne(leases, first);
            ReleaseOne(leases, later);
            Assert.Equal(2, TagRegistry.UsersOf(first));
            Assert.Equal(2, TagRegistry.UsersOf(later));

            var fewest = TagRegistry.Lease();
            leases.Add(fewest);
            Assert.Equal(first, fewest.Tag);
            Assert.Equal(3, TagRegistry.UsersOf(first));

            // Two tags that only this test uses become free: the first of them after the last given is taken.
            var ours = After(fewest.Tag).Skip(1)
                .Where(t => leases.Count(l => l.Tag == t) == TagRegistry.UsersOf(t))
                .ToList();
            int freeFirst = ours[0], freeLater = ours[^1];
            Assert.NotEqual(freeFirst, freeLater);
            foreach (var lease in leases.Where(l => l.Tag == freeFirst || l.Tag == freeLater).ToList())
            {
                lease.Release();
                leases.Remove(lease);
            }

            Assert.Equal(0, TagRegistry.UsersOf(freeFirst));
            var free = TagRegistry.Lease();
            leases.Add(free);
            Assert.Equal(freeFirst, free.Tag);
            Assert.Equal(0, TagRegistry.UsersOf(freeLater));
        }
        finally
        {
            leases.ForEach(l => l.Release());
        }
    }
}
