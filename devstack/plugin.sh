#!/bin/bash
# vftest devstack plugin.
#   stack install     Node.js >= 20.19 check, `npm ci --omit=dev` (vftest runs from its sources through tsx, a runtime
#                     dependency; no dev tools are installed on a cloud under test).
#   stack post-config Nova sends versioned notifications with share mappings to devstack's RabbitMQ (top vhost),
#                     unless VFTEST_NOTIFICATIONS=False.
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

function _vftest_on {
    [[ "${1:-}" =~ ^([Tt]rue|1|[Yy]es)$ ]]
}

# Where Nova publishes notifications and vftest listens; empty when the layer is off or devstack runs no RabbitMQ.
function _vftest_notifications_url {
    _vftest_on "${VFTEST_NOTIFICATIONS:-True}" || return 0
    if [[ -n "${VFTEST_NOTIFICATIONS_TRANSPORT_URL:-}" ]]; then
        echo "$VFTEST_NOTIFICATIONS_TRANSPORT_URL"
    elif [[ -n "${RABBIT_PASSWORD:-}" ]]; then
        echo "rabbit://${RABBIT_USERID:-stackrabbit}:$RABBIT_PASSWORD@${RABBIT_HOST:-$SERVICE_HOST}:5672/"
    fi
}

# nova.conf (nova-api sends share_attach/share_detach) and nova-cpu.conf (nova-compute sends instance.resize_*);
# a multinode job repeats these for the subnodes in its devstack_local_conf.
function configure_vftest_notifications {
    local url conf format
    url=$(_vftest_notifications_url)
    if [[ -z "$url" ]]; then
        warn "vftest: no notification transport URL (VFTEST_NOTIFICATIONS off or no RABBIT_PASSWORD): the" \
            "notification layer will be reported as not checked"
        return 0
    fi
    for conf in "${NOVA_CONF:-}" "${NOVA_CPU_CONF:-}"; do
        [[ -n "$conf" && -f "$conf" ]] || continue
        format=$(sed -n '/^\[notifications\]/,/^\[/ s/^notification_format *= *//p' "$conf")
        [[ "$format" == both ]] || iniset "$conf" notifications notification_format versioned
        iniset "$conf" notifications include_share_mapping True
        iniset "$conf" oslo_messaging_notifications driver messagingv2
        iniset "$conf" oslo_messaging_notifications transport_url "$url"
    done
}

# One `NAME=value` line per setting, shell-quoted, for devstack/write-config.sh.
function record_vftest_settings {
    local dir
    dir=$(dirname "$VFTEST_DEVSTACK_ENV")
    sudo install -d -o "$STACK_USER" -m 0755 "$dir"
    sudo install -d -o "$STACK_USER" -m 0755 "$(dirname "$VFTEST_CONFIG")"
    local name tmp="$VFTEST_DEVSTACK_ENV.tmp"
    # The notification URL carries devstack's RabbitMQ password: the file is for the stack user only.
    (umask 077 && : >"$tmp")
    VFTEST_NOTIFICATIONS_TRANSPORT_URL=$(_vftest_notifications_url)
    for name in VFTEST_DIR VFTEST_CONFIG VFTEST_NODE_DIR VFTEST_OS_CLOUD VFTEST_OS_CLOUD_ADMIN VFTEST_RESULTS_DIR \
        VFTEST_WHITEBOX VFTEST_WHITEBOX_SSH_USER VFTEST_WHITEBOX_SSH_KEY VFTEST_WHITEBOX_ADDRESSES \
        VFTEST_MOUNT_POINT_BASE VFTEST_COLD_MIGRATION_WITH_SHARES VFTEST_EXTRA_CONFIG VFTEST_NOTIFICATIONS_TRANSPORT_URL TEMPEST_CONFIG; do
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
    elif [[ "$1" == "stack" && "$2" == "post-config" ]]; then
        echo_summary "Configuring Nova's versioned notifications for vftest"
        configure_vftest_notifications
    elif [[ "$1" == "stack" && "$2" == "test-config" ]]; then
        echo_summary "Recording vftest settings"
        record_vftest_settings
    fi
    if [[ "$1" == "clean" ]]; then
        clean_vftest
    fi
fi
