/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic qtests: queue pairs (spec 4.10): the QUEUES register and the
 * "queues" property, the queue blocks, queue 0's other addresses, RSS
 * steering through the indirection table, ntuple rules to a queue, a
 * queue's own rings, counters, causes and vectors, one queue stopped and
 * started while the others run.
 */

#include "zcnic-qtest.h"

/* queue QI's rings and buffers, apart from queue 0's (TX_RING, ...) */
#define MQ_TX_RING(qi)  (zt_arena + 0x400000 + (qi) * 0x2000)
#define MQ_RX_RING(qi)  (zt_arena + 0x401000 + (qi) * 0x2000)
#define MQ_RX_BUF(qi, i) (zt_arena + 0x500000 + (qi) * 0x20000 + (i) * 0x1000)
#define MQ_TX_BUF(qi)   (zt_arena + 0x800000 + (qi) * 0x10000)

static uint32_t qreg(unsigned qi, uint32_t off)
{
    return ZCNIC_REG_QUEUE(qi) + off;
}

/* Queue QI's rings, set up and enabled (CTRL: Q_CTRL bits) */
static void mq_start(ZcnicTest *t, unsigned qi, uint32_t ctrl)
{
    wr(t, qreg(qi, ZCNIC_Q_TX_BASE_LO), MQ_TX_RING(qi));
    wr(t, qreg(qi, ZCNIC_Q_TX_BASE_HI), 0);
    wr(t, qreg(qi, ZCNIC_Q_TX_SIZE), RING_SIZE);
    wr(t, qreg(qi, ZCNIC_Q_RX_BASE_LO), MQ_RX_RING(qi));
    wr(t, qreg(qi, ZCNIC_Q_RX_BASE_HI), 0);
    wr(t, qreg(qi, ZCNIC_Q_RX_SIZE), RING_SIZE);
    wr(t, qreg(qi, ZCNIC_Q_CTRL), ctrl);
}

/* Post the buffer at queue QI's RX tail */
static void mq_post(ZcnicTest *t, unsigned qi)
{
    uint32_t tail = rd(t, qreg(qi, ZCNIC_Q_RX_TAIL));

    desc_write(t, MQ_RX_RING(qi), tail, MQ_RX_BUF(qi, tail), 4096);
    wr(t, qreg(qi, ZCNIC_Q_RX_TAIL), (tail + 1) % RING_SIZE);
}

/*
 * Send F with a buffer posted on every queue of N; the queue whose ring
 * took it, its write-back in *WB.  The other queues' heads stay put.
 */
static unsigned mq_rx(ZcnicTest *t, unsigned n, const uint8_t *f,
                      size_t len, uint64_t *wb)
{
    uint32_t head[ZCNIC_QUEUES_MAX];
    uint32_t frames = rd(t, ZCNIC_REG_STAT_RX_FRAMES);
    int got = -1;

    for (unsigned qi = 0; qi < n; qi++) {
        head[qi] = rd(t, qreg(qi, ZCNIC_Q_RX_HEAD));
        if (rd(t, qreg(qi, ZCNIC_Q_RX_TAIL)) == head[qi]) {
            mq_post(t, qi);
        }
    }
    wire_send(t, f, len);
    wait_reg(t, ZCNIC_REG_STAT_RX_FRAMES, frames + 1);
    for (unsigned qi = 0; qi < n; qi++) {
        uint32_t h = rd(t, qreg(qi, ZCNIC_Q_RX_HEAD));

        if (h != head[qi]) {
            g_assert_cmpint(got, ==, -1);
            g_assert_cmpuint(h, ==, (head[qi] + 1) % RING_SIZE);
            got = qi;
            *wb = qtest_readq(t->qts, MQ_RX_RING(qi) +
                              head[qi] * ZCNIC_DESC_SIZE + ZCNIC_DESC_CMD);
        }
    }
    g_assert_cmpint(got, >=, 0);
    return got;
}

