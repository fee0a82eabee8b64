using System.CommandLine;
using Esm.Cli.Connection;
using Esm.Cli.Rendering;
using Esm.Client;

namespace Esm.Cli.Commands;

/// <summary>
/// Runs a command's body with its context and turns what can go wrong into one line on standard
/// error and an exit code: 1 when the broker refused or could not be reached (or an operation
/// failed), 2 when the command cannot run as asked, 130 when interrupted.
/// </summary>
public static class CommandAction
{
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Interrupted = 130;

    public static void Set(Command command, Func<CommandContext, ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                using var broker = BrokerConnection.Open(parse.GetValue(GlobalOptions.Url), Environment.GetEnvironmentVariable);
                var output = parse.InvocationConfiguration.Output;
                var console = Terminal.Create(output, redirected: Console.IsOutputRedirected);
                return await body(new CommandContext(broker, parse.GetValue(GlobalOptions.Json), console, output), parse, cancellationToken);
            }
            catch (UsageException e)
            {
                await error.WriteLineAsync($"esm: {e.Message}");
                return Usage;
            }
            catch (BrokerApiException e)
            {
                await error.WriteLineAsync($"esm: the broker refused: {e.Message}");
                return Failed;
            }
            catch (HttpRequestException e)
            {
                await error.WriteLineAsync($"esm: cannot reach the broker: {e.Message}");
                return Failed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Interrupted;
            }
            catch (TaskCanceledException)
            {
                await error.WriteLineAsync("esm: the broker did not answer in time.");
                return Failed;
            }
        });
}
