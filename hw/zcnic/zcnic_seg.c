/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic segmentation and receive coalescing arithmetic (see zcnic_seg.h).
 * No QEMU headers: this file is also built by the unit tests and the fuzz
 * harness.
 */
#include <string.h>

#include "zcnic_bytes.h"
#include "zcnic_seg.h"

#define IPV4_HLEN       20
#define TCP_HLEN        20
#define UDP_HLEN        8

#define TCP_FIN         0x01
#define TCP_SYN         0x02
#define TCP_RST         0x04
#define TCP_PSH         0x08
#define TCP_ACK         0x10
#define TCP_CWR         0x80

static void ipv4_set_csum(uint8_t *ip)
{
    size_t ihl = (size_t)(ip[0] & 0xf) * 4;

    put16(ip + 10, 0);
    put16(ip + 10, (uint16_t)~zcnic_csum_fold(zcnic_csum_add(0, ip, ihl)));
}

/* Pseudo-header sum of an L4 datagram of L4_LEN bytes. */
static uint32_t pseudo_sum(const uint8_t *ip, bool ipv6, uint8_t proto,
                           uint32_t l4_len)
{
    uint32_t sum = proto + (l4_len >> 16) + (l4_len & 0xffff);

    if (ipv6) {
        return zcnic_csum_add(sum, ip + 8, 32);
    }
    return zcnic_csum_add(sum, ip + 12, 8);
}

/* Set the IP length field for LEN bytes from the IP header on (no checksum) */
static void ip_set_len(uint8_t *ip, bool ipv6, size_t len)
{
    if (ipv6) {
        put16(ip + 4, (uint16_t)(len - IPV6_HLEN));
    } else {
        put16(ip + 2, (uint16_t)len);
    }
}

static uint16_t l4_csum(uint32_t sum, bool udp)
{
    uint16_t c = (uint16_t)~zcnic_csum_fold(sum);

    /* UDP sends 0 as 0xffff: 0 means "no checksum" */
    return udp && !c ? 0xffff : c;
}

ZcnicSegErr zcnic_seg_parse(const uint8_t *h, size_t hdr_len,
                            bool udp, ZcnicSegInfo *si)
{
    size_t off = 12;
    uint16_t type;
    uint8_t proto;

    memset(si, 0, sizeof(*si));
    if (hdr_len < ETH_HLEN) {
        return ZCNIC_SEG_NOT_IP;
    }
    type = get16(h + off);
    for (int tags = 0; (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) &&
                       tags < 2; tags++) {
        if (off + 6 > hdr_len) {
            return ZCNIC_SEG_NOT_IP;
        }
        off += 4;
        type = get16(h + off);
    }
    si->l3_off = off + 2;
    if (type == ETHERTYPE_IPV4) {
        size_t ihl;

        if (si->l3_off + IPV4_HLEN > hdr_len || (h[si->l3_off] >> 4) != 4) {
            return ZCNIC_SEG_NOT_IP;
        }
        ihl = (size_t)(h[si->l3_off] & 0xf) * 4;
        if (ihl < IPV4_HLEN || si->l3_off + ihl > hdr_len) {
            return ZCNIC_SEG_HDR_LEN;
        }
        if (get16(h + si->l3_off + 6) & 0x3fff) {
            return ZCNIC_SEG_IP_FRAG;
        }
        proto = h[si->l3_off + 9];
        si->l4_off = si->l3_off + ihl;
    } else if (type == ETHERTYPE_IPV6) {
        if (si->l3_off + IPV6_HLEN > hdr_len || (h[si->l3_off] >> 4) != 6) {
            return ZCNIC_SEG_NOT_IP;
        }
        si->ipv6 = true;
        proto = h[si->l3_off + 6];
        switch (proto) {
        case IPPROTO_HOPOPTS:
        case IPPROTO_ROUTING:
        case IPPROTO_FRAG:
        case IPPROTO_AH:
        case IPPROTO_DSTOPTS:
            return ZCNIC_SEG_IP_EXT;
        }
        si->l4_off = si->l3_off + IPV6_HLEN;
    } else {
        return ZCNIC_SEG_NOT_IP;
    }
    if (proto != (udp ? IPPROTO_UDP : IPPROTO_TCP)) {
        return ZCNIC_SEG_WRONG_L4;
    }
    si->udp = udp;
    if (udp) {
        if (si->l4_off + UDP_HLEN != hdr_len) {
            return ZCNIC_SEG_HDR_LEN;
        }
    } else if (si->l4_off + TCP_HLEN > hdr_len ||
               si->l4_off + (size_t)(h[si->l4_off + 12] >> 4) * 4 != hdr_len) {
        return ZCNIC_SEG_HDR_LEN;
    }
    si->hdr_len = hdr_len;
    return ZCNIC_SEG_OK;
}

