using System.Globalization;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>Command-line settings. Every count has a default that keeps the whole run to a few minutes on 2 cores.</summary>
internal sealed class BenchOptions
{
    public const int AllSections = 7;

    public required string StackEnvFile { get; init; }
    public required string OutFile { get; init; }

    /// <summary>Server builds by name (dotnet-run, fdd, r2r, aot); a missing one is skipped with a note.</summary>
    public Dictionary<string, string> VariantPaths { get; } = new(StringComparer.Ordinal);

    /// <summary>The build that serves the latency, throughput, tools/list and round-trip measurements.</summary>
    public string? Serve { get; set; }

    public int Repeats { get; set; } = 5;
    public int Calls { get; set; } = 60;
    public int Warmup { get; set; } = 30;
    public int Concurrency { get; set; } = 8;
    public double DurationSeconds { get; set; } = 3;
    public int ColdStarts { get; set; } = 5;
    public int MemoryRepeats { get; set; } = 3;
    public string ProtocolVersion { get; set; } = "2025-11-25";

    /// <summary>The Node reference MCP server's script (tests/clients/ts/reference-server.mjs), or null.</summary>
    public string? NodeReference { get; set; }

    /// <summary>The numbered sections of the report to measure (default all seven), e.g. `--sections 5,6`.</summary>
    public SortedSet<int> Sections { get; } = [.. Enumerable.Range(1, AllSections)];

    public bool Runs(params int[] sections) => sections.Any(Sections.Contains);

    public static BenchOptions Parse(string[] args)
    {
        string? stackEnv = null, outFile = null;
        var variants = new Dictionary<string, string>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? serve = null, protocol = null, sections = null, nodeReference = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--stack-env": stackEnv = Next(); break;
                case "--out": outFile = Next(); break;
                case "--serve": serve = Next(); break;
                case "--protocol": protocol = Next(); break;
                case "--node-reference": nodeReference = Next(); break;
                case "--sections": sections = Next(); break;
                case "--dotnet-run": variants[Variants.DotnetRun] = Next(); break;
                case "--fdd": variants[Variants.Fdd] = Next(); break;
                case "--r2r": variants[Variants.R2r] = Next(); break;
                case "--aot": variants[Variants.Aot] = Next(); break;
                case "--repeats" or "--calls" or "--warmup" or "--concurrency" or "--duration" or "--cold-starts" or "--memory-repeats":
                    numbers[name] = Next();
                    break;
                default: throw new ArgumentException($"unknown argument: {name}");
            }
        }

        var options = new BenchOptions
        {
            StackEnvFile = stackEnv ?? throw new ArgumentException("--stack-env FILE is required (the output of stack.sh up)"),
            OutFile = outFile ?? "bench-results.json",
            Serve = serve,
            NodeReference = nodeReference,
        };
        if (sections is not null)
        {
            options.Sections.Clear();
            foreach (var part in sections.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var section) || section is < 1 or > AllSections)
                {
                    throw new ArgumentException($"--sections takes numbers 1-{AllSections} separated by commas, got '{sections}'");
                }

                options.Sections.Add(section);
            }
        }

        foreach (var (key, value) in variants)
        {
            options.VariantPaths[key] = value;
        }

        if (protocol is not null)
        {
            options.ProtocolVersion = protocol;
        }

        foreach (var (key, value) in numbers)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number <= 0)
            {
                throw new ArgumentException($"{key} must be a positive number, got '{value}'");
            }

            var whole = (int)Math.Ceiling(number);
            switch (key)
            {
                case "--repeats": options.Repeats = whole; break;
                case "--calls": options.Calls = whole; break;
                case "--warmup": options.Warmup = whole; break;
                case "--concurrency": options.Concurrency = whole; break;
                case "--duration": options.DurationSeconds = number; break;
                case "--cold-starts": options.ColdStarts = whole; break;
                case "--memory-repeats": options.MemoryRepeats = whole; break;
            }
        }

        return options;
    }
}

/// <summary>The variables `stack.sh up` printed (KEY=VALUE lines): DIRECTUS_URL, DIRECTUS_TOKEN, ALICE_TOKEN, ...</summary>
internal sealed class StackEnv(IReadOnlyDictionary<string, string> values)
{
    public Uri DirectusUrl { get; } = new(values["DIRECTUS_URL"].TrimEnd('/') + "/");
    public string AdminToken { get; } = values["DIRECTUS_TOKEN"];
    public string EncryptionKey { get; } = values["CREDENTIALS_ENC_KEY_B64"];

    /// <summary>Any other variable of the file (SERVER_URL, ALICE_TOKEN, ...), or null.</summary>
    public string? this[string key] => values.GetValueOrDefault(key);

    public static StackEnv Load(string file) => new(File.ReadAllLines(file)
        .Select(line => line.Split('=', 2))
        .Where(parts => parts.Length == 2 && !parts[0].StartsWith('#'))
        .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal));

    /// <summary>The environment of a server under test: it acts as the admin (the token's owner), with the key set so
    /// that the whole catalogue is listed. Optional settings are removed so that the machine's environment does not
    /// change what is measured.</summary>
    public Dictionary<string, string?> ServerEnvironment(Uri? directusUrl = null) => new(StringComparer.Ordinal)
    {
        ["DIRECTUS_URL"] = (directusUrl ?? DirectusUrl).ToString().TrimEnd('/'),
        ["DIRECTUS_TOKEN"] = AdminToken,
        ["CREDENTIALS_ENC_KEY_B64"] = EncryptionKey,
        ["CREDENTIALS_ENC_PREVIOUS_KEYS_B64"] = null,
        ["SUPPORTED_PLATFORMS"] = null,
        ["SCRAPE_COOLDOWN"] = null,
        ["RESOURCE_POLL_INTERVAL"] = null,
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        ["AUDIT_LOG"] = null, // the default: one audit line per tool call on stderr, as shipped
        // HTTP mode limits each caller to 120 tool calls a minute; the benchmark measures capacity, not the limit.
        ["RATE_LIMIT_TOOL_CALLS_PER_MINUTE"] = "0",
        ["RATE_LIMIT_SENSITIVE_CALLS_PER_MINUTE"] = "0",
        // dotnet run: no build server or msbuild node left behind by the measurement.
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };
}
