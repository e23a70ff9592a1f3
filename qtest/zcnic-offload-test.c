/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QTest testcases for zcnic: offloads: checksums, header split, TSO/USO,
 * receive coalescing (spec 4.3-4.7).
 * Each test path names the spec section it checks (docs/spec.rst).
 */

#include "zcnic-qtest.h"

/* spec 4.3: the device inserts the checksum; guest memory is unchanged */
static void test_tx_csum_offload(void)
{
    ZcnicTest t = { 0 };
    uint8_t frame[600], sent[600], got[ZCNIC_MAX_FRAME], mem[600];
    uint16_t want;

    zt_start(&t, NULL);
    rings_start(&t, ZCNIC_CTRL_TX_EN);
    make_tcp4(frame, sizeof(frame), our_mac);
    want = lduw_be_p(frame + 50);
    /* as Linux hands it over: the pseudo-header sum in the field */
    memcpy(sent, frame, sizeof(sent));
    stw_be_p(sent + 50, ~ref_csum(NULL, 0, 6 + sizeof(frame) - 34 +
                                  0x0a00 + 0x0001 + 0x0a00 + 0x0002) & 0xffff);
    /* split so that the checksum field straddles two buffers */
    qtest_memwrite(t.qts, TX_BUF, sent, 51);
    qtest_memwrite(t.qts, TX_BUF + 0x1ff0, sent + 51, sizeof(sent) - 51);
    desc_write(&t, TX_RING, 0, TX_BUF,
               51 | ZCNIC_TXD_CSUM |
               (34ull << ZCNIC_TXD_CSUM_START_SHIFT) |
               (16ull << ZCNIC_TXD_CSUM_OFFSET_SHIFT));
    desc_write(&t, TX_RING, 1, TX_BUF + 0x1ff0,
               (sizeof(sent) - 51) | ZCNIC_DESC_EOP);
    wr(&t, ZCNIC_REG_TX_TAIL, 2);

    g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, sizeof(frame));
    g_assert_cmphex(lduw_be_p(got + 50), ==, want);
    g_assert_cmpmem(got, sizeof(frame), frame, sizeof(frame));
    qtest_memread(t.qts, TX_BUF, mem, 51);
    g_assert_cmpmem(mem, 51, sent, 51);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_TX_CSUM), ==, 1);
    zt_stop(&t);
}

/* spec 4.4: checksum status in the EOP write-back */
static void test_rx_csum(void)
{
    ZcnicTest t = { 0 };
    uint8_t frame[300];
    uint64_t wb;

    zt_start(&t, NULL);
    rings_start(&t, ZCNIC_CTRL_RX_EN);
    make_tcp4(frame, sizeof(frame), our_mac);
    wb = rx_one(&t, frame, sizeof(frame));
    g_assert_cmphex(wb & (ZCNIC_RXD_IPV4 | ZCNIC_RXD_IP_CSUM_OK |
                          ZCNIC_RXD_L4_TCP | ZCNIC_RXD_L4_CSUM_OK |
                          ZCNIC_RXD_CSUM_BAD), ==,
                    ZCNIC_RXD_IPV4 | ZCNIC_RXD_IP_CSUM_OK | ZCNIC_RXD_L4_TCP |
                    ZCNIC_RXD_L4_CSUM_OK);

    frame[200] ^= 0x55;     /* payload: TCP sum now wrong, delivered */
    wb = rx_one(&t, frame, sizeof(frame));
    g_assert_cmphex(wb & (ZCNIC_RXD_IP_CSUM_OK | ZCNIC_RXD_L4_CSUM_OK |
                          ZCNIC_RXD_CSUM_BAD), ==,
                    ZCNIC_RXD_IP_CSUM_OK | ZCNIC_RXD_CSUM_BAD);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_RX_CSUM_BAD), ==, 1);

    make_frame(frame, sizeof(frame), our_mac, 14);      /* not IP */
    wb = rx_one(&t, frame, sizeof(frame));
    g_assert_cmphex(wb & ~(ZCNIC_DESC_DONE | ZCNIC_DESC_EOP |
                           MAKE_64BIT_MASK(0, 16)), ==, 0);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_RX_FRAMES), ==, 3);
    zt_stop(&t);
}

typedef struct SplitFrame {
    int vlans;          /* 0..2 */
    int ipv;            /* 4, 6, or 0 for a non-IP ethertype */
    int ip_opt;         /* IPv4 option bytes (multiple of 4) */
    int v6_ext;         /* IPv6 hop-by-hop bytes (multiple of 8, 0 = none) */
    uint8_t proto;      /* 6, 17, other */
    int tcp_opt;        /* TCP option bytes (multiple of 4) */
    uint16_t frag;      /* IPv4 flags/offset field */
    int payload;
    int lie;            /* added to the IP length field */
} SplitFrame;

/* Returns the frame length; *hdr is where the headers end. */
static size_t build_split_frame(uint8_t *f, const SplitFrame *sf, size_t *hdr)
{
    ZtFrame z = {
        .vlans = sf->vlans, .ethertype = 0x88b5, .ipv = sf->ipv,
        .ip_opt = sf->ip_opt, .v6_ext = sf->v6_ext, .frag = sf->frag,
        .lie = sf->lie, .proto = sf->proto, .tcp_opt = sf->tcp_opt,
        .payload = sf->payload,
        .fill = sf->ipv ? ZT_PAY_COUNT : ZT_PAY_FILL, .seed = 0xab,
    };

    return zt_frame(f, &z, hdr);
}

static void split_start(ZcnicTest *t, uint32_t hdr_size)
{
    zt_start(t, NULL);
    rings_start(t, ZCNIC_CTRL_RX_EN);
    wr(t, ZCNIC_REG_RX_HDR_SIZE, hdr_size);
    wr(t, ZCNIC_REG_RX_HDR_BASE_LO, HDR_BASE);
    wr(t, ZCNIC_REG_RX_HDR_BASE_HI, 0);
    wr(t, ZCNIC_REG_RX_SPLIT, ZCNIC_RX_SPLIT_EN);
}

