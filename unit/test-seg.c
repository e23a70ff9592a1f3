/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of hw/zcnic/zcnic_seg.c: TSO/USO header checks and segment
 * headers, GRO classification and matching, and the round trip the GRO_HW
 * contract needs: segments coalesced and segmented again come back byte for
 * byte.  Checksums are verified with zcnic_parse.c's independent checker.
 * Built with ASan/UBSan; g_test cases, TAP (zcnic-unit.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zcnic_seg.h"
#include "zcnic-unit.h"


#define MAXF 70000

typedef struct Frame {
    uint8_t b[MAXF];
    size_t len;
    size_t hdr;
} Frame;

/*
 * Headers for a frame: Ethernet (VLAN tag optional), IPv4 (ID 0x1234, DF)
 * or IPv6, TCP (seq 1000, ack 77, 12 bytes of timestamp option) or UDP.
 */
static size_t make_hdr(uint8_t *h, int ipv6, int udp, int vlan,
                       uint8_t flags)
{
    static const uint8_t mac[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
    size_t off = 12, l3, l4;

    memset(h, 0, 160);
    memcpy(h, mac, 12);
    if (vlan) {
        h[12] = 0x81;
        h[15] = 5;
        off += 4;
    }
    h[off] = ipv6 ? 0x86 : 0x08;
    h[off + 1] = ipv6 ? 0xdd : 0x00;
    l3 = off + 2;
    if (ipv6) {
        h[l3] = 0x60;
        h[l3 + 6] = udp ? 17 : 6;
        h[l3 + 7] = 64;
        h[l3 + 23] = 1;         /* fd00::1 -> fd00::2 */
        h[l3 + 8] = 0xfd;
        h[l3 + 24] = 0xfd;
        h[l3 + 39] = 2;
        l4 = l3 + 40;
    } else {
        h[l3] = 0x45;
        h[l3 + 4] = 0x12;
        h[l3 + 5] = 0x34;
        h[l3 + 6] = 0x40;       /* DF */
        h[l3 + 8] = 64;
        h[l3 + 9] = udp ? 17 : 6;
        h[l3 + 12] = 10;
        h[l3 + 15] = 1;
        h[l3 + 16] = 10;
        h[l3 + 19] = 2;
        l4 = l3 + 20;
    }
    h[l4] = 0x30;               /* port 12345 -> 80 */
    h[l4 + 1] = 0x39;
    h[l4 + 3] = 80;
    if (udp) {
        return l4 + 8;
    }
    h[l4 + 7] = 0xe8;           /* seq 1000 */
    h[l4 + 6] = 0x03;
    h[l4 + 11] = 77;            /* ack 77 */
    h[l4 + 12] = 8 << 4;        /* 32 bytes: 12 of options */
    h[l4 + 13] = flags;
    h[l4 + 14] = 0x7f;          /* window */
    h[l4 + 20] = 1;             /* NOP NOP timestamps */
    h[l4 + 21] = 1;
    h[l4 + 22] = 8;
    h[l4 + 23] = 10;
    h[l4 + 27] = 5;
    h[l4 + 31] = 9;
    return l4 + 32;
}

/* A large frame: headers plus LEN payload bytes of a pattern. */
static void make_big(Frame *f, int ipv6, int udp, int vlan, size_t len,
                     uint8_t flags)
{
    f->hdr = make_hdr(f->b, ipv6, udp, vlan, flags);
    for (size_t i = 0; i < len; i++) {
        f->b[f->hdr + i] = (uint8_t)(i * 7 + (i >> 8));
    }
    f->len = f->hdr + len;
}

/* Segment F as the device does; returns the count, segments in OUT. */
static unsigned segment(const Frame *f, int udp, size_t mss, Frame *out,
                        unsigned max)
{
    ZcnicSegInfo si;
    size_t pay = f->len - f->hdr;
    unsigned n = 0;

    if (zcnic_seg_parse(f->b, f->hdr, udp, &si) != ZCNIC_SEG_OK) {
        return 0;
    }
    for (size_t off = 0; off < pay && n < max; off += mss, n++) {
        size_t p = pay - off < mss ? pay - off : mss;
        const uint8_t *src = f->b + f->hdr + off;

        zcnic_seg_build(&si, f->b, out[n].b, n, mss, p, off + p == pay,
                        zcnic_csum_add(0, src, p));
        memcpy(out[n].b + f->hdr, src, p);
        out[n].len = f->hdr + p;
        out[n].hdr = f->hdr;
    }
    return n;
}

static int valid(const Frame *f, ZcnicPktInfo *pi)
{
    zcnic_parse(f->b, f->len, pi);
    return pi->l3_end == f->len && !pi->bad_len &&
           zcnic_l4_csum(f->b, pi) == ZCNIC_CSUM_OK &&
           (pi->l3 == ZCNIC_L3_IPV6 || zcnic_ip_csum(f->b, pi) ==
            ZCNIC_CSUM_OK);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | p[3];
}

static Frame big, segs[64], back[64], held;

static void test_tso(int ipv6, int vlan)
{
    char what[128];
    const char *v = ipv6 ? "IPv6" : "IPv4";
    ZcnicPktInfo pi;
    unsigned n, ok = 0;

    /* 10000 bytes at MSS 1448: 6 full segments and one of 1312 */
    make_big(&big, ipv6, 0, vlan, 10000, 0x10 | 0x08 | 0x01 | 0x80);
    n = segment(&big, 0, 1448, segs, 64);
    snprintf(what, sizeof(what), "TSO %s%s: 10000 bytes, MSS 1448 -> 7 "
             "segments", v, vlan ? " VLAN" : "");
    check(n == 7, what);
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *th = segs[i].b + segs[i].hdr - 32;
        uint8_t fl = th[13];
        int good = valid(&segs[i], &pi) &&
                   segs[i].len - segs[i].hdr == (i < 6 ? 1448u : 1312u) &&
                   rd32(th + 4) == 1000 + i * 1448 &&
                   (fl & 0x01) == (i == 6 ? 1 : 0) &&
                   (fl & 0x08) == (i == 6 ? 8 : 0) &&
                   (fl & 0x80) == (i == 0 ? 0x80 : 0) && (fl & 0x10) &&
                   !memcmp(segs[i].b + segs[i].hdr,
                           big.b + big.hdr + i * 1448,
                           segs[i].len - segs[i].hdr);
        if (!ipv6) {
            const uint8_t *ip = segs[i].b + pi.l3_off;
            good &= (ip[4] << 8 | ip[5]) == 0x1234 + (int)i;
        }
        ok += good;
    }
    snprintf(what, sizeof(what), "TSO %s%s: lengths, checksums, sequence, "
             "FIN/PSH last, CWR first, IP ID +1, payload", v,
             vlan ? " VLAN" : "");
    check(ok == n, what);
}

/*
 * A frame handed whole to a backend (virtio-net GSO): lengths of the whole
 * frame, and an L4 checksum field that completes, as Linux's
 * skb_checksum_help does, into a valid frame.
 */
static void test_gso_pass(int ipv6, int udp)
{
    char what[128];
    ZcnicSegInfo si;
    ZcnicPktInfo pi;
    Frame *f = &held;
    size_t off;
    uint32_t sum;

    make_big(&big, ipv6, udp, 0, 30000, udp ? 0 : 0x10 | 0x80);
    zcnic_seg_parse(big.b, big.hdr, udp, &si);
    memcpy(f->b, big.b, big.len);
    f->len = big.len;
    f->hdr = big.hdr;
    memset(f->b + si.l3_off + (ipv6 ? 4 : 2), 0, 2);    /* lengths unused */
    zcnic_seg_build_gso(&si, big.b, f->b, 30000);
    off = si.l4_off + (udp ? 6 : 16);
    sum = zcnic_csum_add(0, f->b + si.l4_off, f->len - si.l4_off);
    f->b[off] = (uint8_t)(~zcnic_csum_fold(sum) >> 8);
    f->b[off + 1] = (uint8_t)~zcnic_csum_fold(sum);
    snprintf(what, sizeof(what), "GSO pass-through %s %s: lengths of the "
             "whole frame, checksum completes", ipv6 ? "IPv6" : "IPv4",
             udp ? "UDP" : "TCP");
    check(valid(f, &pi) && !memcmp(f->b + f->hdr, big.b + big.hdr, 30000),
          what);
}

static void test_uso(int ipv6)
{
    char what[96];
    ZcnicPktInfo pi;
    unsigned n, ok = 0;

    make_big(&big, ipv6, 1, 0, 3000, 0);
    n = segment(&big, 1, 1000, segs, 64);
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *uh = segs[i].b + segs[i].hdr - 8;

        ok += valid(&segs[i], &pi) && pi.l4 == ZCNIC_L4_UDP &&
              (uh[4] << 8 | uh[5]) == 1008 &&
              !memcmp(segs[i].b + segs[i].hdr, big.b + big.hdr + i * 1000,
                      1000);
    }
    snprintf(what, sizeof(what), "USO %s: 3000 bytes at 1000 -> 3 valid "
             "datagrams of 1000", ipv6 ? "IPv6" : "IPv4");
    check(n == 3 && ok == 3, what);
}

