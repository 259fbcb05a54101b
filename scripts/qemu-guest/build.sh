#!/bin/bash
# Builds the real-guest artifacts for `--guest qemu` (sim/guests-qemu): a Debian cloud kernel and a busybox +
# dropbear initramfs that brings up eth0 (QEMU user networking), loads the virtio/virtiofs/fw_cfg modules and
# starts dropbear on port 22 with the keys QEMU passes through fw_cfg. It mounts NO share: the guest's user does.
#
# Usage: scripts/qemu-guest/build.sh [--force]
#   VFTEST_QEMU_CACHE  output directory (default ~/.cache/vftest/qemu-guest)
# Idempotent: skips when the cache holds artifacts built by this exact script (stamp = sha256 of this file).
# Host packages: the rows of scripts/debian-packages.txt that name this script, installed (root or sudo -n) by
# scripts/ensure-debian-packages.sh when missing.
#
# Made for TCG, where every guest instruction is emulated: the kernel is the uncompressed vmlinux (QEMU starts it
# through its PVH entry point: no self-decompression), the initramfs is LZ4 (unpacked ~3x faster than gzip), the
# root disk is bind-mounted rather than copied to, and each phase of /init prints the guest's uptime.
set -euo pipefail

CACHE="${VFTEST_QEMU_CACHE:-$HOME/.cache/vftest/qemu-guest}"
SELF="$(readlink -f "$0")"
REPO="$(cd "$(dirname "$SELF")/../.." && pwd)"
STAMP_WANT="$(sha256sum "$SELF" | cut -d' ' -f1)"
FORCE="${1:-}"

log() { echo "qemu-guest build: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [ "$FORCE" != "--force" ] && [ -f "$CACHE/kernel" ] && [ -f "$CACHE/initramfs.img" ] &&
  [ "$(cat "$CACHE/build.stamp" 2>/dev/null)" = "$STAMP_WANT" ]; then
  log "up to date in $CACHE (use --force to rebuild)"
  exit 0
fi

# --- 1. host packages: qemu-system-x86_64, /usr/lib/qemu/virtiofsd, busybox, dropbear, cpio, lz4 ----------------
bash "$REPO/scripts/ensure-debian-packages.sh" "${TMPDIR:-/tmp}/vftest-qemu-guest-apt.log" 'scripts/qemu-guest/build\.sh' ||
  die "cannot install the host packages (see the line above)"
ldd /bin/busybox >/dev/null 2>&1 && die "/bin/busybox is dynamically linked; install busybox-static"

# --- 2. kernel (the Debian cloud flavour, resolved through its meta package) ------------------------------
WORK="$(mktemp -d /tmp/vftest-qemu-build.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
KPKG="$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')"
if [ -z "$KPKG" ]; then
  [ "$(id -u)" = 0 ] && apt-get update -q >/dev/null
  KPKG="$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')"
fi
[ -n "$KPKG" ] || die "cannot resolve linux-image-cloud-amd64 (apt-get update, then retry)"
log "downloading $KPKG"
apt-get download -q "$KPKG" >/dev/null 2>&1 || die "apt-get download $KPKG failed"
dpkg-deb -x ./"$KPKG"_*.deb kroot
VMLINUZ="$(ls kroot/boot/vmlinuz-* | head -1)"
KVER="${VMLINUZ##*/vmlinuz-}"
KM="kroot/lib/modules/$KVER/kernel"
log "kernel $KVER"
# The bzImage's payload is LZ4 (Debian's CONFIG_KERNEL_LZ4): unpacked once here, the guest skips decompressing
# ~50 MB at every boot under TCG. Another compression (a future kernel) falls back to the bzImage.
KERNEL_OUT="$VMLINUZ"
off="$(grep -aobm1 $'\x02\x21\x4c\x18' "$VMLINUZ" | head -1 | cut -d: -f1 || true)"
# lz4 decodes the frame, then complains about the bytes after it: the ELF magic says whether it worked.
[ -n "$off" ] && { tail -c +$((off + 1)) "$VMLINUZ" | lz4 -dcq >vmlinux 2>/dev/null || true; }
[ -s vmlinux ] && [ "$(head -c 4 vmlinux)" = $'\x7fELF' ] && KERNEL_OUT="$PWD/vmlinux"
[ "$KERNEL_OUT" = "$VMLINUZ" ] && log "no LZ4 vmlinux in $VMLINUZ: booting the compressed bzImage (slower)"

# --- 3. initramfs -------------------------------------------------------------------------------------------
R="$WORK/rootfs"
mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,etc/dropbear,proc,sys,dev,tmp,run,var/log,root,mnt,lib/modules}
cp /bin/busybox "$R/bin/busybox"
for a in $("$R/bin/busybox" --list); do [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"; done
cp /usr/sbin/dropbear "$R/sbin/dropbear"
for l in $(ldd /usr/sbin/dropbear | grep -o '/[^ ]*'); do
  mkdir -p "$R$(dirname "$l")"
  cp -L "$l" "$R$l"
done

# Load order matters (virtio_ring before virtio; no modules.dep in the extracted .deb).
MODULES="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci failover net_failover virtio_net fuse virtiofs qemu_fw_cfg virtio_blk"
for m in $MODULES; do
  f="$(find "$KM" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" | head -1)"
  if [ -z "$f" ]; then
    log "module $m is not in the package (built into the kernel?)"
    continue
  fi
  case "$f" in
  *.xz) xz -dc "$f" >"$R/lib/modules/$m.ko" ;;
  *.zst) zstd -qdc "$f" >"$R/lib/modules/$m.ko" ;;
  *) cp "$f" "$R/lib/modules/$m.ko" ;;
  esac