/* Set entry J of the indirection table to QI, the others as they were */
static void indir_set(ZcnicTest *t, unsigned j, unsigned qi)
{
    uint32_t reg = ZCNIC_REG_RSS_INDIR(j / ZCNIC_RSS_INDIR_PER_WORD);

    wr(t, reg, deposit32(rd(t, reg), ZCNIC_RSS_INDIR_SHIFT(j),
                         ZCNIC_RSS_INDIR_WIDTH, qi));
}

/*
 * Microsoft's first IPv4 vector (as zcnic-offload-test's rss_v4): its TCP
 * frame hashes to 0x51ccc178 with the reset key and fields.
 */
#define V4_L4_HASH  0x51ccc178u

static size_t v4_tcp(uint8_t *f, uint16_t sport)
{
    static const uint8_t src[4] = { 66, 9, 149, 187 };
    static const uint8_t dst[4] = { 161, 142, 100, 80 };
    ZtFrame z = { .ipv = 4, .proto = 6, .payload = 100 };
    size_t len = zt_frame(f, &z, NULL);

    memcpy(f + 14 + 12, src, 4);
    memcpy(f + 14 + 16, dst, 4);
    stw_be_p(f + 14 + 20, sport);
    stw_be_p(f + 14 + 22, 1766);
    return len;
}

/*
 * spec 4.10: QUEUES reads the property; 1 + 2 * QUEUES MSI-X vectors; each
 * queue's block at its reset values; queue 0's block and the 1.x
 * addresses are one set of registers; blocks beyond QUEUES are reserved.
 */
