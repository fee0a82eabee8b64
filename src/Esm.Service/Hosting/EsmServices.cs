using Esm.Api.Generated;
using Esm.Service.Backends;
using Esm.Service.Backends.DockerCompose;
using Esm.Service.Backends.DockerCompose.Swarm;
using Esm.Service.Backends.Dummy;
using Esm.Service.Broker;
using Esm.Service.Catalog;
using Esm.Service.Contract;
using Esm.Service.Endpoints;
using Esm.Service.Endpoints.Operator;
using Esm.Service.Failures;
using Esm.Service.Health;
using Esm.Service.Http;
using Esm.Service.Operations;
using Esm.Service.Security;
using Esm.Service.Stores;
using Esm.Service.Stores.InMemory;
using Esm.Service.Telemetry;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Esm.Service.Hosting;

/// <summary>Registers the broker's parts; the names of the ESM_* settings are those of DESIGN.md.</summary>
public static class EsmServices
{
    /// <summary>The default of ESM_MAX_BODY_BYTES: far above any OSB request, far below harm.</summary>
    public const long DefaultMaximumBodyBytes = 1024 * 1024;

    /// <summary>Health checks with this tag decide /health/ready; /health/live runs none.</summary>
    public const string ReadinessTag = "ready";

    public static WebApplicationBuilder AddEsm(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        ConfigureListening(builder);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Limits.MaxRequestBodySize = configuration.GetValue("ESM_MAX_BODY_BYTES", DefaultMaximumBodyBytes));

        // Socket completions go straight to the thread pool instead of through Kestrel's own I/O
        // queues: one hand-off less per read and write (docs/performance.md, seventh round).
        builder.WebHost.UseSockets(sockets => sockets.IOQueueCount = 0);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(BrokerCredentials.From(configuration, builder.Environment));
        services.AddSingleton(_ => new FailedLoginLimiter(configuration.GetValue("ESM_AUTH_FAILURES_PER_MINUTE", 10)));
        services.AddSingleton<BasicCredentialVerifier>();
        services.AddTrustedProxies(configuration);

        AddTelemetry(services, configuration);

