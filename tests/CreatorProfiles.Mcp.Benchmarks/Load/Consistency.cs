namespace CreatorProfiles.Mcp.Benchmarks.Load;

/// <summary>What the database holds after a run, read as the admin through Directus REST (any backend).</summary>
internal sealed record ConsistencyReport(int ActiveJobs, int DuplicateActiveJobs, int Claims, int OrphanedClaims, int StatusWrites, int LostWrites, int UncertainWrites)
{
    public bool Holds => DuplicateActiveJobs == 0 && OrphanedClaims == 0 && LostWrites == 0;
}

internal static class Consistency
{
    /// <summary>
    /// No profile with two active (queued or running) jobs; no claim whose job is gone or still queued (a claim and
    /// the job's move to running are one transaction); every profile's last_error is the last status write the server
    /// acknowledged, or a later one whose answer was lost (a call that failed in flight may have been applied).
    /// </summary>
    public static async Task<ConsistencyReport> CheckAsync(HttpClient admin, Workload workload, CancellationToken cancellationToken)
    {
        var active = (await LoadRun.GetJsonAsync(admin, "items/media_jobs?filter[status][_in]=queued,running&fields=profile_id&limit=-1", cancellationToken))!["data"]!.AsArray();
        var duplicates = active.GroupBy(j => (string?)j!["profile_id"]).Sum(g => g.Count() - 1);
        var claims = (await LoadRun.GetJsonAsync(admin, "items/media_job_claims?fields=id,job_id.id,job_id.status&limit=-1", cancellationToken))!["data"]!.AsArray();
        var orphaned = claims.Count(c => c!["job_id"] is not { } job || (string?)job["status"] == "queued");

        var lost = 0;
        var uncertain = 0;
        if (workload.Writes.Count > 0)
        {
            var ids = string.Join(',', workload.Writes.Keys);
            var stored = (await LoadRun.GetJsonAsync(admin, $"items/creator_profiles?filter[id][_in]={ids}&fields=id,last_error&limit=-1", cancellationToken))!["data"]!
                .AsArray().ToDictionary(p => (string)p!["id"]!, p => (string?)p!["last_error"]);
            foreach (var (id, (acked, inFlight)) in workload.Writes)
            {
                var value = stored.GetValueOrDefault(id);
                if (value == inFlight && inFlight is not null)
                {
                    uncertain++;
                }
                else if (acked is not null && value != acked)
                {
                    lost++;
                }
            }
        }

        return new ConsistencyReport(active.Count, duplicates, claims.Count, orphaned, workload.Writes.Count, lost, uncertain);
    }
}
