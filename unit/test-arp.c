/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of hw/zcnic/zcnic_arp.c: the ARP buffer's write policy, TTL
 * arithmetic, expiry and overflow, and the ARP frame checks and builder.
 * Built with ASan/UBSan; g_test cases, TAP (zcnic-unit.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "zcnic_arp.h"
#include "zcnic-unit.h"

#define S ZCNIC_ARP_NS_PER_S


static const uint8_t mac_a[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };
static const uint8_t mac_b[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static int expired_calls;
static uint32_t expired_ip;

static void on_expired(void *opaque, const ZcnicArpEntry *e)
{
    (void)opaque;
    expired_calls++;
    expired_ip = e->ip;
}

static void test_cache(void)
{
    ZcnicArpEntry e[4];
    ZcnicArpCache c = { e, 4 };
    int64_t t0 = 100 * S;
    int idx, idx2;

    zcnic_arp_flush(&c);
    check(zcnic_arp_lookup(&c, IP(10, 0, 0, 7), t0) == -1,
          "an empty buffer has no records (TTL 0 = invalid)");
    check(zcnic_arp_write(&c, IP(10, 0, 0, 7), mac_a, 1200, t0, &idx) ==
          ZCNIC_ARP_LEARNED && idx == 0, "write to a free entry: learned");
    check(zcnic_arp_lookup(&c, IP(10, 0, 0, 7), t0) == 0 &&
          !memcmp(e[0].mac, mac_a, 6), "query finds IP -> MAC");
    check(zcnic_arp_ttl_left(&e[0], t0) == 1200, "TTL starts at 1200 s");
    check(zcnic_arp_ttl_left(&e[0], t0 + 1199 * S + S / 2) == 1,
          "TTL counts down, rounded up to whole seconds");

    check(zcnic_arp_write(&c, IP(10, 0, 0, 7), mac_b, 1200, t0 + 600 * S,
                          &idx2) == ZCNIC_ARP_UPDATED && idx2 == 0,
          "the same IP updates its record");
    check(!memcmp(e[0].mac, mac_b, 6) &&
          zcnic_arp_ttl_left(&e[0], t0 + 600 * S) == 1200,
          "update sets the new MAC and a fresh TTL");

    check(zcnic_arp_write(&c, IP(10, 0, 0, 8), mac_a, 30, t0, &idx) ==
          ZCNIC_ARP_LEARNED && idx == 1, "a second IP takes the next free entry");
    check(zcnic_arp_lookup(&c, IP(10, 0, 0, 8), t0 + 30 * S - 1) == 1,
          "valid one nanosecond before the TTL runs out");
    check(zcnic_arp_lookup(&c, IP(10, 0, 0, 8), t0 + 30 * S) == -1 &&
          zcnic_arp_ttl_left(&e[1], t0 + 30 * S) == 0,
          "TTL 0: ignored by queries");
    check(zcnic_arp_expire(&c, t0 + 30 * S, on_expired, NULL) == 1 &&
          expired_calls == 1 && expired_ip == IP(10, 0, 0, 8) &&
          e[1].expire_ns == 0, "expire() invalidates and reports it once");
    check(zcnic_arp_expire(&c, t0 + 30 * S, on_expired, NULL) == 0,
          "... and not twice");

    zcnic_arp_write(&c, IP(10, 0, 0, 9), mac_a, 1200, t0, NULL);
    zcnic_arp_write(&c, IP(10, 0, 0, 10), mac_a, 1200, t0, NULL);
    zcnic_arp_write(&c, IP(10, 0, 0, 11), mac_a, 1200, t0, NULL);
    check(e[1].ip == IP(10, 0, 0, 9), "an expired entry is free again");
    check(zcnic_arp_write(&c, IP(10, 0, 0, 12), mac_b, 1200, t0, &idx) ==
          ZCNIC_ARP_OVERFLOW && idx == -1, "all entries valid: overflow");
    check(zcnic_arp_lookup(&c, IP(10, 0, 0, 12), t0) == -1 &&
          zcnic_arp_lookup(&c, IP(10, 0, 0, 11), t0) == 3,
          "an overflowing record is discarded, the others stay");
    check(zcnic_arp_write(&c, IP(10, 0, 0, 11), mac_b, 1200, t0, &idx) ==
          ZCNIC_ARP_UPDATED && idx == 3, "a full buffer still updates");
    check(zcnic_arp_write(&c, IP(10, 0, 0, 12), mac_b, 1200,
                          t0 + 1200 * S, &idx) == ZCNIC_ARP_LEARNED,
          "once TTLs run out, writes succeed without an expire() call");

    zcnic_arp_flush(&c);
    check(zcnic_arp_lookup(&c, IP(10, 0, 0, 7), t0) == -1 &&
          zcnic_arp_lookup(&c, IP(10, 0, 0, 11), t0) == -1,
          "flush invalidates every record");
    check(zcnic_arp_write(&c, IP(10, 0, 0, 7), mac_a, 86400, INT64_MAX / 2,
                          &idx) == ZCNIC_ARP_LEARNED &&
          zcnic_arp_ttl_left(&e[idx], INT64_MAX / 2) == 86400,
          "TTL arithmetic holds far along the clock");
}

static size_t arp_frame(uint8_t *f, uint16_t op, const uint8_t *sha,
                        uint32_t spa, uint32_t tpa)
{
    return zcnic_arp_build(f, bcast, sha, op, sha, spa,
                           (const uint8_t[6]){ 0 }, tpa);
}

static void test_parse(void)
{
    uint8_t f[64];
    ZcnicArpPkt p;

    arp_frame(f, 1, mac_a, IP(192, 168, 77, 2), IP(192, 168, 77, 1));
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_OK && p.op == 1 &&
          p.spa == IP(192, 168, 77, 2) && p.tpa == IP(192, 168, 77, 1) &&
          !memcmp(p.sha, mac_a, 6), "request: fields");
    check(zcnic_arp_parse(f, 42, &p) == ZCNIC_ARP_OK,
          "42 bytes (unpadded) is enough");
    check(zcnic_arp_parse(f, 41, &p) == ZCNIC_ARP_BAD_TRUNCATED,
          "41 bytes: truncated");
    f[15] = 6;
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_BAD_HTYPE,
          "hardware type 6 (IEEE 802): malformed");
    f[15] = 1;
    f[16] = 0x86;
    f[17] = 0xdd;
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_BAD_PTYPE,
          "protocol type 0x86dd: malformed");
    f[16] = 0x08;
    f[17] = 0x00;
    f[18] = 8;
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_BAD_HLEN,
          "hardware length 8: malformed");
    f[18] = 6;
    f[19] = 16;
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_BAD_PLEN,
          "protocol length 16: malformed");
    f[19] = 4;
    f[21] = 3;
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_BAD_OP,
          "operation 3 (RARP): malformed");
    f[21] = 2;
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_OK && p.op == 2,
          "reply: well-formed");

    arp_frame(f, 1, mac_a, 0, IP(192, 168, 77, 1));
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_BAD_SPA,
          "sender IP 0 (an RFC 5227 probe): not learnable");
    arp_frame(f, 2, mac_a, IP(255, 255, 255, 255), IP(192, 168, 77, 1));
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_BAD_SPA,
          "sender IP broadcast: not learnable");
    arp_frame(f, 2, mac_a, IP(224, 0, 0, 1), IP(192, 168, 77, 1));
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_BAD_SPA,
          "sender IP multicast: not learnable");
    arp_frame(f, 2, bcast, IP(192, 168, 77, 2), IP(192, 168, 77, 1));
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_BAD_SHA,
          "sender MAC broadcast: not learnable");
    arp_frame(f, 2, (const uint8_t[6]){ 0x01, 0x00, 0x5e, 0, 0, 1 },
              IP(192, 168, 77, 2), IP(192, 168, 77, 1));
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_BAD_SHA,
          "sender MAC multicast: not learnable");
    check(ZCNIC_ARP_BAD_SPA >= ZCNIC_ARP_FIRST_DELIVERED &&
          ZCNIC_ARP_BAD_OP < ZCNIC_ARP_FIRST_DELIVERED,
          "structural errors are dropped, unlearnable addresses delivered");

    arp_frame(f, 1, mac_a, IP(10, 0, 0, 2), IP(10, 0, 0, 1));
    f[12] = 0x08;
    f[13] = 0x00;
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_NOT_ARP, "IPv4: not ARP");
    f[12] = 0x81;
    check(zcnic_arp_parse(f, 60, &p) == ZCNIC_ARP_NOT_ARP,
          "VLAN-tagged: not for the ARP block");
    check(zcnic_arp_parse(f, 13, &p) == ZCNIC_ARP_NOT_ARP,
          "13 bytes: no ethertype, not ARP");
}

