using System.Security.Cryptography;
using System.Text;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// The compose project of one instance: its name, a hash of the broker id and the instance id (so
/// nothing the Platform sent reaches a project name or a path), and its folder under the work directory.
/// </summary>
public sealed record ComposeProject(string Name, string Folder)
{
    public const string ManifestFile = "compose.yaml";
    public const string OverrideFile = "esm.override.yaml";
    public const string EnvFile = "instance.env";
    public const string SecretsFile = "secrets.json";

    public static ComposeProject Of(string instanceId, DockerComposeOptions options)
    {
        var name = NameOf(instanceId, options.BrokerId);
        return new ComposeProject(name, Path.Combine(Path.GetFullPath(options.WorkDirectory), name));
    }

    /// <summary>The name of an instance's project (and of its swarm stack): <c>esm-</c> and 16 hex digits.</summary>
    public static string NameOf(string instanceId, string brokerId) =>
        "esm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{brokerId}\n{instanceId}")))[..16];

    public string ManifestPath => Path.Combine(Folder, ManifestFile);

    public string OverridePath => Path.Combine(Folder, OverrideFile);

    public string EnvPath => Path.Combine(Folder, EnvFile);

    public string SecretsPath => Path.Combine(Folder, SecretsFile);

    /// <summary>Whether the folder holds a manifest that compose can act on.</summary>
    public bool HasFiles => File.Exists(ManifestPath) && File.Exists(OverridePath) && File.Exists(EnvPath);

    /// <summary>The arguments that address this project through its files: <c>compose -p … -f … --env-file …</c>.</summary>
    public IReadOnlyList<string> ComposeArguments(params string[] command) =>
    [
        "compose", "--ansi", "never", "--project-name", Name, "--project-directory", Folder,
        "--file", ManifestPath, "--file", OverridePath, "--env-file", EnvPath, .. command,
    ];

    /// <summary>The filter that finds this project's containers, networks and volumes.</summary>
    public string LabelFilter => $"label={ComposeLabels.Project}={Name}";
}
