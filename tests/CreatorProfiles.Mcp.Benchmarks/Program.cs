using System.Globalization;
using System.Runtime.InteropServices;
using CreatorProfiles.Mcp.Benchmarks;
using CreatorProfiles.Mcp.Benchmarks.Load;

// The benchmark harness. `bash tests/bench.sh` publishes the server builds, starts a Directus of its own
// and runs this with the paths; see the README ("Performance"). Exit code: 0 when every measurement ran (whatever the
// figures), 1 when the harness itself failed, 2 for bad arguments.
if (args is ["load", ..])
{
    return await LoadRun.MainAsync(args[1..]);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"bench: {e.Message}");
    await Console.Error.WriteLineAsync("usage: CreatorProfiles.Mcp.Benchmarks --stack-env FILE [--out FILE] [--dotnet-run CSPROJ] [--fdd DIR] [--r2r DIR] [--aot DIR] "
        + "[--node-reference SCRIPT] [--serve fdd|r2r|aot] [--sections 1,...,7] [--repeats N] [--calls N] [--warmup N] [--concurrency N] [--duration S] [--cold-starts N] [--memory-repeats N] [--protocol V]");
    return 2;
}

var stack = StackEnv.Load(options.StackEnvFile);
var variants = new Dictionary<string, ServerVariant>(StringComparer.Ordinal);
foreach (var name in Variants.All)
{
    options.VariantPaths.TryGetValue(name, out var path);
    if (Variants.Resolve(name, path) is { } variant)
    {
        variants[name] = variant;
    }
    else if (path is not null)
    {
        Bench.Log($"{name}: nothing to run at {path}; skipped");
    }
}

var (reference, referenceMissing) = NodeReference.Resolve(options.NodeReference);
if (reference is not null)
{
    variants[reference.Name] = reference;
}
else
{
    Bench.Log($"Node reference server: {referenceMissing}");
}

var serveName = options.Serve ?? (variants.ContainsKey(Variants.Aot) ? Variants.Aot : Variants.Fdd);
if (!variants.TryGetValue(serveName, out var serve) || serve.IsReference)
{
    await Console.Error.WriteLineAsync($"bench: the build to measure ({serveName}) is not available; pass --{serveName} DIR");
    return 2;
}

using var bench = new Bench(options, stack, variants, serve);
bench.Results.Settings["started_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
bench.Results.Settings["machine"] = $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {ProcFs.LoadAverage()}";
bench.Results.Settings["directus_url"] = stack.DirectusUrl.ToString();
bench.Results.NodeReferenceMissing = referenceMissing;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var status = 0;
try
{
    await bench.RunAsync(cancel.Token);
}
catch (Exception e) when (e is not OperationCanceledException)
{
    await Console.Error.WriteLineAsync($"bench: FAILED: {e.Message}");
    bench.Results.Notes.Add("FAILED: " + e.Message);
    status = 1;
}

bench.Results.Settings["load_average_at_end"] = ProcFs.LoadAverage();
var text = Report.Text(bench.Results, options, serve.Name);
Console.Out.Write(text);
Report.WriteJson(options.OutFile, Report.Json(bench.Results, options, serve.Name));
Console.Out.WriteLine($"\nJSON: {Path.GetFullPath(options.OutFile)}");
return status;
