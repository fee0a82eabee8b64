# ESM for .NET: the service image.
#
#   docker build -t esm-dotnet .
#   docker run -p 8080:8080 -e ESM_BROKER_USERNAME=... -e ESM_BROKER_PASSWORD=... \
#              -e ESM_ADMIN_USERNAME=... -e ESM_ADMIN_PASSWORD=... -v esm-data:/data esm-dotnet
#
# Written for the classic builder as much as for BuildKit: no RUN --mount, no COPY --link, no
# heredocs. Every image it starts from is a build argument, so that it also builds where no
# registry is reachable (.ci/build-image.sh makes stand-ins locally and passes them in):
#   SDK_IMAGE         the .NET 10 SDK (nothing else: the code generator comes from NuGet)
#   RUNTIME_IMAGE     the ASP.NET Core 10 runtime (Ubuntu 24.04 for the official 10.0 tag;
#                     Debian 12 works too)
#   DOCKER_CLI_IMAGE  where the static docker CLI (/usr/local/bin/docker) and the Compose v2
#                     plugin (/usr/local/libexec/docker/cli-plugins/docker-compose) are copied from;
#                     the official docker:*-cli images have both at those paths.
#   APP_UID           the non-root user the broker runs as (the official .NET images' "app")
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0
ARG DOCKER_CLI_IMAGE=docker:28-cli

FROM ${DOCKER_CLI_IMAGE} AS docker-cli

# ---------------------------------------------------------------------------------------------
# Build: regenerate the controllers and the client from api.yaml (NSwag.MSBuild), publish.
# ---------------------------------------------------------------------------------------------
FROM ${SDK_IMAGE} AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

WORKDIR /src

# Dependencies first, so that a change of code reuses the NuGet layer (NSwag.MSBuild among them).
COPY Directory.Build.props ./
COPY build/ build/
COPY src/Esm.Api.Generated/Esm.Api.Generated.csproj src/Esm.Api.Generated/
COPY src/Esm.Client.Generated/Esm.Client.Generated.csproj src/Esm.Client.Generated/
COPY src/Esm.Service/Esm.Service.csproj src/Esm.Service/
RUN dotnet restore src/Esm.Service/Esm.Service.csproj

# The contract and the code. .dockerignore keeps out bin/, obj/ and the generated *.g.cs, so the
# build step always regenerates them from api.yaml here.
COPY api.yaml nswag.json ./
COPY src/ src/
RUN dotnet publish src/Esm.Service/Esm.Service.csproj -c Release --no-restore -o /app \
    && rm -f /app/*.pdb

# ---------------------------------------------------------------------------------------------
# Runtime: ASP.NET Core, the docker CLI + Compose v2 (the compose backend), a non-root user, state
# on the /data volume. The MongoDB store needs nothing of the system: its driver is managed code.
# ---------------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime
ARG APP_UID=1654
USER root

COPY --from=docker-cli /usr/local/bin/docker /usr/local/bin/docker
COPY --from=docker-cli /usr/local/libexec/docker/cli-plugins/docker-compose /usr/local/libexec/docker/cli-plugins/docker-compose
RUN docker --version && docker compose version

# The official images already have the user "app" (uid 1654); other bases get it here. /data is
# its, and is a volume: the SQLite database and the compose backend's instance folders live there.
RUN set -eu; \
    if ! getent passwd app >/dev/null; then \
        groupadd --gid "$APP_UID" app; \
        useradd --uid "$APP_UID" --gid app --create-home --shell /usr/sbin/nologin app; \
    fi; \
    mkdir -p /data/compose; \
    chown -R app:app /data; \
    chmod 0700 /data /data/compose

WORKDIR /app
COPY --from=build /app ./
COPY catalog/ /app/catalog/

# DOTNET_RUNNING_IN_CONTAINER makes the broker bind 0.0.0.0:$ESM_PORT (set here too, in case the
# base image does not). ASPNETCORE_HTTP_PORTS is emptied: ESM_PORT decides the port.
ENV DOTNET_RUNNING_IN_CONTAINER=true \
    ASPNETCORE_HTTP_PORTS= \
    ESM_PORT=8080 \
    ESM_STORE=sqlite \
    ESM_SQLITE_PATH=/data/esm.db \
    ESM_COMPOSE_WORK_DIR=/data/compose \
    ESM_CATALOG_DIR=/app/catalog
VOLUME /data
EXPOSE 8080
USER ${APP_UID}

# Ready = the store and every backend answer (no credentials needed, none in the answer). No curl
# in the image: bash's /dev/tcp speaks the one HTTP request.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ESM_PORT:-8080} && printf 'GET /health/ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && IFS= read -r status <&3 && [[ $status == *' 200 '* ]]"]

ENTRYPOINT ["dotnet", "Esm.Service.dll"]
