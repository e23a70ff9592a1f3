/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of hw/zcnic/zcnic_rss.c (spec 4.8): the Toeplitz hash against
 * the verification vectors Microsoft publishes with its RSS specification
 * ("Verifying the RSS Hash Calculation"), then the device's own input:
 * frames built here, the fields RSS_FIELDS selects, fragments and
 * truncated headers.  Built with ASan/UBSan.  g_test cases, TAP.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "zcnic/zcnic_hw.h"
#include "zcnic_rss.h"
#include "zcnic-unit.h"

/* Microsoft's verification key (also the device's reset RSS_KEY) */
static const uint8_t ms_key[ZCNIC_RSS_KEY_LEN] = {
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
    0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
    0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
    0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
    0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* Microsoft's table: destination, source, then the two expected hashes */
typedef struct Vector {
    const char *dst;
    unsigned dport;
    const char *src;
    unsigned sport;
    uint32_t ip_hash;       /* addresses only */
    uint32_t l4_hash;       /* addresses and TCP ports */
} Vector;

static const Vector v4[] = {
    { "161.142.100.80", 1766, "66.9.149.187", 2794, 0x323e8fc2, 0x51ccc178 },
    { "65.69.140.83", 4739, "199.92.111.2", 14230, 0xd718262a, 0xc626b0ea },
    { "12.22.207.184", 38024, "24.19.198.95", 12898, 0xd2d0a5de, 0x5c2b394a },
    { "209.142.163.6", 2217, "38.27.205.30", 48228, 0x82989176, 0xafc7327f },
    { "202.188.127.2", 1303, "153.39.163.191", 44251, 0x5d1809c5,
      0x10e828a2 },
};

static const Vector v6[] = {
    { "3ffe:2501:200:3::1", 1766, "3ffe:2501:200:1fff::7", 2794,
      0x2cc18cd5, 0x40207d3d },
    { "ff02::1", 4739, "3ffe:501:8::260:97ff:fe40:efab", 14230,
      0x0f0c461c, 0xdde51bbf },
    { "fe80::200:f8ff:fe21:67cf", 38024,
      "3ffe:1900:4545:3:200:f8ff:fe21:67cf", 44251, 0x4b61e985, 0x02d1feef },
};

static void put16(uint8_t *p, unsigned v)
{
    p[0] = v >> 8;
    p[1] = v & 0xff;
}

/* Microsoft's input: source address, destination address, ports */
static size_t vector_input(const Vector *v, int af, uint8_t *in, bool ports)
{
    size_t alen = af == AF_INET ? 4 : 16;

    g_assert(inet_pton(af, v->src, in) == 1);
    g_assert(inet_pton(af, v->dst, in + alen) == 1);
    if (!ports) {
        return 2 * alen;
    }
    put16(in + 2 * alen, v->sport);
    put16(in + 2 * alen + 2, v->dport);
    return 2 * alen + 4;
}

static void test_vectors(const Vector *vs, size_t n, int af)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t in[ZCNIC_RSS_INPUT_MAX];
        size_t len;
        char what[160];

        len = vector_input(&vs[i], af, in, false);
        snprintf(what, sizeof(what), "%s -> %s: hash 0x%08x", vs[i].src,
                 vs[i].dst, vs[i].ip_hash);
        check(zcnic_toeplitz(ms_key, sizeof(ms_key), in, len) ==
              vs[i].ip_hash, what);
        len = vector_input(&vs[i], af, in, true);
        snprintf(what, sizeof(what), "%s:%u -> %s:%u: hash 0x%08x",
                 vs[i].src, vs[i].sport, vs[i].dst, vs[i].dport,
                 vs[i].l4_hash);
        check(zcnic_toeplitz(ms_key, sizeof(ms_key), in, len) ==
              vs[i].l4_hash, what);
    }
}

static void test_ms_ipv4(void)
{
    test_vectors(v4, G_N_ELEMENTS(v4), AF_INET);
}

static void test_ms_ipv6(void)
{
    test_vectors(v6, G_N_ELEMENTS(v6), AF_INET6);
}

/* The reset RSS_KEY words are the same key, byte 4i + j in bits 8j+7:8j */
static void test_reset_key(void)
{
    static const uint32_t w[ZCNIC_RSS_KEY_WORDS] = {
        ZCNIC_RESET_RSS_KEY0, ZCNIC_RESET_RSS_KEY1, ZCNIC_RESET_RSS_KEY2,
        ZCNIC_RESET_RSS_KEY3, ZCNIC_RESET_RSS_KEY4, ZCNIC_RESET_RSS_KEY5,
        ZCNIC_RESET_RSS_KEY6, ZCNIC_RESET_RSS_KEY7, ZCNIC_RESET_RSS_KEY8,
        ZCNIC_RESET_RSS_KEY9,
    };
    bool same = true;

    for (int i = 0; i < ZCNIC_RSS_KEY_LEN; i++) {
        same &= ((w[i / 4] >> (8 * (i % 4))) & 0xff) == ms_key[i];
    }
    check(same, "ZCNIC_RESET_RSS_KEY0..9 hold Microsoft's key");
}

