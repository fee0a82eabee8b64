#!/usr/bin/env bash
# Builds the service image (esm-dotnet:ci) through the repository's Dockerfile, here where no
# container registry is reachable: the images the Dockerfile starts from are made locally and
# passed as its build arguments.
#   local/aspnet:10.0      Debian 12 (debootstrap minbase) + the runtime's packages + this machine's
#                          .NET runtime and ASP.NET Core runtime
#   local/dotnet-sdk:10.0  the same + curl, git, the whole .NET SDK of this machine and its trusted
#                          CA certificates (restores go through them), as the official SDK image has.
#   local/docker-cli:ci    this machine's static docker CLI and Compose v2 plugin, at the paths of
#                          the official docker:*-cli image
# The bases are cached under $ESM_IMAGE_CACHE (tarballs) and in the engine (images labelled with a
# hash of what went into them): a second run rebuilds nothing of them and, with the Dockerfile's
# layer cache, takes seconds. Needs a running engine and the compose plugin (.ci/install-docker.sh).
# Every image made here carries the label esm.ci.owner=esm-dotnet-ci; only those are ever removed.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE=${ESM_IMAGE_CACHE:-/var/cache/esm-images}
LOG=${ESM_CI_LOG:-/tmp/esm-build-image.log}
IMAGE=${ESM_IMAGE:-esm-dotnet:ci}
SDK_TAG=local/dotnet-sdk:10.0
RUNTIME_TAG=local/aspnet:10.0
CLI_TAG=local/docker-cli:ci
OWNER_LABEL=esm.ci.owner=esm-dotnet-ci
SUITE=bookworm
MIRROR=http://deb.debian.org/debian
RECIPE=4   # bump when the way the bases are made changes: it is part of their cache key
RUNTIME_PACKAGES=(ca-certificates libicu72 libssl3 tzdata zlib1g)
SDK_PACKAGES=("${RUNTIME_PACKAGES[@]}" curl git)
COMPOSE_PLUGIN=/usr/libexec/docker/cli-plugins/docker-compose
export DEBIAN_FRONTEND=noninteractive DOCKER_BUILDKIT=0
: >"$LOG"

step() { echo "build-image: $*"; }
fail() { echo "build-image: ERROR: $*" >&2; tail -n 40 "$LOG" >&2 || true; exit 1; }
now() { date +%s; }
started=$(now)

docker info >/dev/null 2>&1 || fail "no Docker engine answers (run .ci/install-docker.sh first)"
[ -x "$COMPOSE_PLUGIN" ] || fail "no compose plugin at $COMPOSE_PLUGIN (run .ci/install-docker.sh first)"
# The CLI copied into the image: this machine's (28.x, static, at /usr/local/bin/docker here).
DOCKER_CLI=$(readlink -f "$(command -v docker)")

# This machine's .NET: the folder `dotnet` lives in (/usr/share/dotnet here).
DOTNET_ROOT_HOST=$(dirname "$(readlink -f "$(command -v dotnet)")")
SDK_VERSION=$(dotnet --version)
RUNTIME_VERSION=$(ls "$DOTNET_ROOT_HOST/shared/Microsoft.NETCore.App" | sort -V | tail -n 1)
ASPNET_VERSION=$(ls "$DOTNET_ROOT_HOST/shared/Microsoft.AspNetCore.App" | sort -V | tail -n 1)
CA_FILES=()
while IFS= read -r -d '' f; do CA_FILES+=("$f"); done \
  < <(find /usr/local/share/ca-certificates -type f -name '*.crt' -print0 2>/dev/null | sort -z)
ca_sum=$(cat /dev/null "${CA_FILES[@]}" | sha256sum | cut -c1-16)

mkdir -p "$CACHE"
hash_of() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }
image_key() { docker image inspect -f '{{ index .Config.Labels "esm.base.key" }}' "$1" 2>/dev/null || true; }

# ---- 1. Debian 12 minbase, once per machine --------------------------------------------------
MINBASE="$CACHE/$SUITE-minbase.tar"
minbase() {
  [ -s "$MINBASE" ] && return 0
  step "debootstrap --variant=minbase $SUITE (once; cached in $MINBASE)"
  if ! command -v debootstrap >/dev/null; then
    { apt-get update -q -o DPkg::Lock::Timeout=300 && apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends debootstrap; } >>"$LOG" 2>&1 \
      || fail "apt-get install debootstrap"
  fi
  local dir
  dir=$(mktemp -d "$CACHE/minbase.XXXXXX")
  chmod 0755 "$dir"   # it becomes the image's / (mktemp's 0700 would lock out every non-root user)
  debootstrap --variant=minbase "$SUITE" "$dir" "$MIRROR" >>"$LOG" 2>&1 || { rm -rf "$dir"; fail "debootstrap"; }
  tar -C "$dir" --numeric-owner -cf "$MINBASE.tmp" . && mv "$MINBASE.tmp" "$MINBASE"
  rm -rf "$dir"
}

