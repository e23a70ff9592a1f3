/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic frame parser (see zcnic_parse.h).  No QEMU headers: this file is
 * also built by the unit tests and the fuzz harness.
 */
#include <string.h>

#include "zcnic_bytes.h"
#include "zcnic_parse.h"

/* Extension headers followed before giving up (bounds the loop). */
#define IPV6_MAX_EXT    8

static void parse_l4(const uint8_t *f, ZcnicPktInfo *pi, size_t off)
{
    size_t end = pi->l3_end;

    pi->l4_off = off;
    if (pi->frag && !pi->frag_first) {
        pi->l4 = ZCNIC_L4_NONE;     /* no L4 header in this fragment */
        return;
    }
    switch (pi->l4_proto) {
    case IPPROTO_TCP:
        if (off + 20 > end) {
            pi->bad_len = true;
            return;
        }
        pi->l4_hdr_len = (size_t)(f[off + 12] >> 4) * 4;
        if (pi->l4_hdr_len < 20 || off + pi->l4_hdr_len > end) {
            pi->l4_hdr_len = 0;
            pi->bad_len = true;
            return;
        }
        pi->l4 = ZCNIC_L4_TCP;
        return;
    case IPPROTO_UDP:
        if (off + 8 > end) {
            pi->bad_len = true;
            return;
        }
        pi->l4_hdr_len = 8;
        pi->l4 = ZCNIC_L4_UDP;
        return;
    default:
        pi->l4 = ZCNIC_L4_OTHER;
        return;
    }
}

static void parse_ipv4(const uint8_t *f, size_t len, ZcnicPktInfo *pi)
{
    size_t off = pi->l3_off, ihl, total;
    uint16_t frag;

    if (off + 20 > len || (f[off] >> 4) != 4) {
        return;
    }
    ihl = (size_t)(f[off] & 0xf) * 4;
    total = get16(f + off + 2);
    if (ihl < 20 || total < ihl || off + total > len) {
        pi->bad_len = true;
        return;
    }
    pi->l3 = ZCNIC_L3_IPV4;
    pi->l3_end = off + total;
    frag = get16(f + off + 6);
    pi->frag = (frag & 0x3fff) != 0;            /* MF or an offset */
    pi->frag_first = pi->frag && !(frag & 0x1fff);
    pi->l4_proto = f[off + 9];
    parse_l4(f, pi, off + ihl);
}

static void parse_ipv6(const uint8_t *f, size_t len, ZcnicPktInfo *pi)
{
    size_t off = pi->l3_off, end;
    uint8_t nh;

    if (off + IPV6_HLEN > len || (f[off] >> 4) != 6) {
        return;
    }
    end = off + IPV6_HLEN + get16(f + off + 4);
    if (end > len) {
        pi->bad_len = true;
        return;
    }
    pi->l3 = ZCNIC_L3_IPV6;
    pi->l3_end = end;
    nh = f[off + 6];
    off += IPV6_HLEN;
    for (int i = 0; i < IPV6_MAX_EXT; i++) {
        size_t hlen;

        switch (nh) {
        case IPPROTO_HOPOPTS:
        case IPPROTO_ROUTING:
        case IPPROTO_DSTOPTS:
            if (off + 8 > end) {
                pi->bad_len = true;
                return;
            }
            hlen = ((size_t)f[off + 1] + 1) * 8;
            if (nh == IPPROTO_ROUTING && f[off + 3] != 0) {
                pi->routed = true;
            }
            break;
        case IPPROTO_AH:
            if (off + 8 > end) {
                pi->bad_len = true;
                return;
            }
            hlen = ((size_t)f[off + 1] + 2) * 4;
            break;
        case IPPROTO_FRAG:
            if (off + 8 > end) {
                pi->bad_len = true;
                return;
            }
            hlen = 8;
            pi->frag = true;
            pi->frag_first = (get16(f + off + 2) & 0xfff8) == 0;
            break;
        default:
            pi->l4_proto = nh;
            parse_l4(f, pi, off);
            return;
        }
        if (off + hlen > end) {
            pi->bad_len = true;
            return;
        }
        nh = f[off];
        off += hlen;
    }
    /* Too many extension headers: IP, but no L4 found. */
}

void zcnic_parse(const uint8_t *f, size_t len, ZcnicPktInfo *pi)
{
    size_t off = 12;
    uint16_t type;

    memset(pi, 0, sizeof(*pi));
    if (len < ETH_HLEN) {
        return;
    }
    type = get16(f + off);
    while ((type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) &&
           pi->vlan_tags < 2) {
        if (off + 6 > len) {
            return;
        }
        off += 4;
        pi->vlan_tags++;
        type = get16(f + off);
    }
    pi->l3_off = off + 2;
    if (type == ETHERTYPE_IPV4) {
        parse_ipv4(f, len, pi);
    } else if (type == ETHERTYPE_IPV6) {
        parse_ipv6(f, len, pi);
    }
    if (pi->l3 == ZCNIC_L3_NONE) {
        pi->l3_off = 0;
    }
}

