/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of hw/zcnic/zcnic_steer.c (spec 4.9): ntuple rules against
 * frames built here, the lowest matching rule, the checks of a rule
 * before it is written, and every prefix of a frame (ASan/UBSan: no read
 * beyond it).  g_test cases, TAP.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "zcnic/zcnic_hw.h"
#include "zcnic_steer.h"
#include "zcnic-unit.h"

static void put16(uint8_t *p, unsigned v)
{
    p[0] = v >> 8;
    p[1] = v & 0xff;
}

/*
 * Ethernet [+ one 802.1Q tag, VID 7] + IPv4 or IPv6 (SRC -> DST) + PROTO
 * with ports SPORT -> DPORT (TCP/UDP); FRAG: IPv4 fragment offset field.
 */
static size_t frame(uint8_t *f, bool tag, int af, const char *src,
                    const char *dst, uint8_t proto, unsigned sport,
                    unsigned dport, unsigned frag)
{
    size_t off = 12;

    memset(f, 0, 200);
    f[0] = 0x02;
    f[6] = 0x02;
    if (tag) {
        put16(f + 12, 0x8100);
        put16(f + 14, 7);
        off += 4;
    }
    if (af == AF_INET) {
        put16(f + off, 0x0800);
        off += 2;
        f[off] = 0x45;
        put16(f + off + 2, 20 + 20);
        put16(f + off + 6, frag);
        f[off + 8] = 64;
        f[off + 9] = proto;
        g_assert(inet_pton(af, src, f + off + 12) == 1);
        g_assert(inet_pton(af, dst, f + off + 16) == 1);
        off += 20;
    } else {
        put16(f + off, 0x86dd);
        off += 2;
        f[off] = 0x60;
        put16(f + off + 4, 20);
        f[off + 6] = proto;
        f[off + 7] = 64;
        g_assert(inet_pton(af, src, f + off + 8) == 1);
        g_assert(inet_pton(af, dst, f + off + 24) == 1);
        off += 40;
    }
    put16(f + off, sport);
    put16(f + off + 2, dport);
    if (proto == 6) {
        f[off + 12] = 0x50;
    } else {
        put16(f + off + 4, 20);
    }
    return off + 20;
}

static bool match(const ZcnicNtRule *r, const uint8_t *f, size_t len)
{
    ZcnicPktInfo pi;

    zcnic_parse(f, len, &pi);
    return zcnic_nt_match(r, f, len, &pi);
}

static ZcnicNtRule rule_l3(unsigned ipv, unsigned proto, unsigned pmask)
{
    ZcnicNtRule r = { { 0 } };

    r.w[ZCNIC_NT_W_L3] = ipv << ZCNIC_NT_IPV_SHIFT |
                         proto << ZCNIC_NT_PROTO_SHIFT |
                         pmask << ZCNIC_NT_PROTO_MASK_SHIFT;
    return r;
}

static void test_any(void)
{
    ZcnicNtRule r = { { 0 } };
    uint8_t f[200];
    size_t len = frame(f, false, AF_INET, "10.0.0.1", "10.0.0.2", 17, 1, 2,
                       0);

    check(match(&r, f, len), "the empty rule matches an IPv4 frame");
    put16(f + 12, 0x0806);
    check(match(&r, f, len), "... and an ARP frame");
    r.w[ZCNIC_NT_W_ETYPE] = 0xffff0806;
    check(match(&r, f, len), "ethertype 0x0806: the ARP frame");
    put16(f + 12, 0x0800);
    check(!match(&r, f, len), "ethertype 0x0806: not the IPv4 frame");
}