static void test_mq_regs(void)
{
    static const struct {
        uint32_t off, access, reset, legacy;
    } qregs[] = {
#define X(name, off, acc, reset, legacy) { off, acc, reset, legacy },
        ZCNIC_QUEUE_REGISTERS(X)
#undef X
    };
    ZcnicTest t = { 0 };
    g_autofree char *log = NULL;

    zt_start(&t, "queues=6");
    g_assert_cmpuint(rd(&t, ZCNIC_REG_QUEUES), ==, 6);
    g_assert_cmpuint(qpci_msix_table_size(t.dev), ==, ZCNIC_MSIX_VECTORS(6));
    g_assert_cmphex(rd(&t, ZCNIC_REG_FEATURES) & ZCNIC_FEAT_MQ, ==,
                    ZCNIC_FEAT_MQ);
    for (unsigned qi = 0; qi < 6; qi++) {
        for (int i = 0; i < ARRAY_SIZE(qregs); i++) {
            uint32_t reg = qreg(qi, qregs[i].off);

            g_assert_cmphex(rd(&t, reg), ==, qregs[i].reset);
            if (!(qregs[i].access & ZCNIC_ACC_W)) {
                wr(&t, reg, 0x5a5a5a5a);        /* read-only: ignored */
                g_assert_cmphex(rd(&t, reg), ==, qregs[i].reset);
            }
        }
    }
    /* queue 0: both addresses reach one register, either way */
    for (int i = 0; i < ARRAY_SIZE(qregs); i++) {
        if (qregs[i].legacy && (qregs[i].access & ZCNIC_ACC_W) &&
            qregs[i].off != ZCNIC_Q_TX_TAIL &&
            qregs[i].off != ZCNIC_Q_RX_TAIL) {
            wr(&t, qreg(0, qregs[i].off), 0x1000 + 0x40 * i);
            g_assert_cmphex(rd(&t, qregs[i].legacy), ==, 0x1000 + 0x40 * i);
            wr(&t, qregs[i].legacy, 0x2000 + 0x40 * i);
            g_assert_cmphex(rd(&t, qreg(0, qregs[i].off)), ==,
                            0x2000 + 0x40 * i);
        }
    }
    /* queue 0's Q_CTRL is CTRL's two bits; a queue's own is its own */
    wr(&t, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
    rings_start(&t, ZCNIC_CTRL_RX_EN);
    g_assert_cmphex(rd(&t, qreg(0, ZCNIC_Q_CTRL)), ==, ZCNIC_CTRL_RX_EN);
    wr(&t, qreg(0, ZCNIC_Q_CTRL), 0xffffffff);
    g_assert_cmphex(rd(&t, ZCNIC_REG_CTRL), ==, ZCNIC_CTRL_RW_MASK);
    g_assert_cmphex(rd(&t, qreg(1, ZCNIC_Q_CTRL)), ==, 0);
    /* a queue the device does not have: reserved, and logged */
    wr(&t, qreg(6, ZCNIC_Q_TX_SIZE), 64);
    g_assert_cmphex(rd(&t, qreg(6, ZCNIC_Q_TX_SIZE)), ==, 0);
    g_assert_cmphex(rd(&t, qreg(5, ZCNIC_Q_TX_SIZE)), ==,
                    ZCNIC_RESET_TX_SIZE);
    log = zt_log(&t);
    g_assert_nonnull(strstr(log, "write 0x40 to reserved register 0x1308"));
    g_assert_nonnull(strstr(log, "read of reserved register 0x1308"));
    g_assert_cmphex(rd(&t, ZCNIC_REG_ERR_STATUS), ==, 0);
    /* CTRL.RESET resets every queue's block */
    wr(&t, qreg(3, ZCNIC_Q_ITR_TX), 77);
    wr(&t, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
    g_assert_cmphex(rd(&t, qreg(3, ZCNIC_Q_ITR_TX)), ==, 0);
    g_assert_cmphex(rd(&t, qreg(0, ZCNIC_Q_CTRL)), ==, 0);
    zt_stop(&t);

    zt_start(&t, "queues=1");
    g_assert_cmpuint(rd(&t, ZCNIC_REG_QUEUES), ==, 1);
    g_assert_cmpuint(qpci_msix_table_size(t.dev), ==, 3);
    zt_stop(&t);
}

/*
 * spec 4.10: with RSS_CTRL.HASH a hashed frame goes to queue INDIR[hash %
 * 128], its hash written back; moving the entry moves the flow; without
 * a hash (not IP, or HASH clear) a frame goes to queue 0.  The queue's
 * counters, its QINT RX bit and its RX vector say so.
 */
static void test_mq_rss_steer(void)
{
    ZcnicTest t = { 0 };
    unsigned j = V4_L4_HASH % ZCNIC_RSS_INDIR_ENTRIES;
    uint8_t f[300];
    uint64_t wb;
    size_t len;

    zt_start(&t, NULL);
    qpci_msix_enable(t.dev);
    wr(&t, ZCNIC_REG_QINT_MASK, 0xffffffff);
    g_assert_cmphex(rd(&t, ZCNIC_REG_QINT_MASK), ==, 0xff);   /* 4 queues */
    for (unsigned qi = 0; qi < 4; qi++) {
        mq_start(&t, qi, ZCNIC_CTRL_RX_EN);
    }
    len = v4_tcp(f, 2794);
    /* HASH clear: queue 0, whatever the table says */
    indir_set(&t, j, 2);
    g_assert_cmpuint(mq_rx(&t, 4, f, len, &wb), ==, 0);
    wr(&t, ZCNIC_REG_RSS_CTRL, ZCNIC_RSS_CTRL_HASH);
    g_assert_cmpuint(mq_rx(&t, 4, f, len, &wb), ==, 2);
    g_assert_cmpuint(extract64(wb, ZCNIC_RXD_RSS_TYPE_SHIFT,
                               ZCNIC_RXD_RSS_TYPE_WIDTH), ==,
                     ZCNIC_RSS_TYPE_IPV4_TCP);
    g_assert_cmphex(qtest_readq(t.qts, MQ_RX_RING(2)) >>
                    ZCNIC_RXD_RSS_HASH_SHIFT, ==, V4_L4_HASH);
    g_assert_cmpuint(rd(&t, qreg(2, ZCNIC_Q_STAT_RX_FRAMES)), ==, 1);
    g_assert_cmpuint(rd(&t, qreg(2, ZCNIC_Q_STAT_RX_BYTES)), ==, len);
    g_assert_cmpuint(rd(&t, qreg(0, ZCNIC_Q_STAT_RX_FRAMES)), ==, 1);
    g_assert_cmpuint(rd(&t, qreg(1, ZCNIC_Q_STAT_RX_FRAMES)), ==, 0);
    g_assert_cmphex(rd(&t, ZCNIC_REG_QINT_CAUSE) & ZCNIC_QINT_RX(2), ==,
                    ZCNIC_QINT_RX(2));
    g_assert_true(qpci_msix_pending(t.dev, ZCNIC_VEC_Q_RX(2)));
    g_assert_false(qpci_msix_pending(t.dev, ZCNIC_VEC_Q_RX(1)));
    g_assert_false(qpci_msix_pending(t.dev, ZCNIC_VEC_Q_TX(2)));
    /* the flow moves with its entry; the other entries stay */
    indir_set(&t, j, 3);
    g_assert_cmpuint(mq_rx(&t, 4, f, len, &wb), ==, 3);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_RSS_INDIR(j / 8)) &
                     ~(0xfu << ZCNIC_RSS_INDIR_SHIFT(j)), ==, 0);
    /* another source port, another hash: an entry still 0 here */
    len = v4_tcp(f, 2795);
    g_assert_cmpuint(mq_rx(&t, 4, f, len, &wb), ==, 0);
    /* not IP: no hash, queue 0 */
    make_frame(f, 100, our_mac, 1);
    g_assert_cmpuint(mq_rx(&t, 4, f, 100, &wb), ==, 0);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_RX_FRAMES), ==, 5);
    zt_stop(&t);
}

