namespace Esm.Bench;

/// <summary>Writes the report to bench/results/&lt;UTC time&gt;.md and latest.md, so that two runs can be compared with diff.</summary>
internal static class ResultsFile
{
    /// <summary>The path of the timestamped copy.</summary>
    public static string Write(RepositoryPaths paths, BenchReport report, string markdown)
    {
        Directory.CreateDirectory(paths.ResultsDirectory);
        var path = Path.Combine(paths.ResultsDirectory, $"{report.StartedAt:yyyyMMdd-HHmmss}Z.md");
        File.WriteAllText(path, markdown);
        File.WriteAllText(Path.Combine(paths.ResultsDirectory, "latest.md"), markdown);
        return path;
    }
}
