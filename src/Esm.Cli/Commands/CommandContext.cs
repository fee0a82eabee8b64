using Esm.Cli.Connection;
using Spectre.Console;

namespace Esm.Cli.Commands;

/// <summary>What a command runs with: the broker's operator clients and where its output goes.</summary>
public sealed record CommandContext(BrokerConnection Broker, bool Json, IAnsiConsole Console, TextWriter Output);