/* A frame carrying vector V: Ethernet, IPv4/IPv6, PROTO with its ports */
static size_t vector_frame(const Vector *v, int af, unsigned proto,
                           unsigned frag, uint8_t *f)
{
    size_t off = 14, l4 = proto == 6 ? 20 : 8;

    memset(f, 0, 128);
    f[0] = 0x02;
    f[6] = 0x02;
    if (af == AF_INET) {
        put16(f + 12, 0x0800);
        f[off] = 0x45;
        put16(f + off + 2, 20 + l4);
        put16(f + off + 6, frag);
        f[off + 8] = 64;
        f[off + 9] = proto;
        g_assert(inet_pton(af, v->src, f + off + 12) == 1);
        g_assert(inet_pton(af, v->dst, f + off + 16) == 1);
        off += 20;
    } else {
        put16(f + 12, 0x86dd);
        f[off] = 0x60;
        put16(f + off + 4, l4);
        f[off + 6] = proto;
        f[off + 7] = 64;
        g_assert(inet_pton(af, v->src, f + off + 8) == 1);
        g_assert(inet_pton(af, v->dst, f + off + 24) == 1);
        off += 40;
    }
    put16(f + off, v->sport);
    put16(f + off + 2, v->dport);
    if (proto == 6) {
        f[off + 12] = 0x50;
    } else {
        put16(f + off + 4, 8);
    }
    return off + l4;
}

static unsigned frame_hash(const uint8_t *f, size_t len, uint32_t fields,
                           uint32_t *hash)
{
    ZcnicPktInfo pi;

    *hash = 0xdeadbeef;
    zcnic_parse(f, len, &pi);
    return zcnic_rss_hash(f, len, &pi, ms_key, fields, hash);
}

/* The reset RSS_FIELDS: TCP by addresses and ports, the rest by addresses */
static void test_frames_reset_fields(void)
{
    uint8_t f[128];
    uint32_t h;
    size_t len;

    for (size_t i = 0; i < G_N_ELEMENTS(v4); i++) {
        len = vector_frame(&v4[i], AF_INET, 6, 0, f);
        check(frame_hash(f, len, ZCNIC_RESET_RSS_FIELDS, &h) ==
              ZCNIC_RSS_TYPE_IPV4_TCP && h == v4[i].l4_hash,
              "TCP/IPv4 frame: IPV4_TCP, Microsoft's 4-tuple hash");
        len = vector_frame(&v4[i], AF_INET, 17, 0, f);
        check(frame_hash(f, len, ZCNIC_RESET_RSS_FIELDS, &h) ==
              ZCNIC_RSS_TYPE_IPV4 && h == v4[i].ip_hash,
              "UDP/IPv4 frame at reset: IPV4, the addresses' hash");
    }
    for (size_t i = 0; i < G_N_ELEMENTS(v6); i++) {
        len = vector_frame(&v6[i], AF_INET6, 6, 0, f);
        check(frame_hash(f, len, ZCNIC_RESET_RSS_FIELDS, &h) ==
              ZCNIC_RSS_TYPE_IPV6_TCP && h == v6[i].l4_hash,
              "TCP/IPv6 frame: IPV6_TCP, Microsoft's 4-tuple hash");
        len = vector_frame(&v6[i], AF_INET6, 17, 0, f);
        check(frame_hash(f, len, ZCNIC_RESET_RSS_FIELDS, &h) ==
              ZCNIC_RSS_TYPE_IPV6 && h == v6[i].ip_hash,
              "UDP/IPv6 frame at reset: IPV6, the addresses' hash");
    }
}