/* Receive SF into page-sized buffers at head; check where the bytes went. */
static uint64_t split_rx(ZcnicTest *t, const SplitFrame *sf, bool want_split)
{
    static uint8_t f[ZCNIC_MAX_FRAME], got[ZCNIC_MAX_FRAME];
    uint32_t head = rd(t, ZCNIC_REG_RX_HEAD), idx = head;
    size_t hdr, len = build_split_frame(f, sf, &hdr), off;
    uint64_t cmd, first;
    uint32_t frames;

    for (int i = 0; i < 4; i++) {
        desc_write(t, RX_RING, (head + i) % RING_SIZE,
                   RX_BUF + ((head + i) % RING_SIZE) * 0x1000, 4096);
    }
    wr(t, ZCNIC_REG_RX_TAIL, (head + 4) % RING_SIZE);
    frames = rd(t, ZCNIC_REG_STAT_RX_FRAMES);
    wire_send(t, f, len);
    wait_reg(t, ZCNIC_REG_STAT_RX_FRAMES, frames + 1);
    first = desc_cmd(t, RX_RING, idx);
    if (!want_split) {
        hdr = 0;
    }
    g_assert_cmpuint(!!(first & ZCNIC_RXD_SPLIT), ==, want_split);
    g_assert_cmpuint(extract64(first, ZCNIC_RXD_HDR_LEN_SHIFT,
                               ZCNIC_RXD_HDR_LEN_WIDTH), ==, hdr);
    if (hdr) {
        qtest_memread(t->qts, HDR_BASE + head * 256, got, hdr);
        g_assert_cmpmem(got, hdr, f, hdr);
    }
    /* payload (or the whole frame) from offset 0 of each data page */
    off = hdr;
    do {
        uint32_t l;

        cmd = desc_cmd(t, RX_RING, idx);
        g_assert_true(cmd & ZCNIC_DESC_DONE);
        l = desc_len(cmd);
        g_assert_cmpuint(l, ==, MIN(4096, len - off));
        qtest_memread(t->qts, RX_BUF + idx * 0x1000, got, l);
        g_assert_cmpmem(got, l, f + off, l);
        off += l;
        idx = (idx + 1) % RING_SIZE;
    } while (!(cmd & ZCNIC_DESC_EOP));
    g_assert_cmpuint(off, ==, len);
    /* reclaim what the device did not use */
    wr(t, ZCNIC_REG_RX_TAIL, idx);
    return first;
}

static void test_split_ipv4_tcp_options(void)
{
    SplitFrame sf = { .ipv = 4, .ip_opt = 8, .proto = 6, .tcp_opt = 12,
                      .payload = 1000 };
    ZcnicTest t = { 0 };
    uint64_t wb;

    split_start(&t, 256);
    wb = split_rx(&t, &sf, true);
    g_assert_cmpuint(extract64(wb, ZCNIC_RXD_HDR_LEN_SHIFT,
                               ZCNIC_RXD_HDR_LEN_WIDTH), ==, 14 + 28 + 32);
    g_assert_cmpuint(desc_len(wb), ==, 1000);
    g_assert_true(wb & ZCNIC_RXD_IPV4);
    g_assert_true(wb & ZCNIC_RXD_L4_TCP);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_SPLIT), ==, 1);
    zt_stop(&t);
}

static void test_split_ipv6_ext_udp(void)
{
    SplitFrame sf = { .ipv = 6, .v6_ext = 16, .proto = 17, .payload = 300 };
    ZcnicTest t = { 0 };
    uint64_t wb;

    split_start(&t, 256);
    wb = split_rx(&t, &sf, true);
    g_assert_cmpuint(extract64(wb, ZCNIC_RXD_HDR_LEN_SHIFT,
                               ZCNIC_RXD_HDR_LEN_WIDTH), ==, 14 + 40 + 16 + 8);
    g_assert_true(wb & ZCNIC_RXD_IPV6);
    g_assert_true(wb & ZCNIC_RXD_L4_UDP);
    zt_stop(&t);
}

static void test_split_vlan_other_proto(void)
{
    SplitFrame sf = { .vlans = 2, .ipv = 4, .proto = 47, .payload = 200 };
    ZcnicTest t = { 0 };
    uint64_t wb;

    split_start(&t, 256);
    wb = split_rx(&t, &sf, true);
    g_assert_cmpuint(extract64(wb, ZCNIC_RXD_HDR_LEN_SHIFT,
                               ZCNIC_RXD_HDR_LEN_WIDTH), ==, 22 + 20);
    zt_stop(&t);
}

/* payload in whole pages: what TCP_ZEROCOPY_RECEIVE can map */
static void test_split_jumbo_pages(void)
{
    SplitFrame sf = { .ipv = 4, .proto = 6, .tcp_opt = 12, .payload = 8192 };
    ZcnicTest t = { 0 };
    uint32_t head;

    split_start(&t, 256);
    head = rd(&t, ZCNIC_REG_RX_HEAD);
    split_rx(&t, &sf, true);
    g_assert_cmpuint(desc_len(desc_cmd(&t, RX_RING, head)), ==, 4096);
    g_assert_cmpuint(desc_len(desc_cmd(&t, RX_RING, head + 1)), ==, 4096);
    g_assert_true(desc_cmd(&t, RX_RING, head + 1) & ZCNIC_DESC_EOP);
    zt_stop(&t);
}

static void test_split_no_payload(void)
{
    SplitFrame sf = { .ipv = 4, .proto = 6, .payload = 0 };
    ZcnicTest t = { 0 };
    uint64_t wb;

    split_start(&t, 256);
    wb = split_rx(&t, &sf, true);
    g_assert_cmpuint(desc_len(wb), ==, 0);
    g_assert_true(wb & ZCNIC_DESC_EOP);
    zt_stop(&t);
}

static void test_split_not_ip(void)
{
    SplitFrame sf = { .ipv = 0, .payload = 100 };
    ZcnicTest t = { 0 };

    split_start(&t, 256);
    split_rx(&t, &sf, false);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_NOSPLIT_NOTIP), ==, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_SPLIT), ==, 0);
    zt_stop(&t);
}

static void test_split_fragment(void)
{
    SplitFrame sf = { .ipv = 4, .proto = 17, .frag = 0x0040, .payload = 64 };
    ZcnicTest t = { 0 };

    split_start(&t, 256);
    split_rx(&t, &sf, false);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_NOSPLIT_FRAG), ==, 1);
    zt_stop(&t);
}

static void test_split_overflow(void)
{
    SplitFrame sf = { .ipv = 4, .ip_opt = 8, .proto = 6, .tcp_opt = 12,
                      .payload = 100 };
    ZcnicTest t = { 0 };
    uint64_t wb;

    split_start(&t, 64);    /* 74 bytes of headers do not fit */
    wb = split_rx(&t, &sf, false);
    g_assert_true(wb & ZCNIC_RXD_HDR_OVERFLOW);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_NOSPLIT_OVERFLOW), ==, 1);
    zt_stop(&t);
}

static void test_split_lying_length(void)
{
    SplitFrame sf = { .ipv = 4, .proto = 6, .payload = 100, .lie = 500 };
    ZcnicTest t = { 0 };

    split_start(&t, 256);
    split_rx(&t, &sf, false);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_NOSPLIT_BADLEN), ==, 1);
    zt_stop(&t);
}

