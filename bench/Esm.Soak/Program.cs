using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
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

// Operations lost: every instance whose provision was acknowledged and whose deprovision was not
// must be there; every other one must be gone (once running operations have settled).
using var admin = new HttpClient { BaseAddress = broker.Address };
admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{BrokerUnderSoak.AdminUser}:{BrokerUnderSoak.AdminPassword}")));
var live = await LiveInstancesAsync(admin);
var expected = ledger.ExpectedLive;
var lost = expected.Except(live).ToList();
var leaked = live.Except(expected).ToList();
lost.ForEach(id => Console.WriteLine($"  lost: {id}"));
leaked.ForEach(id => Console.WriteLine($"  still there after its deprovision was acknowledged: {id}"));

var errors = ledger.Unexpected.Where(e => e.Key != "unreachable").OrderBy(e => e.Key).ToList();
Console.WriteLine();
Console.WriteLine("| soak | figure |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| duration, clients, kill -9 every | {options.Duration.TotalMinutes:F0} min, {options.Clients}, {options.KillEvery.TotalMinutes:F0} min |");
Console.WriteLine($"| restarts after kill -9 | {broker.Restarts} |");
Console.WriteLine($"| requests answered | {ledger.Served:N0} |");
Console.WriteLine($"| requests that met a restarting broker (sent again) | {ledger.Unreachable:N0} |");
Console.WriteLine($"| unexpected answers by status | {(errors.Count == 0 ? "none" : string.Join(", ", errors.Select(e => $"{e.Key}: {e.Value}")))} |");
Console.WriteLine($"| instances provisioned / deprovisioned (acknowledged), checked at the end | {ledger.Provisioned.Count:N0} / {ledger.Deprovisioned.Count:N0} |");
Console.WriteLine($"| operations lost (acknowledged instance missing) | {lost.Count} |");
Console.WriteLine($"| deletes not carried out (instance still there) | {leaked.Count} |");
Console.WriteLine($"| RSS after warm-up / at the end | {startResident / 1048576.0:F1} MB / {endResident / 1048576.0:F1} MB ({(endResident - startResident) * 100.0 / startResident:+0.0;-0.0}%) |");
directory.Delete(recursive: true);
return lost.Count == 0 && leaked.Count == 0 && errors.Count == 0 ? 0 : 1;

// The ids of the instances the broker has, once no operation is in progress (or after 60 s).
static async Task<IReadOnlySet<string>> LiveInstancesAsync(HttpClient admin)
{
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (true)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var running = false;
        string? token = null;
        do
        {
            var page = JsonNode.Parse(await admin.GetStringAsync($"/v2/et/service_instances?page_size=500{(token is null ? string.Empty : "&page_token=" + token)}"))!;
            foreach (var instance in page["instances"]!.AsArray())
            {
                ids.Add(instance!["instance_id"]!.GetValue<string>());
                running |= instance["last_operation"]!["state"]!.GetValue<string>() == "in progress";
            }

            token = page["next_page_token"]?.GetValue<string>();
        }
        while (token is not null);

        if (!running || DateTime.UtcNow > deadline)
        {
            return ids;
        }

        await Task.Delay(500);
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
