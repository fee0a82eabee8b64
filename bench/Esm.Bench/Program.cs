using Esm.Bench;

// The benchmark of issue 8 (docs/performance.md): the broker per store and a bare Kestrel app,
// each a Release process on 127.0.0.1, driven by one load generator; one markdown table, printed
// and written to bench/results/.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the run unwind and stop its processes rather than die with them still running.
    e.Cancel = true;
    interrupted.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcesses.StopAll();

var paths = RepositoryPaths.Locate();
var report = new BenchReport(options, DateTimeOffset.UtcNow, SourceRevision.Describe(paths.Root), ProcessStats.LoadAverage());
try
{
    await new BenchSession(options, paths, report).RunAsync(interrupted.Token);
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    report.Notes.Add("Interrupted (Ctrl-C): the figures above are those measured before.");
}
finally
{
    ChildProcesses.StopAll();
}

report.LoadAtEnd = ProcessStats.LoadAverage();
var markdown = ResultTable.Render(report);
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"Written to {ResultsFile.Write(paths, report, markdown)} and latest.md beside it.");
return interrupted.IsCancellationRequested ? 130 : 0;