/*
 * spec 4.9, 4.10: an ntuple rule's queue wins over the table; a rule to a
 * queue the device does not have is refused when written.
 */
static void test_mq_ntuple_queue(void)
{
    ZcnicTest t = { 0 };
    ZtFrame z = { .ipv = 4, .addrs = true, .proto = 17, .ports = true,
                  .payload = 64 };
    uint8_t f[200];
    uint64_t wb;
    size_t len;

    zt_start(&t, "queues=8");
    for (unsigned qi = 0; qi < 8; qi++) {
        mq_start(&t, qi, ZCNIC_CTRL_RX_EN);
    }
    wr(&t, ZCNIC_REG_RSS_CTRL, ZCNIC_RSS_CTRL_HASH);
    for (unsigned w = 0; w < ZCNIC_RSS_INDIR_WORDS; w++) {
        wr(&t, ZCNIC_REG_RSS_INDIR(w), 0x11111111);     /* all to 1 */
    }
    len = zt_frame(f, &z, NULL);
    g_assert_cmpuint(mq_rx(&t, 8, f, len, &wb), ==, 1);
    /* udp4 to the frame's port: queue 7 */
    wr(&t, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_ACTION), 7);
    wr(&t, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_L3),
       4 << ZCNIC_NT_IPV_SHIFT | 17 << ZCNIC_NT_PROTO_SHIFT |
       0xff << ZCNIC_NT_PROTO_MASK_SHIFT);
    wr(&t, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_PORTS),
       (uint32_t)lduw_be_p(f + 14 + 22) << 16);
    wr(&t, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_PORTS_MASK), 0xffff0000);
    wr(&t, ZCNIC_REG_NT_INDEX, 9);
    wr(&t, ZCNIC_REG_NT_CMD, ZCNIC_NT_CMD_WRITE);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ERR_STATUS), ==, 0);
    g_assert_cmpuint(mq_rx(&t, 8, f, len, &wb), ==, 7);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_NT_HITS), ==, 1);
    /* queue 8 of 8: refused, the rule stays */
    wr(&t, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_ACTION), 8);
    wr(&t, ZCNIC_REG_NT_CMD, ZCNIC_NT_CMD_WRITE);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ERR_STATUS), ==, ZCNIC_ERR_CFG);
    g_assert_cmpuint(mq_rx(&t, 8, f, len, &wb), ==, 7);
    zt_stop(&t);
}

