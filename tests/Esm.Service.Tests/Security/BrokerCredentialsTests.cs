using Esm.Service.Failures;
using Esm.Service.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Esm.Service.Tests.Security;

public sealed class BrokerCredentialsTests
{
    [Test]
    public void Outside_Development_the_broker_refuses_to_start_without_credentials_and_names_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ESM_BROKER_USERNAME"] = "u" }).Build();
        var exception = Assert.Throws<StartupException>(() => BrokerCredentials.From(configuration, Environment("Production")));
        Assert.That(exception!.Message, Does.Contain("ESM_BROKER_PASSWORD").And.Contain("ESM_ADMIN_USERNAME").And.Contain("ESM_ADMIN_PASSWORD"));
        Assert.That(exception.Message, Does.Not.Contain("ESM_BROKER_USERNAME,"));
    }

    [Test]
    public void Development_has_defaults_that_explicit_settings_override()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ESM_BROKER_PASSWORD"] = "mine" }).Build();
        var credentials = BrokerCredentials.From(configuration, Environment("Development"));
        Assert.That((credentials.BrokerUsername, credentials.BrokerPassword), Is.EqualTo(("broker", "mine")));
        Assert.That(credentials.AdminPassword, Is.Not.Empty);
    }

    private static IHostEnvironment Environment(string name) => new HostingEnvironment { EnvironmentName = name, ContentRootFileProvider = new NullFileProvider() };

    private sealed class HostingEnvironment : IHostEnvironment
    {
        public required string EnvironmentName { get; set; }

        public string ApplicationName { get; set; } = "test";

        public string ContentRootPath { get; set; } = "/";

        public required IFileProvider ContentRootFileProvider { get; set; }
    }
}
