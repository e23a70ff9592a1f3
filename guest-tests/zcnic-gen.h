/* SPDX-License-Identifier: GPL-2.0-only */
/* The deterministic stream of zcnic-gen, for programs that check it. */
#ifndef ZCNIC_GEN_H
#define ZCNIC_GEN_H

#include <error.h>
#include <stdint.h>
#include <stdlib.h>

struct zgen {
	uint64_t state;
	uint64_t word;
	unsigned int left;	/* bytes of word not yet handed out */
};

static inline void zgen_init(struct zgen *g, uint64_t seed)
{
	g->state = seed * 0x9e3779b97f4a7c15ull + 1;
	g->left = 0;
}

static inline uint64_t zgen_next64(struct zgen *g)
{
	/* xorshift64* */
	g->state ^= g->state >> 12;
	g->state ^= g->state << 25;
	g->state ^= g->state >> 27;
	return g->state * 0x2545f4914f6cdd1dull;
}

/* Fill BUF with the next LEN bytes of the stream (little-endian words). */
static inline void zgen_fill(struct zgen *g, uint8_t *buf, size_t len)
{
	size_t i = 0;

	/* whole words while aligned to the stream (x86: little-endian) */
	while (!g->left && len - i >= 8) {
		uint64_t w = zgen_next64(g);

		__builtin_memcpy(buf + i, &w, 8);
		i += 8;
	}
	for (; i < len; i++) {
		if (!g->left) {
			g->word = zgen_next64(g);
			g->left = 8;
		}
		buf[i] = (uint8_t)(g->word >> (8 * (8 - g->left)));
		g->left--;
	}
}

/*
 * A receiver's check of zcnic-gen's stream, fed the pieces in stream
 * order: the first byte that differs is kept in bad_at.
 */
struct zcheck {
	struct zgen gen;
	uint64_t total;		/* bytes fed */
	uint64_t bad_at;	/* first differing byte, or UINT64_MAX */
	int count_only;		/* count the bytes, compare nothing */
};

static inline void zcheck_init(struct zcheck *c, uint64_t seed,
			       int count_only)
{
	zgen_init(&c->gen, seed);
	c->total = 0;
	c->bad_at = UINT64_MAX;
	c->count_only = count_only;
}

static inline void zcheck(struct zcheck *c, const uint8_t *p, size_t len)
{
	static uint8_t want[65536];

	if (c->count_only) {
		c->total += len;
		return;
	}
	while (len) {
		size_t n = len < sizeof(want) ? len : sizeof(want);

		zgen_fill(&c->gen, want, n);
		if (c->bad_at == UINT64_MAX && __builtin_memcmp(p, want, n)) {
			for (size_t i = 0; i < n; i++)
				if (p[i] != want[i]) {
					c->bad_at = c->total + i;
					break;
				}
		}
		c->total += n;
		p += n;
		len -= n;
	}
}

/* A byte count as the tools take it: a number, optionally K or M. */
static inline uint64_t zgen_parse_size(const char *s)
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

#endif /* ZCNIC_GEN_H */
