using System.Diagnostics;

namespace Esm.Soak;

/// <summary>
/// The broker (Release build) as a process on a fixed port and SQLite file, so that it can be
/// killed (SIGKILL) and started again where clients expect it.
/// </summary>
public sealed class BrokerUnderSoak(string repository, string databasePath, int port) : IDisposable
{
    public const string User = "soak-platform";
    public const string Password = "soak-platform-password";
    public const string AdminUser = "soak-operator";
    public const string AdminPassword = "soak-operator-password";

    private Process? _process;

    public Uri Address { get; } = new($"http://127.0.0.1:{port}");

    public int Restarts { get; private set; }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(repository, "src", "Esm.Service", "bin", "Release", "net10.0", "Esm.Service.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ESM_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ESM_STORE"] = "sqlite";
        start.Environment["ESM_SQLITE_PATH"] = databasePath;
        start.Environment["ESM_CATALOG_DIR"] = Path.Combine(repository, "catalog");
        start.Environment["ESM_BROKER_USERNAME"] = User;
        start.Environment["ESM_BROKER_PASSWORD"] = Password;
        start.Environment["ESM_ADMIN_USERNAME"] = AdminUser;
        start.Environment["ESM_ADMIN_PASSWORD"] = AdminPassword;
        start.Environment["ESM_OPERATION_LEASE_SECONDS"] = "5";

        // Its own id for the compose backend's orphan sweep, so real instances on this engine are never touched.
        start.Environment["ESM_COMPOSE_BROKER_ID"] = $"esm-soak-{Environment.ProcessId}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync(new Uri(Address, "/health/live"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The broker did not start within 30 s.");
    }

    public async Task KillAndRestartAsync()
    {
        _process!.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Restarts++;
        await StartAsync();
    }

    /// <summary>Resident memory of the broker process, from /proc.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process!.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
    }
}
