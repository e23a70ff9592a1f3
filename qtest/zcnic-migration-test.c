/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QTest testcases for zcnic: migration, and the checks of a loaded
 * stream (spec 9).
 * Each test path names the spec section it checks (docs/spec.rst).
 */

#include "zcnic-qtest.h"

static const char *migration_status(QTestState *qts, char *buf, size_t len)
{
    QDict *resp = qtest_qmp(qts, "{'execute': 'query-migrate'}");
    QDict *ret = qdict_get_qdict(resp, "return");

    g_strlcpy(buf, qdict_haskey(ret, "status") ?
              qdict_get_str(ret, "status") : "none", len);
    qobject_unref(resp);
    return buf;
}

static void wait_migration(QTestState *qts)
{
    gint64 end = g_get_monotonic_time() + 30 * G_TIME_SPAN_SECOND;
    char st[32];

    while (strcmp(migration_status(qts, st, sizeof(st)), "completed")) {
        g_assert_cmpstr(st, !=, "failed");
        g_assert_cmpint(g_get_monotonic_time(), <, end);
        g_usleep(10000);
    }
}

/* Save SRC's state to a file and start DST (DEV_OPTS) from it. */
static void migrate_to(ZcnicTest *src, ZcnicTest *dst, const char *dev_opts)
{
    g_autofree char *path = NULL;
    g_autofree char *uri = NULL;
    int fd;

    fd = g_file_open_tmp("zcnic-migration-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    uri = g_strdup_printf("file:%s", path);
    qtest_qmp_assert_success(src->qts,
        "{'execute': 'migrate', 'arguments': {'uri': %s}}", uri);
    wait_migration(src->qts);
    zt_start_args(dst, dev_opts, "-incoming defer");
    qtest_qmp_assert_success(dst->qts,
        "{'execute': 'migrate-incoming', 'arguments': {'uri': %s}}", uri);
    wait_migration(dst->qts);
    unlink(path);
}

static void test_migration_registers(void)
{
    static const uint32_t regs[] = {
        ZCNIC_REG_CTRL, ZCNIC_REG_STATUS, ZCNIC_REG_MAC_LO, ZCNIC_REG_MAC_HI,
        ZCNIC_REG_INT_CAUSE, ZCNIC_REG_INT_MASK, ZCNIC_REG_ERR_STATUS,
        ZCNIC_REG_STAT_TX_FRAMES, ZCNIC_REG_STAT_TX_BYTES,
        ZCNIC_REG_STAT_RX_DROP_FILTER,
        ZCNIC_REG_TX_BASE_LO, ZCNIC_REG_TX_BASE_HI, ZCNIC_REG_TX_SIZE,
        ZCNIC_REG_TX_HEAD, ZCNIC_REG_TX_TAIL,
        ZCNIC_REG_RX_BASE_LO, ZCNIC_REG_RX_BASE_HI, ZCNIC_REG_RX_SIZE,
        ZCNIC_REG_RX_HEAD, ZCNIC_REG_RX_TAIL,
        ZCNIC_REG_ARP_CTRL, ZCNIC_REG_ARP_TTL, ZCNIC_REG_ARP_HOST_IP(0),
        ZCNIC_REG_STAT_ARP_LEARNED, ZCNIC_REG_STAT_ARP_ANSWERED,
        ZCNIC_REG_MTU, ZCNIC_REG_RX_GRO, ZCNIC_REG_RX_GRO_TIMEOUT,
        ZCNIC_REG_RX_GRO_MAX_SEGS, ZCNIC_REG_TEST_REG, ZCNIC_REG_FAULT,
        ZCNIC_REG_TEST_DMA_ADDR_LO, ZCNIC_REG_TEST_DMA_SIZE,
        ZCNIC_REG_INT_AUTOCLR, ZCNIC_REG_TX_SHADOW_LO,
        ZCNIC_REG_RSS_CTRL, ZCNIC_REG_RSS_FIELDS, ZCNIC_REG_RSS_KEY(0),
        ZCNIC_REG_RSS_KEY(9), ZCNIC_REG_NT_INDEX, ZCNIC_REG_NT_HITS,
        ZCNIC_REG_STAT_RX_DROP_NTUPLE, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_PORTS),
        ZCNIC_REG_QUEUE(2) + ZCNIC_Q_TX_BASE_LO,
        ZCNIC_REG_QUEUE(2) + ZCNIC_Q_TX_HEAD,
        ZCNIC_REG_QUEUE(2) + ZCNIC_Q_CTRL,
        ZCNIC_REG_QUEUE(2) + ZCNIC_Q_ITR_TX,
        ZCNIC_REG_QUEUE(2) + ZCNIC_Q_STAT_TX_FRAMES,
        ZCNIC_REG_QUEUE(0) + ZCNIC_Q_STAT_TX_BYTES,
        ZCNIC_REG_QINT_MASK, ZCNIC_REG_QINT_CAUSE, ZCNIC_REG_RSS_INDIR(15),
    };
    static const uint8_t other[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x99 };
    uint32_t arp_ip, arp_ttl;
    uint8_t arp_mac[ETH_ALEN];
    ZcnicTest src = { 0 }, dst = { 0 };
    uint32_t before[ARRAY_SIZE(regs)];
    uint8_t frame[80], got[ZCNIC_MAX_FRAME];

    zt_start(&src, "mac=" TEST_MAC);
    wr(&src, ZCNIC_REG_MAC_LO, 0x44332202);
    wr(&src, ZCNIC_REG_MTU, 9000);              /* zcnic/seg subsection */
    wr(&src, ZCNIC_REG_RX_GRO_TIMEOUT, 300);
    wr(&src, ZCNIC_REG_RX_GRO_MAX_SEGS, 10);
    wr(&src, ZCNIC_REG_RX_GRO, ZCNIC_RX_GRO_EN);
    wr(&src, ZCNIC_REG_TEST_REG, 0x2222);   /* zcnic/test subsection */
    wr(&src, ZCNIC_REG_TEST_DMA_ADDR_LO, 0x5000);
    wr(&src, ZCNIC_REG_TEST_DMA_SIZE, 64);
    wr(&src, ZCNIC_REG_FAULT, ZCNIC_FAULT_LOSE_IRQ);
    wr(&src, ZCNIC_REG_INT_AUTOCLR, ZCNIC_INT_TX);  /* zcnic/irq */
    wr(&src, ZCNIC_REG_TX_SHADOW_LO, TX_SHADOW);    /* zcnic/tx-shadow */
    wr(&src, ZCNIC_REG_RSS_CTRL, ZCNIC_RSS_CTRL_HASH);  /* zcnic/rss */
    wr(&src, ZCNIC_REG_RSS_FIELDS, 0x00123456);
    wr(&src, ZCNIC_REG_RSS_KEY(0), 0x01020304);
    wr(&src, ZCNIC_REG_RSS_KEY(9), 0xa0b0c0d0);
    /* zcnic/ntuple: rule 9 drops the filtered frame's ethertype too */
    wr(&src, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_ETYPE), 0xffff0000 | 0x88b5);
    wr(&src, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_ACTION), ZCNIC_NT_DROP);
    wr(&src, ZCNIC_REG_NT_INDEX, 9);
    wr(&src, ZCNIC_REG_NT_CMD, ZCNIC_NT_CMD_WRITE);
    wr(&src, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_PORTS), 0x12345678);
    /* zcnic/mq: queue 2 sent a frame; its ITR, the table, QINT */
    wr(&src, ZCNIC_REG_QUEUE(2) + ZCNIC_Q_TX_BASE_LO, zt_arena + 0x404000);
    wr(&src, ZCNIC_REG_QUEUE(2) + ZCNIC_Q_TX_SIZE, RING_SIZE);
    wr(&src, ZCNIC_REG_QUEUE(2) + ZCNIC_Q_ITR_TX, 321);
    wr(&src, ZCNIC_REG_QUEUE(2) + ZCNIC_Q_CTRL, ZCNIC_CTRL_TX_EN);
    wr(&src, ZCNIC_REG_RSS_INDIR(15), 0x30201000);
    wr(&src, ZCNIC_REG_QINT_MASK, ZCNIC_QINT_RX(3));
    make_frame(frame, sizeof(frame), other, 11);
    qtest_memwrite(src.qts, TX_BUF + 0x1000, frame, sizeof(frame));
    desc_write(&src, zt_arena + 0x404000, 0, TX_BUF + 0x1000,
               sizeof(frame) | ZCNIC_DESC_EOP);
    wr(&src, ZCNIC_REG_QUEUE(2) + ZCNIC_Q_TX_TAIL, 1);
    g_assert_cmpuint(wire_recv(&src, got, sizeof(got)), ==, sizeof(frame));
    wait_reg(&src, ZCNIC_REG_QUEUE(2) + ZCNIC_Q_TX_HEAD, 1);
    g_assert_cmphex(rd(&src, ZCNIC_REG_QINT_CAUSE), ==, ZCNIC_QINT_TX(2));
    rings_start(&src, ZCNIC_CTRL_TX_EN | ZCNIC_CTRL_RX_EN);
    wr(&src, ZCNIC_REG_INT_MASK, ZCNIC_INT_TX | ZCNIC_INT_LINK);
    make_frame(frame, sizeof(frame), other, 10);
    qtest_memwrite(src.qts, TX_BUF, frame, sizeof(frame));
    desc_write(&src, TX_RING, 0, TX_BUF, sizeof(frame) | ZCNIC_DESC_EOP);
    qtest_writel(src.qts, TX_SHADOW + ZCNIC_SHADOW_TX_TAIL, 1);
    wr(&src, ZCNIC_REG_TX_TAIL, 1);
    g_assert_cmpuint(wire_recv(&src, got, sizeof(got)), ==, sizeof(frame));
    desc_write(&src, RX_RING, 0, RX_BUF, 2048);
    wr(&src, ZCNIC_REG_RX_TAIL, 1);         /* a posted, unused buffer */
    wire_send(&src, frame, sizeof(frame));  /* dropped by the filter */
    wait_reg(&src, ZCNIC_REG_STAT_RX_DROP_FILTER, 1);
    /* an ARP record, learned from a request the device answered */
    wr(&src, ZCNIC_REG_ARP_TTL, 600);
    wr(&src, ZCNIC_REG_ARP_HOST_IP(0), HOST_IP);
    wr(&src, ZCNIC_REG_ARP_CTRL, ZCNIC_ARP_CTRL_ANSWER);
    arp_send(&src, bcast_mac, 1, peer_mac, PEER_IP, HOST_IP);
    g_assert_cmpuint(wire_recv(&src, got, sizeof(got)), ==, 60);
    for (int i = 0; i < ARRAY_SIZE(regs); i++) {
        before[i] = rd(&src, regs[i]);
    }
    migrate_to(&src, &dst, "mac=" TEST_MAC);
    for (int i = 0; i < ARRAY_SIZE(regs); i++) {
        g_assert_cmphex(rd(&dst, regs[i]), ==, before[i]);
    }
    wr(&dst, ZCNIC_REG_NT_CMD, ZCNIC_NT_CMD_READ);     /* rule 9 came */
    g_assert_cmphex(rd(&dst, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_ACTION)), ==,
                    ZCNIC_NT_DROP | ZCNIC_NT_VALID);
    g_assert_cmphex(rd(&dst, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_ETYPE)), ==,
                    0xffff88b5);
    tbl_read(&dst, 0, &arp_ip, arp_mac, &arp_ttl);
    g_assert_cmphex(arp_ip, ==, PEER_IP);
    g_assert_cmpmem(arp_mac, ETH_ALEN, peer_mac, ETH_ALEN);
    g_assert_cmpuint(arp_ttl, >, 0);
    g_assert_cmpuint(arp_ttl, <=, 600);
    /* and the restored device keeps working: the posted buffer fills */
    /* MAC_LO was rewritten above: the station is now 02:22:33:44:44:55 */
    make_frame(frame, sizeof(frame),
               (const uint8_t *)"\x02\x22\x33\x44\x44\x55", 11);
    wire_send(&dst, frame, sizeof(frame));      /* rule 9 drops it */
    wait_reg(&dst, ZCNIC_REG_STAT_RX_DROP_NTUPLE, 1);
    g_assert_cmpuint(rd(&dst, ZCNIC_REG_NT_HITS), ==, 1);
    wr(&dst, ZCNIC_REG_NT_CMD, ZCNIC_NT_CMD_CLEAR);
    wire_send(&dst, frame, sizeof(frame));
    wait_reg(&dst, ZCNIC_REG_RX_HEAD, 1);
    /* and the shadow block: a tail stored there alone is sent */
    make_frame(frame, sizeof(frame), other, 12);
    qtest_memwrite(dst.qts, TX_BUF, frame, sizeof(frame));
    desc_write(&dst, TX_RING, 1, TX_BUF, sizeof(frame) | ZCNIC_DESC_EOP);
    desc_write(&dst, TX_RING, 2, TX_BUF, sizeof(frame) | ZCNIC_DESC_EOP);
    qtest_writel(dst.qts, TX_SHADOW + ZCNIC_SHADOW_TX_TAIL, 3);
    wr(&dst, ZCNIC_REG_TX_TAIL, 2);
    for (int i = 0; i < 2; i++) {
        size_t n;

        /* skipping the RARP frames QEMU announces the NIC with */
        do {
            n = wire_recv(&dst, got, sizeof(got));
        } while (n == 60 && got[12] == 0x80 && got[13] == 0x35);
        g_assert_cmpuint(n, ==, sizeof(frame));
        g_assert_cmpmem(got, sizeof(frame), frame, sizeof(frame));
    }
    wait_reg(&dst, ZCNIC_REG_TX_HEAD, 3);
    zt_stop(&dst);
    zt_stop(&src);
}

