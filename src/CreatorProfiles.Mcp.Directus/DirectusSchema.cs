using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.Directus;

/// <summary>
/// The one place where a Directus collection or field name is spelled: the five collections with their fields, the
/// unique keys the workflow relies on, and the field and deep selections the domain reads with (built from the names,
/// so a renamed field is one edit). The domain, <c>doctor</c> and the schema checks all read from here.
/// See docs/data-model.md for what each field means.
/// </summary>
public static class DirectusSchema
{
    public static class Profiles
    {
        public const string Collection = "creator_profiles";
        public const string Id = "id";
        public const string UserId = "user_id";
        public const string Platform = "platform";
        public const string Username = "username";
        public const string Credentials = "credentials";
        public const string ScrapeStatus = "scrape_status";
        public const string LastScrapedAt = "last_scraped_at";
        public const string LastError = "last_error";
        public const string IsActive = "is_active";
        public const string CreatedAt = "created_at";
        public const string UpdatedAt = "updated_at";
        /// <summary>UNIQUE lower(user_id:platform:username): one profile per owner and platform account, even under
        /// concurrent creates; owner-scoped, so nobody learns or blocks another owner's handles.</summary>
        public const string IdentityKey = "identity_key";

        /// <summary>One-to-many aliases (the related rows' <c>profile_id</c>).</summary>
        public const string MediaJobs = "media_jobs";
        public const string HitlSessions = "hitl_sessions";
        public const string PlatformSessions = "platform_sessions";

        public static readonly IReadOnlyList<string> Fields =
            [Id, UserId, Platform, Username, Credentials, ScrapeStatus, LastScrapedAt, LastError, IsActive, CreatedAt, UpdatedAt, IdentityKey];
    }

    public static class PlatformSessions
    {
        public const string Collection = "platform_sessions";
        public const string Id = "id";
        public const string ProfileId = "profile_id";
        public const string UserId = "user_id";
        public const string Platform = "platform";
        public const string Cookies = "cookies";
        public const string ExpiresAt = "expires_at";
        public const string CreatedAt = "created_at";

        public static readonly IReadOnlyList<string> Fields = [Id, ProfileId, UserId, Platform, Cookies, ExpiresAt, CreatedAt];
    }

    public static class MediaJobs
    {
        public const string Collection = "media_jobs";
        public const string Id = "id";
        public const string ProfileId = "profile_id";
        public const string Type = "type";
        public const string Status = "status";
        /// <summary>UNIQUE; the profile id while the job is queued or running, null after: one active job per profile.</summary>
        public const string ActiveKey = "active_key";
        public const string Error = "error";
        public const string CreatedAt = "created_at";
        public const string StartedAt = "started_at";
        public const string FinishedAt = "finished_at";

        public static readonly IReadOnlyList<string> Fields = [Id, ProfileId, Type, Status, ActiveKey, Error, CreatedAt, StartedAt, FinishedAt];
    }

    public static class ScrapedMedia
    {
        public const string Collection = "scraped_media";
        public const string Id = "id";
        public const string ProfileId = "profile_id";
        public const string JobId = "job_id";
        public const string MediaType = "media_type";
        public const string Url = "url";
        public const string Caption = "caption";
        public const string PostedAt = "posted_at";
        public const string CreatedAt = "created_at";

        public static readonly IReadOnlyList<string> Fields = [Id, ProfileId, JobId, MediaType, Url, Caption, PostedAt, CreatedAt];
    }

    public static class HitlSessions
    {
        public const string Collection = "hitl_sessions";
        public const string Id = "id";
        public const string ProfileId = "profile_id";
        public const string UserId = "user_id";
        public const string Platform = "platform";
        public const string Status = "status";
        /// <summary>UNIQUE; the profile id while the request is pending, null after: one pending request per profile.</summary>
        public const string ActiveKey = "active_key";
        public const string Reason = "reason";
        public const string CreatedAt = "created_at";
        public const string ResolvedAt = "resolved_at";

        public static readonly IReadOnlyList<string> Fields = [Id, ProfileId, UserId, Platform, Status, ActiveKey, Reason, CreatedAt, ResolvedAt];
    }

    /// <summary>Every collection with the fields this server needs (what <c>doctor</c> and the schema checks verify).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Collections = new Dictionary<string, IReadOnlyList<string>>
    {
        [Profiles.Collection] = Profiles.Fields,
        [PlatformSessions.Collection] = PlatformSessions.Fields,
        [MediaJobs.Collection] = MediaJobs.Fields,
        [ScrapedMedia.Collection] = ScrapedMedia.Fields,
        [HitlSessions.Collection] = HitlSessions.Fields,
    };