static void tso_check(bool v6, bool udp)
{
    ZcnicTest t = { 0 };
    static uint8_t big[SEG_MAX], got[ZCNIC_MAX_FRAME], want[ZCNIC_MAX_FRAME];
    size_t hl = (v6 ? 54 : 34) + (udp ? 8 : 20);
    size_t plen = udp ? 8000 : 65536 - hl;
    size_t mss = udp ? 1000 : v6 ? 1440 : 1448;    /* MTU 1500 */
    size_t len = seg_frame(big, v6, udp, 1000, 0x100, 0x18, 0, plen);
    uint32_t nseg = DIV_ROUND_UP(plen, mss), bytes = 0;

    /* as Linux hands it over, lengths and checksum need not be right */
    stw_be_p(big + 16, 0);
    zt_start(&t, NULL);
    tso_rings_start(&t);
    tso_post(&t, big, len, hl, udp ? ZCNIC_TXD_SEG_UDP : ZCNIC_TXD_SEG_TCP,
             mss);
    for (uint32_t i = 0; i < nseg; i++) {
        size_t p = MIN(mss, plen - i * mss);
        size_t wl = seg_frame(want, v6, udp, 1000 + i * mss, 0x100 + i,
                              i == nseg - 1 ? 0x18 : 0x10, i * mss, p);

        g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, wl);
        g_assert_cmpmem(got, wl, want, wl);
        bytes += wl;
    }
    g_assert_true(wire_empty(&t));
    g_assert_cmpuint(rd(&t, ZCNIC_REG_TX_HEAD), ==, DIV_ROUND_UP(len - hl,
                                                                 4096) + 1);
    g_assert_cmpuint(rd(&t, udp ? ZCNIC_REG_STAT_USO_FRAMES
                                : ZCNIC_REG_STAT_TSO_FRAMES), ==, 1);
    g_assert_cmpuint(rd(&t, udp ? ZCNIC_REG_STAT_USO_SEGS
                                : ZCNIC_REG_STAT_TSO_SEGS), ==, nseg);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_TX_FRAMES), ==, nseg);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_TX_BYTES), ==, bytes);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_TX_BOUNCED), ==, 0);
    zt_stop(&t);
}

/* spec 4.6: a 64 KB TSO frame becomes the exact segments, IPv4 and IPv6 */
static void test_tso_ipv4(void)
{
    tso_check(false, false);
}

static void test_tso_ipv6(void)
{
    tso_check(true, false);
}

/* spec 4.6: USO: 8000 bytes at 1000 become 8 UDP datagrams */
static void test_uso_ipv4(void)
{
    tso_check(false, true);
}

static void test_uso_ipv6(void)
{
    tso_check(true, true);
}

/*
 * spec 4.6: with host-tso=on (auto: on -netdev user) an IPv4 TCP
 * segmentation frame goes as one segment, lengths and checksums those of
 * the whole frame (the TCP checksum computed from scratch), FIN/PSH/CWR
 * kept; it counts as the segments it stands for.
 */
static void test_tso_whole_ipv4(void)
{
    ZcnicTest t = { 0 };
    static uint8_t big[SEG_MAX], got[SEG_MAX];
    size_t hl = 54, plen = ZCNIC_TSO_MAX_LEN - hl, mss = 1448;
    size_t len = seg_frame(big, false, false, 1000, 0x100, 0x99, 0, plen);
    uint32_t nseg = DIV_ROUND_UP(plen, mss);

    zt_start(&t, "host-tso=on");
    tso_rings_start(&t);
    /* lengths and checksums are the device's job */
    stw_be_p(big + 16, 0);
    stw_be_p(big + 24, 0x1234);
    stw_be_p(big + 50, 0x5678);
    tso_post(&t, big, len, hl, ZCNIC_TXD_SEG_TCP, mss);
    g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, len);
    len = seg_frame(big, false, false, 1000, 0x100, 0x99, 0, plen);
    g_assert_cmpmem(got, len, big, len);
    g_assert_true(wire_empty(&t));
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_SEG_PASSED), ==, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_TSO_FRAMES), ==, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_TSO_SEGS), ==, nseg);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_TX_FRAMES), ==, nseg);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_TX_BYTES), ==, plen + nseg * hl);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_TX_BOUNCED), ==, 0);
    zt_stop(&t);
}

/*
 * spec 4.6: under host-tso an IPv6 TCP frame (slirp's IPv6 input drops
 * packets above its MTU), a USO frame (its datagrams are the
 * application's), and with host-tso=off an IPv4 one, are segmented.
 */
static void whole_segmented(const char *opts, bool v6, bool udp)
{
    ZcnicTest t = { 0 };
    static uint8_t big[SEG_MAX], got[ZCNIC_MAX_FRAME], want[ZCNIC_MAX_FRAME];
    size_t hl = (v6 ? 54 : 34) + (udp ? 8 : 20), mss = 1000;
    size_t len = seg_frame(big, v6, udp, 1000, 0x100, udp ? 0 : 0x18, 0,
                           3000);

    zt_start(&t, opts);
    tso_rings_start(&t);
    tso_post(&t, big, len, hl, udp ? ZCNIC_TXD_SEG_UDP : ZCNIC_TXD_SEG_TCP,
             mss);
    for (uint32_t i = 0; i < 3; i++) {
        size_t wl = seg_frame(want, v6, udp, 1000 + i * mss, 0x100 + i,
                              udp ? 0 : i == 2 ? 0x18 : 0x10, i * mss, mss);

        g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, wl);
        g_assert_cmpmem(got, wl, want, wl);
    }
    g_assert_true(wire_empty(&t));
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_SEG_PASSED), ==, 0);
    zt_stop(&t);
}

static void test_tso_whole_ipv6(void)
{
    whole_segmented("host-tso=on", true, false);
}

static void test_tso_whole_off(void)
{
    whole_segmented("host-tso=off", false, false);
}

static void test_uso_whole(void)
{
    whole_segmented("host-tso=on", false, true);
}

/*
 * spec 4.6: on a tap with vnet_hdr the large frame goes whole, with a
 * virtio-net GSO header, lengths of the whole frame and the pseudo-header
 * sum in the checksum field (CHECKSUM_PARTIAL); completing that checksum
 * gives back the frame software built.  It counts as the segments the
 * backend will make.
 */