static void test_seg_parse(void)
{
    ZcnicSegInfo si;
    uint8_t h[160];
    size_t n;

    n = make_hdr(h, 0, 0, 0, 0x10);
    check(zcnic_seg_parse(h, n, false, &si) == ZCNIC_SEG_OK &&
          si.l3_off == 14 && si.l4_off == 34 && si.hdr_len == 66,
          "seg_parse: IPv4 TCP with options");
    check(zcnic_seg_parse(h, n, true, &si) == ZCNIC_SEG_WRONG_L4,
          "seg_parse: USO of a TCP frame is refused");
    check(zcnic_seg_parse(h, n - 4, false, &si) == ZCNIC_SEG_HDR_LEN,
          "seg_parse: HDR_LEN short of the TCP options");
    check(zcnic_seg_parse(h, n + 4, false, &si) == ZCNIC_SEG_HDR_LEN,
          "seg_parse: HDR_LEN beyond the TCP header");
    check(zcnic_seg_parse(h, 30, false, &si) == ZCNIC_SEG_NOT_IP,
          "seg_parse: HDR_LEN inside the IP header");
    h[14 + 6] = 0x20;   /* MF */
    check(zcnic_seg_parse(h, n, false, &si) == ZCNIC_SEG_IP_FRAG,
          "seg_parse: an IPv4 fragment is refused");
    n = make_hdr(h, 1, 0, 0, 0x10);
    h[14 + 6] = 0;      /* hop-by-hop */
    check(zcnic_seg_parse(h, n, false, &si) == ZCNIC_SEG_IP_EXT,
          "seg_parse: IPv6 extension headers are refused");
    n = make_hdr(h, 0, 0, 0, 0x10);
    h[12] = 0x88;
    h[13] = 0x08;
    check(zcnic_seg_parse(h, n, false, &si) == ZCNIC_SEG_NOT_IP,
          "seg_parse: not IP");
    n = make_hdr(h, 1, 1, 1, 0);
    check(zcnic_seg_parse(h, n, true, &si) == ZCNIC_SEG_OK &&
          si.l3_off == 18 && si.hdr_len == 18 + 48 && si.ipv6 && si.udp,
          "seg_parse: VLAN IPv6 UDP");
    check(zcnic_seg_parse(h, 10, true, &si) == ZCNIC_SEG_NOT_IP,
          "seg_parse: shorter than Ethernet");
}

