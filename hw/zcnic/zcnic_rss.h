/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic RSS hash (spec 4.8): QEMU-independent, unit-tested against
 * Microsoft's RSS verification suite (unit/test-rss.c), fuzzable.
 */
#ifndef ZCNIC_RSS_H
#define ZCNIC_RSS_H

#include <stddef.h>
#include <stdint.h>

#include "zcnic_parse.h"

/*
 * The Toeplitz hash of LEN bytes of IN with KEY (KEY_LEN bytes; the input
 * may be at most KEY_LEN - 4 bytes long, longer input is not hashed).
 */
uint32_t zcnic_toeplitz(const uint8_t *key, size_t key_len,
                        const uint8_t *in, size_t len);

/*
 * The flow type of a parsed frame of LEN bytes (ZCNIC_RSS_FT_*), or -1 for a frame
 * without an IP header.
 */
int zcnic_rss_flow_type(size_t len, const ZcnicPktInfo *pi);

/*
 * spec 4.8: the hash of FRAME (parsed into PI) with the 40-byte KEY and
 * the RSS_FIELDS register FIELDS.  Returns its ZCNIC_RSS_TYPE_* and, for
 * any other than NONE, stores the hash in *HASH.
 */
unsigned zcnic_rss_hash(const uint8_t *frame, size_t len,
                        const ZcnicPktInfo *pi, const uint8_t *key,
                        uint32_t fields, uint32_t *hash);

#endif /* ZCNIC_RSS_H */