static void test_ports_udp4(void)
{
    ZcnicNtRule r = rule_l3(4, 17, 0xff);
    uint8_t f[200];
    size_t len;

    r.w[ZCNIC_NT_W_PORTS] = 6666u << 16;
    r.w[ZCNIC_NT_W_PORTS_MASK] = 0xffffu << 16;
    len = frame(f, false, AF_INET, "10.0.0.1", "10.0.0.2", 17, 40000, 6666,
                0);
    check(match(&r, f, len), "udp4 dst-port 6666: a UDP datagram to 6666");
    len = frame(f, false, AF_INET, "10.0.0.1", "10.0.0.2", 6, 40000, 6666,
                0);
    check(!match(&r, f, len), "... not TCP to 6666");
    len = frame(f, false, AF_INET, "10.0.0.1", "10.0.0.2", 17, 40000, 6667,
                0);
    check(!match(&r, f, len), "... not UDP to 6667");
    len = frame(f, false, AF_INET6, "fd00::1", "fd00::2", 17, 40000, 6666,
                0);
    check(!match(&r, f, len), "... not IPv6");
    len = frame(f, false, AF_INET, "10.0.0.1", "10.0.0.2", 17, 40000, 6666,
                0x2000);
    check(!match(&r, f, len), "... not a fragment (ports not matched)");
    len = frame(f, true, AF_INET, "10.0.0.1", "10.0.0.2", 17, 40000, 6666,
                0);
    check(match(&r, f, len), "... a tagged one too");
    r.w[ZCNIC_NT_W_VLAN] = 0x0fff0007;
    check(match(&r, f, len), "vlan 7: the tagged datagram");
    r.w[ZCNIC_NT_W_VLAN] = 0x0fff0008;
    check(!match(&r, f, len), "vlan 8: not it");
    len = frame(f, false, AF_INET, "10.0.0.1", "10.0.0.2", 17, 40000, 6666,
                0);
    r.w[ZCNIC_NT_W_VLAN] = 0x0fff0007;
    check(!match(&r, f, len), "vlan 7: not an untagged datagram");
}

static void test_addresses(void)
{
    ZcnicNtRule r = rule_l3(4, 0, 0);
    uint8_t f[200];
    size_t len;

    r.w[ZCNIC_NT_W_SRC] = 0xc0a84d00;           /* 192.168.77.0/24 */
    r.w[ZCNIC_NT_W_SRC_MASK] = 0xffffff00;
    len = frame(f, false, AF_INET, "192.168.77.2", "192.168.77.1", 6, 1, 2,
                0);
    check(match(&r, f, len), "src 192.168.77.0/24: from .2");
    len = frame(f, false, AF_INET, "192.168.78.2", "192.168.77.1", 6, 1, 2,
                0);
    check(!match(&r, f, len), "... not from 192.168.78.2");
    len = frame(f, false, AF_INET, "192.168.77.2", "192.168.77.1", 6, 1, 2,
                0x0010);
    check(match(&r, f, len), "... a later fragment too (addresses only)");

    r = rule_l3(6, 6, 0xff);
    r.w[ZCNIC_NT_W_DST + 0] = 0xfd000000;       /* fd00::2 */
    r.w[ZCNIC_NT_W_DST + 3] = 0x00000002;
    for (int i = 0; i < 4; i++) {
        r.w[ZCNIC_NT_W_DST_MASK + i] = 0xffffffff;
    }
    len = frame(f, false, AF_INET6, "fd00::1", "fd00::2", 6, 1, 2, 0);
    check(match(&r, f, len), "tcp6 dst fd00::2: matches");
    len = frame(f, false, AF_INET6, "fd00::1", "fd00::3", 6, 1, 2, 0);
    check(!match(&r, f, len), "... not fd00::3");
    len = frame(f, false, AF_INET6, "fd00::1", "fd00::2", 17, 1, 2, 0);
    check(!match(&r, f, len), "... not UDP");
    r = rule_l3(4, 47, 0xff);
    len = frame(f, false, AF_INET, "10.0.0.1", "10.0.0.2", 47, 1, 2, 0);
    check(match(&r, f, len), "ip4 l4proto 47: a GRE packet");
}