uint32_t zcnic_csum_add(uint32_t sum, const uint8_t *buf, size_t len)
{
    /*
     * RFC 1071: the ones' complement sum does not depend on byte order, so
     * sum 64-bit words as the host loads them, as two 32-bit halves into a
     * 64-bit accumulator (2^16 = 1 mod 0xffff: they fold to the sum of the
     * 16-bit words), and swap the folded result on a little-endian host.
     * A 64 KB frame adds under 2^46: no carry is lost.
     */
    uint64_t acc = 0;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t w;

        memcpy(&w, buf + i, 8);
        acc += (w & 0xffffffffu) + (w >> 32);
    }
    for (; i + 2 <= len; i += 2) {
        uint16_t w;

        memcpy(&w, buf + i, 2);
        acc += w;
    }
    while (acc >> 16) {
        acc = (acc & 0xffff) + (acc >> 16);
    }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    acc = ((acc & 0xff) << 8) | (acc >> 8);
#endif
    if (i < len) {
        acc += (uint32_t)buf[i] << 8;   /* an odd last byte: the high one */
    }
    acc += sum;
    /* folded to 16 bits: callers may add more without overflow */
    while (acc >> 16) {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    return (uint32_t)acc;
}

uint16_t zcnic_csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)sum;
}

ZcnicCsumResult zcnic_ip_csum(const uint8_t *f, const ZcnicPktInfo *pi)
{
    size_t ihl;

    if (pi->l3 != ZCNIC_L3_IPV4) {
        return ZCNIC_CSUM_NONE;
    }
    ihl = (size_t)(f[pi->l3_off] & 0xf) * 4;
    return zcnic_csum_fold(zcnic_csum_add(0, f + pi->l3_off, ihl)) == 0xffff
           ? ZCNIC_CSUM_OK : ZCNIC_CSUM_BAD;
}

ZcnicCsumResult zcnic_l4_csum(const uint8_t *f, const ZcnicPktInfo *pi)
{
    size_t l4len;
    uint32_t sum;
    uint8_t ph[8];

    if ((pi->l4 != ZCNIC_L4_TCP && pi->l4 != ZCNIC_L4_UDP) || pi->frag ||
        pi->routed || pi->bad_len) {
        return ZCNIC_CSUM_NONE;
    }
    l4len = pi->l3_end - pi->l4_off;
    if (pi->l3 == ZCNIC_L3_IPV4) {
        if (pi->l4 == ZCNIC_L4_UDP && get16(f + pi->l4_off + 6) == 0) {
            return ZCNIC_CSUM_NONE;     /* UDP over IPv4 without a checksum */
        }
        sum = zcnic_csum_add(0, f + pi->l3_off + 12, 8);   /* src, dst */
    } else {
        sum = zcnic_csum_add(0, f + pi->l3_off + 8, 32);
    }
    ph[0] = 0;
    ph[1] = 0;
    ph[2] = (uint8_t)(l4len >> 8 >> 16);
    ph[3] = (uint8_t)(l4len >> 16);
    ph[4] = (uint8_t)(l4len >> 8);
    ph[5] = (uint8_t)l4len;
    ph[6] = 0;
    ph[7] = pi->l4_proto;
    /* IPv4: proto and 16-bit length; IPv6: 32-bit length and next header */
    sum = zcnic_csum_add(sum, ph + 2, 6);
    sum = zcnic_csum_add(sum, f + pi->l4_off, l4len);
    return zcnic_csum_fold(sum) == 0xffff ? ZCNIC_CSUM_OK : ZCNIC_CSUM_BAD;
}

ZcnicSplitResult zcnic_split_point(const ZcnicPktInfo *pi, size_t *hdr_len)
{
    *hdr_len = 0;
    if (pi->bad_len) {
        return ZCNIC_SPLIT_BAD_LEN;
    }
    if (pi->l3 == ZCNIC_L3_NONE) {
        return ZCNIC_SPLIT_NOT_IP;
    }
    if (pi->frag && !pi->frag_first) {
        return ZCNIC_SPLIT_FRAG;
    }
    if (pi->l4 == ZCNIC_L4_TCP || pi->l4 == ZCNIC_L4_UDP) {
        *hdr_len = pi->l4_off + pi->l4_hdr_len;
    } else if (pi->l4 == ZCNIC_L4_OTHER) {
        *hdr_len = pi->l4_off;
    } else {
        return ZCNIC_SPLIT_BAD_LEN;     /* IP, but the L4 header is cut */
    }
    return ZCNIC_SPLIT_OK;
}

/* Ones' complement sum of LEN bytes from OFF of an iovec. */
uint32_t zcnic_csum_iov(const struct iovec *iov, int cnt, size_t off,
                        size_t len)
{
    uint32_t sum = 0;
    size_t pos = 0;     /* bytes summed so far: parity of the next byte */

    for (int i = 0; i < cnt && len; i++) {
        const uint8_t *p = iov[i].iov_base;
        size_t n = iov[i].iov_len;

        if (off >= n) {
            off -= n;
            continue;
        }
        p += off;
        n = n - off < len ? n - off : len;
        off = 0;
        if (pos & 1) {
            sum += *p++;        /* low byte of a word begun before */
            n--;
            len--;
            pos++;
        }
        sum = zcnic_csum_add(sum, p, n);
        len -= n;
        pos += n;
    }
    return sum;
}
