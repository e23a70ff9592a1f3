#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# docs/spec.rst points each statement at the test that holds it, as
# [qtest:/zcnic/...], [unit:NAME] or [guest:NAME].  Each such reference must
# name a test that exists, and each qtest must be cited by spec.rst or
# docs/robustness.md.  Prints TAP.  Run from anywhere: unit/test-spec-refs.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
spec=$root/docs/spec.rst
. "$root/unit/tap.sh"

# refs KIND: the spec's references of that kind, one a line (not the
# notation's own placeholders, "qtest:/zcnic/..." and "unit:NAME")
refs() {
	grep -oE "$1:[^],[:space:]\`]+" "$spec" | sed "s/^$1://" |
		grep -vxE '/zcnic/…|NAME' | sort -u
}

qtests=$(cat "$root"/qtest/*.c | grep -oE 'qtest_add_func\("[^"]+"' |
	 sed 's/^qtest_add_func("//; s/"$//' | sort -u)
# test('NAME', ...), and the NAME: keys of the sanitized tests' foreach
units=$( (grep -oE "^test\('[^']+'" "$root/unit/meson.build" |
	  sed "s/^test('//; s/'$//"
	  sed -n "/^foreach name, srcs : {/,/^}/s/^  '\([^']*\)':.*/\1/p" \
		"$root/unit/meson.build") | sort -u)

[ "$(refs qtest | wc -l)" -gt 50 ] && [ "$(echo "$qtests" | wc -l)" -gt 50 ]
check "spec.rst and the qtests are read (over 50 references, 50 qtests)" $?

for r in $(refs qtest); do
	echo "$qtests" | grep -qxF -- "$r"
	check "spec reference qtest:$r is a registered qtest" $?
done
for r in $(refs unit); do
	echo "$units" | grep -qxF -- "$r"
	check "spec reference unit:$r is a unit test in unit/meson.build" $?
done
for r in $(refs guest); do
	[ -f "$root/guest-tests/$r.sh" ]
	check "spec reference guest:$r is guest-tests/$r.sh" $?
done
for q in $qtests; do
	grep -qF -- "qtest:$q" "$spec" || grep -qF -- "\`$q\`" "$root/docs/robustness.md"
	check "qtest $q is cited by spec.rst or robustness.md" $?
done
tap_end
