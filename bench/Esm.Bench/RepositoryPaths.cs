namespace Esm.Bench;

/// <summary>Where the benchmark finds what it starts (the Release builds) and where it writes its results.</summary>
internal sealed record RepositoryPaths(string Root)
{
    public string BrokerAssembly => Path.Combine(Root, "src", "Esm.Service", "bin", "Release", "net10.0", "Esm.Service.dll");

    public string CeilingAssembly => Path.Combine(Root, "bench", "Esm.Bench.Ceiling", "bin", "Release", "net10.0", "Esm.Bench.Ceiling.dll");

    public string CatalogDirectory => Path.Combine(Root, "bench", "catalog");

    public string ResultsDirectory => Path.Combine(Root, "bench", "results");

    /// <summary>
    /// The repository holding this build (the first folder upwards with Esm.slnx), checked to
    /// have the Release builds: a Debug broker would make every figure meaningless.
    /// </summary>
    public static RepositoryPaths Locate()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Esm.slnx")))
        {
            folder = folder.Parent;
        }

        var paths = new RepositoryPaths(folder?.FullName ?? throw new InvalidOperationException($"No Esm.slnx above {AppContext.BaseDirectory}."));
        foreach (var assembly in new[] { paths.BrokerAssembly, paths.CeilingAssembly })
        {
            if (!File.Exists(assembly))
            {
                throw new FileNotFoundException("Not built in Release: run the benchmark with dotnet run -c Release --project bench/Esm.Bench.", assembly);
            }
        }

        return paths;
    }
}
