using System.Globalization;
using Esm.Bench.Scenarios;

namespace Esm.Bench;

/// <summary>What one run measures and how long it may take; every value has a default that keeps a full run under 10 minutes.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Esm.Bench -- [options]
          --warmup SECONDS        warm-up per scenario, discarded (default 3)
          --start-warmup SECONDS  after a process starts, its scenarios in turn, discarded, while its code is compiled (default 12)
          --duration SECONDS      measured time per scenario (default 6)
          --workers N             concurrent connections, one request at a time each (default 32)
          --instances N           instances seeded through the store for the large runs (default 100000, 0 skips them)
          --seed-timeout SECONDS  bound of one seeding; a slower store is measured with what it got (default 45)
          --budget SECONDS        bound of the whole run; scenarios that no longer fit are skipped (default 600)
          --stores LIST           comma-separated: memory,sqlite,mongodb (default all)
          --scenarios LIST        comma-separated: catalog,provision,bind,last_operation,fetch,lifecycle (default all)
        Environment: ESM_BENCH_MONGO_URI (default mongodb://127.0.0.1:27017/?serverSelectionTimeoutMS=2000&serverMonitoringMode=poll).
        """;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a fresh process is driven before its first measurement (see <see cref="LoadGenerator.WarmUpAsync"/>).</summary>
    public TimeSpan StartWarmup { get; init; } = TimeSpan.FromSeconds(12);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(6);

    public int Workers { get; init; } = 32;

    public int SeededInstances { get; init; } = 100_000;

    public TimeSpan SeedTimeout { get; init; } = TimeSpan.FromSeconds(45);

    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(600);

    public IReadOnlySet<StoreKind> Stores { get; init; } = new HashSet<StoreKind>(Enum.GetValues<StoreKind>());

    /// <summary>The broker scenarios to run, by name; all of them when empty (a subset is for profiling one path).</summary>
    public IReadOnlySet<string> Scenarios { get; init; } = new HashSet<string>();

    public static IReadOnlyList<string> ScenarioNames { get; } =
        [CatalogScenario.Key, ProvisionScenario.Key, BindScenario.Key, LastOperationScenario.Key, FetchScenario.Key, LifecycleScenario.Key];

    /// <summary>How many broker scenarios a run measures.</summary>
    public int ScenarioCount => Scenarios.Count == 0 ? ScenarioNames.Count : Scenarios.Count;

    public string MongoUri { get; init; } =
        Environment.GetEnvironmentVariable("ESM_BENCH_MONGO_URI") is { Length: > 0 } uri ? uri : "mongodb://127.0.0.1:27017/?serverSelectionTimeoutMS=2000&serverMonitoringMode=poll";

    /// <summary>The options of <paramref name="args"/>; an <see cref="ArgumentException"/> names the first wrong one.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--warmup" => options with { Warmup = Seconds(name, value, minimum: 0) },
                "--start-warmup" => options with { StartWarmup = Seconds(name, value, minimum: 0) },
                "--duration" => options with { Duration = Seconds(name, value, minimum: 1) },
                "--workers" => options with { Workers = Count(name, value, minimum: 1, maximum: 1024) },
                "--instances" => options with { SeededInstances = Count(name, value, minimum: 0, maximum: 10_000_000) },
                "--seed-timeout" => options with { SeedTimeout = Seconds(name, value, minimum: 1) },
                "--budget" => options with { Budget = Seconds(name, value, minimum: 10) },
                "--stores" => options with { Stores = StoresOf(value) },
                "--scenarios" => options with { Scenarios = ScenariosOf(value) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        return options;
    }

    private static TimeSpan Seconds(string name, string value, double minimum) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= minimum && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{name} must be a number of seconds from {minimum} to 3600.");

    private static int Count(string name, string value, int minimum, int maximum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= minimum && count <= maximum
            ? count
            : throw new ArgumentException($"{name} must be a whole number from {minimum} to {maximum}.");

    private static HashSet<string> ScenariosOf(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => ScenarioNames.Contains(name) ? name : throw new ArgumentException($"--scenarios: '{name}' is not one of {string.Join(", ", ScenarioNames)}."))
            .ToHashSet();

    private static HashSet<StoreKind> StoresOf(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => StoreKinds.TryParse(name, out var kind) ? kind : throw new ArgumentException($"--stores: '{name}' is not memory, sqlite or mongodb."))
            .ToHashSet();
}
