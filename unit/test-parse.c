/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of hw/zcnic/zcnic_parse.c: offsets per protocol, checksum
 * verification, and lying or truncated headers.  Built with ASan/UBSan by
 * the top-level meson.build, so every prefix of every frame is also a bounds
 * test.  g_test cases, TAP (zcnic-unit.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "zcnic_parse.h"
#include "zcnic-unit.h"

static int prefix_failed;

/* Reference checksum, written differently from the one under test. */
static uint16_t ref_csum(const uint8_t *p, size_t n, uint64_t seed)
{
    uint64_t s = seed;

    for (size_t i = 0; i < n; i++) {
        s += (i & 1) ? p[i] : (uint64_t)p[i] << 8;
    }
    while (s >> 16) {
        s = (s & 0xffff) + (s >> 16);
    }
    return (uint16_t)~s;
}

static void put16(uint8_t *p, unsigned v)
{
    p[0] = v >> 8;
    p[1] = v & 0xff;
}

static size_t eth(uint8_t *f, unsigned type, int tags)
{
    size_t off = 12;

    memset(f, 0, 12);
    f[0] = 0x02;
    f[6] = 0x02;
    for (int i = 0; i < tags; i++) {
        put16(f + off, i ? 0x8100 : (tags == 2 ? 0x88a8 : 0x8100));
        put16(f + off + 2, 100 + i);
        off += 4;
    }
    put16(f + off, type);
    return off + 2;
}

/* IPv4 header with OPT option bytes; returns its length. */
static size_t ipv4(uint8_t *ip, size_t opt, unsigned proto, size_t payload,
                   unsigned frag)
{
    size_t ihl = 20 + opt;

    memset(ip, 0, ihl);
    ip[0] = 0x40 | (uint8_t)(ihl / 4);
    put16(ip + 2, (unsigned)(ihl + payload));
    put16(ip + 6, frag);
    ip[8] = 64;
    ip[9] = proto;
    memcpy(ip + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
    for (size_t i = 20; i < ihl; i++) {
        ip[i] = 1;      /* NOP options */
    }
    put16(ip + 10, ref_csum(ip, ihl, 0));
    return ihl;
}

static size_t ipv6(uint8_t *ip, unsigned nh, size_t payload)
{
    memset(ip, 0, 40);
    ip[0] = 0x60;
    put16(ip + 4, (unsigned)payload);
    ip[6] = nh;
    ip[7] = 64;
    ip[8] = 0xfd;
    ip[23] = 1;
    ip[24] = 0xfd;
    ip[39] = 2;
    return 40;
}

/* TCP header with OPT option bytes and LEN payload bytes. */
static size_t tcp(uint8_t *t, size_t opt, size_t len)
{
    size_t hl = 20 + opt;

    memset(t, 0, hl);
    put16(t, 40000);
    put16(t + 2, 5001);
    t[12] = (uint8_t)((hl / 4) << 4);
    t[13] = 0x18;
    for (size_t i = 20; i < hl; i++) {
        t[i] = 1;
    }
    for (size_t i = 0; i < len; i++) {
        t[hl + i] = (uint8_t)(i * 13 + 1);
    }
    return hl + len;
}

static size_t udp(uint8_t *u, size_t len)
{
    memset(u, 0, 8);
    put16(u, 5353);
    put16(u + 2, 5353);
    put16(u + 4, (unsigned)(8 + len));
    for (size_t i = 0; i < len; i++) {
        u[8 + i] = (uint8_t)(i * 7 + 3);
    }
    return 8 + len;
}

/*
 * Fill in the L4 checksum with the reference over the pseudo header: the
 * addresses (IPv4: bytes 12..19, IPv6: 8..39 of IP), protocol and length.
 */
static void l4sum(uint8_t *ip, uint8_t *l4, size_t l4len, unsigned proto,
                  size_t csum_off)
{
    int from = (ip[0] >> 4) == 4 ? 12 : 8, to = from == 12 ? 20 : 40;
    uint64_t seed = proto + l4len;

    for (int i = from; i < to; i += 2) {
        seed += (uint64_t)ip[i] << 8 | ip[i + 1];
    }
    put16(l4 + csum_off, 0);
    put16(l4 + csum_off, ref_csum(l4, l4len, seed));
}

/* Every prefix must parse without reading outside it (ASan watches). */
static void prefixes(const uint8_t *f, size_t len)
{
    ZcnicPktInfo pi;
    uint8_t copy[2048];

    for (size_t n = 0; n <= len; n++) {
        uint8_t *p = copy + sizeof(copy) - n;   /* end flush with the buffer */

        memcpy(p, f, n);
        zcnic_parse(p, n, &pi);
        zcnic_ip_csum(p, &pi);
        zcnic_l4_csum(p, &pi);
        if (pi.l4_off > n || pi.l3_end > n || pi.l4_off + pi.l4_hdr_len > n) {
            printf("# prefix %zu: offsets beyond the frame\n", n);
            prefix_failed++;
        }
    }
}

/* zcnic_csum_add against RFC 1071 done the slow way, 16 bits at a time */
static void test_csum_reference(void)
{
    static uint8_t buf[600];
    unsigned bad = 0, seed = 1;

    for (size_t i = 0; i < sizeof(buf); i++) {
        seed = seed * 1103515245 + 12345;
        buf[i] = seed >> 16;
    }
    buf[7] = buf[8] = 0xff;         /* runs of ones: carries */
    for (size_t off = 0; off < 9; off++) {
        for (size_t len = 0; len + off <= sizeof(buf); len += 1 + len / 7) {
            uint32_t ref = 0xabcd, got;

            for (size_t i = 0; i < len; i += 2) {
                ref += (uint32_t)buf[off + i] << 8 |
                       (i + 1 < len ? buf[off + i + 1] : 0);
                ref = (ref & 0xffff) + (ref >> 16);
            }
            got = zcnic_csum_add(0xabcd, buf + off, len);
            bad += zcnic_csum_fold(got) != zcnic_csum_fold(ref);
        }
    }
    check(bad == 0, "csum_add: equals RFC 1071 over every length and alignment");
}

/*
 * zcnic_csum_iov: the sum of a byte run cut into iovec elements of every
 * length from 0 on (odd ones carry the byte parity over), from every
 * offset, equals the sum of the same bytes in one piece; bytes beyond the
 * iovec are not summed.
 */
static void test_csum_iov(void)
{
    static uint8_t buf[300];
    struct iovec iov[40];
    unsigned bad = 0, cuts = 0, seed = 7;

    for (size_t i = 0; i < sizeof(buf); i++) {
        seed = seed * 1103515245 + 12345;
        buf[i] = seed >> 16;
    }
    for (unsigned pattern = 0; pattern < 50; pattern++) {
        size_t pos = 0;
        int n = 0;

        /* element lengths 0, 1, 2, ... mixed by the pattern */
        while (pos < sizeof(buf) && n < 40) {
            size_t l = (pattern * 7 + n * (pattern % 5 + 1)) % 23;

            l = l < sizeof(buf) - pos ? l : sizeof(buf) - pos;
            iov[n].iov_base = buf + pos;
            iov[n].iov_len = l;
            pos += l;
            n++;
        }
        for (size_t off = 0; off <= pos; off += 1 + off / 9) {
            for (size_t len = 0; off + len <= pos + 3; len += 1 + len / 5) {
                size_t in = off + len <= pos ? len : pos - off;
                uint32_t got = zcnic_csum_iov(iov, n, off, len);
                uint32_t want = zcnic_csum_add(0, buf + off, in);

                bad += zcnic_csum_fold(got) != zcnic_csum_fold(want);
                cuts++;
            }
        }
    }
    check(bad == 0 && cuts > 10000,
          "csum_iov: equals csum_add over the same bytes, however cut");
    iov[0] = (struct iovec){ buf, 3 };
    iov[1] = (struct iovec){ buf + 3, 0 };
    iov[2] = (struct iovec){ buf + 3, 5 };
    check(zcnic_csum_fold(zcnic_csum_iov(iov, 3, 1, 6)) ==
          zcnic_csum_fold(zcnic_csum_add(0, buf + 1, 6)) &&
          zcnic_csum_iov(iov, 3, 8, 4) == 0 &&
          zcnic_csum_iov(iov, 0, 0, 8) == 0,
          "csum_iov: an odd first element, an empty one; nothing past the end");
}

/* What the cases below share, as they run in order */
static uint8_t f[2048];
static ZcnicPktInfo pi;
static size_t l2, l3, l4;

/* IPv4 + TCP with options */
static void test_ipv4_tcp_with_options(void)
{
    l2 = eth(f, 0x0800, 0);
    l4 = tcp(f + l2 + 20, 12, 100);
    l3 = ipv4(f + l2, 0, 6, l4, 0x4000);
    l4sum(f + l2, f + l2 + l3, l4, 6, 16);
    zcnic_parse(f, l2 + l3 + l4, &pi);
    check(pi.l3 == ZCNIC_L3_IPV4 && pi.l3_off == 14 && pi.l4 == ZCNIC_L4_TCP &&
          pi.l4_off == 34 && pi.l4_hdr_len == 32 && !pi.frag && !pi.bad_len,
          "ipv4/tcp with options: offsets 14, 34, header 32");
    check(zcnic_ip_csum(f, &pi) == ZCNIC_CSUM_OK &&
          zcnic_l4_csum(f, &pi) == ZCNIC_CSUM_OK,
          "ipv4/tcp: header and TCP checksums verify");
    prefixes(f, l2 + l3 + l4);
    f[l2 + l3 + l4 - 1] ^= 0x40;
    check(zcnic_l4_csum(f, &pi) == ZCNIC_CSUM_BAD &&
          zcnic_ip_csum(f, &pi) == ZCNIC_CSUM_OK,
          "ipv4/tcp: a flipped payload bit is a bad TCP checksum");
    f[l2 + 8] ^= 1;
    check(zcnic_ip_csum(f, &pi) == ZCNIC_CSUM_BAD,
          "ipv4: a changed TTL is a bad header checksum");
}

/* IPv4 with options + UDP, 802.1Q */
static void test_ipv4_with_options_udp_802_1q(void)
{
    l2 = eth(f, 0x0800, 1);
    l4 = udp(f + l2 + 28, 33);
    l3 = ipv4(f + l2, 8, 17, l4, 0);
    l4sum(f + l2, f + l2 + l3, l4, 17, 6);
    zcnic_parse(f, l2 + l3 + l4 + 10, &pi);   /* + Ethernet padding */
    check(pi.vlan_tags == 1 && pi.l3_off == 18 && pi.l4 == ZCNIC_L4_UDP &&
          pi.l4_off == 46 && pi.l3_end == 18 + 28 + 41,
          "vlan ipv4+options/udp: offsets 18, 46, padding not in l3_end");
    check(zcnic_l4_csum(f, &pi) == ZCNIC_CSUM_OK, "udp checksum verifies");
    prefixes(f, l2 + l3 + l4);
    put16(f + pi.l4_off + 6, 0);
    check(zcnic_l4_csum(f, &pi) == ZCNIC_CSUM_NONE,
          "udp over ipv4 with checksum 0 is not checked");
}

/* two tags (802.1ad + 802.1Q) */
static void test_two_tags_802_1ad_802_1q(void)
{
    l2 = eth(f, 0x0800, 2);
    l4 = udp(f + l2 + 20, 4);
    l3 = ipv4(f + l2, 0, 17, l4, 0);
    zcnic_parse(f, l2 + l3 + l4, &pi);
    check(pi.vlan_tags == 2 && pi.l3_off == 22 && pi.l4_off == 42,
          "qinq: two tags skipped");
}

/* IPv6 + hop-by-hop + destination options + TCP */
static void test_ipv6_hop_by_hop_destination_options_tcp(void)
{
    l2 = eth(f, 0x86dd, 0);
    memset(f + l2 + 40, 0, 24);
    f[l2 + 40] = 60;        /* hop-by-hop -> dstopts */
    f[l2 + 48] = 6;         /* dstopts -> tcp */
    f[l2 + 49] = 1;         /* 16 bytes */
    l4 = tcp(f + l2 + 64, 0, 200);
    ipv6(f + l2, 0, 24 + l4);
    l4sum(f + l2, f + l2 + 64, l4, 6, 16);
    zcnic_parse(f, l2 + 64 + l4, &pi);
    check(pi.l3 == ZCNIC_L3_IPV6 && pi.l4 == ZCNIC_L4_TCP &&
          pi.l4_off == 14 + 40 + 24 && pi.l4_hdr_len == 20,
          "ipv6 + hop-by-hop + dstopts/tcp: l4 at 78");
    check(zcnic_l4_csum(f, &pi) == ZCNIC_CSUM_OK &&
          zcnic_ip_csum(f, &pi) == ZCNIC_CSUM_NONE,
          "ipv6/tcp checksum verifies; no IPv6 header checksum");
    prefixes(f, l2 + 64 + l4);
}

/* IPv6 fragments */
static void test_ipv6_fragments(void)
{
    l2 = eth(f, 0x86dd, 0);
    memset(f + l2 + 40, 0, 8);
    f[l2 + 40] = 17;
    put16(f + l2 + 42, 0x0001);             /* offset 0, M */
    l4 = udp(f + l2 + 48, 64);
    ipv6(f + l2, 44, 8 + l4);
    zcnic_parse(f, l2 + 48 + l4, &pi);
    check(pi.frag && pi.frag_first && pi.l4 == ZCNIC_L4_UDP &&
          zcnic_l4_csum(f, &pi) == ZCNIC_CSUM_NONE,
          "ipv6 first fragment: udp found, checksum not checked");
    put16(f + l2 + 42, 0x0100);             /* offset 32 */
    zcnic_parse(f, l2 + 48 + l4, &pi);
    check(pi.frag && !pi.frag_first && pi.l4 == ZCNIC_L4_NONE,
          "ipv6 later fragment: no l4");
}

/* IPv4 later fragment */
static void test_ipv4_later_fragment(void)
{
    l2 = eth(f, 0x0800, 0);
    l4 = udp(f + l2 + 20, 16);
    l3 = ipv4(f + l2, 0, 17, l4, 0x0010);
    zcnic_parse(f, l2 + l3 + l4, &pi);
    check(pi.frag && !pi.frag_first && pi.l4 == ZCNIC_L4_NONE,
          "ipv4 later fragment: no l4");
}

/* lying lengths */
static void test_lying_lengths(void)
{
    l2 = eth(f, 0x0800, 0);
    l4 = tcp(f + l2 + 20, 0, 10);
    l3 = ipv4(f + l2, 0, 6, l4 + 100, 0);   /* total length beyond frame */
    zcnic_parse(f, l2 + l3 + l4, &pi);
    check(pi.bad_len && pi.l3 == ZCNIC_L3_NONE && pi.l4 == ZCNIC_L4_NONE,
          "ipv4 total length beyond the frame: bad_len, not parsed");
    l3 = ipv4(f + l2, 0, 6, l4, 0);
    f[l2 + l3 + 12] = 0xf0;                 /* data offset 60 > segment */
    zcnic_parse(f, l2 + l3 + l4, &pi);
    check(pi.bad_len && pi.l4 == ZCNIC_L4_NONE,
          "tcp data offset beyond the datagram: bad_len");
    f[l2 + l3 + 12] = 0x40;                 /* data offset 16 < 20 */
    zcnic_parse(f, l2 + l3 + l4, &pi);
    check(pi.bad_len && pi.l4 == ZCNIC_L4_NONE, "tcp data offset < 20: bad_len");
    f[l2] = 0x44;                           /* ihl 16 bytes */
    zcnic_parse(f, l2 + l3 + l4, &pi);
    check(pi.l3 == ZCNIC_L3_NONE && pi.bad_len, "ipv4 ihl < 5: bad_len");

    l2 = eth(f, 0x86dd, 0);
    memset(f + l2 + 40, 0, 8);
    f[l2 + 40] = 6;
    f[l2 + 41] = 200;                       /* hop-by-hop of 1608 bytes */
    ipv6(f + l2, 0, 48);
    zcnic_parse(f, l2 + 40 + 48, &pi);
    check(pi.bad_len && pi.l4 == ZCNIC_L4_NONE,
          "ipv6 extension header beyond the payload: bad_len");
}

/* not IP */
static void test_not_ip(void)
{
    l2 = eth(f, 0x0806, 0);
    memset(f + l2, 0, 28);
    zcnic_parse(f, l2 + 28, &pi);
    check(pi.l3 == ZCNIC_L3_NONE && pi.l3_off == 0 && !pi.bad_len,
          "arp: no l3");
    zcnic_parse(f, 13, &pi);
    check(pi.l3 == ZCNIC_L3_NONE, "runt of 13 bytes: nothing");
}

/* header split points (spec 4.5) */
static void test_header_split_points_spec_4_5(void)
{
    size_t h;

    l2 = eth(f, 0x0800, 1);
    l4 = tcp(f + l2 + 24, 12, 1000);
    l3 = ipv4(f + l2, 4, 6, l4, 0x4000);
    zcnic_parse(f, l2 + l3 + l4, &pi);
    check(zcnic_split_point(&pi, &h) == ZCNIC_SPLIT_OK &&
          h == 18 + 24 + 32,
          "split: vlan + ipv4 options + tcp options -> after TCP (74)");

    l2 = eth(f, 0x86dd, 0);
    memset(f + l2 + 40, 0, 8);
    f[l2 + 40] = 17;            /* hop-by-hop -> udp */
    l4 = udp(f + l2 + 48, 500);
    ipv6(f + l2, 0, 8 + l4);
    zcnic_parse(f, l2 + 48 + l4, &pi);
    check(zcnic_split_point(&pi, &h) == ZCNIC_SPLIT_OK && h == 14 + 48 + 8,
          "split: ipv6 + hop-by-hop + udp -> after UDP (70)");

    l2 = eth(f, 0x0800, 0);
    l3 = ipv4(f + l2, 0, 47, 100, 0);   /* GRE: another protocol */
    zcnic_parse(f, l2 + l3 + 100, &pi);
    check(zcnic_split_point(&pi, &h) == ZCNIC_SPLIT_OK && h == 34,
          "split: other IP protocol -> after the IP header (34)");

    l3 = ipv4(f + l2, 0, 17, 100, 0x0020);
    zcnic_parse(f, l2 + l3 + 100, &pi);
    check(zcnic_split_point(&pi, &h) == ZCNIC_SPLIT_FRAG && h == 0,
          "split: none for a non-first fragment");

    l3 = ipv4(f + l2, 0, 17, 100, 0x2000);   /* first fragment, MF */
    udp(f + l2 + l3, 92);
    zcnic_parse(f, l2 + l3 + 100, &pi);
    check(zcnic_split_point(&pi, &h) == ZCNIC_SPLIT_OK && h == 42,
          "split: a first fragment splits after its UDP header");

    l2 = eth(f, 0x0806, 0);
    zcnic_parse(f, l2 + 28, &pi);
    check(zcnic_split_point(&pi, &h) == ZCNIC_SPLIT_NOT_IP,
          "split: none for ARP");

    l2 = eth(f, 0x0800, 0);
    l3 = ipv4(f + l2, 0, 6, 400, 0);         /* claims 400, has 30 */
    zcnic_parse(f, l2 + l3 + 30, &pi);
    check(zcnic_split_point(&pi, &h) == ZCNIC_SPLIT_BAD_LEN,
          "split: none when the IP length lies");
}

static void test_prefixes(void)
{
    check(prefix_failed == 0, "no prefix produced an offset beyond it");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/parse/csum/reference", test_csum_reference);
    g_test_add_func("/parse/csum/iov", test_csum_iov);
    g_test_add_func("/parse/ipv4-tcp-with-options", test_ipv4_tcp_with_options);
    g_test_add_func("/parse/ipv4-with-options-udp-802-1q",
                    test_ipv4_with_options_udp_802_1q);
    g_test_add_func("/parse/two-tags-802-1ad-802-1q",
                    test_two_tags_802_1ad_802_1q);
    g_test_add_func("/parse/ipv6-hop-by-hop-destination-options-tcp",
                    test_ipv6_hop_by_hop_destination_options_tcp);
    g_test_add_func("/parse/ipv6-fragments", test_ipv6_fragments);
    g_test_add_func("/parse/ipv4-later-fragment", test_ipv4_later_fragment);
    g_test_add_func("/parse/lying-lengths", test_lying_lengths);
    g_test_add_func("/parse/not-ip", test_not_ip);
    g_test_add_func("/parse/header-split-points-spec-4-5",
                    test_header_split_points_spec_4_5);
    /* last: every case above checked prefixes of its frames */
    g_test_add_func("/parse/prefixes", test_prefixes);
    return g_test_run();
}
