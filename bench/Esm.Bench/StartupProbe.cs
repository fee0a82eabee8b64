using System.Diagnostics;
using System.Net;

namespace Esm.Bench;

/// <summary>How long a started server took to answer its first 200: on /health/live (the process serves) and on GET /v2/catalog (the Platform is served).</summary>
internal static class StartupProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>The broker's two figures: /health/live first, then the catalog.</summary>
    public static async Task<StartupTimes> MeasureAsync(ServerProcess server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var live = await FirstOkAsync(server, "/health/live", timeout, cancellationToken);
        var catalog = await FirstOkAsync(server, "/v2/catalog", timeout, cancellationToken);
        return new StartupTimes(live, catalog);
    }

    /// <summary>Time from the start of <paramref name="server"/> to its first 200 on <paramref name="path"/>, polled every 5 ms.</summary>
    public static async Task<TimeSpan> FirstOkAsync(ServerProcess server, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = BenchHttp.Create(server.Port, connections: 1);
        http.Timeout = TimeSpan.FromSeconds(2);
        while (Stopwatch.GetElapsedTime(server.StartedAt) < timeout)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"The server exited before answering {path}:\n{server.LastOutput}");
            }

            try
            {
                using var response = await http.GetAsync(path, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return Stopwatch.GetElapsedTime(server.StartedAt);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening, but not answering yet.
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new TimeoutException($"The server did not answer {path} with 200 within {timeout.TotalSeconds:0} s:\n{server.LastOutput}");
    }
}