/* Coalesce SEGS[0..N) as the device does; returns segments joined. */
static unsigned coalesce(unsigned n, ZcnicGroSeg *g0)
{
    ZcnicGroSeg g;
    ZcnicPktInfo pi;
    size_t pay = 0;
    unsigned count = 0;
    uint16_t sum = 0;
    bool psh = false;

    for (unsigned i = 0; i < n; i++) {
        zcnic_parse(segs[i].b, segs[i].len, &pi);
        if (zcnic_gro_classify(segs[i].b, segs[i].len, &pi, &g) !=
            ZCNIC_GRO_OK) {
            break;
        }
        if (i == 0) {
            *g0 = g;
            memcpy(held.b, segs[0].b, segs[0].len);
        } else if (!zcnic_gro_same_flow(held.b, g0, segs[i].b, &g) ||
                   !zcnic_gro_same_hdr(held.b, g0, segs[i].b, &g, count) ||
                   g.seq != g0->seq + pay) {
            break;
        } else {
            memcpy(held.b + g0->hdr_len + pay, segs[i].b + g.hdr_len,
                   g.payload);
        }
        sum = zcnic_gro_sum_append(sum, pay, g.payload_sum);
        pay += g.payload;
        psh |= g.psh;
        count++;
    }
    held.len = g0->hdr_len + pay;
    held.hdr = g0->hdr_len;
    zcnic_gro_finish(held.b, g0, pay, sum, psh);
    return count;
}

