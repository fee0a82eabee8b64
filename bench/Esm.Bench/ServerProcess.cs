using System.Diagnostics;

namespace Esm.Bench;

/// <summary>
/// A server the benchmark started as its own process (<c>dotnet some.dll</c>) on 127.0.0.1:port:
/// the broker or the Kestrel ceiling. Its output is drained (a full pipe would stall it) and its
/// last lines kept for the message when it fails.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const int KeptOutputLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private ServerProcess(Process process, int port, long startedAt)
    {
        _process = process;
        Port = port;
        StartedAt = startedAt;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>The <see cref="Stopwatch"/> timestamp just before the process was started.</summary>
    public long StartedAt { get; }

    public bool HasExited => _process.HasExited;

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public string LastOutput
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    /// <summary>
    /// Starts <c>dotnet <paramref name="assembly"/></c> in <paramref name="workingDirectory"/> with
    /// <paramref name="settings"/> over this process's environment, less its ESM_* and ASPNETCORE_*
    /// variables: a developer's shell must not change what is measured.
    /// </summary>
    public static ServerProcess Start(string assembly, int port, IReadOnlyDictionary<string, string> settings, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(assembly);
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("ESM_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {assembly} did not start.");
        ChildProcesses.Add(process);
        return new ServerProcess(process, port, startedAt);
    }

    /// <summary>utime + stime of /proc/&lt;pid&gt;/stat, which is what <see cref="Process.TotalProcessorTime"/> reads.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public long ResidentBytes() => ProcessStats.ResidentBytes(_process.Id);

    public void Dispose()
    {
        ChildProcesses.Stop(_process);
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptOutputLines)
            {
                _lastLines.Dequeue();
            }
        }
    }
}