void zcnic_seg_build(const ZcnicSegInfo *si, const uint8_t *tmpl,
                     uint8_t *out, unsigned idx, size_t mss, size_t payload,
                     bool last, uint32_t payload_sum)
{
    uint8_t *ip = out + si->l3_off, *l4 = out + si->l4_off;
    uint32_t l4_len = (uint32_t)(si->hdr_len - si->l4_off + payload);
    uint32_t sum;

    memcpy(out, tmpl, si->hdr_len);
    ip_set_len(ip, si->ipv6, si->hdr_len - si->l3_off + payload);
    if (!si->ipv6) {
        put16(ip + 4, (uint16_t)(get16(ip + 4) + idx));
        ipv4_set_csum(ip);
    }
    if (si->udp) {
        put16(l4 + 4, (uint16_t)l4_len);
        put16(l4 + 6, 0);
    } else {
        put32(l4 + 4, get32(l4 + 4) + (uint32_t)(idx * mss));
        if (!last) {
            l4[13] &= ~(TCP_FIN | TCP_PSH);
        }
        if (idx) {
            l4[13] &= ~TCP_CWR;
        }
        put16(l4 + 16, 0);
    }
    sum = pseudo_sum(ip, si->ipv6, si->udp ? IPPROTO_UDP : IPPROTO_TCP,
                     l4_len);
    sum = zcnic_csum_add(sum, l4, si->hdr_len - si->l4_off);
    sum += zcnic_csum_fold(payload_sum);
    put16(l4 + (si->udp ? 6 : 16), l4_csum(sum, si->udp));
}

void zcnic_seg_build_gso(const ZcnicSegInfo *si, const uint8_t *tmpl,
                         uint8_t *out, size_t payload)
{
    uint8_t *ip = out + si->l3_off, *l4 = out + si->l4_off;
    uint32_t l4_len = (uint32_t)(si->hdr_len - si->l4_off + payload);

    memcpy(out, tmpl, si->hdr_len);
    ip_set_len(ip, si->ipv6, si->hdr_len - si->l3_off + payload);
    if (!si->ipv6) {
        ipv4_set_csum(ip);
    }
    if (si->udp) {
        put16(l4 + 4, (uint16_t)l4_len);
    }
    put16(l4 + (si->udp ? 6 : 16),
          zcnic_csum_fold(pseudo_sum(ip, si->ipv6, si->udp ? IPPROTO_UDP
                                                           : IPPROTO_TCP,
                                     l4_len)));
}

ZcnicGroKind zcnic_gro_classify(const uint8_t *f, size_t len,
                                const ZcnicPktInfo *pi,
                                ZcnicGroSeg *g)
{
    const uint8_t *th;
    uint32_t sum;

    memset(g, 0, sizeof(*g));
    if (pi->l3 == ZCNIC_L3_NONE || pi->l4 != ZCNIC_L4_TCP || pi->bad_len ||
        pi->frag) {
        return ZCNIC_GRO_NONE;
    }
    th = f + pi->l4_off;
    g->l3_off = pi->l3_off;
    g->l4_off = pi->l4_off;
    g->hdr_len = pi->l4_off + pi->l4_hdr_len;
    g->payload = pi->l3_end - g->hdr_len;
    g->seq = get32(th + 4);
    g->ipv6 = pi->l3 == ZCNIC_L3_IPV6;
    g->psh = th[13] & TCP_PSH;
    if ((th[13] & ~TCP_PSH) != TCP_ACK || !g->payload ||
        pi->l3_end != len ||
        (g->ipv6 ? g->l4_off != g->l3_off + IPV6_HLEN
                 : g->l4_off != g->l3_off + IPV4_HLEN) ||
        (!g->ipv6 && zcnic_ip_csum(f, pi) != ZCNIC_CSUM_OK)) {
        return ZCNIC_GRO_SOLO;
    }
    g->payload_sum = zcnic_csum_fold(zcnic_csum_add(0, f + g->hdr_len,
                                                    g->payload));
    sum = pseudo_sum(f + g->l3_off, g->ipv6, IPPROTO_TCP,
                     (uint32_t)(len - g->l4_off));
    sum = zcnic_csum_add(sum, th, g->hdr_len - g->l4_off);
    if (zcnic_csum_fold(sum + g->payload_sum) != 0xffff) {
        return ZCNIC_GRO_SOLO;      /* bad TCP checksum */
    }
    return ZCNIC_GRO_OK;
}

