namespace Esm.Service.Failures;

/// <summary>
/// A setting or a dependency the broker cannot start without. Its message says which and what to
/// do; the process prints it and exits with 1, rather than dying of an unhandled exception.
/// </summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
