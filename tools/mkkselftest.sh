#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel's own driver selftests for a guest (guest-tests/kselftest.sh):
# tools/testing/selftests/{drivers/net,net/lib}, tools/net/ynl and the
# netlink specs from the kernel's source tarball, with the Python, PyYAML,
# ping and socat they run on, from the root the guest's other tools come
# from (the host for lts, the trixie chroot for current), and
# ZCNIC_KSFT_TOOLS, more tools from that root (coreutils' head; current:
# bpftool too).
#   [ZCNIC_TOOLS_ROOT=DIR] [ZCNIC_KSFT_TOOLS="PATH..."] tools/mkkselftest.sh SOURCE.tar.xz OUT
# OUT/ksft is what ./zcnic guest --kselftest adds to the guest.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SRC=$1 OUT=$2
TROOT=${ZCNIC_TOOLS_ROOT:-/}
TROOT=${TROOT%/}
EXTRA=${ZCNIC_KSFT_TOOLS:-}
extra=()
for f in $EXTRA; do extra+=("$TROOT$f"); done
[ -f "$SRC" ] || die "no kernel source tarball at $SRC"
py=$(readlink "$TROOT/usr/bin/python3") || die "no python3 in ${TROOT:-/}"
py=${py##*/}    # python3.11, python3.13
for f in "/usr/bin/$py" /usr/lib/python3/dist-packages/yaml/__init__.py \
         /usr/bin/ping /usr/bin/socat $EXTRA; do
    [ -e "$TROOT$f" ] || die "missing $TROOT$f (python3-yaml, iputils-ping, socat)"
done

key=$( {
    echo "$SRC $(stat -c %s "$SRC") $py"
    sha256sum "$0" "$TROOT/usr/bin/$py" "$TROOT/usr/bin/ping" \
        "$TROOT/usr/bin/socat" "${extra[@]}"
} | sha256sum | cut -c1-16)
if stamp_ok "$OUT/.stamp" "$key" && [ -d "$OUT/ksft/src" ]; then
    info "kernel selftests up to date ($OUT/ksft)"
    exit 0
fi

rm -rf "$OUT"
k=$OUT/ksft
mkdir -p "$k/py/bin" "$k/py/lib/$py/site-packages" "$k/lib" "$k/bin" "$k/src"
# Python, its standard library without tests, GUI and build parts, PyYAML
install -m 0755 "$TROOT/usr/bin/$py" "$k/py/bin/python3"
(cd "$TROOT/usr/lib" && tar -cf - --exclude="$py/test" --exclude="$py/idlelib" \
    --exclude="$py/tkinter" --exclude="$py/ensurepip" --exclude="$py/lib2to3" \
    --exclude="$py/pydoc_data" --exclude="$py/turtledemo" \
    --exclude='__pycache__' --exclude="$py/config-*" \
    --exclude="$py/site-packages" --exclude="$py/dist-packages" "$py") |
    tar -xf - -C "$k/py/lib"
# links out of the tree (sitecustomize.py -> /etc/python3.x) go
find "$k/py" -xtype l -delete
cp -a "$TROOT/usr/lib/python3/dist-packages/yaml" "$k/py/lib/$py/site-packages/"
[ ! -d "$TROOT/usr/lib/python3/dist-packages/_yaml" ] ||
    cp -a "$TROOT/usr/lib/python3/dist-packages/_yaml" "$k/py/lib/$py/site-packages/"
install -m 0755 "$TROOT/usr/bin/ping" "$TROOT/usr/bin/socat" \
    "${extra[@]}" "$k/bin/"

# Their libraries (not the C library: the guest's is the same root's)
ldd_in() {
    if [ -z "$TROOT" ]; then ldd "$1"; else chroot "$TROOT" /usr/bin/ldd "$1"; fi
}
sos=$(find "$k/py/lib/$py/lib-dynload" "$k/py/lib/$py/site-packages" -name '*.so' |
      sed "s|^$k/py/lib/$py/site-packages|/usr/lib/python3/dist-packages|
           s|^$k/py/lib|/usr/lib|")
for b in "/usr/bin/$py" /usr/bin/ping /usr/bin/socat $EXTRA $sos; do
    ldd_in "$b" | grep -o "=> /[^ ]*" | cut -c4- || true
done | sort -u | while read -r lib; do
    case ${lib##*/} in libc.so.*|ld-linux*) continue ;; esac
    cp -L "$TROOT$lib" "$k/lib/"
done

# The selftests, their Python library, ynl and its specs, as laid out in
# the source tree (net/lib/py/ynl.py finds ynl there)
info "unpacking the selftests from $(basename "$SRC")"
top=$(basename "$SRC" .tar.xz)     # linux-source-6.12
tar -xJf "$SRC" -C "$k/src" --strip-components=1 \
    "$top/tools/testing/selftests/drivers/net" \
    "$top/tools/testing/selftests/net/lib" \
    "$top/tools/testing/selftests/kselftest.h" \
    "$top/tools/net/ynl" "$top/Documentation/netlink/specs"
[ -f "$k/src/tools/testing/selftests/drivers/net/ping.py" ] ||
    die "no drivers/net/ping.py in $SRC"
stamp_set "$OUT/.stamp" "$key"
info "$k: $py, $(du -sh "$k" | cut -f1)"