static void tso_pass_check(bool v6, bool udp)
{
    ZcnicTest t = { 0 };
    static uint8_t big[SEG_MAX], got[SEG_MAX];
    size_t hl = (v6 ? 54 : 34) + (udp ? 8 : 20), plen = 20000;
    size_t mss = udp ? 1000 : v6 ? 1440 : 1448;
    size_t len = seg_frame(big, v6, udp, 1000, 0x100, udp ? 0 : 0x18, 0,
                           plen), csum = hl - (udp ? 2 : 4);
    uint32_t nseg = DIV_ROUND_UP(plen, mss), sum = 0;

    if (!tap_start(&t, NULL)) {
        return;
    }
    tso_rings_start(&t);
    stw_be_p(big + (v6 ? 18 : 16), 0);     /* lengths are the device's job */
    tso_post(&t, big, len, hl, udp ? ZCNIC_TXD_SEG_UDP : ZCNIC_TXD_SEG_TCP,
             mss);
    g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, len);
    g_assert_cmpuint(t.vh.flags, ==, VIRTIO_NET_HDR_F_NEEDS_CSUM);
    g_assert_cmpuint(t.vh.gso_type, ==, udp ? VIRTIO_NET_HDR_GSO_UDP_L4 :
                     v6 ? VIRTIO_NET_HDR_GSO_TCPV6 : VIRTIO_NET_HDR_GSO_TCPV4);
    g_assert_cmpuint(t.vh.gso_size, ==, mss);
    g_assert_cmpuint(t.vh.hdr_len, ==, hl);
    g_assert_cmpuint(t.vh.csum_start, ==, hl - (udp ? 8 : 20));
    g_assert_cmpuint(t.vh.csum_offset, ==, udp ? 6 : 16);
    /* finish the checksum as the host kernel does (skb_checksum_help) */
    for (size_t i = t.vh.csum_start; i < len; i += 2) {
        sum += i + 1 < len ? lduw_be_p(got + i) : got[i] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    stw_be_p(got + csum, ~sum);
    len = seg_frame(big, v6, udp, 1000, 0x100, udp ? 0 : 0x18, 0, plen);
    g_assert_cmpmem(got, len, big, len);
    g_assert_true(wire_empty(&t));
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_SEG_PASSED), ==, 1);
    g_assert_cmpuint(rd(&t, udp ? ZCNIC_REG_STAT_USO_SEGS
                                : ZCNIC_REG_STAT_TSO_SEGS), ==, nseg);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_TX_FRAMES), ==, nseg);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_TX_BYTES), ==, plen + nseg * hl);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_TX_BOUNCED), ==, 0);
    zt_stop(&t);
}

static void test_tso_vnet_ipv4(void)
{
    tso_pass_check(false, false);
}

static void test_tso_vnet_ipv6(void)
{
    tso_pass_check(true, false);
}

static void test_uso_vnet(void)
{
    tso_pass_check(false, true);
}

/*
 * spec 4.6: with vnet-hdr=off a tap gets finished segments like any
 * backend (its header, added by QEMU's tap, stays empty).
 */
static void test_tso_vnet_off(void)
{
    ZcnicTest t = { 0 };
    static uint8_t big[SEG_MAX], got[ZCNIC_MAX_FRAME], want[ZCNIC_MAX_FRAME];
    static const struct virtio_net_hdr none;
    size_t len = seg_frame(big, false, false, 1000, 0x100, 0x18, 0, 5000);

    if (!tap_start(&t, "vnet-hdr=off")) {
        return;
    }
    tso_rings_start(&t);
    tso_post(&t, big, len, 54, ZCNIC_TXD_SEG_TCP, 1448);
    for (uint32_t i = 0; i < 4; i++) {
        size_t p = MIN(1448, 5000 - i * 1448);
        size_t wl = seg_frame(want, false, false, 1000 + i * 1448, 0x100 + i,
                              i == 3 ? 0x18 : 0x10, i * 1448, p);

        g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, wl);
        g_assert_cmpmem(&t.vh, sizeof(t.vh), &none, sizeof(none));
        g_assert_cmpmem(got, wl, want, wl);
    }
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_SEG_PASSED), ==, 0);
    zt_stop(&t);
}

/*
 * spec 4.6: on a tap with vnet_hdr, other frames go with an empty header
 * and received frames lose theirs.
 */
static void test_rx_tx_vnet(void)
{
    ZcnicTest t = { 0 };
    static const struct virtio_net_hdr none;
    uint8_t frame[100], got[ZCNIC_MAX_FRAME];

    if (!tap_start(&t, "mac=" TEST_MAC)) {
        return;
    }
    rings_start(&t, ZCNIC_CTRL_TX_EN | ZCNIC_CTRL_RX_EN);
    tx_frame(&t, 0, frame, sizeof(frame), bcast_mac, 3);
    wr(&t, ZCNIC_REG_TX_TAIL, 1);
    g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, sizeof(frame));
    g_assert_cmpmem(&t.vh, sizeof(t.vh), &none, sizeof(none));
    g_assert_cmpmem(got, sizeof(frame), frame, sizeof(frame));

    desc_write(&t, RX_RING, 0, RX_BUF, 2048);
    wr(&t, ZCNIC_REG_RX_TAIL, 1);
    make_frame(frame, sizeof(frame),
               (const uint8_t *)"\x02\x11\x22\x33\x44\x55", 4);
    wire_send(&t, frame, sizeof(frame));
    wait_reg(&t, ZCNIC_REG_RX_HEAD, 1);
    g_assert_cmpuint(desc_len(desc_cmd(&t, RX_RING, 0)), ==, sizeof(frame));
    qtest_memread(t.qts, RX_BUF, got, sizeof(frame));
    g_assert_cmpmem(got, sizeof(frame), frame, sizeof(frame));
    zt_stop(&t);
}

/* spec 4.7: a burst of in-order segments becomes one frame */
static void gro_burst(bool v6)
{
    ZcnicTest t = { 0 };
    static uint8_t got[SEG_MAX], want[SEG_MAX];
    uint64_t eop, w0;
    uint32_t idx = 0;
    size_t len, wl;

    zt_start(&t, NULL);
    gro_start(&t, 1000);
    gro_send(&t, v6, 0, 20, 0x18);      /* PSH ends it */
    wait_reg(&t, ZCNIC_REG_STAT_GRO_FRAMES, 1);
    len = gro_read(&t, &idx, got, &eop, &w0);
    wl = seg_frame(want, v6, false, 1000, 0x200, 0x18, 0, 20 * 1448);
    g_assert_cmpuint(len, ==, wl);
    g_assert_cmpmem(got, len, want, wl);
    g_assert_true(eop & ZCNIC_RXD_GRO);
    g_assert_true(eop & ZCNIC_RXD_L4_CSUM_OK);
    g_assert_cmpuint(extract64(w0, ZCNIC_RXD_GRO_SEGS_SHIFT,
                               ZCNIC_RXD_GRO_SEGS_WIDTH), ==, 20);
    g_assert_cmpuint(extract64(w0, ZCNIC_RXD_GRO_MSS_SHIFT,
                               ZCNIC_RXD_GRO_MSS_WIDTH), ==, 1448);
    g_assert_cmpuint(idx, ==, DIV_ROUND_UP(20 * 1448, 4096));
    g_assert_cmpuint(rd(&t, ZCNIC_REG_RX_HEAD), ==, idx);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_GRO_SEGS), ==, 20);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_GRO_FLUSH_END), ==, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_RX_FRAMES), ==, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_SPLIT), ==, 1);
    zt_stop(&t);
}

