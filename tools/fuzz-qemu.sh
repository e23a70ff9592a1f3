#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ./zcnic fuzz [--target zcnic|generic] [--seconds N | --runs N] [--seed N]
#              [--jobs N]
# Fuzz the device with libFuzzer, ASan and UBSan in QEMU's fuzz framework.
#   zcnic    zcnic-fuzz (qtest/fuzz/zcnic_fuzz.c): rings, header buffers
#            and shadow block set up, inputs decoded into operations
#            (registers, descriptors anywhere, frames from both sides,
#            clock, link, MSI-X, migration); starts from the seeds of
#            tools/fuzz-seeds.py (default)
#   generic  QEMU's generic-fuzz as OSS-Fuzz runs it: BARs, PCI config and
#            DMA from random bytes
# With --seconds the corpus is kept under $ZCNIC_CACHE/fuzz/TARGET, so later
# runs go on where earlier ones stopped; --runs N starts from an empty
# corpus (and the seeds) and, with --seed, is the same run every time
# (./zcnic test).  --jobs N runs N fuzzers side by side on one corpus.
# --no-sanitizers fuzzes with that third build instead (about three times
# the inputs a second), then replays the corpus under ASan and UBSan.
# --coverage fuzzes nothing: it replays the kept corpus (and the seeds)
# through a third build without sanitizers, with clang's source-based
# coverage, and prints llvm-cov's branch, line and function coverage of
# hw/net/zcnic/*.c.
# Crash, leak and timeout inputs land in $ZCNIC_CACHE/fuzz/artifacts.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
    echo "usage: ./zcnic fuzz [--target zcnic|generic] [--seconds N | --runs N] [--seed N] [--jobs N] [--no-sanitizers] [--coverage]   (default: zcnic, 120 s)" >&2
    exit 2
}

number() {
    case $2 in
        ''|*[!0-9]*) echo "zcnic fuzz: $1 must be a positive integer" >&2; exit 2 ;;
    esac
    [ "$2" -gt 0 ] || { echo "zcnic fuzz: $1 must be a positive integer" >&2; exit 2; }
}

seconds=120 runs= seed= target=zcnic jobs= coverage= fast=
while [ $# -gt 0 ]; do
    case $1 in
        --seconds|--runs|--seed|--jobs)
            [ $# -ge 2 ] || usage
            number "$1" "$2"
            case $1 in
                --seconds) seconds=$2 ;;
                --runs) runs=$2 ;;
                --seed) seed=$2 ;;
                --jobs) jobs=$2 ;;
            esac
            shift 2
            ;;
        --coverage)
            coverage=1
            shift
            ;;
        --no-sanitizers)
            fast=1
            shift
            ;;
        --target)
            [ $# -ge 2 ] || usage
            case $2 in
                zcnic|generic) target=$2 ;;
                *) echo "zcnic fuzz: --target must be zcnic or generic, not '$2'" >&2; exit 2 ;;
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

# --coverage: replay the corpus through the coverage build, report llvm-cov's
if [ -n "$coverage" ]; then
    "$ZCNIC_ROOT/tools/setup-qemu.sh" fuzzcov
    case $target in
        zcnic) name=zcnic-fuzz ;;
        generic) name=generic-fuzz-zcnic ;;
    esac
    dir=$ZCNIC_CACHE/fuzz
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    dirs=("$dir/$target")
    if [ "$target" = zcnic ]; then
        "$ZCNIC_PYTHON" "$ZCNIC_ROOT/tools/fuzz-seeds.py" "$tmp/seeds"
        dirs+=("$tmp/seeds")
    fi
    mkdir -p "${dirs[0]}"
    step "fuzz: $name coverage: replaying $(ls "${dirs[@]}" | grep -vc ':$') inputs (llvm-cov)"
    (cd "$tmp" && LLVM_PROFILE_FILE="$tmp/replay.profraw" \
        "$ZCNIC_CACHE/qemu-fuzzcov-x86_64" --fuzz-target="$name" -runs=0 \
        -timeout=10 "${dirs[@]}" >"$tmp/replay.log" 2>&1) ||
        die "the replay failed (log: $tmp/replay.log)"
    llvm-profdata-14 merge -sparse "$tmp/replay.profraw" -o "$dir/coverage-$target.profdata"
    # the report covers the whole binary: keep the header and zcnic's rows,
    # and sum those rows (Regions, Functions, Lines, Branches: count, missed)
    llvm-cov-14 report "$ZCNIC_CACHE/qemu-fuzzcov-x86_64" \
        -instr-profile="$dir/coverage-$target.profdata" 2>/dev/null |
        awk 'NR <= 2 || /hw\/net\/zcnic\//' >"$dir/coverage-$target.txt"
    awk '/hw\/net\/zcnic\// { r += $2; rm += $3; f += $5; fm += $6;
                               l += $8; lm += $9; b += $11; bm += $12 }
         END { if (!r) { print "zcnic total: no zcnic source in the report"; exit }
               printf "zcnic total: regions %d/%d (%.1f %%), functions %d/%d, lines %d/%d (%.1f %%), branches %d/%d (%.1f %%)\n",
                      r - rm, r, 100 * (r - rm) / r, f - fm, f, l - lm, l,
                      100 * (l - lm) / l, b - bm, b, 100 * (b - bm) / b }' \
        "$dir/coverage-$target.txt" >>"$dir/coverage-$target.txt"
    sed 's/^/    /' "$dir/coverage-$target.txt"
    info "(covered/total; also in $dir/coverage-$target.txt; per line: llvm-cov-14 show $ZCNIC_CACHE/qemu-fuzzcov-x86_64 -instr-profile=$dir/coverage-$target.profdata FILE)"
    exit 0