# ---- 2. a base image: minbase + packages (+ CA certificates) + .NET, docker import ----------
# make_base TAG KEY KIND PACKAGES...   KIND: runtime | sdk
ROOTFS=""
cleanup_rootfs() {
  [ -n "$ROOTFS" ] || return 0
  mountpoint -q "$ROOTFS/proc" && umount "$ROOTFS/proc"
  rm -rf "$ROOTFS"; ROOTFS=""
}
trap cleanup_rootfs EXIT

make_base() {
  local tag=$1 key=$2 kind=$3; shift 3
  local tarball="$CACHE/$kind-$key.tar"
  if [ "$(image_key "$tag")" = "$key" ]; then
    step "$tag up to date ($key)"; return 0
  fi
  if [ ! -s "$tarball" ]; then
    minbase
    step "making the $kind root file system: $*"
    ROOTFS=$(mktemp -d "$CACHE/$kind.XXXXXX")
    chmod 0755 "$ROOTFS"
    tar -C "$ROOTFS" --numeric-owner -xf "$MINBASE"
    cat >"$ROOTFS/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb ${MIRROR%/debian}/debian-security $SUITE-security main
EOF
    cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
    mount -t proc proc "$ROOTFS/proc"
    if [ "$kind" = sdk ] && [ ${#CA_FILES[@]} -gt 0 ]; then
      # The network here re-signs TLS: restores in the build trust what this machine trusts.
      mkdir -p "$ROOTFS/usr/local/share/ca-certificates"
      cp "${CA_FILES[@]}" "$ROOTFS/usr/local/share/ca-certificates/"
    fi
    { chroot "$ROOTFS" apt-get update -q \
        && chroot "$ROOTFS" apt-get install -y -q --no-install-recommends "$@" \
        && chroot "$ROOTFS" update-ca-certificates \
        && chroot "$ROOTFS" apt-get clean; } >>"$LOG" 2>&1 || fail "apt-get install in the $kind root file system"
    umount "$ROOTFS/proc"
    rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/tmp/* "$ROOTFS"/var/log/*.log
    : >"$ROOTFS/etc/resolv.conf"   # the engine provides it at run time

    step "copying .NET ($kind) from $DOTNET_ROOT_HOST"
    local target="$ROOTFS/usr/share/dotnet"
    mkdir -p "$target/shared"
    if [ "$kind" = sdk ]; then
      cp -a "$DOTNET_ROOT_HOST/." "$target/"
    else
      cp -a "$DOTNET_ROOT_HOST/dotnet" "$DOTNET_ROOT_HOST/host" "$target/"
      cp -a "$DOTNET_ROOT_HOST/shared/Microsoft.NETCore.App" "$DOTNET_ROOT_HOST/shared/Microsoft.AspNetCore.App" "$target/shared/"
      find "$target/shared" -mindepth 2 -maxdepth 2 -type d \
        ! -name "$RUNTIME_VERSION" ! -name "$ASPNET_VERSION" -exec rm -rf {} +
    fi
    ln -sf /usr/share/dotnet/dotnet "$ROOTFS/usr/bin/dotnet"
    tar -C "$ROOTFS" --numeric-owner -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    cleanup_rootfs
  fi
  # Keep only the current tarball of this kind.
  find "$CACHE" -maxdepth 1 -name "$kind-*.tar" ! -name "$kind-$key.tar" -delete

  step "docker import $tag"
  local old; old=$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)
  # docker import keeps no ENV of the file system: the official images' variables are re-added.
  local changes=(
    --change "LABEL esm.ci.owner=esm-dotnet-ci esm.base.key=$key"
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    --change "ENV APP_UID=1654"
    --change "ENV ASPNETCORE_HTTP_PORTS=8080"
    --change "ENV DOTNET_RUNNING_IN_CONTAINER=true"
    --change "ENV DOTNET_VERSION=$RUNTIME_VERSION"
    --change "ENV ASPNET_VERSION=$ASPNET_VERSION"
    --change "CMD [\"bash\"]"
  )
  if [ "$kind" = sdk ]; then
    changes+=(
      --change "ENV DOTNET_SDK_VERSION=$SDK_VERSION"
      --change "ENV DOTNET_GENERATE_ASPNET_CERTIFICATE=false"
      --change "ENV DOTNET_USE_POLLING_FILE_WATCHER=true"
      --change "ENV NUGET_XMLDOC_MODE=skip"
      --change "ENV NUGET_CERT_REVOCATION_MODE=offline"
    )
  fi
  docker import "${changes[@]}" "$tarball" "$tag" >>"$LOG" 2>&1 || fail "docker import $tag"
  remove_if_ours "$old" "$tag"
}

# remove_if_ours ID TAG: an image this script made and that TAG no longer names.
remove_if_ours() {
  local id=$1 tag=$2
  [ -n "$id" ] || return 0
  [ "$id" = "$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)" ] && return 0
  [ "$(docker image inspect -f '{{ index .Config.Labels "esm.ci.owner" }}' "$id" 2>/dev/null || true)" = esm-dotnet-ci ] || return 0
  docker image rm "$id" >>"$LOG" 2>&1 || true
}

runtime_key=$(hash_of "$RECIPE" "$SUITE" runtime "${RUNTIME_PACKAGES[@]}" "$RUNTIME_VERSION" "$ASPNET_VERSION")
sdk_key=$(hash_of "$RECIPE" "$SUITE" sdk "${SDK_PACKAGES[@]}" "$SDK_VERSION" "$RUNTIME_VERSION" "$ASPNET_VERSION" "$ca_sum")
make_base "$RUNTIME_TAG" "$runtime_key" runtime "${RUNTIME_PACKAGES[@]}"
make_base "$SDK_TAG" "$sdk_key" sdk "${SDK_PACKAGES[@]}"

# ---- 3. the docker CLI + Compose v2, where the official docker:*-cli image has them ------------
cli_key=$(cat "$DOCKER_CLI" "$COMPOSE_PLUGIN" | sha256sum | cut -c1-16)
if [ "$(image_key "$CLI_TAG")" = "$cli_key" ]; then
  step "$CLI_TAG up to date ($cli_key)"
else
  step "building $CLI_TAG from $DOCKER_CLI and $COMPOSE_PLUGIN"
  old=$(docker image inspect -f '{{.Id}}' "$CLI_TAG" 2>/dev/null || true)
  ctx=$(mktemp -d /tmp/esm-docker-cli-ctx.XXXXXX)
  cp "$DOCKER_CLI" "$ctx/docker"
  cp "$COMPOSE_PLUGIN" "$ctx/docker-compose"
  printf '%s\n' 'FROM scratch' \
    'COPY docker /usr/local/bin/docker' \
    'COPY docker-compose /usr/local/libexec/docker/cli-plugins/docker-compose' \
    "LABEL esm.ci.owner=esm-dotnet-ci esm.base.key=$cli_key" >"$ctx/Dockerfile"
  docker build -q -t "$CLI_TAG" "$ctx" >>"$LOG" 2>&1 || { rm -rf "$ctx"; fail "docker build $CLI_TAG"; }
  rm -rf "$ctx"
  remove_if_ours "$old" "$CLI_TAG"
fi

# ---- 4. the service image, through THE Dockerfile --------------------------------------------
# --network host: the engine here runs without IP forwarding, so only the host network reaches
# the package registries.
step "docker build $IMAGE (log $LOG)"
old=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
build_started=$(now)
if ! docker build --network host --force-rm \
      --build-arg SDK_IMAGE="$SDK_TAG" \
      --build-arg RUNTIME_IMAGE="$RUNTIME_TAG" \
      --build-arg DOCKER_CLI_IMAGE="$CLI_TAG" \
      --label "$OWNER_LABEL" \
      -t "$IMAGE" . >>"$LOG" 2>&1; then
  fail "docker build $IMAGE"
fi
remove_if_ours "$old" "$IMAGE"

# Every image built FROM the local bases inherits their label, so the untagged leftovers of earlier
# builds (a replaced build stage, a failed step) are found by it. The build stage of this build
# stays: it is the layer cache of the next one.
keep=$(awk '/^Step [0-9]+\/[0-9]+ : FROM \$\{RUNTIME_IMAGE\}/ { print last; exit } /^ ---> [0-9a-f]+$/ { last = $2 }' "$LOG")
for id in $(docker images -q --no-trunc -f dangling=true -f "label=$OWNER_LABEL"); do
  case "$id" in sha256:"$keep"*) continue ;; esac
  [ -n "$keep" ] && docker image rm "$id" >>"$LOG" 2>&1 || true
done
step "$IMAGE built in $(( $(now) - build_started )) s ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')); all in $(( $(now) - started )) s"
