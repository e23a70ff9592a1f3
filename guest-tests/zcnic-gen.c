// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-gen: write BYTES of deterministic pseudo-random data for SEED to
 * stdout, so that two guests can check a transfer's sha256 without sending
 * the data twice.
 *
 * Usage: zcnic-gen SEED BYTES      (BYTES may end in K or M)
 */
#include <errno.h>
#include <error.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "zcnic-gen.h"

int main(int argc, char **argv)
{
	static uint8_t buf[65536];
	uint64_t left;
	struct zgen g;

	if (argc != 3)
		error(1, 0, "usage: %s SEED BYTES", argv[0]);
	zgen_init(&g, strtoull(argv[1], NULL, 0));
	left = zgen_parse_size(argv[2]);
	while (left) {
		size_t n = left < sizeof(buf) ? left : sizeof(buf);
		size_t off = 0;

		zgen_fill(&g, buf, n);
		while (off < n) {
			ssize_t w = write(1, buf + off, n - off);

			if (w < 0)
				error(1, errno, "write");
			off += w;
		}
		left -= n;
	}
	return 0;
}