bool zcnic_gro_same_flow(const uint8_t *a, const ZcnicGroSeg *ga,
                         const uint8_t *b, const ZcnicGroSeg *gb)
{
    size_t addr = ga->ipv6 ? 8 : 12, alen = ga->ipv6 ? 32 : 8;

    return ga->l3_off == gb->l3_off && ga->ipv6 == gb->ipv6 &&
           !memcmp(a, b, ga->l3_off) &&
           !memcmp(a + ga->l3_off + addr, b + gb->l3_off + addr, alen) &&
           !memcmp(a + ga->l4_off, b + gb->l4_off, 4);
}

bool zcnic_gro_same_hdr(const uint8_t *a, const ZcnicGroSeg *ga,
                        const uint8_t *b, const ZcnicGroSeg *gb,
                        unsigned count)
{
    const uint8_t *ia = a + ga->l3_off, *ib = b + gb->l3_off;
    const uint8_t *ta = a + ga->l4_off, *tb = b + gb->l4_off;

    if (ga->hdr_len != gb->hdr_len || ga->l4_off != gb->l4_off) {
        return false;
    }
    if (ga->ipv6) {
        /* version, traffic class, flow label; next header, hop limit */
        if (memcmp(ia, ib, 4) || memcmp(ia + 6, ib + 6, 2)) {
            return false;
        }
    } else if (memcmp(ia, ib, 2) || memcmp(ia + 6, ib + 6, 4) ||
               get16(ib + 4) != (uint16_t)(get16(ia + 4) + count)) {
        /* version, IHL, TOS; flags, TTL, protocol; ID one per segment */
        return false;
    }
    /* ack, data offset, flags but PSH, window; urgent pointer, options */
    return !memcmp(ta + 8, tb + 8, 5) &&
           (ta[13] & ~TCP_PSH) == (tb[13] & ~TCP_PSH) &&
           !memcmp(ta + 14, tb + 14, 2) &&
           !memcmp(ta + 18, tb + 18, ga->hdr_len - ga->l4_off - 18);
}

uint16_t zcnic_gro_sum_append(uint16_t sum, size_t offset, uint16_t seg_sum)
{
    if (offset & 1) {
        seg_sum = (uint16_t)(seg_sum << 8 | seg_sum >> 8);
    }
    return zcnic_csum_fold((uint32_t)sum + seg_sum);
}

void zcnic_gro_finish(uint8_t *f, const ZcnicGroSeg *g, size_t payload,
                      uint16_t payload_sum, bool psh)
{
    uint8_t *ip = f + g->l3_off, *th = f + g->l4_off;
    uint32_t l4_len = (uint32_t)(g->hdr_len - g->l4_off + payload);
    uint32_t sum;

    ip_set_len(ip, g->ipv6, g->hdr_len - g->l3_off + payload);
    if (!g->ipv6) {
        ipv4_set_csum(ip);
    }
    if (psh) {
        th[13] |= TCP_PSH;
    }
    put16(th + 16, 0);
    sum = pseudo_sum(ip, g->ipv6, IPPROTO_TCP, l4_len);
    sum = zcnic_csum_add(sum, th, g->hdr_len - g->l4_off);
    put16(th + 16, l4_csum(sum + payload_sum, false));
}
