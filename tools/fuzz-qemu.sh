#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ./zcnic fuzz [--seconds N | --runs N] [--seed N]: QEMU's generic-fuzz on
# zcnic, as OSS-Fuzz runs it (libFuzzer, ASan, UBSan).  The fuzzer drives
# the device's BARs, PCI config space and the DMA it does from random
# bytes.  With --seconds the corpus is kept under $ZCNIC_CACHE/fuzz, so
# later runs go on where earlier ones stopped; --runs N starts from an empty
# corpus and, with --seed, is the same run every time (./zcnic test).
# Crash, leak and timeout inputs land in $ZCNIC_CACHE/fuzz/artifacts.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
    echo "usage: ./zcnic fuzz [--seconds N | --runs N] [--seed N]   (default 120 s)" >&2
    exit 2
}

number() {
    case $2 in
        ''|*[!0-9]*) echo "zcnic fuzz: $1 must be a positive integer" >&2; exit 2 ;;
    esac
    [ "$2" -gt 0 ] || { echo "zcnic fuzz: $1 must be a positive integer" >&2; exit 2; }
}

seconds=120 runs= seed=
while [ $# -gt 0 ]; do
    case $1 in
        --seconds|--runs|--seed)
            [ $# -ge 2 ] || usage
            number "$1" "$2"
            case $1 in
                --seconds) seconds=$2 ;;
                --runs) runs=$2 ;;
                --seed) seed=$2 ;;
            esac
            shift 2
            ;;
        -h|--help)
            usage
            ;;
        *)
            echo "zcnic fuzz: unknown argument '$1'" >&2
            exit 2
            ;;
    esac
done
[ "${ZCNIC_FUZZ_CHECK_ARGS:-}" = 1 ] && exit 0

"$ZCNIC_ROOT/tools/setup-qemu.sh" fetch
"$ZCNIC_ROOT/tools/setup-qemu.sh" fuzz

dir=$ZCNIC_CACHE/fuzz
mkdir -p "$dir/corpus" "$dir/artifacts"
log=$dir/last-run.log
corpus=$dir/corpus
limit=(-max_total_time="$seconds")
what="$seconds s"
if [ -n "$runs" ]; then
    corpus=$(mktemp -d)
    trap 'rm -rf "$corpus"' EXIT
    limit=(-runs="$runs")
    what="$runs runs from an empty corpus"
fi
[ -n "$seed" ] && limit+=(-seed="$seed") && what+=", seed $seed"
step "fuzz: generic-fuzz-zcnic, $what (log: $log)"
set +e
(cd "$dir" && ASAN_OPTIONS=detect_leaks=0 \
    "$ZCNIC_CACHE/qemu-fuzz-x86_64" --fuzz-target=generic-fuzz-zcnic \
    "${limit[@]}" -timeout=10 -rss_limit_mb=4096 -print_coverage=1 \
    -artifact_prefix="$dir/artifacts/" "$corpus" >"$log" 2>&1)
rc=$?
set -e
# libFuzzer's last status line: "#N DONE cov: C ft: F corp: K/..."
grep -E '^#[0-9]+' "$log" | tail -n 1 | sed 's/^/    /' || true
grep -E '^Done [0-9]+ runs' "$log" | sed 's/^/    /' || true
# -print_coverage: "COVERED_FUNC: hits: H edges: A/B name file:line"
awk '/^(UN)?COVERED_FUNC: .*hw\/net\/zcnic\// {
        split($5, e, "/"); a += e[1]; b += e[2]; n++; c += /^COVERED/ }
     END { if (b) printf "    zcnic source: %d of %d functions, %d of %d edges (%.0f %%) reached\n", c, n, a, b, 100 * a / b }' "$log"
if [ $rc -ne 0 ]; then
    grep -E 'ERROR: (AddressSanitizer|libFuzzer)|runtime error|SUMMARY' "$log" |
        head -n 5 | sed 's/^/    /' >&2 || true
    ls -t "$dir/artifacts" | head -n 3 | sed "s|^|    artifact: $dir/artifacts/|" >&2
    die "the fuzzer found a problem (exit $rc); reproduce: QTEST_LOG=1 $ZCNIC_CACHE/qemu-fuzz-x86_64 --fuzz-target=generic-fuzz-zcnic ARTIFACT"
fi
info "no crash, hang or sanitizer report"