        // A factory registration, so that the container disposes the store (closing files and pools) at shutdown.
        services.AddSingleton(provider => Measured(StoreConfiguration.Open(configuration, provider.GetRequiredService<ILoggerFactory>()), provider.GetRequiredService<EsmTelemetry>()));
        services.AddSingleton<IBackend, DummyBackend>();
        AddDockerCompose(services, configuration);
        services.AddSingleton(provider => new BackendRegistry(
            provider.GetServices<IBackend>().Select(backend => new MeasuredBackend(backend, provider.GetRequiredService<EsmTelemetry>()))));
        services.AddSingleton<CatalogProvider>();
        services.AddSingleton<ICatalogProvider>(provider => provider.GetRequiredService<CatalogProvider>());
        services.AddSingleton<StoredCatalog>();
        services.AddSingleton<CatalogChanges>();
        services.AddSingleton<CatalogValidation>();
        services.AddSingleton<CatalogFolderSync>();
        services.AddSingleton<OfferingRegistry>();
        services.AddSingleton<ManifestRegistry>();
        services.AddHostedService(provider => new CatalogRefresh(
            provider.GetRequiredService<StoredCatalog>(),
            provider.GetRequiredService<CatalogChanges>(),
            TimeSpan.FromSeconds(configuration.GetValue(CatalogRefresh.Setting, 10)),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<CatalogRefresh>>()));
        services.AddSingleton<OperationHalts>();
        services.AddSingleton(provider => new OperationLeases(
            provider.GetRequiredService<TimeProvider>(),
            TimeSpan.FromSeconds(configuration.GetValue("ESM_OPERATION_LEASE_SECONDS", 15)),
            provider.GetRequiredService<ILogger<OperationLeases>>()));
        services.AddSingleton<OperationRunner>();
        services.AddSingleton<OperationWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<OperationWorker>());
        services.AddSingleton<OperationStarter>();
        services.AddSingleton<OrphanSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<OrphanSweeper>());
        services.AddSingleton<ServiceInstanceBroker>();
        services.AddSingleton<ServiceBindingBroker>();
        services.AddSingleton<InstanceInventory>();

        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [ReadinessTag])
            .AddCheck<BackendsHealthCheck>("backends", tags: [ReadinessTag]);

        // Singletons: they hold no state of a request, and a scoped resolution takes the scope's lock on every request.
        services.AddSingleton<ICatalogController, CatalogEndpoint>();
        services.AddSingleton<IServiceInstancesController, ServiceInstancesEndpoint>();
        services.AddSingleton<IServiceBindingsController, ServiceBindingsEndpoint>();
        services.AddSingleton<IOperatorCatalogController, OperatorCatalogEndpoint>();
        services.AddSingleton<IOperatorManifestsController, OperatorManifestsEndpoint>();
        services.AddSingleton<IOperatorInstancesController, OperatorInstancesEndpoint>();
        // Only the MVC parts the broker uses. AddControllers would also register authorization,
        // and with it the host puts authentication and authorization middleware in front of every
        // request, although the principal gates authenticate and authorize on their own.
        services.AddMvcCore(mvc =>
            {
                // Missing required query parameters are checked by the broker, in the order the
                // spec and conformance suites expect (e.g. 410 before 400 for an unknown binding).
                mvc.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
                mvc.Filters.Add<ModelStateFilter>();

                // Bodies are JSON (JsonBodyMiddleware declares them so), never forms: the form value
                // providers would only parse the Content-Type of every request to find that out.
                mvc.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
                mvc.ModelBinderProviders.Insert(0, new StringModelBinderProvider());
                mvc.ModelBinderProviders.Insert(0, new CancellationTokenBinderProvider());
                mvc.ModelValidatorProviders.Insert(0, new RequiredValidatorProvider());

                // Validation messages name fields as the Platform wrote them (service_id, not Service_id).
                mvc.ModelMetadataDetailsProviders.Add(new Microsoft.AspNetCore.Mvc.ModelBinding.Metadata.SystemTextJsonValidationMetadataProvider());
            })
            .AddDataAnnotations()
            .AddApplicationPart(typeof(CatalogController).Assembly)
            .AddJsonOptions(json => BrokerJson.Configure(json.JsonSerializerOptions));
        return builder;
    }

    /// <summary>
    /// Applies the catalog folder over the store's catalog and serves the result; an invalid
    /// folder stops the start with every problem named.
    /// </summary>
    public static async Task LoadCatalogAsync(this WebApplication app)
    {
        var directory = Path.GetFullPath(app.Configuration["ESM_CATALOG_DIR"] ?? "catalog");
        var folder = CatalogFolderLoader.Load(directory);
        try
        {
            await app.Services.GetRequiredService<CatalogFolderSync>().ApplyAsync(folder, CancellationToken.None);
        }
        catch (Exception e) when (e is not (CatalogException or StartupException))
        {
            // The first reads of the store's records: a store damaged where they lie must stop the
            // start with its cause, not crash it.
            throw new StartupException($"The store could not be read while the catalog folder was applied: {e.Message}", e);
        }

        var catalog = app.Services.GetRequiredService<ICatalogProvider>().Current;
        app.Logger.LogInformation("Catalog folder {Directory} applied: {Services} offerings, {Plans} plans served.", directory, catalog.Services.Count, catalog.Plans.Count());
    }

    /// <summary>
    /// A durable store with its calls timed. The in-memory store does no I/O, so its call times
    /// would tell an operator nothing, and the benchmark showed the timing's cost on every write.
    /// </summary>
    private static IStore Measured(IStore store, EsmTelemetry telemetry) => store is InMemoryStore ? store : new MeasuredStore(store, telemetry);

    /// <summary>
    /// ASP.NET Core's HTTP server metrics (http.server.request.duration, http.server.active_requests).
    /// Its other meters (Kestrel's, routing's, diagnostics') add work to every request for little.
    /// </summary>
    private const string AspNetCoreHostingMeter = "Microsoft.AspNetCore.Hosting";

    /// <summary>
    /// Metrics: the broker's own (<see cref="EsmTelemetry"/>) and ASP.NET Core's HTTP server
    /// metrics, served as Prometheus text at /metrics; with OTEL_EXPORTER_OTLP_ENDPOINT set (and
    /// the other OTEL_* settings), metrics and traces are also exported over OTLP. Traces are only
    /// made when they go somewhere.
    /// </summary>
    private static void AddTelemetry(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<EsmTelemetry>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("esm-dotnet"))
            .WithMetrics(metrics => metrics.AddMeter(EsmTelemetry.Name, AspNetCoreHostingMeter).AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing.AddSource(EsmTelemetry.Name).AddAspNetCoreInstrumentation()).UseOtlpExporter();
        }
    }

    /// <summary>The compose backend and its settings (ESM_COMPOSE_*, checked at start); the orphan sweep looks at its resources.</summary>
    private static void AddDockerCompose(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DockerComposeOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DockerComposeOptions>, DockerComposeOptionsValidator>();
        services.AddSingleton<DockerCli>();
        services.AddSingleton<ComposeEngine>();
        services.AddSingleton<DockerComposeBackend>();
        services.AddSingleton<IBackend>(provider => provider.GetRequiredService<DockerComposeBackend>());
        services.AddSingleton<IOrphanedResources>(provider => provider.GetRequiredService<DockerComposeBackend>());

        // The swarm backend shares the compose backend's settings, CLI and manifest policy.
        services.AddOptions<DockerSwarmOptions>().Bind(configuration);
        services.AddSingleton<SwarmEngine>();
        services.AddSingleton<DockerSwarmBackend>();
        services.AddSingleton<IBackend>(provider => provider.GetRequiredService<DockerSwarmBackend>());
        services.AddSingleton<IOrphanedResources>(provider => provider.GetRequiredService<DockerSwarmBackend>());
    }

    /// <summary>ESM_PORT on 127.0.0.1 (0.0.0.0 in a container), unless URLs are given explicitly.</summary>
    private static void ConfigureListening(WebApplicationBuilder builder)
    {
        if (!string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            return;
        }

        var port = builder.Configuration.GetValue("ESM_PORT", 8080);
        var host = builder.Configuration.GetValue("DOTNET_RUNNING_IN_CONTAINER", false) ? "0.0.0.0" : "127.0.0.1";
        builder.WebHost.UseUrls($"http://{host}:{port}");
    }
}
