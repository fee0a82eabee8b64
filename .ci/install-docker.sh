#!/usr/bin/env bash
# Installs and starts a real Docker Engine + Compose v2 for the Docker Compose backend's tests,
# and builds the local test image esm-test/busybox:1 (no registry is reachable, so nothing can be pulled).
# Idempotent: a second run only checks and takes a few seconds.
set -euo pipefail

LOG=${ESM_CI_LOG:-/tmp/esm-install-docker.log}
DOCKERD_LOG=/tmp/esm-dockerd.log
DOCKERD_PID=/tmp/esm-dockerd.pid
PLUGIN=/usr/libexec/docker/cli-plugins/docker-compose
IMAGE=esm-test/busybox:1
: >"$LOG"

step() { echo "install-docker: $*"; }
fail() { echo "install-docker: ERROR: $*" >&2; tail -n 30 "$LOG" >&2 || true; exit 1; }
export DEBIAN_FRONTEND=noninteractive

# 1. Debian 12 packages: engine 20.10 (+containerd, runc) and a static busybox for FROM-scratch images.
installed() { for p in "$@"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || return 1; done; }
if ! installed docker.io busybox-static; then
  step "apt-get install docker.io busybox-static"
  apt-get update -q -o DPkg::Lock::Timeout=300 >>"$LOG" 2>&1 || fail "apt-get update"
  apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends docker.io busybox-static >>"$LOG" 2>&1 \
    || fail "apt-get install docker.io busybox-static"
else
  step "docker.io and busybox-static already installed"
fi

# 2. Compose v2: Debian 12 only has v1 (Python). Take Debian 13's static binary through a private
#    apt configuration so that the system's sources never see trixie.
if [ -x "$PLUGIN" ] && "$PLUGIN" version >/dev/null 2>&1; then
  step "compose plugin already present"
else
  step "downloading docker-compose from Debian trixie (private apt config)"
  tmp=$(mktemp -d /tmp/esm-compose.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  chmod 0755 "$tmp"   # apt downloads as user _apt; mktemp's 0700 would force an unsandboxed fallback
  mkdir -p "$tmp/etc/sources.list.d" "$tmp/etc/preferences.d" "$tmp/state/lists/partial" \
           "$tmp/cache/archives/partial" "$tmp/dl"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
    >"$tmp/etc/sources.list"
  : >"$tmp/state/status"
  apt_priv=(-o "Dir::Etc::sourcelist=$tmp/etc/sources.list" -o "Dir::Etc::sourceparts=$tmp/etc/sources.list.d"
            -o "Dir::Etc::preferencesparts=$tmp/etc/preferences.d" -o "Dir::State=$tmp/state"
            -o "Dir::State::status=$tmp/state/status" -o "Dir::Cache=$tmp/cache"
            -o "APT::Get::List-Cleanup=0" -o "Acquire::Languages=none"
            # appstream's DEP-11 metadata (5 MB) is of no use for one download
            -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
            -o "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false"
            -o "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false"
            -o "Acquire::IndexTargets::deb::DEP-11-icons-hidpi::DefaultEnabled=false")
  apt-get "${apt_priv[@]}" update -q >>"$LOG" 2>&1 || fail "private apt-get update (trixie)"
  chown _apt "$tmp/dl" 2>/dev/null || true   # apt-get download writes into the cwd as _apt
  (cd "$tmp/dl" && apt-get "${apt_priv[@]}" download docker-compose/trixie >>"$LOG" 2>&1) \
    || fail "apt-get download docker-compose/trixie"
  dpkg-deb -x "$tmp"/dl/docker-compose_*.deb "$tmp/x"
  install -D -m 0755 "$tmp/x/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGIN"
  rm -rf "$tmp"; trap - EXIT
fi

# 3. Engine: no init system here, so start dockerd ourselves unless one already answers.
#    --ip-forward=false: test traffic stays on loopback (published ports on 127.0.0.1 still work).
if docker info >/dev/null 2>&1; then
  step "dockerd already running"
else
  step "starting dockerd (log $DOCKERD_LOG)"
  # setsid+nohup: dockerd must outlive this script and not get its terminal's signals.
  setsid nohup dockerd --ip-forward=false >"$DOCKERD_LOG" 2>&1 </dev/null &
  echo $! >"$DOCKERD_PID"
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  if ! docker info >/dev/null 2>&1; then
    echo "install-docker: ERROR: dockerd did not answer within 30 s; log tail:" >&2
    tail -n 40 "$DOCKERD_LOG" >&2 || true
    exit 1
  fi
fi

# 4. Test image FROM scratch with the static busybox; every applet (sh, httpd, nc, sleep, env...)
#    is a symlink in /bin, so compose files can say command: ["httpd", "-f", "-p", "8080"].
#    The binary's hash is a label: rebuild only when busybox changed.
bb_sum=$(sha256sum /bin/busybox | cut -d' ' -f1)
have_sum=$(docker image inspect -f '{{ index .Config.Labels "esm.busybox.sha256" }}' "$IMAGE" 2>/dev/null || true)
if [ "$have_sum" = "$bb_sum" ]; then
  step "image $IMAGE up to date"
else
  step "building image $IMAGE"
  ctx=$(mktemp -d /tmp/esm-busybox-ctx.XXXXXX)
  cp /bin/busybox "$ctx/busybox"
  cat >"$ctx/Dockerfile" <<EOF
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox --install -s /bin && mkdir -p /tmp /root /etc /var/www && chmod 1777 /tmp && echo 'root:x:0:0:root:/root:/bin/sh' >/etc/passwd && echo 'root:x:0:' >/etc/group"]
ENV PATH=/bin
LABEL esm.busybox.sha256=$bb_sum
CMD ["sh"]
EOF
  docker build -q -t "$IMAGE" "$ctx" >>"$LOG" 2>&1 || { rm -rf "$ctx"; fail "docker build $IMAGE"; }
  rm -rf "$ctx"
fi

docker version
docker compose version