static void test_gro_burst_ipv4(void)
{
    gro_burst(false);
}

static void test_gro_burst_ipv6(void)
{
    gro_burst(true);
}

/*
 * spec 4.7: what flushes: an out-of-order segment, a retransmission, a FIN
 * (each then delivered alone), and the timer for what is left.
 */
static void test_gro_flush_reasons(void)
{
    ZcnicTest t = { 0 };
    static uint8_t got[SEG_MAX], f[2000];
    uint64_t eop, w0;
    uint32_t idx = 0;
    size_t len;

    zt_start(&t, NULL);
    gro_start(&t, 1000);
    gro_send(&t, false, 0, 3, 0x10);
    gro_send(&t, false, 4, 1, 0x10);    /* segment 3 missing */
    wait_reg(&t, ZCNIC_REG_STAT_GRO_FLUSH_OOO, 1);
    gro_send(&t, false, 5, 2, 0x10);
    gro_send(&t, false, 5, 1, 0x10);    /* 5 again: a retransmission */
    wait_reg(&t, ZCNIC_REG_STAT_GRO_FLUSH_OOO, 2);
    gro_send(&t, false, 7, 2, 0x10);
    len = seg_frame(f, false, false, 1000 + 9 * 1448, 0x209, 0x11,
                    9 * 1448, 100);
    wire_send(&t, f, len);              /* FIN */
    wait_reg(&t, ZCNIC_REG_STAT_GRO_FLUSH_FLAGS, 1);
    wait_reg(&t, ZCNIC_REG_STAT_RX_FRAMES, 6);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_GRO_FRAMES), ==, 3);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_GRO_SEGS), ==, 7);
    len = gro_read(&t, &idx, got, &eop, &w0);   /* 0-2 */
    g_assert_true(eop & ZCNIC_RXD_GRO);
    g_assert_cmpuint(extract64(w0, 0, 16), ==, 3);
    g_assert_cmpuint(len, ==, 54 + 3 * 1448);
    len = gro_read(&t, &idx, got, &eop, &w0);   /* 4, alone */
    g_assert_false(eop & ZCNIC_RXD_GRO);
    g_assert_cmpuint(len, ==, 54 + 1448);
    g_assert_cmpuint(ldl_be_p(got + 38), ==, 1000 + 4 * 1448);
    len = gro_read(&t, &idx, got, &eop, &w0);   /* 5-6 */
    g_assert_cmpuint(extract64(w0, 0, 16), ==, 2);
    len = gro_read(&t, &idx, got, &eop, &w0);   /* 5 again, alone */
    g_assert_false(eop & ZCNIC_RXD_GRO);
    g_assert_cmpuint(ldl_be_p(got + 38), ==, 1000 + 5 * 1448);
    len = gro_read(&t, &idx, got, &eop, &w0);   /* 7-8 */
    g_assert_cmpuint(extract64(w0, 0, 16), ==, 2);
    len = gro_read(&t, &idx, got, &eop, &w0);   /* the FIN, alone */
    g_assert_cmpuint(len, ==, 54 + 100);
    g_assert_cmphex(got[47], ==, 0x11);

    /* the timer flushes a lone segment, unchanged */
    gro_send(&t, false, 10, 1, 0x10);
    qtest_clock_step(t.qts, 500 * 1000);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_GRO_FLUSH_TIMER), ==, 0);
    wait_reg(&t, ZCNIC_REG_STAT_GRO_FLUSH_TIMER, 1);
    len = gro_read(&t, &idx, got, &eop, &w0);
    seg_frame(f, false, false, 1000 + 10 * 1448, 0x20a, 0x10, 10 * 1448,
              1448);
    g_assert_cmpuint(len, ==, 54 + 1448);
    g_assert_cmpmem(got, len, f, len);
    g_assert_false(eop & ZCNIC_RXD_GRO);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_RX_FRAMES), ==, 7);
    zt_stop(&t);
}

/* spec 4.7: RX_GRO_MAX_SEGS bounds a frame; other traffic flushes */
static void test_gro_limits(void)
{
    ZcnicTest t = { 0 };
    static uint8_t got[SEG_MAX], f[100];
    uint64_t eop, w0;
    uint32_t idx = 0;

    zt_start(&t, NULL);
    gro_start(&t, 1000);
    wr(&t, ZCNIC_REG_RX_GRO_MAX_SEGS, 4);
    gro_send(&t, false, 0, 6, 0x10);
    wait_reg(&t, ZCNIC_REG_STAT_GRO_FLUSH_FULL, 1);
    make_frame(f, sizeof(f), our_mac, 9);   /* not TCP: flushes 4 and 5 */
    wire_send(&t, f, sizeof(f));
    wait_reg(&t, ZCNIC_REG_STAT_GRO_FLUSH_OTHER, 1);
    wait_reg(&t, ZCNIC_REG_STAT_RX_FRAMES, 3);
    gro_read(&t, &idx, got, &eop, &w0);
    g_assert_cmpuint(extract64(w0, 0, 16), ==, 4);
    gro_read(&t, &idx, got, &eop, &w0);
    g_assert_cmpuint(extract64(w0, 0, 16), ==, 2);
    g_assert_cmpuint(ldl_be_p(got + 38), ==, 1000 + 4 * 1448);
    /* GRO off: segments go one by one */
    wr(&t, ZCNIC_REG_RX_GRO, 0);
    gro_send(&t, false, 6, 3, 0x10);
    wait_reg(&t, ZCNIC_REG_STAT_RX_FRAMES, 6);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_GRO_FRAMES), ==, 2);
    zt_stop(&t);
}

/*
 * spec 4.8: the RSS hash.  Microsoft's verification vectors (the first of
 * its IPv4 and IPv6 tables) in frames; the device's reset key is that
 * suite's key.
 */
typedef struct RssVector {
    bool v6;
    uint8_t src[16], dst[16];
    uint16_t sport, dport;
    uint32_t ip_hash, l4_hash;
} RssVector;

static const RssVector rss_v4 = {
    false, { 66, 9, 149, 187 }, { 161, 142, 100, 80 }, 2794, 1766,
    0x323e8fc2, 0x51ccc178,
};
static const RssVector rss_v6 = {
    true,
    { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x1f, 0xff, [15] = 0x07 },
    { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x00, 0x03, [15] = 0x01 },
    2794, 1766, 0x2cc18cd5, 0x40207d3d,
};

/* A TCP or UDP frame from V's source to its destination */
static size_t rss_frame(uint8_t *f, const RssVector *v, uint8_t proto)
{
    ZtFrame z = { .ipv = v->v6 ? 6 : 4, .proto = proto, .payload = 100 };
    size_t len = zt_frame(f, &z, NULL), alen = v->v6 ? 16 : 4;
    size_t src = v->v6 ? 14 + 8 : 14 + 12, l4 = v->v6 ? 14 + 40 : 14 + 20;

    memcpy(f + src, v->src, alen);
    memcpy(f + src + alen, v->dst, alen);
    stw_be_p(f + l4, v->sport);
    stw_be_p(f + l4 + 2, v->dport);
    return len;
}