/*
 * spec 4.10: an RSS_INDIR word with an entry naming a queue the device
 * does not have: CFG error, logged, the word as it was, nothing stopped.
 */
static void test_err_rss_indir(void)
{
    ZcnicTest t = { 0 };
    g_autofree char *log = NULL;

    zt_start(&t, NULL);
    rings_start(&t, ZCNIC_CTRL_RX_EN | ZCNIC_CTRL_TX_EN);
    wr(&t, ZCNIC_REG_RSS_INDIR(5), 0x32103210);
    g_assert_cmphex(rd(&t, ZCNIC_REG_RSS_INDIR(5)), ==, 0x32103210);
    wr(&t, ZCNIC_REG_RSS_INDIR(5), 0x00400000);         /* entry 45: 4 */
    g_assert_cmphex(rd(&t, ZCNIC_REG_RSS_INDIR(5)), ==, 0x32103210);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ERR_STATUS), ==, ZCNIC_ERR_CFG);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE) & ZCNIC_INT_ERR, ==,
                    ZCNIC_INT_ERR);
    log = zt_log(&t);
    g_assert_nonnull(strstr(log, "RSS_INDIR5 entry 5: queue 4 of 4"));
    g_assert_cmphex(rd(&t, ZCNIC_REG_CTRL), ==,
                    ZCNIC_CTRL_RX_EN | ZCNIC_CTRL_TX_EN);
    zt_stop(&t);
}

/* Send a frame from queue QI's ring (slot IDX); it must reach the wire */
static void mq_tx(ZcnicTest *t, unsigned qi, uint32_t idx, uint8_t seed)
{
    uint8_t frame[200], got[ZCNIC_MAX_FRAME];

    make_frame(frame, 150, peer_mac, seed);
    qtest_memwrite(t->qts, MQ_TX_BUF(qi), frame, 150);
    desc_write(t, MQ_TX_RING(qi), idx, MQ_TX_BUF(qi), 150 | ZCNIC_DESC_EOP);
    wr(t, qreg(qi, ZCNIC_Q_TX_TAIL), idx + 1);
    g_assert_cmpuint(wire_recv(t, got, sizeof(got)), ==, 150);
    g_assert_cmpmem(got, 150, frame, 150);
    wait_reg(t, qreg(qi, ZCNIC_Q_TX_HEAD), idx + 1);
    g_assert_true(desc_cmd(t, MQ_TX_RING(qi), idx) & ZCNIC_DESC_DONE);
}

/*
 * spec 4.10: each queue's TX ring sends on its own doorbell; its counters,
 * its QINT TX bit and its TX vector; QINT_MASK, its auto-mask, QINT_
 * AUTOCLR, and QINT's bits 0 and 1 as INT_CAUSE's RX and TX.
 */
