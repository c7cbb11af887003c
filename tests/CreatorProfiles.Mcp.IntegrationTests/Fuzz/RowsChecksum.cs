using System.Security.Cryptography;
using System.Text;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Fuzz;

/// <summary>
/// A hash of every row of every collection of the project (read as admin, all at once), taken between calls to prove
/// that a refused call wrote nothing anywhere. Collections are listed from Directus, so a new one is covered too.
/// </summary>
internal sealed class RowsChecksum(DirectusRest rest, IReadOnlyList<string> collections)
{
    public static async Task<RowsChecksum> ForAllCollectionsAsync(DirectusRest rest) => new(rest, await rest.DataCollectionsAsync());

    public IReadOnlyList<string> Collections => collections;

    /// <summary>One hash per collection, in the order of <see cref="Collections"/>.</summary>
    public async Task<string[]> TakeAsync()
    {
        var snapshots = await Task.WhenAll(collections.Select(rest.SnapshotAsync));
        return snapshots.Select(s => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..16]).ToArray();
    }

    /// <summary>The collections whose rows differ between two checksums.</summary>
    public List<string> Changed(string[] before, string[] after) =>
        collections.Where((_, i) => before[i] != after[i]).ToList();
}