/* Receive F; its write-back's RSS_TYPE, and the hash in word 0 */
static unsigned rss_rx(ZcnicTest *t, const uint8_t *f, size_t len,
                       uint32_t *hash)
{
    uint32_t head = rd(t, ZCNIC_REG_RX_HEAD);
    uint64_t wb = rx_one(t, f, len);

    *hash = qtest_readq(t->qts, RX_RING + head * ZCNIC_DESC_SIZE) >>
            ZCNIC_RXD_RSS_HASH_SHIFT;
    return extract64(wb, ZCNIC_RXD_RSS_TYPE_SHIFT, ZCNIC_RXD_RSS_TYPE_WIDTH);
}

static void rss_check_vector(ZcnicTest *t, const RssVector *v)
{
    unsigned ip = v->v6 ? ZCNIC_RSS_TYPE_IPV6 : ZCNIC_RSS_TYPE_IPV4;
    uint32_t udp_ports = ZCNIC_RSS_F_ALL << ZCNIC_RSS_FIELDS_SHIFT(
                         v->v6 ? ZCNIC_RSS_FT_UDP6 : ZCNIC_RSS_FT_UDP4);
    uint8_t f[300];
    uint32_t h;
    size_t len;

    wr(t, ZCNIC_REG_RSS_CTRL, ZCNIC_RSS_CTRL_HASH);
    len = rss_frame(f, v, 6);
    g_assert_cmpuint(rss_rx(t, f, len, &h), ==, ip + 1);    /* _TCP */
    g_assert_cmphex(h, ==, v->l4_hash);
    len = rss_frame(f, v, 17);      /* UDP at reset: the addresses */
    g_assert_cmpuint(rss_rx(t, f, len, &h), ==, ip);
    g_assert_cmphex(h, ==, v->ip_hash);
    wr(t, ZCNIC_REG_RSS_FIELDS, ZCNIC_RESET_RSS_FIELDS | udp_ports);
    g_assert_cmpuint(rss_rx(t, f, len, &h), ==, ip + 2);    /* _UDP */
    g_assert_cmphex(h, ==, v->l4_hash);
    /* the TCP type without its ports: the addresses' hash, an L3 type */
    wr(t, ZCNIC_REG_RSS_FIELDS, ZCNIC_RESET_RSS_FIELDS &
       ~((ZCNIC_RSS_F_L4_SRC | ZCNIC_RSS_F_L4_DST) <<
         ZCNIC_RSS_FIELDS_SHIFT(v->v6 ? ZCNIC_RSS_FT_TCP6 :
                                ZCNIC_RSS_FT_TCP4)));
    len = rss_frame(f, v, 6);
    g_assert_cmpuint(rss_rx(t, f, len, &h), ==, ip);
    g_assert_cmphex(h, ==, v->ip_hash);
    /* nothing selected for the type: no hash */
    wr(t, ZCNIC_REG_RSS_FIELDS, 0);
    g_assert_cmpuint(rss_rx(t, f, len, &h), ==, ZCNIC_RSS_TYPE_NONE);
    g_assert_cmphex(h, ==, 0);
    wr(t, ZCNIC_REG_RSS_FIELDS, ZCNIC_RESET_RSS_FIELDS);
}

static void test_rss_ipv4(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, NULL);
    rings_start(&t, ZCNIC_CTRL_RX_EN);
    rss_check_vector(&t, &rss_v4);
    zt_stop(&t);
}

static void test_rss_ipv6(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, NULL);
    rings_start(&t, ZCNIC_CTRL_RX_EN);
    rss_check_vector(&t, &rss_v6);
    zt_stop(&t);
}

/*
 * RSS_CTRL.HASH clear (reset): word 0 keeps the buffer's address and
 * RSS_TYPE is 0; a frame without IP: NONE and a zero hash; RSS_FIELDS'
 * reserved bits read 0; the key registers are the key.
 */
