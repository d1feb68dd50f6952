#!/usr/bin/env bash
# Runs the release tarball on a machine without Swift: a bare Debian bookworm root made by
# debootstrap (--variant=minbase: essential packages only, no compiler, no Swift, no Python), entered
# with chroot. The tarball is copied in, unpacked and runs the main job (annotate, stats, sample) on
# the bundled shards in an empty environment. With REFERENCE set (a folder where the main job ran,
# as scripts/integration/release-test.sh makes one) the results must equal it. Prints the time taken.
#   release-chroot.sh dist/dataman-VERSION-linux-x86_64.tar.gz     (as root)
set -euo pipefail
cd "$(dirname "$0")/../.."
tarball=$(readlink -f "$1")
start=$SECONDS

command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
root=$(mktemp -d /var/tmp/dataman-bookworm.XXXXXX)
cleanup() {
    # /proc must be gone before the root is removed.
    if mountpoint -q "$root/proc"; then umount "$root/proc"; fi
    if ! mountpoint -q "$root/proc"; then rm -rf "$root"; fi
}
trap cleanup EXIT

echo "== debootstrap --variant=minbase bookworm"
debootstrap --variant=minbase bookworm "$root" >"$root.debootstrap.log" 2>&1 || {
    tail -20 "$root.debootstrap.log"
    exit 1
}
rm -f "$root.debootstrap.log"
echo "bare root ready in $((SECONDS - start)) s: $(du -sh "$root" | cut -f1), swift: $(chroot "$root" sh -c 'command -v swift || echo none')"

# The binary finds itself through /proc/self/exe, as on any node.
mount -t proc proc "$root/proc"
mkdir -p "$root/job"
cp "$tarball" "$root/job/"
cp -R shards "$root/job/"
chroot "$root" /usr/bin/env -i /bin/sh -e -c "
    cd /job
    tar -xzf $(basename "$tarball")
    dataman=\$(echo /job/dataman-*-linux-x86_64/dataman)
    \$dataman --version
    \$dataman annotate shards --out annotations --quiet
    \$dataman stats annotations --json stats.json >/dev/null
    \$dataman stats annotations --html report.html | tail -3
    \$dataman sample annotations --budget 2M --out mixture --preset dataman-topk | tail -2
"
if [[ -n ${REFERENCE:-} ]]; then
    python3 scripts/integration/compare_main_job.py "$REFERENCE" "$root/job"
fi
echo "chroot check passed in $((SECONDS - start)) s"
