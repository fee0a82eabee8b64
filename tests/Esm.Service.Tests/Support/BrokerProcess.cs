using System.Diagnostics;
using System.Net;

namespace Esm.Service.Tests.Support;

/// <summary>
/// The broker as a real process on 127.0.0.1 (built Esm.Service.dll), for what an in-process host
/// cannot show: a browser, a client over real HTTP, a kill -9 and a restart.
/// </summary>
public sealed class BrokerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringWriterQueue _output = new();

    private BrokerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        _process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        _process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>What the process wrote, for diagnostics and for checking its log.</summary>
    public string Output => _output.Text;

    /// <summary>Starts the broker with the test credentials and catalog, plus <paramref name="settings"/>, and waits until it answers.</summary>
    public static async Task<BrokerProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, int? port = null)
    {
        var chosenPort = port ?? LoopbackPort.Unused();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServiceAssembly());
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ESM_PORT"] = chosenPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ESM_CATALOG_DIR"] = BrokerFactory.TestCatalogDirectory;
        start.Environment["ESM_STORE"] = "memory";
        start.Environment["ESM_BROKER_USERNAME"] = BrokerFactory.PlatformUser;
        start.Environment["ESM_BROKER_PASSWORD"] = BrokerFactory.PlatformPassword;
        start.Environment["ESM_ADMIN_USERNAME"] = BrokerFactory.OperatorUser;
        start.Environment["ESM_ADMIN_PASSWORD"] = BrokerFactory.OperatorPassword;
        start.Environment.Remove("ASPNETCORE_URLS");

        // Its own id for the compose backend's orphan sweep: a test broker with an empty store
        // must never take a developer's real instances on the same engine for orphans.
        start.Environment["ESM_COMPOSE_BROKER_ID"] = $"esm-test-{Guid.NewGuid():N}";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var broker = new BrokerProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{chosenPort}"));
        await broker.WaitUntilLiveAsync(TimeSpan.FromSeconds(30));
        return broker;
    }

    /// <summary>
    /// Waits until the process has written <paramref name="text"/>: its log reaches us through a
    /// pipe, after the response that caused it. Returns whether it did within 30 s.
    /// </summary>
    public async Task<bool> WroteAsync(string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilLiveAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The broker exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(Address, "/health/live"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The broker did not answer within {timeout}:\n{Output}");
    }

    /// <summary>The broker built beside these tests: src/Esm.Service/bin/&lt;configuration&gt;/net10.0.</summary>
    private static string ServiceAssembly()
    {
        var path = Path.Combine(Repository.Root, "src", "Esm.Service", "bin", Repository.Configuration, Repository.TargetFramework, "Esm.Service.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: the broker is not where it is built.", path);
    }

    /// <summary>Lines written from two reader threads, kept in order of arrival.</summary>
    private sealed class StringWriterQueue
    {
        private readonly Lock _gate = new();
        private readonly System.Text.StringBuilder _text = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return _text.ToString();
                }
            }
        }

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                _text.AppendLine(line);
            }
        }
    }
}
