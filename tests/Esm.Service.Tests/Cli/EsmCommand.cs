using System.Diagnostics;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Cli;

/// <summary>The built esm command line (esm.dll), run as a process against a broker, as an operator runs it.</summary>
public static class EsmCommand
{
    public sealed record Outcome(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    /// <param name="environment">Overrides of ESM_URL and the operator credentials (null removes one).</param>
    public static async Task<Outcome> RunAsync(Uri broker, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Assembly());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ESM_URL"] = broker.ToString();
        start.Environment["ESM_ADMIN_USERNAME"] = BrokerFactory.OperatorUser;
        start.Environment["ESM_ADMIN_PASSWORD"] = BrokerFactory.OperatorPassword;
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        return new Outcome(process.ExitCode, await output, await error);
    }

    public static Task<Outcome> RunAsync(Uri broker, params string[] arguments) => RunAsync(broker, arguments, environment: null);

    private static string Assembly()
    {
        var path = Path.Combine(Repository.Root, "src", "Esm.Cli", "bin", Repository.Configuration, Repository.TargetFramework, "esm.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: esm is not where it is built.", path);
    }
}
