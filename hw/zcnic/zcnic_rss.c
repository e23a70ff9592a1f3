/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic RSS hash (spec 4.8): the Toeplitz hash over the fields RSS_FIELDS
 * selects.  QEMU-independent: unit/test-rss.c checks it against Microsoft's
 * published verification vectors.
 */
#include <string.h>

#include "zcnic/zcnic_hw.h"
#include "zcnic_rss.h"

uint32_t zcnic_toeplitz(const uint8_t *key, size_t key_len,
                        const uint8_t *in, size_t len)
{
    uint32_t hash = 0, window;
    size_t next = 4;            /* the key byte that enters the window */

    if (key_len < 4 || len > key_len - 4) {
        return 0;
    }
    window = (uint32_t)key[0] << 24 | (uint32_t)key[1] << 16 |
             (uint32_t)key[2] << 8 | key[3];
    for (size_t i = 0; i < len; i++) {
        uint8_t kb = key[next++];

        for (int b = 7; b >= 0; b--) {
            if (in[i] & (1u << b)) {
                hash ^= window;
            }
            window = window << 1 | ((kb >> b) & 1);
        }
    }
    return hash;
}

int zcnic_rss_flow_type(size_t len, const ZcnicPktInfo *pi)
{
    bool v6 = pi->l3 == ZCNIC_L3_IPV6;
    /* ports are hashed only in an unfragmented datagram that holds them */
    bool ports = !pi->frag && pi->l4_off + 4 <= len;

    if (pi->l3 == ZCNIC_L3_NONE) {
        return -1;
    }
    if (ports && pi->l4 == ZCNIC_L4_TCP) {
        return v6 ? ZCNIC_RSS_FT_TCP6 : ZCNIC_RSS_FT_TCP4;
    }
    if (ports && pi->l4 == ZCNIC_L4_UDP) {
        return v6 ? ZCNIC_RSS_FT_UDP6 : ZCNIC_RSS_FT_UDP4;
    }
    return v6 ? ZCNIC_RSS_FT_IP6 : ZCNIC_RSS_FT_IP4;
}

unsigned zcnic_rss_hash(const uint8_t *frame, size_t len,
                        const ZcnicPktInfo *pi, const uint8_t *key,
                        uint32_t fields, uint32_t *hash)
{
    uint8_t in[ZCNIC_RSS_INPUT_MAX];
    size_t n = 0, alen, src;
    unsigned f, l3_type, l4_type = ZCNIC_RSS_TYPE_NONE;
    int ft = zcnic_rss_flow_type(len, pi);

    if (ft < 0) {
        return ZCNIC_RSS_TYPE_NONE;
    }
    f = (fields >> ZCNIC_RSS_FIELDS_SHIFT(ft)) &
        ((1u << ZCNIC_RSS_FIELDS_WIDTH) - 1);
    if (pi->l3 == ZCNIC_L3_IPV6) {
        alen = 16;
        src = pi->l3_off + 8;
        l3_type = ZCNIC_RSS_TYPE_IPV6;
    } else {
        alen = 4;
        src = pi->l3_off + 12;
        l3_type = ZCNIC_RSS_TYPE_IPV4;
    }
    if (ft == ZCNIC_RSS_FT_TCP4 || ft == ZCNIC_RSS_FT_TCP6) {
        l4_type = l3_type + 1;
    } else if (ft == ZCNIC_RSS_FT_UDP4 || ft == ZCNIC_RSS_FT_UDP6) {
        l4_type = l3_type + 2;
    } else {
        f &= ZCNIC_RSS_F_IP;    /* no ports to hash */
    }
    if (!f || src + 2 * alen > len) {
        return ZCNIC_RSS_TYPE_NONE;
    }
    /* Microsoft's order: source address, destination, source port, dest. */
    if (f & ZCNIC_RSS_F_IP_SRC) {
        memcpy(in + n, frame + src, alen);
        n += alen;
    }
    if (f & ZCNIC_RSS_F_IP_DST) {
        memcpy(in + n, frame + src + alen, alen);
        n += alen;
    }
    if (f & ZCNIC_RSS_F_L4_SRC) {
        memcpy(in + n, frame + pi->l4_off, 2);
        n += 2;
    }
    if (f & ZCNIC_RSS_F_L4_DST) {
        memcpy(in + n, frame + pi->l4_off + 2, 2);
        n += 2;
    }
    *hash = zcnic_toeplitz(key, ZCNIC_RSS_KEY_LEN, in, n);
    return f & (ZCNIC_RSS_F_L4_SRC | ZCNIC_RSS_F_L4_DST) ? l4_type : l3_type;
}