static void test_rss_ctrl_key(void)
{
    ZcnicTest t = { 0 };
    uint32_t head, h;
    uint8_t f[300];
    size_t len;
    uint64_t wb;

    zt_start(&t, NULL);
    rings_start(&t, ZCNIC_CTRL_RX_EN);
    len = rss_frame(f, &rss_v4, 6);
    head = rd(&t, ZCNIC_REG_RX_HEAD);
    wb = rx_one(&t, f, len);
    g_assert_cmpuint(extract64(wb, ZCNIC_RXD_RSS_TYPE_SHIFT,
                               ZCNIC_RXD_RSS_TYPE_WIDTH), ==, 0);
    g_assert_cmphex(qtest_readq(t.qts, RX_RING + head * ZCNIC_DESC_SIZE), ==,
                    RX_BUF + head * 0x1000);

    wr(&t, ZCNIC_REG_RSS_CTRL, 0xffffffff);
    g_assert_cmphex(rd(&t, ZCNIC_REG_RSS_CTRL), ==, ZCNIC_RSS_CTRL_HASH);
    wr(&t, ZCNIC_REG_RSS_FIELDS, 0xffffffff);
    g_assert_cmphex(rd(&t, ZCNIC_REG_RSS_FIELDS), ==,
                    ZCNIC_RSS_FIELDS_RW_MASK);
    make_frame(f, 100, our_mac, 3);     /* not IP */
    head = rd(&t, ZCNIC_REG_RX_HEAD);
    g_assert_cmpuint(rss_rx(&t, f, 100, &h), ==, ZCNIC_RSS_TYPE_NONE);
    g_assert_cmphex(qtest_readq(t.qts, RX_RING + head * ZCNIC_DESC_SIZE), ==,
                    0);

    /* a zero key hashes everything to 0; the reset key is back after */
    for (int i = 0; i < ZCNIC_RSS_KEY_WORDS; i++) {
        wr(&t, ZCNIC_REG_RSS_KEY(i), 0);
    }
    len = rss_frame(f, &rss_v4, 6);
    g_assert_cmpuint(rss_rx(&t, f, len, &h), ==, ZCNIC_RSS_TYPE_IPV4_TCP);
    g_assert_cmphex(h, ==, 0);
    /* the key's first word alone: bits 31:0 of the window, in byte order */
    wr(&t, ZCNIC_REG_RSS_KEY(0), ZCNIC_RESET_RSS_KEY0);
    g_assert_cmpuint(rss_rx(&t, f, len, &h), ==, ZCNIC_RSS_TYPE_IPV4_TCP);
    g_assert_cmphex(h, !=, 0);
    g_assert_cmphex(h, !=, rss_v4.l4_hash);
    wr(&t, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
    g_assert_cmphex(rd(&t, ZCNIC_REG_RSS_KEY(9)), ==, ZCNIC_RESET_RSS_KEY9);
    rings_start(&t, ZCNIC_CTRL_RX_EN);
    wr(&t, ZCNIC_REG_RSS_CTRL, ZCNIC_RSS_CTRL_HASH);
    g_assert_cmpuint(rss_rx(&t, f, len, &h), ==, ZCNIC_RSS_TYPE_IPV4_TCP);
    g_assert_cmphex(h, ==, rss_v4.l4_hash);
    zt_stop(&t);
}

/* With GRO, word 0 holds the count and MSS and the flow's hash */
static void test_rss_gro(void)
{
    ZcnicTest t = { 0 };
    uint8_t got[65536 + 64];
    uint64_t eop, w0;
    uint32_t idx = 0, one;

    zt_start(&t, NULL);
    gro_start(&t, 1000);
    wr(&t, ZCNIC_REG_RSS_CTRL, ZCNIC_RSS_CTRL_HASH);
    wr(&t, ZCNIC_REG_RX_GRO, 0);
    gro_send(&t, false, 0, 1, 0x18);    /* alone: the flow's hash */
    wait_reg(&t, ZCNIC_REG_STAT_RX_FRAMES, 1);
    gro_read(&t, &idx, got, &eop, &w0);
    g_assert_cmpuint(extract64(eop, ZCNIC_RXD_RSS_TYPE_SHIFT,
                               ZCNIC_RXD_RSS_TYPE_WIDTH), ==,
                     ZCNIC_RSS_TYPE_IPV4_TCP);
    g_assert_cmphex(extract64(w0, 0, 32), ==, 0);
    one = w0 >> ZCNIC_RXD_RSS_HASH_SHIFT;
    g_assert_cmphex(one, !=, 0);
    wr(&t, ZCNIC_REG_RX_GRO, ZCNIC_RX_GRO_EN);
    gro_send(&t, false, 1, 3, 0x18);
    wait_reg(&t, ZCNIC_REG_STAT_RX_FRAMES, 2);
    gro_read(&t, &idx, got, &eop, &w0);
    g_assert_true(eop & ZCNIC_RXD_GRO);
    g_assert_cmpuint(extract64(w0, ZCNIC_RXD_GRO_SEGS_SHIFT,
                               ZCNIC_RXD_GRO_SEGS_WIDTH), ==, 3);
    g_assert_cmpuint(extract64(w0, ZCNIC_RXD_GRO_MSS_SHIFT,
                               ZCNIC_RXD_GRO_MSS_WIDTH), ==, 1448);
    g_assert_cmphex(w0 >> ZCNIC_RXD_RSS_HASH_SHIFT, ==, one);
    g_assert_cmpuint(extract64(eop, ZCNIC_RXD_RSS_TYPE_SHIFT,
                               ZCNIC_RXD_RSS_TYPE_WIDTH), ==,
                     ZCNIC_RSS_TYPE_IPV4_TCP);
    zt_stop(&t);
}

/*
 * spec 4.9: ntuple rules.  UDP frames 10.0.0.1:40000 -> 10.0.0.2:DPORT
 * (zt_frame's addresses and source port, its destination port patched).
 */
static size_t nt_udp(uint8_t *f, uint16_t dport)
{
    ZtFrame z = { .ipv = 4, .addrs = true, .proto = 17, .ports = true,
                  .payload = 64 };
    size_t len = zt_frame(f, &z, NULL);

    stw_be_p(f + 14 + 20 + 2, dport);
    return len;
}

/* Rule I: udp4 [to DPORT], ACTION (a queue, or ZCNIC_NT_DROP) */
static void nt_write(ZcnicTest *t, unsigned i, int dport, uint32_t action)
{
    for (int w = 0; w < ZCNIC_NT_WORDS; w++) {
        wr(t, ZCNIC_REG_NT_WORD(w), 0);
    }
    wr(t, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_ACTION), action);
    wr(t, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_L3),
       4 << ZCNIC_NT_IPV_SHIFT | 17 << ZCNIC_NT_PROTO_SHIFT |
       0xff << ZCNIC_NT_PROTO_MASK_SHIFT);
    if (dport >= 0) {
        wr(t, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_PORTS), (uint32_t)dport << 16);
        wr(t, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_PORTS_MASK), 0xffff0000);
    }
    wr(t, ZCNIC_REG_NT_INDEX, i);
    wr(t, ZCNIC_REG_NT_CMD, ZCNIC_NT_CMD_WRITE);
}

static uint32_t nt_hits(ZcnicTest *t, unsigned i)
{
    wr(t, ZCNIC_REG_NT_INDEX, i);
    return rd(t, ZCNIC_REG_NT_HITS);
}

/* A frame a rule drops leaves the buffer posted for it unused */
static void nt_send_dropped(ZcnicTest *t, const uint8_t *f, size_t len,
                            uint32_t drops)
{
    uint32_t frames = rd(t, ZCNIC_REG_STAT_RX_FRAMES);
    uint32_t head = rd(t, ZCNIC_REG_RX_HEAD);

    desc_write(t, RX_RING, head, RX_BUF + head * 0x1000, 4096);
    wr(t, ZCNIC_REG_RX_TAIL, (head + 1) % RING_SIZE);
    wire_send(t, f, len);
    wait_reg(t, ZCNIC_REG_STAT_RX_DROP_NTUPLE, drops);
    g_assert_cmpuint(rd(t, ZCNIC_REG_STAT_RX_FRAMES), ==, frames);
    g_assert_cmpuint(rd(t, ZCNIC_REG_RX_HEAD), ==, head);
}

static void test_nt_drop(void)
{
    ZcnicTest t = { 0 };
    uint8_t f[200];
    size_t len;

    zt_start(&t, NULL);
    rings_start(&t, ZCNIC_CTRL_RX_EN);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_NT_RULES), ==, ZCNIC_NT_RULES);
    nt_write(&t, 5, 6666, ZCNIC_NT_DROP);
    len = nt_udp(f, 6666);
    nt_send_dropped(&t, f, len, 1);
    nt_send_dropped(&t, f, len, 2);
    g_assert_cmpuint(nt_hits(&t, 5), ==, 2);
    len = nt_udp(f, 6667);      /* another port: delivered */
    rx_one(&t, f, len);
    g_assert_cmpuint(nt_hits(&t, 5), ==, 2);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_RX_DROP_NTUPLE), ==, 2);
    /* CLEAR: the rule is gone, its hits with it */
    wr(&t, ZCNIC_REG_NT_CMD, ZCNIC_NT_CMD_CLEAR);
    len = nt_udp(f, 6666);
    rx_one(&t, f, len);
    g_assert_cmpuint(nt_hits(&t, 5), ==, 0);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_RX_DROP_NTUPLE), ==, 2);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_RX_FRAMES), ==, 2);
    zt_stop(&t);
}

