#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Overlay zcnic onto an unpacked QEMU tree (idempotent; run before configure).
#   tools/overlay-qemu.sh QEMU_TREE
# Links, never copies: edits in this repository are seen by the next ninja.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

T=${1:?usage: overlay-qemu.sh QEMU_TREE}
[ -f "$T/hw/net/meson.build" ] || die "$T is not a QEMU source tree"

link() {
    ln -sfn "$1" "$2"
}

# Add LINE to FILE (after the first line matching AFTER, or at the end) once.
add_line() {
    local file=$1 line=$2 after=${3:-}
    grep -qxF "$line" "$file" && return 0
    if [ -n "$after" ]; then
        grep -q "$after" "$file" || die "cannot find '$after' in $file (QEMU layout changed?)"
        awk -v re="$after" -v line="$line" \
            '{ print } !done && $0 ~ re { print line; done = 1 }' \
            "$file" >"$file.zcnic-tmp" && mv "$file.zcnic-tmp" "$file"
    else
        printf '%s\n' "$line" >>"$file"
    fi
    grep -qxF "$line" "$file" || die "could not add '$line' to $file"
}

# Another checkout than last time: its files may be older than what the
# other one built, so make them newer and let ninja rebuild from them.
if [ -L "$T/hw/net/zcnic" ] && [ "$(readlink "$T/hw/net/zcnic")" != "$ZCNIC_ROOT/hw/zcnic" ]; then
    info "checkout changed to $ZCNIC_ROOT: touching its sources"
    find "$ZCNIC_ROOT/hw/zcnic" "$ZCNIC_ROOT/include/zcnic" "$ZCNIC_ROOT/qtest" -type f -exec touch {} +
fi

# The device, its contract header, its device set.
link "$ZCNIC_ROOT/hw/zcnic" "$T/hw/net/zcnic"
link "$ZCNIC_ROOT/include/zcnic" "$T/include/zcnic"
link "$ZCNIC_ROOT/tools/qemu-devices.mak" "$T/configs/devices/x86_64-softmmu/zcnic.mak"
add_line "$T/hw/net/meson.build" "subdir('zcnic')"
add_line "$T/hw/net/Kconfig" "source zcnic/Kconfig"
add_line "$T/meson.build" "    'hw/net/zcnic'," "^    'hw/net',$"

# The qtests.
for f in "$ZCNIC_ROOT"/qtest/*.c "$ZCNIC_ROOT"/qtest/*.h; do
    [ -e "$f" ] || continue
    link "$f" "$T/tests/qtest/$(basename "$f")"
done
add_line "$T/tests/qtest/meson.build" \
    "qtests_x86_64 += config_all_devices.has_key('CONFIG_ZCNIC') ? ['zcnic-test'] : []" \
    "^qtests_x86_64 = qtests_i386$"
# zcnic-test.c's other sources: the harness and one file a topic
zcnic_srcs=$(cd "$ZCNIC_ROOT/qtest" && ls *.c | grep -vxE 'zcnic-(qos-)?test.c' |
             sed "s/.*/'&'/" | paste -sd, | sed 's/,/, /g')
sed -i "/^  'zcnic-test': /d" "$T/tests/qtest/meson.build"
add_line "$T/tests/qtest/meson.build" \
    "  'zcnic-test': files($zcnic_srcs)," \
    "^  'qos-test': \[chardev"

# The libqos driver (the qgraph node "zcnic") and the qgraph tests, which
# build into qos-test as igb's do.
for f in "$ZCNIC_ROOT"/qtest/libqos/*.[ch]; do
    link "$f" "$T/tests/qtest/libqos/$(basename "$f")"
done
add_line "$T/tests/qtest/libqos/meson.build" "        'zcnic.c'," "^        'igb.c',$"
sed -i "/^  qos_test_ss.add(files('zcnic-qos-test.c'/d" "$T/tests/qtest/meson.build"
add_line "$T/tests/qtest/meson.build" \
    "  qos_test_ss.add(files('zcnic-qos-test.c', 'zcnic-frame.c'))" \
    "^  qos_test_ss.add.files..e1000e-test.c...$"

# zcnic-fuzz, the structured fuzz target (./zcnic fuzz --target zcnic).
link "$ZCNIC_ROOT/qtest/fuzz/zcnic_fuzz.c" "$T/tests/qtest/fuzz/zcnic_fuzz.c"
add_line "$T/tests/qtest/fuzz/meson.build" \
    "specific_fuzz_ss.add(when: 'CONFIG_ZCNIC', if_true: files('zcnic_fuzz.c'))" \
    "virtio_blk_fuzz.c"

# generic-fuzz-zcnic for the fuzzer build (./zcnic fuzz): an entry after igb's.
add_line "$T/tests/qtest/fuzz/generic_fuzz_configs.h" \
    '    },{ .name = "zcnic", .args = "-M q35 -nodefaults -device zcnic,netdev=net0 -netdev user,id=net0", .objects = "zcnic*",' \
    '^        .objects = "igb",$'

# What configure must see again when the overlay's shape changes.
cat "$0" "$ZCNIC_ROOT/tools/qemu-devices.mak" "$ZCNIC_ROOT/hw/zcnic/Kconfig" |
    sha256sum | cut -c1-16 >"$T/.zcnic-overlay"
info "overlay applied to $T"
