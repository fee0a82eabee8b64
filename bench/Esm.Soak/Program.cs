using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Esm.Soak;

// Usage: dotnet run -c Release --project bench/Esm.Soak [--seconds 600] [--kill-every 120] [--clients 32]
var options = SoakOptions.Parse(args);
Console.WriteLine($"Building the broker (Release)...");
var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", "--nologo", "-v", "quiet", Path.Combine(options.Repository, "src", "Esm.Service")]))!;
await build.WaitForExitAsync();
if (build.ExitCode != 0)
{
    return 1;
}

var directory = Directory.CreateTempSubdirectory("esm-soak-");
using var broker = new BrokerUnderSoak(options.Repository, Path.Combine(directory.FullName, "esm.db"), FreePort());
await broker.StartAsync();
var ledger = new SoakLedger();
using var stop = new CancellationTokenSource(options.Duration);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Console.WriteLine($"Soaking for {options.Duration} with {options.Clients} clients, kill -9 every {options.KillEvery}...");
var clients = Enumerable.Range(0, options.Clients).Select(n => Task.Run(() => new LifecycleClient(n, broker.Address, ledger).RunAsync(stop.Token))).ToList();

// RSS is measured once the broker has warmed up, and again at the end (after the last restart).
await Task.Delay(TimeSpan.FromSeconds(Math.Min(20, options.Duration.TotalSeconds / 10)));
var startResident = broker.ResidentBytes();
var nextKill = DateTime.UtcNow + options.KillEvery;
while (!stop.IsCancellationRequested)
{
    await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
    if (DateTime.UtcNow >= nextKill && !stop.IsCancellationRequested)
    {
        Console.WriteLine($"  {DateTime.UtcNow:HH:mm:ss} kill -9 and restart ({ledger.Served} answers so far)");
        await broker.KillAndRestartAsync();
        nextKill = DateTime.UtcNow + options.KillEvery;
    }
}

var endResident = broker.ResidentBytes();
await Task.WhenAll(clients);

// Operations lost: instances the clients were told exist (and did not delete) that the broker does not have.
using var http = new HttpClient { BaseAddress = broker.Address };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{BrokerUnderSoak.User}:{BrokerUnderSoak.Password}")));
http.DefaultRequestHeaders.Add("X-Broker-API-Version", "2.17");
var lost = 0;
foreach (var id in ledger.Expected.Keys)
{
    if (await SettledStatusAsync(http, id) == HttpStatusCode.NotFound)
    {
        lost++;
        Console.WriteLine($"  lost: {id}");
    }
}

var errors = ledger.Unexpected.Where(e => e.Key != "unreachable").OrderBy(e => e.Key).ToList();
Console.WriteLine();
Console.WriteLine("| soak | figure |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| duration, clients, kill -9 every | {options.Duration.TotalMinutes:F0} min, {options.Clients}, {options.KillEvery.TotalMinutes:F0} min |");
Console.WriteLine($"| restarts after kill -9 | {broker.Restarts} |");
Console.WriteLine($"| requests answered | {ledger.Served:N0} |");
Console.WriteLine($"| requests that met a restarting broker (sent again) | {ledger.Unreachable:N0} |");
Console.WriteLine($"| unexpected answers by status | {(errors.Count == 0 ? "none" : string.Join(", ", errors.Select(e => $"{e.Key}: {e.Value}")))} |");
Console.WriteLine($"| instances open at the end, checked | {ledger.Expected.Count} |");
Console.WriteLine($"| operations lost | {lost} |");
Console.WriteLine($"| RSS after warm-up / at the end | {startResident / 1048576.0:F1} MB / {endResident / 1048576.0:F1} MB ({(endResident - startResident) * 100.0 / startResident:+0.0;-0.0}%) |");
directory.Delete(recursive: true);
return lost == 0 && errors.Count == 0 ? 0 : 1;

// The status of an instance's last_operation once it is no longer in progress (or after 30 s).
static async Task<HttpStatusCode> SettledStatusAsync(HttpClient http, string id)
{
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (true)
    {
        using var response = await http.GetAsync($"/v2/service_instances/{id}/last_operation");
        var running = response.StatusCode == HttpStatusCode.OK
            && (await response.Content.ReadAsStringAsync()).Contains("in progress", StringComparison.Ordinal);
        if (!running || DateTime.UtcNow > deadline)
        {
            return response.StatusCode;
        }

        await Task.Delay(250);
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