/* The lowest-numbered matching rule takes the frame; READ; a reset */
static void test_nt_lowest_read_reset(void)
{
    ZcnicTest t = { 0 };
    uint8_t f[200];
    size_t len;

    zt_start(&t, NULL);
    rings_start(&t, ZCNIC_CTRL_RX_EN);
    nt_write(&t, 7, -1, ZCNIC_NT_DROP);         /* any UDP: drop */
    nt_write(&t, 3, 6666, 0);                   /* to 6666: queue 0 */
    len = nt_udp(f, 6666);
    rx_one(&t, f, len);
    g_assert_cmpuint(nt_hits(&t, 3), ==, 1);
    g_assert_cmpuint(nt_hits(&t, 7), ==, 0);
    len = nt_udp(f, 6667);
    nt_send_dropped(&t, f, len, 1);
    g_assert_cmpuint(nt_hits(&t, 7), ==, 1);
    make_tcp4(f, 100, our_mac);                 /* not UDP: no rule */
    rx_one(&t, f, 100);
    g_assert_cmpuint(nt_hits(&t, 3) + nt_hits(&t, 7), ==, 2);

    /* READ: the rule's words into the staging registers, VALID set */
    for (int w = 0; w < ZCNIC_NT_WORDS; w++) {
        wr(&t, ZCNIC_REG_NT_WORD(w), 0xffffffff);
    }
    wr(&t, ZCNIC_REG_NT_INDEX, 3);
    wr(&t, ZCNIC_REG_NT_CMD, ZCNIC_NT_CMD_READ);
    g_assert_cmphex(rd(&t, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_ACTION)), ==,
                    ZCNIC_NT_VALID);
    g_assert_cmphex(rd(&t, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_PORTS)), ==,
                    6666u << 16);
    g_assert_cmphex(rd(&t, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_DST_MASK)), ==, 0);
    wr(&t, ZCNIC_REG_NT_CMD, ZCNIC_NT_CMD_WRITE); /* VALID ignored */
    g_assert_cmphex(rd(&t, ZCNIC_REG_ERR_STATUS), ==, 0);
    g_assert_cmpuint(nt_hits(&t, 3), ==, 0);     /* written again */
    wr(&t, ZCNIC_REG_NT_INDEX, 4);              /* never written */
    wr(&t, ZCNIC_REG_NT_CMD, ZCNIC_NT_CMD_READ);
    for (int w = 0; w < ZCNIC_NT_WORDS; w++) {
        g_assert_cmphex(rd(&t, ZCNIC_REG_NT_WORD(w)), ==, 0);
    }

    /* CTRL.RESET: no rule is left */
    wr(&t, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
    wr(&t, ZCNIC_REG_NT_INDEX, 7);
    wr(&t, ZCNIC_REG_NT_CMD, ZCNIC_NT_CMD_READ);
    g_assert_cmphex(rd(&t, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_ACTION)), ==, 0);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_RX_DROP_NTUPLE), ==, 0);
    rings_start(&t, ZCNIC_CTRL_RX_EN);
    rx_one(&t, f, 100);
    len = nt_udp(f, 6667);
    rx_one(&t, f, len);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_RX_DROP_NTUPLE), ==, 0);
    zt_stop(&t);
}

void zcnic_qtest_add_offload(void)
{
    qtest_add_func("/zcnic/rx/ntuple/drop", test_nt_drop);
    qtest_add_func("/zcnic/rx/ntuple/lowest-read-reset",
                   test_nt_lowest_read_reset);
    qtest_add_func("/zcnic/rx/rss/hash-ipv4", test_rss_ipv4);
    qtest_add_func("/zcnic/rx/rss/hash-ipv6", test_rss_ipv6);
    qtest_add_func("/zcnic/rx/rss/ctrl-key", test_rss_ctrl_key);
    qtest_add_func("/zcnic/rx/rss/gro", test_rss_gro);
    qtest_add_func("/zcnic/tx/tso-ipv4", test_tso_ipv4);
    qtest_add_func("/zcnic/tx/tso-ipv6", test_tso_ipv6);
    qtest_add_func("/zcnic/tx/uso-ipv4", test_uso_ipv4);
    qtest_add_func("/zcnic/tx/uso-ipv6", test_uso_ipv6);
    qtest_add_func("/zcnic/rx/gro/burst-ipv4", test_gro_burst_ipv4);
    qtest_add_func("/zcnic/rx/gro/burst-ipv6", test_gro_burst_ipv6);
    qtest_add_func("/zcnic/rx/gro/flush-reasons", test_gro_flush_reasons);
    qtest_add_func("/zcnic/rx/gro/limits", test_gro_limits);
    qtest_add_func("/zcnic/tx/tso-vnet-hdr-ipv4", test_tso_vnet_ipv4);
    qtest_add_func("/zcnic/tx/tso-vnet-hdr-ipv6", test_tso_vnet_ipv6);
    qtest_add_func("/zcnic/tx/uso-vnet-hdr", test_uso_vnet);
    qtest_add_func("/zcnic/tx/tso-vnet-hdr-off", test_tso_vnet_off);
    qtest_add_func("/zcnic/tx/tso-host-ipv4", test_tso_whole_ipv4);
    qtest_add_func("/zcnic/tx/tso-host-ipv6", test_tso_whole_ipv6);
    qtest_add_func("/zcnic/tx/uso-host", test_uso_whole);
    qtest_add_func("/zcnic/tx/tso-host-off", test_tso_whole_off);
    qtest_add_func("/zcnic/rx-tx/vnet-hdr", test_rx_tx_vnet);
    qtest_add_func("/zcnic/tx/csum-offload", test_tx_csum_offload);
    qtest_add_func("/zcnic/rx/csum", test_rx_csum);
    qtest_add_func("/zcnic/rx/hdr-split/ipv4-options-tcp-options",
                   test_split_ipv4_tcp_options);
    qtest_add_func("/zcnic/rx/hdr-split/ipv6-ext-udp", test_split_ipv6_ext_udp);
    qtest_add_func("/zcnic/rx/hdr-split/qinq-other-proto",
                   test_split_vlan_other_proto);
    qtest_add_func("/zcnic/rx/hdr-split/payload-in-pages",
                   test_split_jumbo_pages);
    qtest_add_func("/zcnic/rx/hdr-split/no-payload", test_split_no_payload);
    qtest_add_func("/zcnic/rx/hdr-split/not-ip", test_split_not_ip);
    qtest_add_func("/zcnic/rx/hdr-split/ip-fragment", test_split_fragment);
    qtest_add_func("/zcnic/rx/hdr-split/header-overflow", test_split_overflow);
    qtest_add_func("/zcnic/rx/hdr-split/lying-length",
                   test_split_lying_length);
}