/*
 * spec 9: TX descriptors in flight.  The source's wire is not read, so its
 * net layer queues a frame and the ring stops there (spec 4.3).  When the
 * source VM stops, QEMU completes that frame (lost, like a frame on a link
 * that goes down) and the device sends nothing more; the destination sends
 * every later frame, byte for byte, and completes the ring.
 */
static void test_migration_tx_in_flight(void)
{
    ZcnicTest src = { 0 }, dst = { 0 };
    static uint8_t big[SEG_MAX], got[ZCNIC_MAX_FRAME], want[ZCNIC_MAX_FRAME];
    const size_t plen = 20000, mss = 1448, nseg = DIV_ROUND_UP(plen, mss);
    const uint32_t frames = 10;            /* 6 descriptors each */
    int sndbuf = 16384;
    uint32_t head, descs;
    size_t len = 0;

    zt_start(&src, NULL);
    /* a small socket buffer on QEMU's end: it fills after a few segments */
    setsockopt(src.sock[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
    tso_rings_start(&src);
    for (uint32_t i = 0; i < frames; i++) {
        len = seg_frame(big, false, false, 1000 + i * plen, 0x100 + i * nseg,
                        0x10, i * plen, plen);
        g_assert_cmpuint(tso_post_at(&src, i * 6, big, len, 54,
                                     ZCNIC_TXD_SEG_TCP, mss), ==, 6);
    }
    descs = frames * 6;
    wr(&src, ZCNIC_REG_TX_TAIL, descs);
    head = rd(&src, ZCNIC_REG_TX_HEAD);
    g_assert_cmpuint(head, <, descs);       /* the net layer holds one */
    g_assert_cmpuint(head % 6, ==, 0);
    migrate_to(&src, &dst, NULL);
    for (uint32_t i = 0; i < head + 6; i++) {
        g_assert_true(desc_cmd(&dst, TX_RING, i) & ZCNIC_DESC_DONE);
    }
    for (uint32_t i = head / 6 + 1; i < frames; i++) {
        for (uint32_t k = 0; k < nseg; k++) {
            size_t p = MIN(mss, plen - k * mss);
            size_t wl = seg_frame(want, false, false, 1000 + i * plen + k * mss,
                                  0x100 + i * nseg + k, 0x10,
                                  i * plen + k * mss, p);

            size_t n;

            /* QEMU announces the moved NIC with RARP frames: not ours */
            do {
                n = wire_recv(&dst, got, sizeof(got));
            } while (n == 60 && lduw_be_p(got + 12) == 0x8035);
            g_assert_cmpuint(n, ==, wl);
            g_assert_cmpmem(got, wl, want, wl);
        }
    }
    wait_reg(&dst, ZCNIC_REG_TX_HEAD, descs);
    for (uint32_t i = 0; i < descs; i++) {
        g_assert_true(desc_cmd(&dst, TX_RING, i) & ZCNIC_DESC_DONE);
    }
    zt_stop(&dst);
    zt_stop(&src);
}

/*
 * spec 4.7, 9: a coalesced frame held when the device migrates goes on
 * growing on the destination and is delivered byte for byte (checksum
 * included) as if nothing had happened.
 */
static void test_migration_gro_held(void)
{
    ZcnicTest src = { 0 }, dst = { 0 };
    static uint8_t got[SEG_MAX], want[SEG_MAX];
    static const uint8_t other[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x99 };
    uint8_t frame[80];
    uint64_t eop, w0;
    uint32_t idx = 0;
    size_t len, wl;

    zt_start(&src, NULL);
    gro_start(&src, 1000);
    gro_send(&src, false, 0, 3, 0x10);
    /* frames arrive in order: once this one is filtered, 0-2 are held */
    make_frame(frame, sizeof(frame), other, 1);
    wire_send(&src, frame, sizeof(frame));
    wait_reg(&src, ZCNIC_REG_STAT_RX_DROP_FILTER, 1);
    g_assert_cmpuint(rd(&src, ZCNIC_REG_STAT_RX_FRAMES), ==, 0);
    migrate_to(&src, &dst, NULL);
    gro_send(&dst, false, 3, 2, 0x18);      /* 3-4, PSH ends it */
    wait_reg(&dst, ZCNIC_REG_STAT_GRO_FRAMES, 1);
    len = gro_read(&dst, &idx, got, &eop, &w0);
    wl = seg_frame(want, false, false, 1000, 0x200, 0x18, 0, 5 * 1448);
    g_assert_cmpuint(len, ==, wl);
    g_assert_cmpmem(got, len, want, wl);
    g_assert_true(eop & ZCNIC_RXD_L4_CSUM_OK);
    g_assert_cmpuint(extract64(w0, ZCNIC_RXD_GRO_SEGS_SHIFT,
                               ZCNIC_RXD_GRO_SEGS_WIDTH), ==, 5);
    g_assert_cmpuint(rd(&dst, ZCNIC_REG_STAT_RX_DROP_FILTER), ==, 1);
    zt_stop(&dst);
    zt_stop(&src);
}

/*
 * spec 9: the migration stream is guest input too.  A field patched in a
 * saved stream to a value the device can never hold makes the load fail,
 * and the destination QEMU stays up.  The same field patched to a value it
 * can hold loads, and its register then reads that value: so the offset
 * is right, and the check, not a broken stream, refused the bad one.
 * Offsets are from MAC_LO's bytes in the main section (a unique value set
 * below), or from a subsection's first field.
 */
#define MIG_MAC_LO  0x5ac3e1f0u
#define MIG_MAC_HI  0x0000b7d2u

typedef struct MigField {
    const char *name;
    const char *sect;       /* a subsection's name, or NULL: main section */
    int off;
    int size;               /* 1, 2, 4 or 8 bytes, big-endian */
    uint64_t bad;
    uint64_t good;
    uint32_t reg;           /* reads GOOD after the load; 0: no good case */
} MigField;

/* zcnic/mq: where queue 1 starts, and a queue's bytes */
#define MIG_Q1      104
#define MIG_Q       123

static const MigField mig_fields[] = {
    { "CTRL", NULL, -8, 4, 0xe, ZCNIC_CTRL_RX_EN, ZCNIC_REG_CTRL },
    { "STATUS", NULL, -4, 4, 0x3, 0, 0 },
    { "MAC_HI", NULL, 4, 4, 0x1b7d2, 0x1234, ZCNIC_REG_MAC_HI },
    { "INT_CAUSE", NULL, 8, 4, 0x21, ZCNIC_INT_LINK, ZCNIC_REG_INT_CAUSE },
    { "INT_MASK", NULL, 12, 4, 0x40, 0x3, ZCNIC_REG_INT_MASK },
    { "ERR_STATUS", NULL, 16, 4, 0x80, ZCNIC_ERR_CFG, ZCNIC_REG_ERR_STATUS },
    /* a misaligned and an aligned ring base, both in RAM */
    { "TX_BASE", NULL, 60, 8, 0x100008, 0x100040, ZCNIC_REG_TX_BASE_LO },
    { "TX_SIZE", NULL, 68, 4, 12, 32, ZCNIC_REG_TX_SIZE },
    { "TX_HEAD", NULL, 72, 4, 16, 5, ZCNIC_REG_TX_HEAD },
    { "TX_TAIL", NULL, 76, 4, 16, 5, ZCNIC_REG_TX_TAIL },
    { "RX_SIZE", NULL, 88, 4, 0, 256, ZCNIC_REG_RX_SIZE },
    { "RX_HEAD", NULL, 92, 4, 128, 7, ZCNIC_REG_RX_HEAD },
    { "RX_TAIL", NULL, 96, 4, 200, 126, ZCNIC_REG_RX_TAIL },
    { "RX_CTRL", NULL, 100, 4, 0x8, ZCNIC_RX_CTRL_PROMISC,
      ZCNIC_REG_RX_CTRL },
    { "ITR_RX", NULL, 112, 4, ZCNIC_ITR_MAX + 1, 5000, ZCNIC_REG_ITR_RX },
    { "ITR_TX", NULL, 133, 4, 0xffffffff, 7, ZCNIC_REG_ITR_TX },
    { "RX_SPLIT", NULL, 154, 4, 0x3, 0, ZCNIC_REG_RX_SPLIT },
    { "ARP_CTRL", "zcnic/arp", 0, 4, 0x4, 0x3, ZCNIC_REG_ARP_CTRL },
    { "ARP_TTL 0", "zcnic/arp", 4, 4, 0, 100, ZCNIC_REG_ARP_TTL },
    { "ARP_TTL max", "zcnic/arp", 4, 4, ZCNIC_ARP_TTL_MAX + 1, 0, 0 },
    { "ARP_HOST_IP0", "zcnic/arp", 8, 4, 0xe0000001, 0x0a000005,
      ZCNIC_REG_ARP_HOST_IP(0) },
    { "ARP_QUERY_STATUS", "zcnic/arp", 44, 4, 5, 0, 0 },
    { "ARP result, no query", "zcnic/arp", 44, 4, ZCNIC_ARP_ST_RESULT, 0,
      0 },
    { "ARP_RESULT_MAC_HI", "zcnic/arp", 52, 4, 0x10000, 0xbeef,
      ZCNIC_REG_ARP_RESULT_MAC_HI },
    { "ARP pending, idle", "zcnic/arp", 56, 1, 1, 0, 0 },
    { "ARP_TBL_INDEX", "zcnic/arp", 57, 4, 64, 1, ZCNIC_REG_ARP_TBL_INDEX },
    { "arp-entries", "zcnic/arp", 105, 4, 63, 0, 0 },
    { "ARP record IP", "zcnic/arp", 109, 4, 0xe0000001, 0x0a000009,
      ZCNIC_REG_ARP_TBL_IP },
    { "ARP record expiry", "zcnic/arp", 119, 8, 0x8000000000000000ull, 0,
      0 },
    { "ARP record twice", "zcnic/arp", 127, 4, 0xc0a84d02, 0, 0 },
    { "MTU", "zcnic/seg", 0, 4, ZCNIC_MTU_MIN - 1, 9000, ZCNIC_REG_MTU },
    { "RX_GRO", "zcnic/seg", 4, 4, 0x2, 0, ZCNIC_REG_RX_GRO },
    { "RX_GRO_TIMEOUT", "zcnic/seg", 8, 4, ZCNIC_GRO_TIMEOUT_MAX + 1, 10,
      ZCNIC_REG_RX_GRO_TIMEOUT },
    { "RX_GRO_MAX_SEGS", "zcnic/seg", 12, 4, ZCNIC_GRO_SEGS_MAX + 1, 8,
      ZCNIC_REG_RX_GRO_MAX_SEGS },
    { "held segments 0", "zcnic/seg", 72, 4, 0, 0, 0 },
    { "held segments max", "zcnic/seg", 72, 4, ZCNIC_GRO_SEGS_MAX + 1, 0,
      0 },
    { "held MSS", "zcnic/seg", 76, 4, 0, 0, 0 },
    { "held limit", "zcnic/seg", 84, 4, 10, 0, 0 },
    { "held length", "zcnic/seg", 97, 4, 0x20000, 0, 0 },
    { "held frame", "zcnic/seg", 101 + 12, 2, 0x88b5, 0, 0 },
    { "FAULT", "zcnic/test", 16, 4, 0x10, ZCNIC_FAULT_LOSE_IRQ,
      ZCNIC_REG_FAULT },
    { "TEST_LIE", "zcnic/test", 24, 4, ZCNIC_LIE_MAX + 1,
      ZCNIC_LIE_CSUM | 15 << ZCNIC_LIE_EVERY_SHIFT, ZCNIC_REG_TEST_LIE },
    { "INT_AUTOCLR", "zcnic/irq", 0, 4, ZCNIC_INT_LINK, ZCNIC_INT_RX,
      ZCNIC_REG_INT_AUTOCLR },
    /* a misaligned and an aligned shadow block, both in RAM */
    { "TX_SHADOW", "zcnic/tx-shadow", 0, 8, 0x102004, 0x102040,
      ZCNIC_REG_TX_SHADOW_LO },
    { "RSS_CTRL", "zcnic/rss", 0, 4, 0x2, 0, ZCNIC_REG_RSS_CTRL },
    { "RSS_FIELDS", "zcnic/rss", 4, 4, 0x00400000, 0x0000000c,
      ZCNIC_REG_RSS_FIELDS },
    /* NT_INDEX, then rule 0's L3 word (after VALID, drops, staging) */
    { "NT_INDEX", "zcnic/ntuple", 0, 4, ZCNIC_NT_RULES, 3,
      ZCNIC_REG_NT_INDEX },
    { "ntuple rule", "zcnic/ntuple", 4 + 8 + 4 + 4 * ZCNIC_NT_WORDS + 4, 4,
      5, 4, 0 },
    /*
     * zcnic/mq: QUEUES, the QINT words, the table, the held frame's queue,
     * queue 0's counters, then queues 1.. of MIG_Q bytes each
     */
    { "queues", "zcnic/mq", 0, 4, 2, 4, ZCNIC_REG_QUEUES },
    { "QINT_CAUSE of queue 4", "zcnic/mq", 4, 4, ZCNIC_QINT_RX(4),
      ZCNIC_QINT_RX(3), 0 },
    { "QINT_MASK bit 0", "zcnic/mq", 8, 4, ZCNIC_QINT_RX(0),
      ZCNIC_QINT_TX(1), 0 },
    { "QINT_AUTOCLR of queue 5", "zcnic/mq", 12, 4, ZCNIC_QINT_TX(5), 0, 0 },
    { "RSS_INDIR entry", "zcnic/mq", 16, 4, 0x4, 0x3,
      ZCNIC_REG_RSS_INDIR(0) },
    { "held frame's queue", "zcnic/mq", 80, 4, 4, 3, 0 },
    { "queue 1 Q_CTRL", "zcnic/mq", MIG_Q1, 4, 0x8, ZCNIC_CTRL_RX_EN,
      ZCNIC_REG_QUEUE(1) + ZCNIC_Q_CTRL },
    { "queue 1 RX_BASE", "zcnic/mq", MIG_Q1 + 24, 8, 0x100008, 0x100040,
      ZCNIC_REG_QUEUE(1) + ZCNIC_Q_RX_BASE_LO },
    { "queue 1 RX_HEAD", "zcnic/mq", MIG_Q1 + 36, 4, 16, 5,
      ZCNIC_REG_QUEUE(1) + ZCNIC_Q_RX_HEAD },
    { "queue 1 ITR_RX", "zcnic/mq", MIG_Q1 + 61, 4, ZCNIC_ITR_MAX + 1, 5000,
      ZCNIC_REG_QUEUE(1) + ZCNIC_Q_ITR_RX },
    { "queue 4 of 4 enabled", "zcnic/mq", MIG_Q1 + 3 * MIG_Q, 4,
      ZCNIC_CTRL_RX_EN, 0, 0 },
};

/* Where a field's bytes start in the saved stream S (LEN bytes) */
static size_t mig_field_at(const uint8_t *s, size_t len, const MigField *f)
{
    uint8_t key[64];
    size_t klen;
    const uint8_t *p;

    if (f->sect) {
        klen = strlen(f->sect);
        p = memmem(s, len, f->sect, klen);
        g_assert_nonnull(p);
        return p - s + klen + 4 + f->off;   /* name, version_id */
    }
    stl_be_p(key, MIG_MAC_LO);
    stl_be_p(key + 4, MIG_MAC_HI);
    klen = 8;
    p = memmem(s, len, key, klen);
    g_assert_nonnull(p);
    g_assert_null(memmem(p + 1, len - (p + 1 - s), key, klen));
    return p - s + f->off;
}

/* Load the stream S patched with VAL at F; true if the load completed. */
static bool mig_load_patched(const uint8_t *s, size_t len, const MigField *f,
                             uint64_t val, ZcnicTest *dst)
{
    g_autofree uint8_t *copy = g_memdup2(s, len);
    g_autofree char *path = NULL;
    g_autofree char *uri = NULL;
    gint64 end = g_get_monotonic_time() + 30 * G_TIME_SPAN_SECOND;
    size_t at;
    char st[32];
    int fd;

    if (f) {
        at = mig_field_at(s, len, f);
        g_assert_cmpuint(at + f->size, <=, len);
        switch (f->size) {
        case 1:
            copy[at] = val;
            break;
        case 2:
            stw_be_p(copy + at, val);
            break;
        case 4:
            stl_be_p(copy + at, val);
            break;
        default:
            stq_be_p(copy + at, val);
            break;
        }
    }
    fd = g_file_open_tmp("zcnic-migration-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(write(fd, copy, len), ==, len);
    close(fd);
    uri = g_strdup_printf("file:%s", path);
    zt_start_args(dst, NULL, "-incoming defer");
    qtest_qmp_assert_success(dst->qts,
        "{'execute': 'migrate-incoming', 'arguments': {'uri': %s, "
        "'exit-on-error': false}}", uri);
    while (strcmp(migration_status(dst->qts, st, sizeof(st)), "completed") &&
           strcmp(st, "failed")) {
        g_assert_cmpint(g_get_monotonic_time(), <, end);
        g_usleep(5000);
    }
    unlink(path);
    /* QEMU is up either way */
    qtest_qmp_assert_success(dst->qts, "{'execute': 'query-status'}");
    return !strcmp(st, "completed");
}

/* The stream the refused-field tests patch: saved once, kept */
static gchar *mig_stream;
static gsize mig_stream_len;

static void mig_save_stream(void)
{
    static const uint8_t other[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x99 };
    ZcnicTest src = { 0 };
    g_autofree char *path = NULL;
    g_autofree char *uri = NULL;
    uint8_t frame[80];
    int fd;

    if (mig_stream) {
        return;
    }

    zt_start(&src, NULL);
    wr(&src, ZCNIC_REG_TX_SHADOW_LO, TX_SHADOW);    /* zcnic/tx-shadow */
    gro_start(&src, 1000);                  /* zcnic/seg, rings */
    wr(&src, ZCNIC_REG_CTRL, ZCNIC_CTRL_RX_EN | ZCNIC_CTRL_TX_EN);
    wr(&src, ZCNIC_REG_ITR_RX, 1000);
    wr(&src, ZCNIC_REG_INT_AUTOCLR, ZCNIC_INT_TX);  /* zcnic/irq */
    wr(&src, ZCNIC_REG_FAULT, ZCNIC_FAULT_TX_STALL);    /* zcnic/test */
    wr(&src, ZCNIC_REG_RSS_CTRL, ZCNIC_RSS_CTRL_HASH);  /* zcnic/rss */
    wr(&src, ZCNIC_REG_NT_CMD, ZCNIC_NT_CMD_WRITE);     /* zcnic/ntuple */
    /* zcnic/mq: queue 1's RX ring running, an entry of the table */
    wr(&src, ZCNIC_REG_QUEUE(1) + ZCNIC_Q_RX_BASE_LO, zt_arena + 0x401000);
    wr(&src, ZCNIC_REG_QUEUE(1) + ZCNIC_Q_RX_SIZE, RING_SIZE);
    wr(&src, ZCNIC_REG_QUEUE(1) + ZCNIC_Q_CTRL, ZCNIC_CTRL_RX_EN);
    wr(&src, ZCNIC_REG_RSS_INDIR(0), 0x1);
    /* two ARP records: PEER_IP in entry 0, another in entry 1 */
    arp_send(&src, bcast_mac, 1, peer_mac, PEER_IP, HOST_IP);
    arp_send(&src, bcast_mac, 1, peer_mac, PEER_IP + 1, HOST_IP);
    wait_reg(&src, ZCNIC_REG_STAT_ARP_LEARNED, 2);
    /* a coalesced frame held: three segments, then a filtered frame */
    gro_send(&src, false, 0, 3, 0x10);
    make_frame(frame, sizeof(frame), other, 1);
    wire_send(&src, frame, sizeof(frame));
    wait_reg(&src, ZCNIC_REG_STAT_RX_DROP_FILTER, 1);
    g_assert_cmpuint(rd(&src, ZCNIC_REG_STAT_GRO_FRAMES), ==, 0);
    wr(&src, ZCNIC_REG_MAC_LO, MIG_MAC_LO);     /* the main section's mark */
    wr(&src, ZCNIC_REG_MAC_HI, MIG_MAC_HI);

    fd = g_file_open_tmp("zcnic-migration-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    uri = g_strdup_printf("file:%s", path);
    qtest_qmp_assert_success(src.qts,
        "{'execute': 'migrate', 'arguments': {'uri': %s}}", uri);
    wait_migration(src.qts);
    g_assert_true(g_file_get_contents(path, &mig_stream, &mig_stream_len,
                                      NULL));
    unlink(path);
    zt_stop(&src);
}

/* F's bad value is refused; its good one, if any, loads and reads back */
static void mig_check_field(const MigField *f)
{
    const uint8_t *stream = (const uint8_t *)mig_stream;
    ZcnicTest dst = { 0 };

    g_test_message("%s: 0x%" PRIx64 " refused", f->name, f->bad);
    if (mig_load_patched(stream, mig_stream_len, f, f->bad, &dst)) {
        g_error("%s 0x%" PRIx64 " was loaded", f->name, f->bad);
    }
    zt_stop(&dst);
    if (!f->reg) {
        return;
    }
    memset(&dst, 0, sizeof(dst));
    g_assert_true(mig_load_patched(stream, mig_stream_len, f, f->good,
                                   &dst));
    g_assert_cmphex(rd(&dst, f->reg), ==, (uint32_t)f->good);
    zt_stop(&dst);
}

static void test_migration_refused(void)
{
    ZcnicTest dst = { 0 };

    mig_save_stream();
    /* the stream as saved loads */
    g_assert_true(mig_load_patched((uint8_t *)mig_stream, mig_stream_len,
                                   NULL, 0, &dst));
    g_assert_cmphex(rd(&dst, ZCNIC_REG_MAC_LO), ==, MIG_MAC_LO);
    zt_stop(&dst);
    for (int i = 0; i < ARRAY_SIZE(mig_fields); i++) {
        mig_check_field(&mig_fields[i]);
    }
}

/*
 * Found by zcnic-fuzz: PCI's own load checks the read-only bytes it masks,
 * not the interrupt pin.  A stream with pin 2 was loaded, and the next INTx
 * update aborted QEMU (pci_irq_handler's assertion on the pin).
 */
static void test_migration_pci_pin(void)
{
    /* the section's idstr, instance and version, PCI's version_id */
    static const MigField f = {
        "PCI interrupt pin", "0000:00:04.0/zcnic", 4 + 4 + PCI_INTERRUPT_PIN,
        1, 2, 0, 0,
    };

    mig_save_stream();
    mig_check_field(&f);
}

/*
 * Found by zcnic-fuzz: a stream could arm the ARP lookup's timer while no
 * query was busy; when it fired, the device held a result for address 0,
 * a state it can never reach, and its next save was refused.
 */
static void test_migration_arp_timer(void)
{
    static const MigField f = {
        "ARP lookup timer, no query", "zcnic/arp", 97, 8, 1000000, 0, 0,
    };

    mig_save_stream();
    mig_check_field(&f);
}

void zcnic_qtest_add_migration(void)
{
    qtest_add_func("/zcnic/migration/refused", test_migration_refused);
    qtest_add_func("/zcnic/migration/pci-pin", test_migration_pci_pin);
    qtest_add_func("/zcnic/migration/arp-timer", test_migration_arp_timer);
    qtest_add_func("/zcnic/migration/registers", test_migration_registers);
    qtest_add_func("/zcnic/migration/gro-held", test_migration_gro_held);
    qtest_add_func("/zcnic/migration/tx-in-flight",
                   test_migration_tx_in_flight);
}
