using System.CommandLine;
using Esm.Cli.Connection;

namespace Esm.Cli.Commands;

/// <summary>The options every command takes.</summary>
public static class GlobalOptions
{
    public static readonly Option<string> Url = new("--url")
    {
        Description = $"The broker's address (default: ESM_URL, else {BrokerConnection.DefaultUrl}). The operator credentials come from ESM_ADMIN_USERNAME and ESM_ADMIN_PASSWORD.",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write JSON to standard output, for scripts, instead of tables.",
        Recursive = true,
    };
}