static void test_lookup(void)
{
    ZcnicNtRule rules[ZCNIC_NT_RULES];
    uint64_t valid[1] = { 0 };
    uint8_t f[200];
    size_t len = frame(f, false, AF_INET, "10.0.0.1", "10.0.0.2", 17, 1, 2,
                       0);
    ZcnicPktInfo pi;

    memset(rules, 0, sizeof(rules));
    zcnic_parse(f, len, &pi);
    check(zcnic_nt_lookup(rules, valid, ZCNIC_NT_RULES, f, len, &pi) == -1,
          "no valid rule: -1");
    valid[0] = 1ull << 63 | 1ull << 9;
    check(zcnic_nt_lookup(rules, valid, ZCNIC_NT_RULES, f, len, &pi) == 9,
          "rules 9 and 63 match: 9, the lowest");
    rules[9] = rule_l3(6, 0, 0);
    check(zcnic_nt_lookup(rules, valid, ZCNIC_NT_RULES, f, len, &pi) == 63,
          "rule 9 for IPv6 only: 63");
}

static void test_check(void)
{
    ZcnicNtRule r = rule_l3(4, 17, 0xff);
    const char *why = NULL;

    check(zcnic_nt_rule_check(&r, 1, &why), "udp4 rule to queue 0: good");
    r.w[ZCNIC_NT_W_ACTION] = 1;
    check(!zcnic_nt_rule_check(&r, 1, &why) && why,
          "queue 1 of a 1-queue device: refused");
    check(zcnic_nt_rule_check(&r, 4, &why), "queue 1 of 4: good");
    r.w[ZCNIC_NT_W_ACTION] = ZCNIC_NT_DROP | 15;
    check(zcnic_nt_rule_check(&r, 1, &why), "drop: any queue field");
    r.w[ZCNIC_NT_W_ACTION] = 1u << 9;
    check(!zcnic_nt_rule_check(&r, 16, &why), "reserved action bit refused");
    r = rule_l3(5, 0, 0);
    check(!zcnic_nt_rule_check(&r, 1, &why), "IP version 5 refused");
    r = rule_l3(0, 17, 0xff);
    check(!zcnic_nt_rule_check(&r, 1, &why),
          "protocol masked for any frame refused");
    r = rule_l3(4, 0, 0);
    r.w[ZCNIC_NT_W_DST_MASK + 1] = 1;
    check(!zcnic_nt_rule_check(&r, 1, &why),
          "IPv4 rule masking address word 1 refused");
    r = rule_l3(0, 0, 0);
    r.w[ZCNIC_NT_W_VLAN] = 0x10000000;
    check(!zcnic_nt_rule_check(&r, 1, &why), "reserved VLAN bits refused");
    r.w[ZCNIC_NT_W_L3] = 0x80;
    r.w[ZCNIC_NT_W_VLAN] = 0;
    check(!zcnic_nt_rule_check(&r, 1, &why), "reserved L3 bits refused");
}

/* every prefix of a tagged TCP/IPv6 frame, under a rule using each field */
static void test_prefixes(void)
{
    ZcnicNtRule r = rule_l3(6, 6, 0xff);
    uint8_t f[200];
    size_t len = frame(f, true, AF_INET6, "fd00::1", "fd00::2", 6, 1, 2, 0);
    bool ok = true;

    r.w[ZCNIC_NT_W_VLAN] = 0x0fff0007;
    r.w[ZCNIC_NT_W_ETYPE] = 0xffff86dd;
    r.w[ZCNIC_NT_W_PORTS] = 2u << 16 | 1;
    r.w[ZCNIC_NT_W_PORTS_MASK] = 0xffffffff;
    r.w[ZCNIC_NT_W_SRC_MASK + 3] = 0xffffffff;
    r.w[ZCNIC_NT_W_SRC + 3] = 1;
    check(match(&r, f, len), "the whole frame matches every field");
    for (size_t cut = 0; cut < len; cut++) {
        uint8_t *p = g_memdup2(f, cut);

        ok &= !match(&r, p, cut) || cut >= len - 16;
        g_free(p);
    }
    check(ok, "prefixes without the ports do not match; no overread");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/steer/any", test_any);
    g_test_add_func("/steer/ports-udp4", test_ports_udp4);
    g_test_add_func("/steer/addresses", test_addresses);
    g_test_add_func("/steer/lookup", test_lookup);
    g_test_add_func("/steer/check", test_check);
    g_test_add_func("/steer/prefixes", test_prefixes);
    return g_test_run();
}