static void test_mq_tx(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, NULL);
    qpci_msix_enable(t.dev);
    for (unsigned qi = 0; qi < 4; qi++) {
        mq_start(&t, qi, ZCNIC_CTRL_TX_EN);
    }
    wr(&t, ZCNIC_REG_QINT_AUTOCLR, ZCNIC_QINT_TX(3));
    wr(&t, ZCNIC_REG_QINT_MASK_SET, ZCNIC_QINT_TX(2) | ZCNIC_QINT_TX(3));
    mq_tx(&t, 2, 0, 1);
    mq_tx(&t, 3, 0, 2);
    mq_tx(&t, 2, 1, 3);
    g_assert_cmpuint(rd(&t, qreg(2, ZCNIC_Q_STAT_TX_FRAMES)), ==, 2);
    g_assert_cmpuint(rd(&t, qreg(2, ZCNIC_Q_STAT_TX_BYTES)), ==, 300);
    g_assert_cmpuint(rd(&t, qreg(3, ZCNIC_Q_STAT_TX_FRAMES)), ==, 1);
    g_assert_cmpuint(rd(&t, qreg(0, ZCNIC_Q_STAT_TX_FRAMES)), ==, 0);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_TX_FRAMES), ==, 3);
    g_assert_true(qpci_msix_pending(t.dev, ZCNIC_VEC_Q_TX(2)));
    g_assert_true(qpci_msix_pending(t.dev, ZCNIC_VEC_Q_TX(3)));
    g_assert_false(qpci_msix_pending(t.dev, ZCNIC_VEC_TX));
    /* queue 3's cause went with its message; queue 2's stays */
    g_assert_cmphex(rd(&t, ZCNIC_REG_QINT_CAUSE) &
                    (ZCNIC_QINT_TX(2) | ZCNIC_QINT_TX(3)), ==,
                    ZCNIC_QINT_TX(2));
    /* sending a queue's vector masks its cause (spec 5.1) */
    g_assert_cmphex(rd(&t, ZCNIC_REG_QINT_MASK), ==, 0);
    /* bits 0 and 1 are INT_CAUSE.RX/TX, both ways */
    wr(&t, ZCNIC_REG_INT_SET, ZCNIC_INT_TX);
    g_assert_cmphex(rd(&t, ZCNIC_REG_QINT_CAUSE) & ZCNIC_QINT_TX(0), ==,
                    ZCNIC_QINT_TX(0));
    wr(&t, ZCNIC_REG_QINT_CAUSE, ZCNIC_QINT_TX(0) | ZCNIC_QINT_TX(2));
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE) & ZCNIC_INT_TX, ==, 0);
    g_assert_cmphex(rd(&t, ZCNIC_REG_QINT_CAUSE), ==, 0);
    wr(&t, ZCNIC_REG_QINT_MASK_SET, ZCNIC_QINT_RX(0));
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_MASK) & ZCNIC_INT_RX, ==,
                    ZCNIC_INT_RX);
    /*
     * masked: nothing is sent, so AUTOCLR leaves the cause; enabling it
     * sends the vector, which clears it (the PBA bit is set already)
     */
    mq_tx(&t, 3, 1, 4);
    g_assert_cmphex(rd(&t, ZCNIC_REG_QINT_CAUSE), ==, ZCNIC_QINT_TX(3));
    wr(&t, ZCNIC_REG_QINT_MASK_SET, ZCNIC_QINT_TX(3));
    g_assert_cmphex(rd(&t, ZCNIC_REG_QINT_CAUSE), ==, 0);
    g_assert_cmphex(rd(&t, ZCNIC_REG_QINT_MASK), ==, ZCNIC_QINT_RX(0));
    zt_stop(&t);
}

/*
 * spec 4.10: the TX rings take turns, a frame each: three frames posted on
 * queue 1 and three on queue 2 while TX is stalled (spec 11) go out
 * alternating when the stall ends.
 */
static void test_mq_tx_turns(void)
{
    ZcnicTest t = { 0 };
    uint8_t frame[200], got[ZCNIC_MAX_FRAME];

    zt_start(&t, NULL);
    mq_start(&t, 1, ZCNIC_CTRL_TX_EN);
    mq_start(&t, 2, ZCNIC_CTRL_TX_EN);
    wr(&t, ZCNIC_REG_FAULT, ZCNIC_FAULT_TX_STALL);
    for (unsigned qi = 1; qi <= 2; qi++) {
        for (uint32_t i = 0; i < 3; i++) {
            uint64_t buf = MQ_TX_BUF(qi) + i * 0x1000;

            make_frame(frame, 150, peer_mac, qi * 16 + i);
            qtest_memwrite(t.qts, buf, frame, 150);
            desc_write(&t, MQ_TX_RING(qi), i, buf, 150 | ZCNIC_DESC_EOP);
        }
        wr(&t, qreg(qi, ZCNIC_Q_TX_TAIL), 3);
    }
    g_assert_true(wire_empty(&t));
    wr(&t, ZCNIC_REG_FAULT, 0);
    for (uint32_t k = 0; k < 6; k++) {
        unsigned qi = 1 + k % 2;    /* queue 1 after the tail was rung */

        make_frame(frame, 150, peer_mac, qi * 16 + k / 2);
        g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, 150);
        g_assert_cmpmem(got, 150, frame, 150);
    }
    wait_reg(&t, qreg(2, ZCNIC_Q_TX_HEAD), 3);
    g_assert_cmpuint(rd(&t, qreg(1, ZCNIC_Q_TX_HEAD)), ==, 3);
    zt_stop(&t);
}

