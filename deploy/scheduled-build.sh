#!/bin/sh
# Pulls the lab and rebuilds the site every SCARBOOK_REBUILD_HOURS, and publishes each build by
# switching the `current` link in one rename: the web server never serves a half-built site, and
# a failed pull or build leaves the last good site up.
#
# deploy/compose.yaml's builder runs it; it also runs on any host with Node 24, from the repository:
#   SCARBOOK_PUBLISH_DIR=/srv/scarbook sh deploy/scheduled-build.sh
# and the web server's root is /srv/scarbook/current (deploy/nginx, deploy/caddy).
set -eu

publish="${SCARBOOK_PUBLISH_DIR:?set SCARBOOK_PUBLISH_DIR to the folder whose current/ the web server serves}"
hours="${SCARBOOK_REBUILD_HOURS:-6}"
keep="${SCARBOOK_KEEP_BUILDS:-3}"

log() { printf '%s scheduled-build: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }

build_once() {
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  out="$publish/builds/$stamp"
  mkdir -p "$publish/builds"
  # A source that fails keeps its last good snapshot (see README): build with what there is.
  # SCARBOOK_PULL_ARGS is split into arguments on purpose (`--strict`, `--replay content/lab/recorded`).
  # shellcheck disable=SC2086
  if ! npm run lab:pull -- ${SCARBOOK_PULL_ARGS:-}; then
    log "lab:pull failed: building from the last good snapshots"
  fi
  if ! SCARBOOK_OUT_DIR="$out" npm run build; then
    rm -rf "$out"
    log "build failed: still serving $(readlink "$publish/current" 2>/dev/null || echo nothing yet)"
    return 1
  fi
  ln -sfn "builds/$stamp" "$publish/current.next"
  mv -T "$publish/current.next" "$publish/current"
  log "published builds/$stamp"
  # The newest $keep builds stay (a reader mid-visit still gets the files of the one before).
  ls -1d "$publish"/builds/*/ | sort -r | tail -n "+$((keep + 1))" | while read -r old; do rm -rf "$old"; done
}

while :; do
  if [ "${SCARBOOK_REBUILD_ONCE:-}" = 1 ]; then
    build_once
    exit $?
  fi
  build_once || true
  sleep "$((hours * 3600))"
done
