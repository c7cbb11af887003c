using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using CreatorProfiles.Mcp.IntegrationTests.Scrapes;

namespace CreatorProfiles.Mcp.IntegrationTests.Cluster;

/// <summary>Workers: four worker simulators at once, two on each Directus instance, over one queue.</summary>
public sealed partial class ClusterExactlyOnceTests
{
    private const int QueuedJobs = 50;
    private const int Workers = 4;

    [Fact]
    public async Task Four_workers_on_fifty_queued_jobs_claim_each_job_exactly_once()
    {
        var profiles = await Task.WhenAll(Enumerable.Range(0, QueuedJobs).Select(_ => _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid)));
        var jobs = await Task.WhenAll(profiles.Select(async profile => (string)(await _data.CreateAsync("media_jobs", new JsonObject
        {
            ["profile_id"] = profile,
            ["type"] = "scrape_profile",
            ["status"] = "queued",
            ["active_key"] = profile,
        }))["id"]!));
        var runName = "cluster-worker-" + Guid.NewGuid().ToString("N")[..6];

        var summaries = await Task.WhenAll(Enumerable.Range(1, Workers).Select(worker => RunWorkerAsync(
            $"{runName}-{worker}", cluster.DirectusInstanceUrls[worker % cluster.DirectusInstanceUrls.Count], profiles)));

        // Every job was worked by exactly one worker (its summary), and nothing else.
        var worked = summaries.SelectMany(s => s["done"]!.AsArray().Concat(s["failed"]!.AsArray())).Select(j => (string)j!).ToList();
        Assert.Equal(jobs.Order(), worked.Order());
        // The database agrees: one claim per job, each by one of these workers, every job done.
        var claims = await cluster.Rest.ItemsAsync("media_job_claims", DirectusRest.Filter(new { job_id = new { _in = jobs } }), "job_id,worker");
        Assert.Equal(jobs.Order(), claims.Select(c => (string)c!["job_id"]!).Order());
        Assert.All(claims, c => Assert.StartsWith(runName, (string?)c!["worker"], StringComparison.Ordinal));
        Assert.All(await cluster.Rest.ItemsAsync("media_jobs", DirectusRest.Filter(new { id = new { _in = jobs } }), "status,active_key"), job =>
        {
            Assert.Equal("done", (string?)job!["status"]);
            Assert.Null(job["active_key"]);
        });
        Assert.Equal($"{QueuedJobs}|{QueuedJobs}",
            await cluster.QueryAsync($"select count(*), count(distinct job_id) from media_job_claims where worker like '{runName}-%'"));

        var perWorker = summaries.Select(s => $"{s["worker"]}: {s["done"]!.AsArray().Count} won, {s["lost"]!.AsArray().Count} lost");
        output.WriteLine($"{Workers} workers, {QueuedJobs} queued jobs: {worked.Count} worked, {worked.Distinct().Count()} distinct, " +
            $"{claims.Count} claim rows; {string.Join("; ", perWorker)}");
    }

    /// <summary>One pass of samples/worker/worker.mjs with the worker's own token against one Directus instance.</summary>
    private async Task<JsonObject> RunWorkerAsync(string name, string directusUrl, IEnumerable<string> profiles)
    {
        var result = await ProcessRunner.RunAsync(
            "node", [Path.Combine(RepoPaths.Root, "samples", "worker", "worker.mjs"), "--once", "--work-ms", "0", "--media", "1",
                "--name", name, .. profiles.SelectMany(p => new[] { "--profile", p })],
            new Dictionary<string, string?> { ["DIRECTUS_URL"] = directusUrl, ["DIRECTUS_TOKEN"] = cluster.Stack["WORKER_TOKEN"] });
        Assert.True(result.ExitCode == 0, $"worker {name}: {result.StandardError}");
        return JsonNode.Parse(result.StandardOutput)!.AsObject();
    }
}
