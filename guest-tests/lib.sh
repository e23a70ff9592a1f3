# SPDX-License-Identifier: GPL-2.0-only
# TAP helpers for zcnic guest test scripts (sourced; copied to /opt/zcnic).
_n=0
_fail=0

# ok COND_EXIT_STATUS DESCRIPTION: "ok N - ..." or "not ok N - ..."
ok() {
	local st=$1
	shift
	_n=$((_n + 1))
	if [ "$st" -eq 0 ]; then
		echo "ok $_n - $*"
	else
		echo "not ok $_n - $*"
		_fail=$((_fail + 1))
	fi
}

# check DESCRIPTION -- COMMAND...: run COMMAND, report its status
check() {
	local what=$1
	shift
	[ "$1" = "--" ] && shift
	"$@" >/tmp/check.out 2>&1
	local st=$?
	[ $st -eq 0 ] || sed 's/^/# /' /tmp/check.out
	ok $st "$what"
}

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds
wait_for() {
	local t=$(($1 * 10))
	shift
	while [ $t -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		t=$((t - 1))
	done
	return 1
}

# qmp JSON: ask the host's QEMU to run a QMP command (tools/guest.py)
qmp() {
	echo "ZCNIC-QMP: $*"
}

done_testing() {
	echo "1..$_n"
	[ "$_fail" -eq 0 ]
}
# Note: check runs one command; write a pipeline as bash -c "a | b", or the
# pipe would swallow check's own TAP line.
