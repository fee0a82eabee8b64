using Esm.Service.Failures;

namespace Esm.Service.Security;

/// <summary>
/// The two principals: the platform (OSB endpoints) and the operator (/v2/et). Bound from
/// ESM_BROKER_USERNAME/ESM_BROKER_PASSWORD and ESM_ADMIN_USERNAME/ESM_ADMIN_PASSWORD.
/// </summary>
public sealed class BrokerCredentials
{
    public string? BrokerUsername { get; set; }

    public string? BrokerPassword { get; set; }

    public string? AdminUsername { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>Reads the credentials; outside Development every one must be set, and the error says which are not.</summary>
    public static BrokerCredentials From(IConfiguration configuration, IHostEnvironment environment)
    {
        var credentials = new BrokerCredentials
        {
            BrokerUsername = configuration["ESM_BROKER_USERNAME"],
            BrokerPassword = configuration["ESM_BROKER_PASSWORD"],
            AdminUsername = configuration["ESM_ADMIN_USERNAME"],
            AdminPassword = configuration["ESM_ADMIN_PASSWORD"],
        };
        if (environment.IsDevelopment())
        {
            // Development defaults only: a broker reachable by others must be given its own.
            credentials.BrokerUsername ??= "broker";
            credentials.BrokerPassword ??= "broker-secret";
            credentials.AdminUsername ??= "admin";
            credentials.AdminPassword ??= "admin-secret";
        }

        var missing = new (string Name, string? Value)[]
        {
            ("ESM_BROKER_USERNAME", credentials.BrokerUsername),
            ("ESM_BROKER_PASSWORD", credentials.BrokerPassword),
            ("ESM_ADMIN_USERNAME", credentials.AdminUsername),
            ("ESM_ADMIN_PASSWORD", credentials.AdminPassword),
        }.Where(c => string.IsNullOrEmpty(c.Value)).Select(c => c.Name).ToList();
        return missing.Count == 0
            ? credentials
            : throw new StartupException(
                $"ESM refuses to start without credentials: set {string.Join(", ", missing)} " +
                $"(development defaults apply only when ASPNETCORE_ENVIRONMENT=Development; this is '{environment.EnvironmentName}').");
    }
}
