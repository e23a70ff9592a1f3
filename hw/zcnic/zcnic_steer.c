/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic ntuple rules (spec 4.9): which rule a received frame matches.
 * Every field is compared under its mask; a mask of 0 matches anything.
 * QEMU-independent: unit/test-steer.c.
 */
#include <string.h>

#include "zcnic_bytes.h"
#include "zcnic_steer.h"

#define FIELD(w, f)     (((w) >> f##_SHIFT) & ((1u << f##_WIDTH) - 1))

bool zcnic_nt_rule_check(const ZcnicNtRule *r, unsigned queues,
                         const char **why)
{
    uint32_t act = r->w[ZCNIC_NT_W_ACTION];
    uint32_t l3 = r->w[ZCNIC_NT_W_L3];
    unsigned ipv = FIELD(l3, ZCNIC_NT_IPV);
    bool ip_fields = FIELD(l3, ZCNIC_NT_PROTO_MASK) ||
                     r->w[ZCNIC_NT_W_PORTS_MASK];

    for (int i = 0; i < 4; i++) {
        ip_fields |= r->w[ZCNIC_NT_W_SRC_MASK + i] ||
                     r->w[ZCNIC_NT_W_DST_MASK + i];
        if (ipv == 4 && i &&
            (r->w[ZCNIC_NT_W_SRC_MASK + i] || r->w[ZCNIC_NT_W_DST_MASK + i])) {
            *why = "an IPv4 rule masks address words 1..3";
            return false;
        }
    }
    if (act & ~(ZCNIC_NT_DROP |
                ((1u << ZCNIC_NT_QUEUE_WIDTH) - 1) << ZCNIC_NT_QUEUE_SHIFT)) {
        *why = "reserved NT_ACTION bits";
        return false;
    }
    if (!(act & ZCNIC_NT_DROP) && FIELD(act, ZCNIC_NT_QUEUE) >= queues) {
        *why = "queue beyond the device's";
        return false;
    }
    if (l3 >> (ZCNIC_NT_PROTO_MASK_SHIFT + ZCNIC_NT_PROTO_MASK_WIDTH) ||
        (l3 >> ZCNIC_NT_IPV_WIDTH) % (1u << (ZCNIC_NT_PROTO_SHIFT -
                                              ZCNIC_NT_IPV_WIDTH))) {
        *why = "reserved NT_L3 bits";
        return false;
    }
    if (ipv != 0 && ipv != 4 && ipv != 6) {
        *why = "IP version not 0, 4 or 6";
        return false;
    }
    if (!ipv && ip_fields) {
        *why = "IP fields masked in a rule for any frame";
        return false;
    }
    if ((r->w[ZCNIC_NT_W_VLAN] & 0xf000f000u)) {
        *why = "reserved NT_VLAN bits";
        return false;
    }
    return true;
}

static bool masked_eq(uint32_t a, uint32_t b, uint32_t mask)
{
    return !((a ^ b) & mask);
}

/* the four words of an address at P (ALEN bytes: 4 or 16) */
static void addr_words(const uint8_t *p, size_t alen, uint32_t *w)
{
    memset(w, 0, 4 * sizeof(*w));
    for (size_t i = 0; i < alen / 4; i++) {
        w[i] = get32(p + 4 * i);
    }
}

bool zcnic_nt_match(const ZcnicNtRule *r, const uint8_t *frame, size_t len,
                    const ZcnicPktInfo *pi)
{
    uint32_t l3 = r->w[ZCNIC_NT_W_L3], etype_w = r->w[ZCNIC_NT_W_ETYPE];
    uint32_t vlan_w = r->w[ZCNIC_NT_W_VLAN];
    unsigned ipv = FIELD(l3, ZCNIC_NT_IPV);
    size_t etype_off = 12 + 4 * pi->vlan_tags;
    uint32_t src[4], dst[4];
    size_t alen, saddr;

    if (len < etype_off + 2) {
        return false;
    }
    /* the frame's ethertype after its tags: the L3 protocol */
    if (!masked_eq(get16(frame + etype_off), etype_w & 0xffff,
                   etype_w >> 16)) {
        return false;
    }
    /* the outer tag's VID; a frame without a tag has none to match */
    if (vlan_w >> 16) {
        if (!pi->vlan_tags ||
            !masked_eq(get16(frame + 14) & 0xfff, vlan_w & 0xfff,
                       vlan_w >> 16)) {
            return false;
        }
    }
    if (!ipv) {
        return true;
    }
    if ((ipv == 4 && pi->l3 != ZCNIC_L3_IPV4) ||
        (ipv == 6 && pi->l3 != ZCNIC_L3_IPV6)) {
        return false;
    }
    if (!masked_eq(pi->l4_proto, FIELD(l3, ZCNIC_NT_PROTO),
                   FIELD(l3, ZCNIC_NT_PROTO_MASK))) {
        return false;
    }
    alen = ipv == 4 ? 4 : 16;
    saddr = pi->l3_off + (ipv == 4 ? 12 : 8);
    if (saddr + 2 * alen > len) {
        return false;
    }
    addr_words(frame + saddr, alen, src);
    addr_words(frame + saddr + alen, alen, dst);
    for (int i = 0; i < 4; i++) {
        if (!masked_eq(src[i], r->w[ZCNIC_NT_W_SRC + i],
                       r->w[ZCNIC_NT_W_SRC_MASK + i]) ||
            !masked_eq(dst[i], r->w[ZCNIC_NT_W_DST + i],
                       r->w[ZCNIC_NT_W_DST_MASK + i])) {
            return false;
        }
    }
    if (r->w[ZCNIC_NT_W_PORTS_MASK]) {
        /* ports: TCP or UDP, not a fragment, the header in the frame */
        uint32_t ports;

        if ((pi->l4 != ZCNIC_L4_TCP && pi->l4 != ZCNIC_L4_UDP) || pi->frag ||
            pi->l4_off + 4 > len) {
            return false;
        }
        ports = get16(frame + pi->l4_off) |
                (uint32_t)get16(frame + pi->l4_off + 2) << 16;
        if (!masked_eq(ports, r->w[ZCNIC_NT_W_PORTS],
                       r->w[ZCNIC_NT_W_PORTS_MASK])) {
            return false;
        }
    }
    return true;
}

int zcnic_nt_lookup(const ZcnicNtRule *rules, const uint64_t *valid,
                    unsigned n, const uint8_t *frame, size_t len,
                    const ZcnicPktInfo *pi)
{
    for (unsigned i = 0; i < n; i++) {
        if ((valid[i / 64] >> (i % 64) & 1) &&
            zcnic_nt_match(&rules[i], frame, len, pi)) {
            return i;
        }
    }
    return -1;
}
