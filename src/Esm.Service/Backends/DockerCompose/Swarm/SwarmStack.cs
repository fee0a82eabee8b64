using System.Security.Cryptography;
using System.Text;

namespace Esm.Service.Backends.DockerCompose.Swarm;

/// <summary>
/// The swarm stack of one instance: named as its compose project would be (a hash of the broker id
/// and the instance id, so nothing the Platform sent reaches a name), with the label swarm puts
/// on everything of the stack.
/// </summary>
public sealed record SwarmStack(string Name)
{
    /// <summary>Set by <c>docker stack deploy</c> on the stack's services, networks, volumes and tasks' containers; set by ESM on its secrets.</summary>
    public const string NamespaceLabel = "com.docker.stack.namespace";

    /// <summary>Set by ESM on a secret: which of the instance's secrets it holds a generation of.</summary>
    public const string SecretLabel = "esm.secret";

    /// <summary>A secret name is at most 64 characters in swarm.</summary>
    private const int MaximumSecretName = 64;

    public static SwarmStack Of(string instanceId, DockerComposeOptions options) => new(ComposeProject.NameOf(instanceId, options.BrokerId));

    public string LabelFilter => $"label={NamespaceLabel}={Name}";

    /// <summary>The swarm secret holding generation <paramref name="generation"/> of the instance's secret <paramref name="name"/>: swarm secrets cannot change, so a rotation makes a new one.</summary>
    public string SecretName(string name, int generation)
    {
        var plain = $"{Name}_{name}_{generation}";
        return plain.Length <= MaximumSecretName
            ? plain
            : $"{Name}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16]}_{generation}";
    }

    /// <summary>The key a stack file gives the secret: services refer to it, and it names the swarm secret.</summary>
    public static string SecretKey(string name) => $"esm_secret_{name}";

    /// <summary>A stack's service as <c>docker stack deploy</c> names it: the stack's name, '_', the file's name for it.</summary>
    public string ServiceName(string service) => $"{Name}_{service}";

    /// <summary>The file's name of a stack's service; null when the service is not this stack's.</summary>
    public string? ServiceOf(string swarmName) => swarmName.StartsWith(Name + "_", StringComparison.Ordinal) ? swarmName[(Name.Length + 1)..] : null;
}
