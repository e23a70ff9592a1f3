# SPDX-License-Identifier: GPL-2.0-or-later
# The shell unit tests' TAP helper (sourced): check NAME STATUS counts a
# result (STATUS 0 passes), skip NAME WHY a skipped one, tap_end prints
# the plan and returns the status.
n=0
fail=0

check() {
	n=$((n + 1))
	if [ "$2" = 0 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		fail=$((fail + 1))
	fi
}

skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

tap_end() {
	echo "1..$n"
	return $((fail > 0))
}