/*
 * spec 4.10: clearing one queue's RX_EN stops that queue only: frames
 * steered to it are dropped and counted in its Q_STAT_RX_DROP while the
 * others receive; setting it again starts its ring at 0.
 */
static void test_mq_queue_restart(void)
{
    ZcnicTest t = { 0 };
    unsigned j = V4_L4_HASH % ZCNIC_RSS_INDIR_ENTRIES;
    uint8_t f[300], g[300];
    size_t len, glen;
    uint64_t wb;

    zt_start(&t, NULL);
    qpci_msix_enable(t.dev);
    wr(&t, ZCNIC_REG_INT_MASK, ZCNIC_INT_ERR);
    for (unsigned qi = 0; qi < 4; qi++) {
        mq_start(&t, qi, ZCNIC_CTRL_RX_EN);
    }
    wr(&t, ZCNIC_REG_RSS_CTRL, ZCNIC_RSS_CTRL_HASH);
    indir_set(&t, j, 1);
    len = v4_tcp(f, 2794);
    glen = v4_tcp(g, 2795);     /* entry 0: queue 0 */
    g_assert_cmpuint(mq_rx(&t, 4, f, len, &wb), ==, 1);
    g_assert_cmpuint(mq_rx(&t, 4, f, len, &wb), ==, 1);
    wr(&t, qreg(1, ZCNIC_Q_CTRL), 0);
    mq_post(&t, 0);
    wire_send(&t, f, len);
    wait_reg(&t, qreg(1, ZCNIC_Q_STAT_RX_DROP), 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_RX_DROP_DISABLED), ==, 1);
    g_assert_cmpuint(mq_rx(&t, 4, g, glen, &wb), ==, 0);
    /* the ring again, from 0 */
    g_assert_cmpuint(rd(&t, qreg(1, ZCNIC_Q_RX_HEAD)), ==, 2);
    wr(&t, qreg(1, ZCNIC_Q_CTRL), ZCNIC_CTRL_RX_EN);
    g_assert_cmpuint(rd(&t, qreg(1, ZCNIC_Q_RX_HEAD)), ==, 0);
    g_assert_cmpuint(rd(&t, qreg(1, ZCNIC_Q_RX_TAIL)), ==, 0);
    g_assert_cmpuint(mq_rx(&t, 4, f, len, &wb), ==, 1);
    g_assert_cmpuint(rd(&t, qreg(1, ZCNIC_Q_RX_HEAD)), ==, 1);
    g_assert_cmpuint(rd(&t, qreg(1, ZCNIC_Q_STAT_RX_FRAMES)), ==, 3);
    /* ring registers are fixed while the ring is enabled */
    wr(&t, qreg(1, ZCNIC_Q_RX_SIZE), 64);
    check_guest_error(&t, ZCNIC_ERR_RX_RING, "written while the queue is "
                      "enabled (queue 1)");
    zt_stop(&t);
}

void zcnic_qtest_add_mq(void)
{
    qtest_add_func("/zcnic/mq/regs", test_mq_regs);
    qtest_add_func("/zcnic/mq/rss-steer", test_mq_rss_steer);
    qtest_add_func("/zcnic/mq/ntuple-queue", test_mq_ntuple_queue);
    qtest_add_func("/zcnic/mq/tx", test_mq_tx);
    qtest_add_func("/zcnic/mq/tx-turns", test_mq_tx_turns);
    qtest_add_func("/zcnic/mq/queue-restart", test_mq_queue_restart);
    qtest_add_func("/zcnic/err/rss-indir", test_err_rss_indir);
}
