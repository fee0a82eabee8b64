using System.CommandLine;

namespace Esm.Cli.Commands;

/// <summary>esm watch ID: follows the instance's latest operation until it ends.</summary>
public static class WatchCommand
{
    public static readonly Option<double> Interval = new("--interval")
    {
        Description = "Seconds between two looks at the operation.",
        DefaultValueFactory = _ => 1,
    };

    public static Command Create()
    {
        var id = new Argument<string>("instance-id") { Description = "The instance's id." };
        var command = new Command("watch", "Follow the instance's latest operation, with its progress, until it ends; exit code 0 when it succeeded.") { id, Interval };
        CommandAction.Set(command, (context, parse, cancellationToken) =>
            new OperationWatcher(context, IntervalOf(parse)).WatchAsync(parse.GetRequiredValue(id), operationId: null, cancellationToken));
        return command;
    }

    /// <summary>--interval, kept between a tenth of a second and a minute.</summary>
    public static TimeSpan IntervalOf(ParseResult parse) => TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(Interval), 0.1, 60));
}