    /// <summary>The unique columns the workflow relies on for exactly-once behaviour.</summary>
    public static readonly IReadOnlyList<(string Collection, string Field)> UniqueKeys =
    [
        (Profiles.Collection, Profiles.IdentityKey),
        (MediaJobs.Collection, MediaJobs.ActiveKey),
        (HitlSessions.Collection, HitlSessions.ActiveKey),
    ];

    /// <summary>The <c>fields</c> and <c>deep</c> selections the domain reads with. A profile selection that is checked
    /// for ownership always includes <see cref="Profiles.UserId"/>; none includes the cookies.</summary>
    public static class Selections
    {
        /// <summary>A profile as list and search results show it.</summary>
        public static readonly string Profile = Join(
            Profiles.Id, Profiles.UserId, Profiles.Platform, Profiles.Username, Profiles.Credentials, Profiles.ScrapeStatus,
            Profiles.LastScrapedAt, Profiles.LastError, Profiles.IsActive, Profiles.CreatedAt, Profiles.UpdatedAt);

        /// <summary>Enough to check who owns a profile.</summary>
        public static readonly string ProfileOwner = Join(Profiles.Id, Profiles.UserId);

        /// <summary>The owner and the stored credentials (status, rotation).</summary>
        public static readonly string ProfileCredentials = Join(Profiles.Id, Profiles.UserId, Profiles.Credentials);

        /// <summary>What the credentials entry page shows about its profile.</summary>
        public static readonly string ProfileEntryTarget = Join(Profiles.Id, Profiles.UserId, Profiles.Platform, Profiles.Username, Profiles.Credentials);

        /// <summary>The existing profile a duplicate create points at (never its credentials).</summary>
        public static readonly string ProfileSummary = Join(
            Profiles.Id, Profiles.UserId, Profiles.Platform, Profiles.Username, Profiles.ScrapeStatus, Profiles.IsActive);

        /// <summary>What the identity key is made of, and the key: for the identity key migration.</summary>
        public static readonly string ProfileIdentity = Join(Profiles.Id, Profiles.UserId, Profiles.Platform, Profiles.Username, Profiles.IdentityKey);

        public static readonly string Job = Join(
            MediaJobs.Id, MediaJobs.ProfileId, MediaJobs.Type, MediaJobs.Status, MediaJobs.Error, MediaJobs.CreatedAt, MediaJobs.StartedAt, MediaJobs.FinishedAt);

        public static readonly string Hitl = Join(
            HitlSessions.Id, HitlSessions.ProfileId, HitlSessions.Platform, HitlSessions.Status, HitlSessions.Reason, HitlSessions.CreatedAt, HitlSessions.ResolvedAt);

        public static readonly string Media = Join(
            ScrapedMedia.Id, ScrapedMedia.ProfileId, ScrapedMedia.JobId, ScrapedMedia.MediaType, ScrapedMedia.Url, ScrapedMedia.Caption,
            ScrapedMedia.PostedAt, ScrapedMedia.CreatedAt);

        /// <summary>A platform session's cookies, for the decrypt endpoint only.</summary>
        public static readonly string SessionCookies = Join(
            PlatformSessions.Id, PlatformSessions.ProfileId, PlatformSessions.Cookies, PlatformSessions.ExpiresAt, PlatformSessions.CreatedAt);

        /// <summary>The decrypt endpoint's one read for a profile's credentials: the job it names, with the job's
        /// profile (its id, to check the job belongs to it, and the stored credentials).</summary>
        public static readonly string DecryptJobCredentials = Join(
            MediaJobs.Id, MediaJobs.Status, $"{MediaJobs.ProfileId}.{Profiles.Id}", $"{MediaJobs.ProfileId}.{Profiles.Credentials}");

        /// <summary>The same for cookies: the job, its profile's id and that profile's newest unexpired cookie row
        /// (narrowed by <see cref="DecryptCookiesDeep"/>).</summary>
        public static readonly string DecryptJobCookies = Join(
            MediaJobs.Id, MediaJobs.Status, $"{MediaJobs.ProfileId}.{Profiles.Id}",
            Related($"{MediaJobs.ProfileId}.{Profiles.PlatformSessions}", SessionCookies));

