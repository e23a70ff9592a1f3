#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Both checkpatches stay clean (issue 22): QEMU's over hw/zcnic, the qtests
# (as the paths they are overlaid at, tests/qtest/..., since its rules
# depend on them) and include/; the kernel's --strict over guest-driver/,
# with kernel-doc -Wall; the contract header through the kernel's
# checkpatch too, where the only findings allowed are those listed in
# unit/checkpatch-exceptions.txt.  QEMU's tree and the kernel's scripts
# come from ./zcnic setup ($ZCNIC_CACHE); without them the tests are
# skipped, never passed.  Prints TAP.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${ZCNIC_CACHE:-$HOME/.cache/zcnic}
. "$root/unit/tap.sh"

# total: N errors, M warnings[, K checks] -> "N M"
totals() {
	sed -n 's/^total: \([0-9]*\) errors, \([0-9]*\) warnings.*/\1 \2/p'
}

qtree=
[ -f "$cache/qemu-src/tree" ] && qtree=$(cat "$cache/qemu-src/tree")
if [ -n "$qtree" ] && [ -x "$qtree/scripts/checkpatch.pl" ] &&
	[ -L "$qtree/hw/net/zcnic" ]; then
	# the overlaid paths: hw/net/zcnic/..., include/zcnic/..., tests/qtest/...
	files=$(cd "$root" && ls hw/zcnic/*.[ch] include/zcnic/*.h \
		qtest/*.[ch] qtest/fuzz/*.c qtest/libqos/*.[ch] |
		sed 's|^hw/zcnic/|hw/net/zcnic/|; s|^qtest/|tests/qtest/|')
	for f in $files; do
		out=$(cd "$qtree" && scripts/checkpatch.pl --no-tree -f "$f" 2>&1)
		read -r e w <<<"$(echo "$out" | totals)"
		[ "${e:-1}" = 0 ]
		rc=$?
		[ $rc = 0 ] || echo "$out" | grep -A3 '^ERROR' | sed 's/^/# /'
		check "QEMU checkpatch: $f: 0 errors (${w:-?} warnings)" $rc
	done
else
	skip "QEMU checkpatch" "no overlaid QEMU tree in $cache (./zcnic setup)"
fi

ks=$cache/kernel-scripts/scripts
if [ -x "$ks/checkpatch.pl" ]; then
	for f in "$root"/guest-driver/*.[ch]; do
		out=$("$ks/checkpatch.pl" --no-tree --strict -f "$f" 2>&1)
		read -r e w <<<"$(echo "$out" | totals)"
		if [ "${f##*/}" = zcnic_compat.h ]; then
			# The one place that compares kernel versions, in
			# one macro: checkpatch's one warning about it stays.
			[ "${e:-1}" = 0 ] && [ "${w:-1}" = 1 ] &&
				echo "$out" | grep -q '^WARNING: LINUX_VERSION_CODE should be avoided'
			rc=$?
			want="0 errors, only the LINUX_VERSION_CODE warning"
		else
			[ "${e:-1}" = 0 ] && [ "${w:-1}" = 0 ]
			rc=$?
			want="0 errors, 0 warnings"
		fi
		[ $rc = 0 ] || echo "$out" | grep -E -A3 '^(ERROR|WARNING)' |
			sed 's/^/# /'
		check "kernel checkpatch --strict: guest-driver/${f##*/}: $want" $rc
	done
	out=$(perl "$ks/kernel-doc" -Wall -none "$root"/guest-driver/*.[ch] 2>&1)
	[ -z "$out" ]
	rc=$?
	echo "$out" | sed 's/^/# /' | grep -v '^# $'
	check "kernel-doc -Wall: guest-driver/ has no warnings" $rc
	# The header: each finding's first line, against the exception list.
	got=$("$ks/checkpatch.pl" --no-tree -f "$root/include/zcnic/zcnic_hw.h" 2>&1 |
		grep -E '^(ERROR|WARNING):' | sort)
	want=$(grep -v '^#' "$root/unit/checkpatch-exceptions.txt" |
		grep -E '^(ERROR|WARNING):' | sort)
	[ "$got" = "$want" ]
	rc=$?
	[ $rc = 0 ] || diff <(echo "$want") <(echo "$got") | sed 's/^/# /'
	check "kernel checkpatch: include/zcnic/zcnic_hw.h has only the listed exceptions" $rc
else
	skip "kernel checkpatch" "no $ks (./zcnic setup)"
fi

tap_end
