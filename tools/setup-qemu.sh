#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# QEMU 10.0 from Debian trixie's source package, with the zcnic device overlaid.
#   tools/setup-qemu.sh [fetch|build]     (default: both)
#   tools/setup-qemu.sh fuzz              the fuzzer build (./zcnic fuzz)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SRC=$ZCNIC_CACHE/qemu-src

# The newest 10.0.x version trixie's sources offer.
qemu_version() {
    apt-cache showsrc qemu 2>/dev/null | sed -n 's/^Version: //p' |
        grep -E "^(1:)?${ZCNIC_QEMU_SERIES//./\\.}\.[0-9]+" |
        sort -V | tail -n 1 || true
}

fetch() {
    step "qemu: fetch Debian source package"
    local ver
    ver=$(qemu_version)
    [ -n "$ver" ] || die "trixie offers no qemu ${ZCNIC_QEMU_SERIES}.x source package (apt-cache showsrc qemu)"
    local upver=${ver#*:}
    local tree=$SRC/qemu-${upver%%+*}
    if stamp_ok "$SRC/unpacked.stamp" "$ver"; then
        info "qemu $ver already unpacked in $tree"
        echo "$tree" >"$SRC/tree"
        return
    fi
    mkdir -p "$SRC"
    local dsc=$SRC/qemu_${upver}.dsc
    if [ ! -f "$dsc" ]; then
        info "downloading qemu=$ver"
        (cd "$SRC" && run_logged "$SRC/download.log" \
            apt-get source --download-only -q "qemu=$ver")
    fi
    [ -f "$dsc" ] || die "apt-get source did not produce $dsc"

    step "qemu: verify checksums against the .dsc"
    # Checksums-Sha256 block: " <sha256> <size> <file>"
    local sums
    sums=$(awk '/^Checksums-Sha256:/ {on=1; next} /^[^ ]/ {on=0} on && NF==3 {print $1"  "$3}' "$dsc")
    [ -n "$sums" ] || die "no Checksums-Sha256 in $dsc"
    (cd "$SRC" && printf '%s\n' "$sums" | sha256sum --quiet -c -) ||
        die "checksum mismatch for the files listed in $dsc"
    info "$(printf '%s\n' "$sums" | wc -l) files verified"

    step "qemu: unpack (dpkg-source -x, Debian patches applied)"
    rm -rf "$tree"
    (cd "$SRC" && run_logged "$SRC/unpack.log" \
        dpkg-source --no-check -x "$(basename "$dsc")" "$(basename "$tree")")
    stamp_set "$SRC/unpacked.stamp" "$ver"
    echo "$tree" >"$SRC/tree"
}

CONFIGURE_ARGS=(
    --python=$ZCNIC_PYTHON
    --target-list=x86_64-softmmu
    --disable-docs --disable-download --disable-install-blobs
    --without-default-features --enable-slirp --enable-tcg
    --without-default-devices --with-devices-x86_64=zcnic
)

# configure DIR TITLE LOG CC CXX ARGS...: configure QEMU in $tree/DIR
# unless the same configuration is there already (CXX "": not set).  configure hands meson an
# explicit compiler, which turns meson's own ccache detection off: name
# ccache in CC.
configure_once() {
    local dir=$tree/$1 title=$2 log=$3 cc=$4 cxx=$5
    shift 5
    local key="CC=$cc $* overlay=$(cat "$tree/.zcnic-overlay")"
    if stamp_ok "$dir/.zcnic-configured" "$key" && [ -f "$dir/build.ninja" ]; then
        return
    fi
    step "qemu: configure ($title)"
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && run_logged "$ZCNIC_CACHE/logs/$log" \
        env PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH CC="$cc" \
        ${cxx:+CXX="$cxx"} ../configure "$@")
    stamp_set "$dir/.zcnic-configured" "$key"
}