done
echo "$MODULES" >"$R/lib/modules/order"

echo 'root:x:0:0:root:/root:/bin/sh' >"$R/etc/passwd"
echo 'root::0:' >"$R/etc/group"
echo '/bin/sh' >"$R/etc/shells"
echo 'vftest-guest' >"$R/etc/hostname"
ln -s /proc/mounts "$R/etc/mtab"

# Everyone is root; `sudo [-n] [-E] [-u USER] CMD...` just runs CMD (the suite prefixes commands with sudo -n).
cat >"$R/bin/sudo" <<'SUDO'
#!/bin/sh
while [ $# -gt 0 ]; do
  case "$1" in
  -n | -E | -H | -S) shift ;;
  -u) shift 2 ;;
  --) shift; break ;;
  -*) shift ;;
  *) break ;;
  esac
done
exec "$@"
SUDO
chmod 755 "$R/bin/sudo"

# Stage 1 (/init in the initramfs): load modules; when QEMU gives a disk (/dev/vda, ext4 made by the host), its
# directories are bind-mounted over the persistent ones (/root /home /var /srv /opt /mnt): system dirs come from
# this image at every boot without copying, everything written under those persists.
cat >"$R/init" <<'INIT'
#!/bin/sh
export PATH=/sbin:/usr/sbin:/bin:/usr/bin HOME=/root
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev; mount -t tmpfs tmpfs /run
up() { cut -d' ' -f1 /proc/uptime; }
echo "vftest-init: $(cat /proc/version)"
echo "vftest-init: init t=$(up)"
for m in $(cat /lib/modules/order); do
  [ -f /lib/modules/$m.ko ] && { insmod /lib/modules/$m.ko || echo "vftest-init: insmod $m failed"; }
done
echo "vftest-init: modules t=$(up)"
# The disk is mounted `sync`: QEMU is powered off with SIGTERM, so nothing may wait in the page cache.
if [ -b /dev/vda ] && mkdir -p /disk && mount -t ext4 -o sync /dev/vda /disk; then
  for d in root home var srv opt mnt; do mkdir -p /disk/$d /$d && mount --bind /disk/$d /$d; done
  echo "vftest-init: disk /dev/vda (ext4, persistent /root /home /var /srv /opt /mnt) t=$(up)"
else
  echo "vftest-init: no disk: everything in RAM (lost at power-off)"
fi
exec /sbin/vftest-init2
INIT

# Stage 2: network, keys from fw_cfg, dropbear. It mounts NO share: the guest's user mounts virtiofs tags.
cat >"$R/sbin/vftest-init2" <<'INIT'
#!/bin/sh
export PATH=/sbin:/usr/sbin:/bin:/usr/bin HOME=/root
mkdir -p /dev/pts; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /tmp
hostname -F /etc/hostname
ip link set lo up; ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0; ip route add default via 10.0.2.2
FW=/sys/firmware/qemu_fw_cfg/by_name/opt/vftest
mkdir -p /root/.ssh; chmod 700 /root /root/.ssh
if [ -r $FW/authorized_keys/raw ]; then
  cat $FW/authorized_keys/raw >/root/.ssh/authorized_keys
  echo "cloud-init: $(grep -c . /root/.ssh/authorized_keys) ssh key(s) installed for root"
else
  : >/root/.ssh/authorized_keys
  echo "cloud-init: no fw_cfg opt/vftest/authorized_keys: nobody can log in"
fi
chmod 600 /root/.ssh/authorized_keys
KEYOPT=-R
if [ -r $FW/host_key/raw ]; then
  cat $FW/host_key/raw >/etc/dropbear/dropbear_ed25519_host_key
  chmod 600 /etc/dropbear/dropbear_ed25519_host_key
  KEYOPT="-r /etc/dropbear/dropbear_ed25519_host_key"
fi
echo "vftest-init: network+keys t=$(cut -d' ' -f1 /proc/uptime)"
mkdir -p /var/log
/sbin/dropbear -s -j -k -p 22 $KEYOPT 2>>/var/log/dropbear.log
echo "GUEST_READY t=$(cut -d' ' -f1 /proc/uptime)"
echo
echo "$(hostname) login: "
while true; do sleep 3600; done
INIT
chmod 755 "$R/sbin/vftest-init2"
chmod 755 "$R/init"

mkdir -p "$CACHE"
# LZ4 in the legacy frame format (-l), the one the kernel's initramfs unpacker reads.
(cd "$R" && find . | cpio -o -H newc --quiet | lz4 -l -9 -q) >"$CACHE/initramfs.img.tmp"
cp "$KERNEL_OUT" "$CACHE/kernel.tmp"
rm -f "$CACHE/build.stamp"
mv "$CACHE/initramfs.img.tmp" "$CACHE/initramfs.img"
mv "$CACHE/kernel.tmp" "$CACHE/kernel"
echo "$KVER" >"$CACHE/kernel.version"
echo "$STAMP_WANT" >"$CACHE/build.stamp"
log "built $CACHE (kernel $KVER $([ "$KERNEL_OUT" = "$VMLINUZ" ] && echo bzImage || echo "vmlinux, PVH boot"), initramfs $(du -h "$CACHE/initramfs.img" | cut -f1))"
