namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// A compose manifest this backend cannot run: YAML it cannot read, a template it cannot fill, or
/// a file the policy refuses. Its message names every problem. Validation turns it into
/// <see cref="Failures.Problems"/>; an operation that meets it fails with it.
/// </summary>
public sealed class InvalidManifestException(string message, Exception? inner = null) : Exception(message, inner);
