#!/bin/bash
# vftest devstack plugin.
#   stack install     Node.js >= 20.19 check, `npm ci --omit=dev` (vftest runs from its sources through tsx, a runtime
#                     dependency; no dev tools are installed on a cloud under test).
#   stack test-config records what devstack knows (paths, clouds, whitebox settings) in $VFTEST_DEVSTACK_ENV. It does
#                     NOT write the vftest config: stack.sh runs the plugins' test-config phase BEFORE it merges the
#                     job's [[test-config|$TEMPEST_CONFIG]] overrides, and a multinode job stacks the subnodes after
#                     the controller. devstack/write-config.sh writes $VFTEST_CONFIG once the whole cloud is up (the
#                     Zuul job runs it right after orchestrate-devstack; by hand: after stack.sh).
#   clean             removes what the plugin wrote.

function _vftest_use_node {
    if [[ -n "${VFTEST_NODE_DIR:-}" ]]; then
        export PATH="$VFTEST_NODE_DIR/bin:$PATH"
    fi
    local version
    version=$(node -p 'process.versions.node' 2>/dev/null || echo "none")
    if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
        2>/dev/null; then
        die $LINENO "vftest needs Node.js >= 20.19 (found: $version). In Zuul add the ensure-nodejs role with" \
            "node_version 20 or newer; by hand install Node.js 20 or set VFTEST_NODE_DIR to an unpacked Node.js tarball"
    fi
}

function install_vftest {
    _vftest_use_node
    (cd "$VFTEST_DIR" && npm ci --omit=dev --no-audit --no-fund)
}

# One `NAME=value` line per setting, shell-quoted, for devstack/write-config.sh.
function record_vftest_settings {
    local dir
    dir=$(dirname "$VFTEST_DEVSTACK_ENV")
    sudo install -d -o "$STACK_USER" -m 0755 "$dir"
    sudo install -d -o "$STACK_USER" -m 0755 "$(dirname "$VFTEST_CONFIG")"
    local name tmp="$VFTEST_DEVSTACK_ENV.tmp"
    : >"$tmp"
    for name in VFTEST_DIR VFTEST_CONFIG VFTEST_NODE_DIR VFTEST_OS_CLOUD VFTEST_OS_CLOUD_ADMIN VFTEST_RESULTS_DIR \
        VFTEST_WHITEBOX VFTEST_WHITEBOX_SSH_USER VFTEST_WHITEBOX_SSH_KEY VFTEST_WHITEBOX_ADDRESSES \
        VFTEST_MOUNT_POINT_BASE VFTEST_COLD_MIGRATION_WITH_SHARES VFTEST_EXTRA_CONFIG TEMPEST_CONFIG; do
        printf '%s=%q\n' "$name" "${!name:-}" >>"$tmp"
    done
    mv "$tmp" "$VFTEST_DEVSTACK_ENV"
    echo "vftest: settings recorded in $VFTEST_DEVSTACK_ENV; after the whole cloud is up run" \
        "$VFTEST_DIR/devstack/write-config.sh to write $VFTEST_CONFIG"
}

function clean_vftest {
    sudo rm -f "$VFTEST_CONFIG" "$VFTEST_DEVSTACK_ENV"
}

if is_service_enabled vftest; then
    if [[ "$1" == "stack" && "$2" == "install" ]]; then
        echo_summary "Installing vftest"
        install_vftest
    elif [[ "$1" == "stack" && "$2" == "test-config" ]]; then
        echo_summary "Recording vftest settings"
        record_vftest_settings
    fi
    if [[ "$1" == "clean" ]]; then
        clean_vftest
    fi
fi