        /// <summary>Through the job's profile: unexpired cookie rows only, newest first, one.</summary>
        public static string DecryptCookiesDeep(DateTimeOffset now) => new JsonObject
        {
            [MediaJobs.ProfileId] = new JsonObject
            {
                [Profiles.PlatformSessions] = new JsonObject
                {
                    ["_filter"] = new DirectusFilter().NullOrAfter(PlatformSessions.ExpiresAt, now).ToJsonObject(),
                    ["_sort"] = new JsonArray("-" + PlatformSessions.CreatedAt, "-" + PlatformSessions.ExpiresAt),
                    ["_limit"] = 1,
                },
            },
        }.ToJsonString();

        /// <summary>A profile with its latest job, pending HITL request and cookie expiries (narrowed by <see cref="LatestJobAndPendingHitl"/>).</summary>
        public static readonly string ProfileDetails = Join(
            Profile,
            Related(Profiles.MediaJobs, Job),
            Related(Profiles.HitlSessions, Hitl),
            Related(Profiles.PlatformSessions, Join(PlatformSessions.Id, PlatformSessions.ExpiresAt)));

        /// <summary>What a profile subscription compares (see the watch state in the domain).</summary>
        public static readonly string ProfileWatch = Join(
            Profiles.Id, Profiles.UserId, Profiles.ScrapeStatus, Profiles.LastScrapedAt, Profiles.LastError, Profiles.IsActive, Profiles.UpdatedAt,
            Related(Profiles.MediaJobs, Join(MediaJobs.Id, MediaJobs.Status)),
            Related(Profiles.HitlSessions, HitlSessions.Id));

        /// <summary>What trigger_scrape reads in its one request: the profile, at most one unexpired cookie row, the active
        /// job and the pending HITL request (narrowed by <see cref="TriggerDeep"/>). Never the cookie or credential values.</summary>
        public static readonly string ProfileTrigger = Join(
            Profiles.Id, Profiles.UserId, Profiles.Platform, Profiles.Username, Profiles.ScrapeStatus, Profiles.LastScrapedAt, Profiles.IsActive,
            Related(Profiles.PlatformSessions, Join(PlatformSessions.Id, PlatformSessions.ExpiresAt)),
            Related(Profiles.MediaJobs, Join(MediaJobs.Id, MediaJobs.ProfileId, MediaJobs.Type, MediaJobs.Status, MediaJobs.ActiveKey, MediaJobs.CreatedAt, MediaJobs.StartedAt)),
            Related(Profiles.HitlSessions, Join(HitlSessions.Id, HitlSessions.ProfileId, HitlSessions.Platform, HitlSessions.Status, HitlSessions.ActiveKey, HitlSessions.Reason, HitlSessions.CreatedAt)));

        /// <summary>Newest job only, pending HITL rows only (newest first); cookie rows are all read (a profile has few).</summary>
        public static readonly string LatestJobAndPendingHitl = new JsonObject
        {
            [Profiles.MediaJobs] = Newest(),
            [Profiles.HitlSessions] = Newest(new DirectusFilter().Eq(HitlSessions.Status, "pending")),
        }.ToJsonString();

        /// <summary>Unexpired cookies only (expires_at null or in the future), the active job, the pending HITL request.</summary>
        public static string TriggerDeep(DateTimeOffset now) => new JsonObject
        {
            [Profiles.PlatformSessions] = new JsonObject
            {
                ["_filter"] = new DirectusFilter().NullOrAfter(PlatformSessions.ExpiresAt, now).ToJsonObject(),
                ["_limit"] = 1,
            },
            [Profiles.MediaJobs] = Newest(new DirectusFilter().NotNull(MediaJobs.ActiveKey)),
            [Profiles.HitlSessions] = Newest(new DirectusFilter().NotNull(HitlSessions.ActiveKey)),
        }.ToJsonString();

        private static JsonObject Newest(DirectusFilter? filter = null)
        {
            var deep = new JsonObject();
            if (filter is not null)
            {
                deep["_filter"] = filter.ToJsonObject();
            }

            deep["_sort"] = new JsonArray("-" + MediaJobs.CreatedAt);
            deep["_limit"] = 1;
            return deep;
        }

        private static string Join(params string[] fields) => string.Join(',', fields);

        private static string Related(string alias, string fields) => string.Join(',', fields.Split(',').Select(f => $"{alias}.{f}"));
    }
}