static void test_build(void)
{
    static const uint8_t want[60] = {
        0x52, 0x54, 0x00, 0x12, 0x34, 0x57,     /* to the requester */
        0x52, 0x54, 0x00, 0xab, 0xcd, 0xef,     /* from the device */
        0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02,
        0x52, 0x54, 0x00, 0xab, 0xcd, 0xef, 192, 168, 77, 1,
        0x52, 0x54, 0x00, 0x12, 0x34, 0x57, 192, 168, 77, 2,
        /* 18 bytes of zero padding */
    };
    uint8_t f[64];

    memset(f, 0xaa, sizeof(f));
    check(zcnic_arp_build(f, mac_a, mac_b, 2, mac_b, IP(192, 168, 77, 1),
                          mac_a, IP(192, 168, 77, 2)) == 60 &&
          !memcmp(f, want, 60) && f[60] == 0xaa,
          "reply bytes exact, zero-padded to 60, nothing written beyond");
    check(zcnic_arp_ip_unicast(IP(10, 0, 0, 1)) &&
          !zcnic_arp_ip_unicast(0) && !zcnic_arp_ip_unicast(0xffffffff) &&
          !zcnic_arp_ip_unicast(IP(239, 1, 2, 3)) &&
          zcnic_arp_ip_unicast(IP(223, 255, 255, 255)),
          "unicast IPv4: not 0, broadcast or 224/4");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arp/cache", test_cache);
    g_test_add_func("/arp/parse", test_parse);
    g_test_add_func("/arp/build", test_build);
    return g_test_run();
}
