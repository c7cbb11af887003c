namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>Percentiles of one sample set, and median/min/max over repeats.</summary>
internal static class Stats
{
    /// <summary>Nearest-rank percentile (p in 0..100) of unsorted samples.</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double p)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static Spread Spread(IEnumerable<double> values)
    {
        var list = values.Where(v => !double.IsNaN(v)).ToList();
        return list.Count == 0 ? new Spread(double.NaN, double.NaN, double.NaN, 0) : new Spread(Median(list), list.Min(), list.Max(), list.Count);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>Median and min-max of one figure over <see cref="Count"/> repeats.</summary>
internal readonly record struct Spread(double Median, double Min, double Max, int Count)
{
    public bool Known => Count > 0;
}