build() {
    local tree
    tree=$(cat "$SRC/tree" 2>/dev/null) || die "run the fetch step first"
    step "qemu: overlay the zcnic device and qtests"
    "$ZCNIC_ROOT/tools/overlay-qemu.sh" "$tree"

    configure_once build "minimal x86_64-softmmu" qemu-configure.log \
        "ccache gcc" "" "${CONFIGURE_ARGS[@]}"

    step "qemu: build qemu-system-x86_64 and the zcnic qtest (ninja, ccache)"
    info "first build takes 3-6 minutes on 2 cores; log: $ZCNIC_CACHE/logs/qemu-build.log"
    (cd "$tree/build" && run_logged "$ZCNIC_CACHE/logs/qemu-build.log" \
        ninja qemu-system-x86_64 tests/qtest/zcnic-test tests/qtest/qos-test)
    # QEMU itself is not built with -Werror here; zcnic's own files must be clean.
    if grep -E '(hw/net/zcnic|tests/qtest/zcnic)[^ :]*:[0-9]+:[0-9]+: (warning|error)' \
        "$ZCNIC_CACHE/logs/qemu-build.log" >&2; then
        touch "$ZCNIC_ROOT"/hw/zcnic/*.c "$ZCNIC_ROOT"/qtest/*.c
        die "compiler warnings in zcnic's sources (see above)"
    fi

    step "qemu: firmware in the build's bundle"
    bundle_firmware "$tree/build"
    ln -sfn "$tree/build/qemu-system-x86_64" "$ZCNIC_CACHE/qemu-system-x86_64"
    info "$ZCNIC_CACHE/qemu-system-x86_64 -> $tree/build/qemu-system-x86_64"
}

# Debian's firmware into BUILD_DIR's qemu-bundle, where a binary run from
# the build directory looks (qemu-bundle/<firmwarepath>).
bundle_firmware() {
    local fw
    fw=$(sed -n "s/^#define CONFIG_QEMU_FIRMWAREPATH \"\([^\"]*\)\".*/\1/p" \
         "$1/config-host.h" | sed 's/\\000.*//')
    [ -n "$fw" ] || fw=/usr/local/share/qemu
    local bundle=$1/qemu-bundle$fw
    mkdir -p "$bundle"
    local f
    for f in /usr/share/qemu/* /usr/share/seabios/*.bin /usr/lib/ipxe/qemu/*.rom; do
        [ -e "$f" ] || continue
        # Keep what QEMU built itself (option ROMs such as pvh.bin).
        [ -e "$bundle/$(basename "$f")" ] && [ ! -L "$bundle/$(basename "$f")" ] && continue
        ln -sfn "$f" "$bundle/$(basename "$f")"
    done
    [ -e "$bundle/bios-256k.bin" ] || die "no bios-256k.bin (package seabios) in $bundle"
}

# QEMU's fuzzer for generic-fuzz-zcnic and zcnic-fuzz: the same tree and
# device set, built by clang with libFuzzer, ASan and UBSan in build-fuzz
# (issue 7).  No trace backend: a trace point's "is it on?" branch would
# count as device code the fuzzer never reaches (issue 21's coverage).
build_fuzz() {
    local tree
    tree=$(cat "$SRC/tree" 2>/dev/null) || die "run the fetch step first"
    step "qemu: overlay the zcnic device, qtests and fuzz config"
    "$ZCNIC_ROOT/tools/overlay-qemu.sh" "$tree"

    configure_once build-fuzz "fuzzer build: clang, libFuzzer, ASan, UBSan" \
        qemu-fuzz-configure.log "ccache clang" "ccache clang++" \
        "${CONFIGURE_ARGS[@]}" --enable-fuzzing --enable-asan --enable-ubsan \
        --enable-trace-backends=nop
    step "qemu: build qemu-fuzz-x86_64 (ninja, ccache)"
    info "first build takes 5-10 minutes on 2 cores; log: $ZCNIC_CACHE/logs/qemu-fuzz-build.log"
    (cd "$tree/build-fuzz" && run_logged "$ZCNIC_CACHE/logs/qemu-fuzz-build.log" \
        ninja qemu-fuzz-x86_64)
    bundle_firmware "$tree/build-fuzz"
    ln -sfn "$tree/build-fuzz/qemu-fuzz-x86_64" "$ZCNIC_CACHE/qemu-fuzz-x86_64"
}

# The same fuzzer without sanitizers, with clang's source-based coverage
# (build-fuzzcov): ./zcnic fuzz --coverage replays a corpus through it and
# llvm-cov reports the branches of hw/net/zcnic/*.c reached.  ASan's and
# UBSan's own checks would count as branches no input can take.
build_fuzzcov() {
    local tree
    tree=$(cat "$SRC/tree" 2>/dev/null) || die "run the fetch step first"
    "$ZCNIC_ROOT/tools/overlay-qemu.sh" "$tree" >/dev/null
    configure_once build-fuzzcov "fuzzer build for coverage: clang, libFuzzer, llvm-cov" \
        qemu-fuzzcov-configure.log "ccache clang" "ccache clang++" \
        "${CONFIGURE_ARGS[@]}" --enable-fuzzing --enable-trace-backends=nop \
        --extra-cflags="-fprofile-instr-generate -fcoverage-mapping" \
        --extra-ldflags="-fprofile-instr-generate"
    step "qemu: build the coverage fuzzer (ninja, ccache)"
    info "first build takes 5-10 minutes on 2 cores; log: $ZCNIC_CACHE/logs/qemu-fuzzcov-build.log"
    (cd "$tree/build-fuzzcov" && run_logged "$ZCNIC_CACHE/logs/qemu-fuzzcov-build.log" \
        ninja qemu-fuzz-x86_64)
    bundle_firmware "$tree/build-fuzzcov"
    ln -sfn "$tree/build-fuzzcov/qemu-fuzz-x86_64" "$ZCNIC_CACHE/qemu-fuzzcov-x86_64"
}

mkdir -p "$ZCNIC_CACHE/logs"
case "${1:-all}" in
    fetch) fetch ;;
    build) build ;;
    fuzz) build_fuzz ;;
    fuzzcov) build_fuzzcov ;;
    all) fetch; build ;;
    *) die "usage: $0 [fetch|build|fuzz|fuzzcov]" ;;
esac
