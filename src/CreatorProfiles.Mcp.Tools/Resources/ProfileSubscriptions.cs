using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Scrapes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// Live status for subscribers of <c>creatorprofiles://profiles/{id}</c>, by bounded polling: while at least one
/// subscription exists, one Directus request per interval reads the watch state of every subscribed profile (100 per
/// request) and each subscriber whose profile's state changed gets one notification. No subscription, no polling.
/// Directus errors back the interval off (doubling, up to <see cref="CreatorProfilesOptions.MaxResourcePollInterval"/>)
/// and never end the loop. Kept per subscriber (a session, or one subscriptions/listen stream) and per profile, so
/// each subscriber is compared with the state it last saw.
/// </summary>
public sealed class ProfileSubscriptions(
    IServiceScopeFactory scopes,
    IOptions<CreatorProfilesOptions> options,
    ILogger<ProfileSubscriptions> logger) : IAsyncDisposable, IDisposable
{
    /// <summary>Delivers notifications/resources/updated for one URI to one subscriber.</summary>
    public delegate Task Notify(string uri, CancellationToken cancellationToken);

    private readonly Lock _lock = new();
    private readonly Dictionary<(object Subscriber, string ProfileId), Subscription> _subscriptions = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Number of (subscriber, profile) pairs watched; for tests and logs.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>Adds (or refreshes) a subscription whose subscriber has seen <paramref name="state"/>; notifications name
    /// <paramref name="uri"/> exactly as the subscriber wrote it.</summary>
    public void Add(object subscriber, string profileId, string uri, string state, Notify notify)
    {
        lock (_lock)
        {
            _subscriptions[(subscriber, profileId)] = new Subscription(uri, notify) { State = state };
            if (_loop is null && !_stop.IsCancellationRequested)
            {
                _loop = Task.Run(() => PollAsync(_stop.Token));
            }
        }
    }

    public void Remove(object subscriber, string profileId)
    {
        lock (_lock)
        {
            _subscriptions.Remove((subscriber, profileId));
        }
    }

    public void RemoveAll(object subscriber)
    {
        lock (_lock)
        {
            foreach (var key in _subscriptions.Keys.Where(k => ReferenceEquals(k.Subscriber, subscriber)).ToList())
            {
                _subscriptions.Remove(key);
            }
        }
    }

    private async Task PollAsync(CancellationToken stop)
    {
        var interval = options.Value.ResourcePollInterval;
        var delay = interval;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            List<string> ids;
            lock (_lock)
            {
                if (_subscriptions.Count == 0)
                {
                    _loop = null; // the next Add starts a new loop
                    return;
                }

                ids = _subscriptions.Keys.Select(k => k.ProfileId).Distinct(StringComparer.Ordinal).ToList();
            }

            IReadOnlyDictionary<string, string> states;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                states = await scope.ServiceProvider.GetRequiredService<ProfileWatchService>().WatchStatesAsync(ids, stop);
                delay = interval;
            }
            catch (DomainException e)
            {
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, CreatorProfilesOptions.MaxResourcePollInterval.Ticks));
                logger.LogWarning("Profile status poll failed ({Message}); next try in {Delay}.", e.Message, delay);
                continue;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            await NotifyChangedAsync(states, stop);
        }
    }

    private async Task NotifyChangedAsync(IReadOnlyDictionary<string, string> states, CancellationToken stop)
    {
        List<((object Subscriber, string ProfileId) Key, Subscription Subscription)> changed = [];
        lock (_lock)
        {
            foreach (var (key, subscription) in _subscriptions)
            {
                if (states.TryGetValue(key.ProfileId, out var state) && !string.Equals(state, subscription.State, StringComparison.Ordinal))
                {
                    subscription.State = state;
                    changed.Add((key, subscription));
                }
            }
        }

        foreach (var (key, subscription) in changed)
        {
            try
            {
                await subscription.Notify(subscription.Uri, stop);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                // The subscriber is gone (session closed, stream ended): forget it rather than fail every poll.
                logger.LogInformation("Dropping the subscription to {Uri}: the notification could not be sent ({Type}).", subscription.Uri, e.GetType().Name);
                lock (_lock)
                {
                    if (_subscriptions.TryGetValue(key, out var current) && ReferenceEquals(current, subscription))
                    {
                        _subscriptions.Remove(key);
                    }
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_lock)
        {
            loop = _loop;
            _subscriptions.Clear();
        }

        await _stop.CancelAsync();
        if (loop is not null)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    /// <summary>For hosts disposed synchronously: stops the loop without waiting for it.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _subscriptions.Clear();
        }

        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
        }
    }

    private sealed class Subscription(string uri, Notify notify)
    {
        public string Uri { get; } = uri;
        public Notify Notify { get; } = notify;
        public string State { get; set; } = "";
    }
}
