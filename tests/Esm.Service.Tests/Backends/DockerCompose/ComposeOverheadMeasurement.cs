using System.Diagnostics;
using Esm.Client;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>
/// A measurement, not a test: how long the broker takes to provision and deprovision the test
/// service, next to plain <c>docker compose up -d --wait</c> and <c>down</c> of the very files the
/// broker writes. Prints medians and ratios; asserts nothing about time.
/// </summary>
[Explicit("a measurement: run it by name to print the overhead figures")]
public sealed class ComposeOverheadMeasurement : ComposeTestBase
{
    private const int Rounds = 7;

    [Test]
    public async Task Broker_against_plain_compose()
    {
        var files = await RenderedFilesAsync();
        var figures = new Dictionary<string, List<double>>();
        void Record(string name, TimeSpan time) => (figures.TryGetValue(name, out var list) ? list : figures[name] = []).Add(time.TotalMilliseconds);

        for (var round = 0; round < Rounds; round++)
        {
            var project = $"esm-plain-{BrokerId[^8..]}-{round}";
            string[] compose = ["compose", "--ansi", "never", "-p", project, "-f", files[0], "-f", files[1], "--env-file", files[2]];
            Record("plain up -d --wait", await TimeAsync(() => DockerEngine.RunAsync([.. compose, "up", "-d", "--wait"])));
            Record("plain down", await TimeAsync(() => DockerEngine.RunAsync([.. compose, "down", "--volumes", "--remove-orphans"])));

            var id = NewId("measured");
            Record("broker provision (blocking plan)", await TimeAsync(() => Api.Instances.ProvisionAsync(ComposeProvisionBody("web-sync"), id)));
            Record("broker deprovision (blocking plan)", await TimeAsync(() => Api.Instances.DeprovisionAsync(Service, "web-sync", id)));

            var asyncId = NewId("measured");
            Record("broker provision (async, polled every 20 ms)", await TimeAsync(async () =>
            {
                await Api.Instances.ProvisionAsync(ComposeProvisionBody("web"), asyncId, accepts_incomplete: true);
                while ((await Api.Instances.GetInstanceLastOperationAsync(asyncId)).Result.State == LastOperationState.In_progress)
                {
                    await Task.Delay(20);
                }
            }));
            await Api.Instances.DeprovisionAsync(Service, "web", asyncId, accepts_incomplete: true);
            await AwaitInstanceOperationGoneAsync(asyncId);
        }

        double Median(string name) => figures[name].Order().ElementAt(Rounds / 2);
        foreach (var (name, times) in figures)
        {
            TestContext.Out.WriteLine($"{name,-46} median {Median(name),6:0} ms   (all: {string.Join(", ", times.Select(t => t.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))})");
        }

        TestContext.Out.WriteLine($"provision overhead (blocking) {Median("broker provision (blocking plan)") / Median("plain up -d --wait"):0.00}x");
        TestContext.Out.WriteLine($"provision overhead (async)    {Median("broker provision (async, polled every 20 ms)") / Median("plain up -d --wait"):0.00}x");
        TestContext.Out.WriteLine($"deprovision overhead          {Median("broker deprovision (blocking plan)") / Median("plain down"):0.00}x");
    }

    /// <summary>The files the broker writes for an instance, copied aside: the very compose file it runs.</summary>
    private async Task<string[]> RenderedFilesAsync()
    {
        var (id, _) = await ProvisionAsync("web-sync");
        var folder = Path.Combine(WorkDirectory, await ProjectOfAsync(id));
        var aside = Directory.CreateDirectory(Path.Combine(WorkDirectory, "plain")).FullName;
        string[] names = ["compose.yaml", "esm.override.yaml", "instance.env"];
        foreach (var name in names)
        {
            File.Copy(Path.Combine(folder, name), Path.Combine(aside, name));
        }

        await Api.Instances.DeprovisionAsync(Service, "web-sync", id);
        return [.. names.Select(n => Path.Combine(aside, n))];
    }

    private async Task AwaitInstanceOperationGoneAsync(string id)
    {
        while (true)
        {
            try
            {
                await Api.Instances.GetInstanceLastOperationAsync(id);
                await Task.Delay(50);
            }
            catch (BrokerApiException e) when (e.StatusCode == 410)
            {
                return;
            }
        }
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed;
    }
}