static void test_round_trip(int ipv6)
{
    char what[128];
    ZcnicGroSeg g0;
    ZcnicPktInfo pi;
    unsigned n, m, same = 0;

    make_big(&big, ipv6, 0, 1, 40000, 0x10 | 0x08);
    n = segment(&big, 0, 1448, segs, 64);
    m = coalesce(n, &g0);
    snprintf(what, sizeof(what), "GRO %s: all %u segments of a 40000-byte "
             "send coalesce into one valid frame", ipv6 ? "IPv6" : "IPv4",
             n);
    check(n == 28 && m == n && held.len == big.len && valid(&held, &pi) &&
          !memcmp(held.b + held.hdr, big.b + big.hdr, 40000), what);
    /* resegment the coalesced frame: byte-identical to the originals */
    m = segment(&held, 0, 1448, back, 64);
    for (unsigned i = 0; i < m && i < n; i++) {
        same += back[i].len == segs[i].len &&
                !memcmp(back[i].b, segs[i].b, segs[i].len);
    }
    snprintf(what, sizeof(what), "GRO %s: resegmenting it at MSS 1448 gives "
             "the %u original frames byte for byte", ipv6 ? "IPv6" : "IPv4",
             n);
    check(m == n && same == n, what);
}

/* An odd MSS puts every other payload at an odd offset (RFC 1071 swap). */
static void test_odd_mss(void)
{
    static const uint8_t abc[] = { 0x12, 0x34, 0x56, 0x78, 0x9a };
    ZcnicGroSeg g0;
    ZcnicPktInfo pi;
    uint16_t part = zcnic_gro_sum_append(
        zcnic_csum_fold(zcnic_csum_add(0, abc, 3)), 3,
        zcnic_csum_fold(zcnic_csum_add(0, abc + 3, 2)));
    unsigned n, m;

    check(part == zcnic_csum_fold(zcnic_csum_add(0, abc, 5)),
          "sum_append: 3 + 2 bytes sum as the 5 bytes do");
    make_big(&big, 0, 0, 1, 9999, 0x10);
    n = segment(&big, 0, 1447, segs, 64);
    m = coalesce(n, &g0);
    check(n == 7 && m == n && held.len == big.len && valid(&held, &pi) &&
          !memcmp(held.b + held.hdr, big.b + big.hdr, 9999),
          "GRO: 7 segments of odd MSS 1447 coalesce into a valid frame");
}