fi
"$ZCNIC_ROOT/tools/setup-qemu.sh" fuzz
bin=$ZCNIC_CACHE/qemu-fuzz-x86_64
if [ -n "$fast" ]; then
    "$ZCNIC_ROOT/tools/setup-qemu.sh" fuzzcov
    bin=$ZCNIC_CACHE/qemu-fuzzcov-x86_64
fi

dir=$ZCNIC_CACHE/fuzz
case $target in
    zcnic) name=zcnic-fuzz ;;
    generic) name=generic-fuzz-zcnic ;;
esac
mkdir -p "$dir/$target" "$dir/artifacts"
log=$dir/last-run-$target.log
corpus=$dir/$target
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
limit=(-max_total_time="$seconds")
what="$seconds s"
if [ -n "$runs" ]; then
    corpus=$tmp/corpus
    mkdir "$corpus"
    limit=(-runs="$runs")
    what="$runs runs from an empty corpus"
fi
dirs=("$corpus")
if [ "$target" = zcnic ]; then
    "$ZCNIC_PYTHON" "$ZCNIC_ROOT/tools/fuzz-seeds.py" "$tmp/seeds"
    dirs+=("$tmp/seeds")
    limit+=(-max_len=1024)
    what+=" and $(ls "$tmp/seeds" | wc -l) seeds"
fi
[ -n "$seed" ] && limit+=(-seed="$seed") && what+=", seed $seed"
# --jobs: N long-lived fuzzers sharing the corpus (logs: fuzz-K.log)
[ -n "$jobs" ] && limit+=(-jobs="$jobs" -workers="$jobs") && what+=", $jobs jobs"
rm -f "$dir"/fuzz-*.log
step "fuzz: $name, $what (log: $log)"
set +e
(cd "$dir" && ASAN_OPTIONS=detect_leaks=0 LLVM_PROFILE_FILE=/dev/null \
    "$bin" --fuzz-target="$name" \
    "${limit[@]}" -timeout=10 -rss_limit_mb=4096 -print_coverage=1 \
    -artifact_prefix="$dir/artifacts/" "${dirs[@]}" >"$log" 2>&1)
rc=$?
set -e
# libFuzzer's last status line: "#N DONE cov: C ft: F corp: K/..."
grep -E '^#[0-9]+' "$log" | tail -n 1 | sed 's/^/    /' || true
grep -E '^Done [0-9]+ runs' "$log" | sed 's/^/    /' || true
if [ -n "$jobs" ]; then
    cat "$dir"/fuzz-*.log >>"$log"
    for f in "$dir"/fuzz-*.log; do
        grep -E '^#[0-9]+' "$f" | tail -n 1
    done | awk '{n += substr($1, 2)} END {printf "    %d inputs run by the %d jobs\n", n, NR}'
fi
covlog=$log
if [ -n "$fast" ] && [ $rc -eq 0 ]; then
    # what the fast build found, replayed under ASan and UBSan
    step "fuzz: the corpus ($(ls "$corpus" | wc -l) inputs) under ASan and UBSan"
    set +e
    (cd "$dir" && ASAN_OPTIONS=detect_leaks=0 \
        "$ZCNIC_CACHE/qemu-fuzz-x86_64" --fuzz-target="$name" -runs=0 \
        -timeout=10 -print_coverage=1 \
        -artifact_prefix="$dir/artifacts/" "$corpus" >"$log.asan" 2>&1)
    rc=$?
    set -e
    covlog=$log.asan
elif [ -n "$jobs" ] && [ $rc -eq 0 ]; then
    # the jobs' coverage is in their own logs: replay the corpus once
    covlog=$log.coverage
    (cd "$dir" && ASAN_OPTIONS=detect_leaks=0 \
        "$ZCNIC_CACHE/qemu-fuzz-x86_64" --fuzz-target="$name" -runs=0 \
        -print_coverage=1 "$corpus" >"$covlog" 2>&1) || true
    info "coverage of the $(ls "$corpus" | wc -l) inputs of $corpus:"
fi
# -print_coverage: "COVERED_FUNC: hits: H edges: A/B name file:line"
awk '/^(UN)?COVERED_FUNC: .*hw\/net\/zcnic\// {
        split($5, e, "/"); a += e[1]; b += e[2]; n++; c += /^COVERED/ }
     END { if (b) printf "    zcnic source: %d of %d functions, %d of %d edges (%.0f %%) reached\n", c, n, a, b, 100 * a / b }' "$covlog"
if [ $rc -ne 0 ]; then
    grep -E 'ERROR: (AddressSanitizer|libFuzzer)|runtime error|SUMMARY' "$log" |
        head -n 5 | sed 's/^/    /' >&2 || true
    ls -t "$dir/artifacts" | head -n 3 | sed "s|^|    artifact: $dir/artifacts/|" >&2
    die "the fuzzer found a problem (exit $rc); reproduce: QTEST_LOG=1 $ZCNIC_CACHE/qemu-fuzz-x86_64 --fuzz-target=$name ARTIFACT"
fi
info "no crash, hang or sanitizer report"
