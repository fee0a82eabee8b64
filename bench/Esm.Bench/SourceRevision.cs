using System.Diagnostics;

namespace Esm.Bench;

/// <summary>The commit measured (with -dirty for local changes), so that a results file says what it is the figures of.</summary>
internal static class SourceRevision
{
    public static string Describe(string repository)
    {
        try
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-C", repository, "describe", "--always", "--dirty" })
            {
                start.ArgumentList.Add(argument);
            }

            using var git = Process.Start(start);
            if (git is null || !git.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                git?.Kill();
                return "unknown";
            }

            return git.ExitCode == 0 ? git.StandardOutput.ReadToEnd().Trim() : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No git on this machine.
            return "unknown";
        }
    }
}
