#!/bin/bash
# vftest devstack plugin: installs vftest's dependencies and writes /etc/vftest/vftest.yaml from what devstack
# configured (tempest.conf when present, clouds.yaml otherwise), so a job only has to call `vftest run`.

function _vftest_node_path {
    if [[ -n "$VFTEST_NODE_DIR" ]]; then
        export PATH="$VFTEST_NODE_DIR/bin:$PATH"
    fi
    local version
    version=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
    if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
        die $LINENO "vftest needs Node.js >= 20.19 (found $version); set VFTEST_NODE_DIR to a Node.js 20 or newer install"
    fi
}

function install_vftest {
    _vftest_node_path
    (cd "$VFTEST_DIR" && npm ci --no-audit --no-fund)
}

function configure_vftest {
    _vftest_node_path
    sudo install -d -o "$STACK_USER" -m 0755 "$(dirname "$VFTEST_CONFIG")"
    local args=(--output "$VFTEST_CONFIG" --force)
    if [[ -f "${TEMPEST_CONFIG:-}" ]]; then
        args+=(--from-tempest-conf "$TEMPEST_CONFIG")
    fi
    (cd "$VFTEST_DIR" && node bin/vftest.js init "${args[@]}")
    if [[ "$VFTEST_WHITEBOX" == "True" ]]; then
        cat >> "$VFTEST_CONFIG" <<EOC
whitebox:
  enabled: true
  ssh_user: $VFTEST_WHITEBOX_SSH_USER
  ssh_key: $VFTEST_WHITEBOX_SSH_KEY
  command_prefix: sudo
  mount_point_base: ${NOVA_STATE_PATH:-/opt/stack/data/nova}/mnt
EOC
    fi
    (cd "$VFTEST_DIR" && node bin/vftest.js verify-config --config "$VFTEST_CONFIG" \
        --os-cloud "$VFTEST_OS_CLOUD" --os-cloud-admin "$VFTEST_OS_CLOUD_ADMIN") || \
        warn $LINENO "vftest verify-config found problems; see above"
}

if is_service_enabled vftest || [[ -n "${VFTEST_PLUGIN_FORCE:-}" ]]; then
    if [[ "$1" == "stack" && "$2" == "install" ]]; then
        echo_summary "Installing vftest"
        install_vftest
    elif [[ "$1" == "stack" && "$2" == "test-config" ]]; then
        echo_summary "Configuring vftest"
        configure_vftest
    fi
fi
