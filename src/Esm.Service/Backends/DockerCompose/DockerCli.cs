using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// Runs the docker CLI as a child process: arguments as a list (no shell ever parses them), a
/// timeout on every call, output captured. The child gets a minimal environment so that a
/// manifest's <c>${VAR}</c> can only see the instance's variables, never the broker's settings.
/// </summary>
public sealed class DockerCli(IOptions<DockerComposeOptions> options, ILogger<DockerCli> logger)
{
    /// <summary>What the CLI needs from the broker's environment to find itself, its config and the engine.</summary>
    private static readonly string[] InheritedVariables =
    [
        "PATH", "HOME", "USER", "TMPDIR", "XDG_RUNTIME_DIR", "DOCKER_CONFIG", "DOCKER_CONTEXT",
        "DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
    ];

    /// <param name="command">How the call is named in messages and logs.</param>
    /// <param name="arguments">Everything after <c>docker</c>.</param>
    /// <param name="input">What the CLI reads on its standard input (a stack file, a secret's value); none when null.</param>
    /// <exception cref="BackendException">The CLI cannot start or does not finish within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the call is killed).</exception>
    public async Task<CliResult> RunAsync(
        string command, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, string? workingDirectory = null, string? input = null)
    {
        using var process = new Process { StartInfo = StartInfo(arguments, workingDirectory) };
        var started = Stopwatch.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new BackendException($"The docker CLI could not be started ({e.Message}); is it installed and on PATH?", inner: e);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            // Through a pipe, never a file: a secret's value or an interpolated stack file stays in memory.
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), deadline.Token);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The CLI exited without reading (a wrong argument): its exit code and stderr say why.
        }
        catch (OperationCanceledException)
        {
            // Handled with the wait below, which sees the same token.
        }

        try
        {
            await process.WaitForExitAsync(deadline.Token);
            var result = new CliResult(command, process.ExitCode, await output, await errors);
            logger.LogDebug("{Command} exited with {ExitCode} after {Milliseconds} ms.", command, result.ExitCode, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (OperationCanceledException)
        {
            // The CLI spawns the compose plugin as its own child: the whole tree must go.
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new BackendException($"{command} did not finish within {timeout.TotalSeconds:0.#} s; the Docker engine may be unreachable or overloaded.");
        }
    }

    private ProcessStartInfo StartInfo(IReadOnlyList<string> arguments, string? workingDirectory)
    {
        var start = new ProcessStartInfo("docker")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var name in InheritedVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        if (!string.IsNullOrEmpty(options.Value.DockerHost))
        {
            start.Environment["DOCKER_HOST"] = options.Value.DockerHost;
        }

        return start;
    }
}
