using System.Globalization;
using System.Security.Cryptography;

namespace CreatorProfiles.Mcp.IntegrationTests.Fuzz;

/// <summary>
/// The fuzz run's knobs, from the environment: FUZZ_SEED (a fixed seed when unset, so a red CI run means a change
/// broke something rather than that a new case was drawn; "random" to explore; printed in every failure) and
/// FUZZ_CASES_PER_TOOL (a small default, so the CI run stays short). Each case draws from its own random source
/// made of the seed, the caller, the tool and the case number, so one failing case is reproduced by its seed alone,
/// whatever ran before it, and a new tool does not change the cases of the others.
/// </summary>
internal sealed record FuzzSettings(int Seed, int CasesPerTool)
{
    public const string SeedVariable = "FUZZ_SEED";
    public const string CasesVariable = "FUZZ_CASES_PER_TOOL";
    public const int DefaultCasesPerTool = 10;
    public const int DefaultSeed = 20261204;

    public static FuzzSettings FromEnvironment()
    {
        var seedText = Environment.GetEnvironmentVariable(SeedVariable);
        var casesText = Environment.GetEnvironmentVariable(CasesVariable);
        var seed = seedText?.Trim() switch
        {
            null or "" => DefaultSeed,
            "random" => RandomNumberGenerator.GetInt32(int.MaxValue),
            var text => int.Parse(text, CultureInfo.InvariantCulture),
        };
        var cases = string.IsNullOrWhiteSpace(casesText) ? DefaultCasesPerTool : int.Parse(casesText, CultureInfo.InvariantCulture);
        return new FuzzSettings(seed, Math.Max(1, cases));
    }

    public Random RandomFor(string caller, string tool, int caseNumber) =>
        new(unchecked((int)StableHash($"{Seed}/{caller}/{tool}/{caseNumber}")));

    /// <summary>FNV-1a: string.GetHashCode differs between processes, which would break reproduction.</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }
}
