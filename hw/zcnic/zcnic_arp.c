/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic ARP offload logic: see zcnic_arp.h and spec 8.  No QEMU headers:
 * this file is also built into unit/test-arp and the fuzz harness.
 */
#include <string.h>

#include "zcnic_arp.h"
#include "zcnic_bytes.h"

static bool entry_valid(const ZcnicArpEntry *e, int64_t now_ns)
{
    return e->expire_ns && e->expire_ns > now_ns;
}

void zcnic_arp_flush(ZcnicArpCache *c)
{
    memset(c->e, 0, sizeof(*c->e) * c->n);
}

unsigned zcnic_arp_expire(ZcnicArpCache *c, int64_t now_ns,
                          void (*expired)(void *opaque,
                                          const ZcnicArpEntry *e),
                          void *opaque)
{
    unsigned n = 0;

    for (uint32_t i = 0; i < c->n; i++) {
        ZcnicArpEntry *e = &c->e[i];

        if (e->expire_ns && e->expire_ns <= now_ns) {
            if (expired) {
                expired(opaque, e);
            }
            e->expire_ns = 0;
            n++;
        }
    }
    return n;
}

uint32_t zcnic_arp_ttl_left(const ZcnicArpEntry *e, int64_t now_ns)
{
    if (!entry_valid(e, now_ns)) {
        return 0;
    }
    return (uint32_t)((e->expire_ns - now_ns + ZCNIC_ARP_NS_PER_S - 1) /
                      ZCNIC_ARP_NS_PER_S);
}

ZcnicArpWriteResult zcnic_arp_write(ZcnicArpCache *c, uint32_t ip,
                                    const uint8_t *mac, uint32_t ttl_s,
                                    int64_t now_ns, int *index)
{
    int64_t expire = now_ns + (int64_t)ttl_s * ZCNIC_ARP_NS_PER_S;
    int i = zcnic_arp_lookup(c, ip, now_ns);
    ZcnicArpWriteResult res = ZCNIC_ARP_UPDATED;

    if (i < 0) {
        res = ZCNIC_ARP_OVERFLOW;
        for (uint32_t j = 0; j < c->n; j++) {
            if (!entry_valid(&c->e[j], now_ns)) {
                i = j;
                res = ZCNIC_ARP_LEARNED;
                break;
            }
        }
    }
    if (index) {
        *index = i;
    }
    if (i < 0) {
        return res;
    }
    c->e[i].ip = ip;
    memcpy(c->e[i].mac, mac, 6);
    /* a TTL of 0 (never written by the device) would mean "invalid" */
    c->e[i].expire_ns = expire ? expire : 1;
    return res;
}

int zcnic_arp_lookup(const ZcnicArpCache *c, uint32_t ip, int64_t now_ns)
{
    for (uint32_t i = 0; i < c->n; i++) {
        if (entry_valid(&c->e[i], now_ns) && c->e[i].ip == ip) {
            return i;
        }
    }
    return -1;
}

bool zcnic_arp_ip_unicast(uint32_t ip)
{
    return ip != 0 && ip != 0xffffffffu && (ip >> 28) != 0xe;
}

ZcnicArpParseResult zcnic_arp_parse(const uint8_t *frame, size_t len,
                                    ZcnicArpPkt *pkt)
{
    const uint8_t *a = frame + 14;

    if (len < 14 || get16(frame + 12) != ZCNIC_ARP_ETHERTYPE) {
        return ZCNIC_ARP_NOT_ARP;
    }
    if (len < ZCNIC_ARP_FRAME_LEN) {
        return ZCNIC_ARP_BAD_TRUNCATED;
    }
    if (get16(a) != 1) {
        return ZCNIC_ARP_BAD_HTYPE;
    }
    if (get16(a + 2) != 0x0800) {
        return ZCNIC_ARP_BAD_PTYPE;
    }
    if (a[4] != 6) {
        return ZCNIC_ARP_BAD_HLEN;
    }
    if (a[5] != 4) {
        return ZCNIC_ARP_BAD_PLEN;
    }
    pkt->op = get16(a + 6);
    memcpy(pkt->sha, a + 8, 6);
    pkt->spa = get32(a + 14);
    memcpy(pkt->tha, a + 18, 6);
    pkt->tpa = get32(a + 24);
    if (pkt->op != ZCNIC_ARP_OP_REQUEST && pkt->op != ZCNIC_ARP_OP_REPLY) {
        return ZCNIC_ARP_BAD_OP;
    }
    if (!zcnic_arp_ip_unicast(pkt->spa)) {
        return ZCNIC_ARP_BAD_SPA;
    }
    if (pkt->sha[0] & 1) {          /* group bit: broadcast or multicast */
        return ZCNIC_ARP_BAD_SHA;
    }
    return ZCNIC_ARP_OK;
}

size_t zcnic_arp_build(uint8_t *buf, const uint8_t *dst, const uint8_t *src,
                       uint16_t op, const uint8_t *sha, uint32_t spa,
                       const uint8_t *tha, uint32_t tpa)
{
    uint8_t *a = buf + 14;

    memset(buf, 0, ZCNIC_ARP_PADDED_LEN);
    memcpy(buf, dst, 6);
    memcpy(buf + 6, src, 6);
    put16(buf + 12, ZCNIC_ARP_ETHERTYPE);
    put16(a, 1);
    put16(a + 2, 0x0800);
    a[4] = 6;
    a[5] = 4;
    put16(a + 6, op);
    memcpy(a + 8, sha, 6);
    put32(a + 14, spa);
    memcpy(a + 18, tha, 6);
    put32(a + 24, tpa);
    return ZCNIC_ARP_PADDED_LEN;
}
