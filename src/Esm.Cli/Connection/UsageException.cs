namespace Esm.Cli.Connection;

/// <summary>The command cannot run as asked (a bad address, missing credentials, an unreadable folder): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
