#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every table in docs/performance.md comes from committed data: it follows a
# "<!-- bench-table: PATH KIND -->" mark, and ./zcnic bench renders PATH
# (under docs/) to exactly that table (KIND results or goals: a run's
# -runs.csv; csv: a CSV file as it is).  TAP.
root=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$root/tools/bench.py" --check-doc "$root/docs/performance.md"
