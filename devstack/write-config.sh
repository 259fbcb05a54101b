#!/bin/bash
# Writes the vftest config ($VFTEST_CONFIG) once the whole devstack cloud is up: after stack.sh has merged the job's
# [[test-config|$TEMPEST_CONFIG]] overrides and (multinode) after every subnode is stacked and discovered. Reads the
# settings the plugin recorded at test-config time, imports tempest.conf with vftest's own config code, merges the
# devstack/job settings over it (whitebox, clouds, results dir: each key set once, never appended), and validates the
# result with vftest's config loader. Exit 0 written and valid, 2 otherwise (the problems are printed).
# Usage: write-config.sh [DEVSTACK_ENV]   (default /etc/vftest/devstack.env, written by the plugin)
set -euo pipefail

env_file=${1:-/etc/vftest/devstack.env}
if [[ ! -r "$env_file" ]]; then
    echo "vftest: cannot read $env_file: enable the vftest devstack plugin (enable_service vftest) and run stack.sh" \
        "first, or pass the settings file as the first argument" >&2
    exit 2
fi
# shellcheck source=/dev/null
source "$env_file"

if [[ -n "${VFTEST_NODE_DIR:-}" ]]; then
    export PATH="$VFTEST_NODE_DIR/bin:$PATH"
fi

args=(--output "$VFTEST_CONFIG" --cloud "$VFTEST_OS_CLOUD" --admin-cloud "$VFTEST_OS_CLOUD_ADMIN"
    --results-dir "$VFTEST_RESULTS_DIR")
if [[ -n "${TEMPEST_CONFIG:-}" && -f "$TEMPEST_CONFIG" ]]; then
    args+=(--tempest-conf "$TEMPEST_CONFIG")
elif [[ -n "${TEMPEST_CONFIG:-}" ]]; then
    echo "vftest: warning: $TEMPEST_CONFIG does not exist (tempest not enabled?); image, flavors and network" \
        "must come from VFTEST_EXTRA_CONFIG" >&2
fi
if [[ "${VFTEST_WHITEBOX:-False}" =~ ^([Tt]rue|1|[Yy]es)$ ]]; then
    args+=(--whitebox --whitebox-user "$VFTEST_WHITEBOX_SSH_USER" --whitebox-key "$VFTEST_WHITEBOX_SSH_KEY"
        --mount-point-base "$VFTEST_MOUNT_POINT_BASE")
    if [[ -n "${VFTEST_WHITEBOX_ADDRESSES:-}" ]]; then
        args+=(--whitebox-addresses "$VFTEST_WHITEBOX_ADDRESSES")
    fi
fi
if [[ -n "${VFTEST_COLD_MIGRATION_WITH_SHARES:-}" ]]; then
    args+=(--cold-migration-with-shares "$VFTEST_COLD_MIGRATION_WITH_SHARES")
fi
if [[ -n "${VFTEST_NOTIFICATIONS_TRANSPORT_URL:-}" ]]; then
    args+=(--notifications-transport-url "$VFTEST_NOTIFICATIONS_TRANSPORT_URL")
fi
if [[ -n "${VFTEST_EXTRA_CONFIG:-}" ]]; then
    args+=(--extra "$VFTEST_EXTRA_CONFIG")
fi

cd "$VFTEST_DIR"
exec node --import tsx devstack/vftest-config.ts "${args[@]}"