/* UDP with its ports selected; the other fields' selections */
static void test_frames_fields(void)
{
    uint8_t f[128], in[ZCNIC_RSS_INPUT_MAX];
    uint32_t h, udp_all = ZCNIC_RSS_F_ALL <<
                          ZCNIC_RSS_FIELDS_SHIFT(ZCNIC_RSS_FT_UDP4) |
                          ZCNIC_RSS_F_ALL <<
                          ZCNIC_RSS_FIELDS_SHIFT(ZCNIC_RSS_FT_UDP6);
    size_t len;

    len = vector_frame(&v4[1], AF_INET, 17, 0, f);
    check(frame_hash(f, len, udp_all, &h) == ZCNIC_RSS_TYPE_IPV4_UDP &&
          h == v4[1].l4_hash, "UDP4 4-tuple: IPV4_UDP, the TCP vector's hash");
    len = vector_frame(&v6[2], AF_INET6, 17, 0, f);
    check(frame_hash(f, len, udp_all, &h) == ZCNIC_RSS_TYPE_IPV6_UDP &&
          h == v6[2].l4_hash, "UDP6 4-tuple: IPV6_UDP, the TCP vector's hash");

    len = vector_frame(&v4[0], AF_INET, 6, 0, f);
    check(frame_hash(f, len, 0, &h) == ZCNIC_RSS_TYPE_NONE &&
          h == 0xdeadbeef, "no field selected: NONE, hash not written");
    check(frame_hash(f, len, ZCNIC_RSS_F_IP_SRC, &h) ==
          ZCNIC_RSS_TYPE_IPV4 &&
          h == zcnic_toeplitz(ms_key, 40, f + 26, 4),
          "TCP4 source address only: IPV4, hash of 4 bytes");
    in[0] = f[34];
    in[1] = f[35];
    check(frame_hash(f, len, ZCNIC_RSS_F_L4_SRC, &h) ==
          ZCNIC_RSS_TYPE_IPV4_TCP && h == zcnic_toeplitz(ms_key, 40, in, 2),
          "TCP4 source port only: an L4 type, hash of 2 bytes");
    check(frame_hash(f, len, ZCNIC_RSS_FIELDS_RW_MASK &
                     ~(0xfu << ZCNIC_RSS_FIELDS_SHIFT(ZCNIC_RSS_FT_TCP4)),
                     &h) == ZCNIC_RSS_TYPE_NONE,
          "TCP4 frame uses the TCP4 nibble only");
    f[23] = 47;     /* GRE: another protocol, L4 bits of IP4 ignored */
    check(frame_hash(f, len, ZCNIC_RSS_F_ALL <<
                     ZCNIC_RSS_FIELDS_SHIFT(ZCNIC_RSS_FT_IP4), &h) ==
          ZCNIC_RSS_TYPE_IPV4 && h == v4[0].ip_hash,
          "other IPv4 protocol: IP4 type, addresses only");
}

/* Fragments hash as "other IP", so that all of a datagram's go together */
static void test_fragments(void)
{
    uint8_t f[128];
    uint32_t h;
    size_t len;

    len = vector_frame(&v4[3], AF_INET, 6, 0x2000, f);   /* MF, offset 0 */
    check(frame_hash(f, len, ZCNIC_RESET_RSS_FIELDS, &h) ==
          ZCNIC_RSS_TYPE_IPV4 && h == v4[3].ip_hash,
          "first fragment of a TCP datagram: IPV4, addresses only");
    len = vector_frame(&v4[3], AF_INET, 6, 0x0010, f);   /* offset 128 */
    check(frame_hash(f, len, ZCNIC_RESET_RSS_FIELDS, &h) ==
          ZCNIC_RSS_TYPE_IPV4 && h == v4[3].ip_hash,
          "later fragment: IPV4, the same hash");
}

/* Not IP, or cut short: no hash, and no byte read beyond the frame */
static void test_short(void)
{
    uint8_t f[128];
    uint32_t h;
    size_t len;
    bool ok = true;

    len = vector_frame(&v6[0], AF_INET6, 6, 0, f);
    for (size_t cut = 0; cut < len; cut++) {
        uint8_t *p = g_memdup2(f, cut);     /* ASan sees any overread */
        unsigned t = frame_hash(p, cut, ZCNIC_RSS_FIELDS_RW_MASK, &h);

        ok &= t == ZCNIC_RSS_TYPE_NONE || t == ZCNIC_RSS_TYPE_IPV6;
        g_free(p);
    }
    check(ok, "every prefix of a TCP/IPv6 frame: NONE or IPV6, no overread");
    put16(f + 12, 0x0806);
    check(frame_hash(f, len, ZCNIC_RSS_FIELDS_RW_MASK, &h) ==
          ZCNIC_RSS_TYPE_NONE, "ARP frame: NONE");
    check(zcnic_toeplitz(ms_key, 40, f, 37) == 0,
          "input longer than the key allows: not hashed (0)");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/rss/microsoft/ipv4", test_ms_ipv4);
    g_test_add_func("/rss/microsoft/ipv6", test_ms_ipv6);
    g_test_add_func("/rss/reset-key", test_reset_key);
    g_test_add_func("/rss/frame/reset-fields", test_frames_reset_fields);
    g_test_add_func("/rss/frame/fields", test_frames_fields);
    g_test_add_func("/rss/frame/fragments", test_fragments);
    g_test_add_func("/rss/frame/short", test_short);
    return g_test_run();
}
