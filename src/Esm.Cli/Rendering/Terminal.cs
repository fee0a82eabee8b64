using Spectre.Console;

namespace Esm.Cli.Rendering;

/// <summary>Where tables and progress go: standard output, as Spectre.Console renders it.</summary>
public static class Terminal
{
    /// <summary>Wide enough that a table piped to grep or a file keeps each instance on one line.</summary>
    private const int RedirectedWidth = 240;

    public static IAnsiConsole Create(TextWriter output, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
