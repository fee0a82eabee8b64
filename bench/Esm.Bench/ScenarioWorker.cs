using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Esm.Bench;

/// <summary>One worker of the load generator: one request at a time (so one connection), each timed from send to the last byte of the response.</summary>
internal sealed class ScenarioWorker(int index, HttpClient http, LatencyRecorder recorder)
{
    private const int FailureTextLength = 200;

    public int Index => index;

    /// <summary>Seeded per worker, so that two runs pick the same sequence of instances.</summary>
    public Random Random { get; } = new(index);

    /// <summary>Sends one request; true when it was answered with <paramref name="expected"/>.</summary>
    public async Task<bool> SendAsync(HttpMethod method, string path, byte[]? body, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            // The default completion option reads the whole body before returning: the latency includes it.
            using var response = await http.SendAsync(request, cancellationToken);
            var ended = Stopwatch.GetTimestamp();
            if (response.StatusCode == expected)
            {
                recorder.Success(started, ended);
                return true;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            recorder.Failure(started, $"{method} {path}: {(int)response.StatusCode} {text[..Math.Min(text.Length, FailureTextLength)]}");
            return false;
        }
        catch (HttpRequestException e)
        {
            recorder.Failure(started, $"{method} {path}: {e.Message}");
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            recorder.Failure(started, $"{method} {path}: no answer within {BenchHttp.RequestTimeout.TotalSeconds:0} s");
            return false;
        }
    }
}
