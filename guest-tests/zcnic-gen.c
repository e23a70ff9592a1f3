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

static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	if (*end == 'K')
		v <<= 10;
	else if (*end == 'M')
		v <<= 20;
	else if (*end)
		error(1, 0, "bad size '%s'", s);
	return v;
}

int main(int argc, char **argv)
{
	uint64_t state, left;
	uint64_t buf[8192];

	if (argc != 3)
		error(1, 0, "usage: %s SEED BYTES", argv[0]);
	state = strtoull(argv[1], NULL, 0) * 0x9e3779b97f4a7c15ull + 1;
	left = parse_size(argv[2]);
	while (left) {
		size_t n = left < sizeof(buf) ? left : sizeof(buf);
		size_t i, off = 0;

		for (i = 0; i < sizeof(buf) / sizeof(buf[0]); i++) {
			/* xorshift64* */
			state ^= state >> 12;
			state ^= state << 25;
			state ^= state >> 27;
			buf[i] = state * 0x2545f4914f6cdd1dull;
		}
		while (off < n) {
			ssize_t w = write(1, (char *)buf + off, n - off);

			if (w < 0)
				error(1, errno, "write");
			off += w;
		}
		left -= n;
	}
	return 0;
}