static void test_gro_rules(void)
{
    ZcnicGroSeg g, g0;
    ZcnicPktInfo pi;
    Frame *a = &segs[0], *b = &segs[1];
    uint8_t *tb;

    make_big(&big, 0, 0, 0, 2896, 0x10);
    segment(&big, 0, 1448, segs, 2);
    zcnic_parse(a->b, a->len, &pi);
    check(zcnic_gro_classify(a->b, a->len, &pi, &g0) == ZCNIC_GRO_OK &&
          g0.payload == 1448 && g0.seq == 1000 && g0.hdr_len == 66,
          "classify: an ACK segment with payload may be coalesced");
    zcnic_parse(b->b, b->len, &pi);
    zcnic_gro_classify(b->b, b->len, &pi, &g);
    check(zcnic_gro_same_flow(a->b, &g0, b->b, &g) &&
          zcnic_gro_same_hdr(a->b, &g0, b->b, &g, 1),
          "match: the next segment of the flow joins");
    check(!zcnic_gro_same_hdr(a->b, &g0, b->b, &g, 2),
          "match: an IPv4 ID that is not the next one does not");
    tb = b->b + g.l4_off;
    tb[11]++;
    check(!zcnic_gro_same_hdr(a->b, &g0, b->b, &g, 1),
          "match: another ack number does not");
    tb[11]--;
    tb[15]++;
    check(!zcnic_gro_same_hdr(a->b, &g0, b->b, &g, 1),
          "match: another window does not");
    tb[15]--;
    tb[31]++;
    check(!zcnic_gro_same_hdr(a->b, &g0, b->b, &g, 1),
          "match: another timestamp option does not");
    tb[31]--;
    b->b[g.l3_off + 8]--;
    check(!zcnic_gro_same_hdr(a->b, &g0, b->b, &g, 1),
          "match: another TTL does not");
    b->b[g.l3_off + 8]++;
    tb[1]++;
    check(!zcnic_gro_same_flow(a->b, &g0, b->b, &g),
          "flow: another port is another flow");
    tb[1]--;
    tb[13] |= 0x08;
    check(zcnic_gro_same_hdr(a->b, &g0, b->b, &g, 1),
          "match: PSH may differ");

    /* frames that are never coalesced */
    make_big(&big, 0, 0, 0, 100, 0x10 | 0x01);
    segment(&big, 0, 1448, segs, 1);
    zcnic_parse(a->b, a->len, &pi);
    check(zcnic_gro_classify(a->b, a->len, &pi, &g) == ZCNIC_GRO_SOLO,
          "classify: FIN is solo");
    make_big(&big, 0, 0, 0, 100, 0x02);
    segment(&big, 0, 1448, segs, 1);
    zcnic_parse(a->b, a->len, &pi);
    check(zcnic_gro_classify(a->b, a->len, &pi, &g) == ZCNIC_GRO_SOLO,
          "classify: SYN is solo");
    make_big(&big, 0, 0, 0, 100, 0x10);
    segment(&big, 0, 1448, segs, 1);
    a->b[a->len - 1] ^= 1;
    zcnic_parse(a->b, a->len, &pi);
    check(zcnic_gro_classify(a->b, a->len, &pi, &g) == ZCNIC_GRO_SOLO,
          "classify: a bad TCP checksum is solo");
    a->b[a->len - 1] ^= 1;
    a->b[a->len++] = 0;     /* a trailer beyond the IP length */
    zcnic_parse(a->b, a->len, &pi);
    check(zcnic_gro_classify(a->b, a->len, &pi, &g) == ZCNIC_GRO_SOLO,
          "classify: padding after the IP datagram is solo");
    make_big(&big, 0, 0, 0, 0, 0x10);
    big.len = big.hdr;
    big.b[14 + 3] = (uint8_t)(big.hdr - 14);   /* IPv4 total length */
    segs[0] = big;
    zcnic_parse(a->b, a->len, &pi);
    check(zcnic_gro_classify(a->b, a->len, &pi, &g) == ZCNIC_GRO_SOLO,
          "classify: a pure ACK is solo");
    make_big(&big, 0, 1, 0, 100, 0);
    segment(&big, 1, 1000, segs, 1);
    zcnic_parse(a->b, a->len, &pi);
    check(zcnic_gro_classify(a->b, a->len, &pi, &g) == ZCNIC_GRO_NONE,
          "classify: UDP belongs to no flow");
}

/* the parameters of a case: bit 0 IPv6, bit 1 VLAN or UDP */
static void case_tso(gconstpointer p)
{
    test_tso(GPOINTER_TO_INT(p) & 1, GPOINTER_TO_INT(p) >> 1);
}

static void case_uso(gconstpointer p)
{
    test_uso(GPOINTER_TO_INT(p));
}

static void case_round_trip(gconstpointer p)
{
    test_round_trip(GPOINTER_TO_INT(p));
}

static void case_gso_pass(gconstpointer p)
{
    test_gso_pass(GPOINTER_TO_INT(p) & 1, GPOINTER_TO_INT(p) >> 1);
}

int main(int argc, char **argv)
{
    static const char *const ip[] = { "ipv4", "ipv6" };

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/seg/parse", test_seg_parse);
    g_test_add_data_func("/seg/tso/ipv4", GINT_TO_POINTER(0), case_tso);
    g_test_add_data_func("/seg/tso/ipv6", GINT_TO_POINTER(1), case_tso);
    g_test_add_data_func("/seg/tso/ipv4-vlan", GINT_TO_POINTER(2), case_tso);
    g_test_add_data_func("/seg/uso/ipv4", GINT_TO_POINTER(0), case_uso);
    g_test_add_data_func("/seg/uso/ipv6", GINT_TO_POINTER(1), case_uso);
    g_test_add_data_func("/seg/round-trip/ipv4", GINT_TO_POINTER(0),
                         case_round_trip);
    g_test_add_data_func("/seg/round-trip/ipv6", GINT_TO_POINTER(1),
                         case_round_trip);
    g_test_add_func("/seg/odd-mss", test_odd_mss);
    for (int i = 0; i < 4; i++) {
        g_autofree char *path = g_strdup_printf("/seg/gso-pass/%s-%s",
                                                ip[i & 1],
                                                i >> 1 ? "udp" : "tcp");

        g_test_add_data_func(path, GINT_TO_POINTER(i), case_gso_pass);
    }
    g_test_add_func("/seg/gro-rules", test_gro_rules);
    return g_test_run();
}
