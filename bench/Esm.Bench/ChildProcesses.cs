using System.Diagnostics;

namespace Esm.Bench;

/// <summary>
/// Every process the benchmark started and has not stopped yet, so that an interrupted run
/// (Ctrl-C, an exception, the process exiting) leaves no broker or ceiling behind.
/// </summary>
internal static class ChildProcesses
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<Process> Running = [];

    public static void Add(Process process)
    {
        lock (Gate)
        {
            Running.Add(process);
        }
    }

    /// <summary>Kills <paramref name="process"/> (and any child of it) and waits for it, at most 10 s.</summary>
    public static void Stop(Process process)
    {
        lock (Gate)
        {
            Running.Remove(process);
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    public static void StopAll()
    {
        Process[] running;
        lock (Gate)
        {
            running = [.. Running];
        }

        foreach (var process in running)
        {
            Stop(process);
        }
    }
}
