/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QTest testcases for zcnic: the ARP offload block (spec 8).
 * Each test path names the spec section it checks (docs/spec.rst).
 */

#include "zcnic-qtest.h"

static void arp_start(ZcnicTest *t, const char *opts, uint32_t arp_ctrl)
{
    zt_start(t, opts);
    qpci_msix_enable(t->dev);
    wr(t, ZCNIC_REG_INT_MASK, ZCNIC_INT_ARP | ZCNIC_INT_ERR);
    rings_start(t, ZCNIC_CTRL_RX_EN | ZCNIC_CTRL_TX_EN);
    for (int i = 0; i < 8; i++) {
        desc_write(t, RX_RING, i, RX_BUF + i * 0x1000, 2048);
    }
    wr(t, ZCNIC_REG_RX_TAIL, 8);
    wr(t, ZCNIC_REG_ARP_HOST_IP(0), HOST_IP);
    wr(t, ZCNIC_REG_ARP_CTRL, arp_ctrl);
}

static void check_entry(ZcnicTest *t, uint32_t idx, uint32_t ip,
                        const uint8_t *mac, uint32_t ttl)
{
    uint32_t got_ip, got_ttl;
    uint8_t got_mac[ETH_ALEN];

    tbl_read(t, idx, &got_ip, got_mac, &got_ttl);
    g_assert_cmphex(got_ip, ==, ip);
    g_assert_cmpmem(got_mac, ETH_ALEN, mac, ETH_ALEN);
    g_assert_cmpuint(got_ttl, ==, ttl);
}

/* Frames delivered to the RX ring so far */
static uint32_t rx_delivered(ZcnicTest *t)
{
    return rd(t, ZCNIC_REG_STAT_RX_FRAMES);
}

/* spec 8.3: a request for another address is learned and delivered */
static void test_arp_learn_request(void)
{
    ZcnicTest t = { 0 };
    g_autofree char *table = NULL;
    uint8_t got[60], want[60];

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    arp_send(&t, bcast_mac, 1, peer_mac, PEER_IP, IP4(192, 168, 77, 9));
    wait_reg(&t, ZCNIC_REG_RX_HEAD, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_LEARNED), ==, 1);
    check_entry(&t, 0, PEER_IP, peer_mac, ZCNIC_ARP_TTL_DEFAULT);
    qtest_memread(t.qts, RX_BUF, got, sizeof(got));
    arp_frame(want, bcast_mac, 1, peer_mac, PEER_IP, zero_mac,
              IP4(192, 168, 77, 9));
    g_assert_cmpmem(got, sizeof(got), want, sizeof(want));
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_ANSWERED), ==, 0);
    g_assert_true(wire_empty(&t));
    /* the read-only QOM property shows the same table */
    table = arp_table_prop(&t);
    g_assert_cmpstr(table, ==, "192.168.77.2 02:00:00:00:00:07 1200\n");
    zt_stop(&t);
}

/* spec 8.3: a reply to us is learned and delivered */
static void test_arp_learn_reply(void)
{
    ZcnicTest t = { 0 };

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    arp_send(&t, our_mac, 2, peer_mac, PEER_IP, HOST_IP);
    wait_reg(&t, ZCNIC_REG_RX_HEAD, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_LEARNED), ==, 1);
    check_entry(&t, 0, PEER_IP, peer_mac, ZCNIC_ARP_TTL_DEFAULT);
    /* an ARP frame to another station is not looked at (nor delivered) */
    arp_send(&t, peer_mac2, 2, peer_mac2, IP4(192, 168, 77, 3), HOST_IP);
    wait_reg(&t, ZCNIC_REG_STAT_RX_DROP_FILTER, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_LEARNED), ==, 1);
    zt_stop(&t);
}

/* spec 8.2: the same IP updates MAC and TTL in place */
static void test_arp_update(void)
{
    ZcnicTest t = { 0 };

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    arp_send(&t, bcast_mac, 1, peer_mac, PEER_IP, IP4(192, 168, 77, 9));
    wait_reg(&t, ZCNIC_REG_STAT_ARP_LEARNED, 1);
    qtest_clock_step(t.qts, 100 * NS_PER_S);
    check_entry(&t, 0, PEER_IP, peer_mac, ZCNIC_ARP_TTL_DEFAULT - 100);
    arp_send(&t, our_mac, 2, peer_mac2, PEER_IP, HOST_IP);
    wait_reg(&t, ZCNIC_REG_STAT_ARP_UPDATED, 1);
    check_entry(&t, 0, PEER_IP, peer_mac2, ZCNIC_ARP_TTL_DEFAULT);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_LEARNED), ==, 1);
    check_entry(&t, 1, 0, zero_mac, 0);
    zt_stop(&t);
}

/* spec 8.2: the TTL counts down on the virtual clock; at 0 it is invalid */
static void test_arp_expiry(void)
{
    ZcnicTest t = { 0 };

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    arp_send(&t, bcast_mac, 1, peer_mac, PEER_IP, IP4(192, 168, 77, 9));
    wait_reg(&t, ZCNIC_REG_STAT_ARP_LEARNED, 1);
    qtest_clock_step(t.qts, (ZCNIC_ARP_TTL_DEFAULT - 1) *
                            NS_PER_S);
    check_entry(&t, 0, PEER_IP, peer_mac, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_EXPIRED), ==, 0);
    qtest_clock_step(t.qts, NS_PER_S);
    check_entry(&t, 0, 0, zero_mac, 0);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_EXPIRED), ==, 1);
    /* a query ignores it: miss */
    wr(&t, ZCNIC_REG_ARP_QUERY_IP, PEER_IP);
    qtest_clock_step(t.qts, ZCNIC_ARP_QUERY_NS);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_QUERY_STATUS), ==,
                    ZCNIC_ARP_ST_NO_RESULT);
    zt_stop(&t);
}

/* spec 8.2: ARP_TTL sets the TTL of new records; 0 and > max are errors */
static void test_arp_ttl_register(void)
{
    ZcnicTest t = { 0 };

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    wr(&t, ZCNIC_REG_ARP_TTL, 30);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_ARP_TTL), ==, 30);
    arp_send(&t, bcast_mac, 1, peer_mac, PEER_IP, IP4(192, 168, 77, 9));
    wait_reg(&t, ZCNIC_REG_STAT_ARP_LEARNED, 1);
    check_entry(&t, 0, PEER_IP, peer_mac, 30);
    qtest_clock_step(t.qts, 30 * NS_PER_S);
    check_entry(&t, 0, 0, zero_mac, 0);
    wr(&t, ZCNIC_REG_ARP_TTL, ZCNIC_ARP_TTL_MAX + 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_ARP_TTL), ==, 30);
    check_guest_error(&t, ZCNIC_ERR_ARP, "ARP TTL 86401 s outside 1..86400");
    g_assert_cmpuint(rd(&t, ZCNIC_REG_ARP_TTL), ==, ZCNIC_ARP_TTL_DEFAULT);
    zt_stop(&t);
}

/* spec 8.2: TTL 0 is not a TTL */
static void test_err_arp_ttl_zero(void)
{
    ZcnicTest t = { 0 };

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    wr(&t, ZCNIC_REG_ARP_TTL, 0);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_ARP_TTL), ==, ZCNIC_ARP_TTL_DEFAULT);
    check_guest_error(&t, ZCNIC_ERR_ARP, "ARP TTL 0 s outside 1..86400");
    zt_stop(&t);
}

/* spec 8.4: a hit: busy for ZCNIC_ARP_QUERY_NS, then result + INT_ARP */
static void test_arp_query_hit(void)
{
    ZcnicTest t = { 0 };

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    arp_send(&t, bcast_mac, 1, peer_mac, PEER_IP, IP4(192, 168, 77, 9));
    wait_reg(&t, ZCNIC_REG_STAT_ARP_LEARNED, 1);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_QUERY_STATUS), ==, ZCNIC_ARP_ST_IDLE);
    wr(&t, ZCNIC_REG_ARP_QUERY_IP, PEER_IP);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_QUERY_STATUS), ==, ZCNIC_ARP_ST_BUSY);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE) & ZCNIC_INT_ARP, ==, 0);
    qtest_clock_step(t.qts, ZCNIC_ARP_QUERY_NS);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_QUERY_STATUS), ==,
                    ZCNIC_ARP_ST_RESULT);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_RESULT_MAC_LO), ==, 0x00000002);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_RESULT_MAC_HI), ==, 0x0700);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE) & ZCNIC_INT_ARP, ==,
                    ZCNIC_INT_ARP);
    g_assert_true(qpci_msix_pending(t.dev, ZCNIC_VEC_MISC));
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_QUERY_HIT), ==, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_QUERY_MISS), ==, 0);
    g_assert_true(wire_empty(&t));
    zt_stop(&t);
}

/*
 * spec 8.4: a miss: "no result", the broadcast request on the wire; the
 * reply completes the query with INT_ARP
 */
static void test_arp_query_miss(void)
{
    ZcnicTest t = { 0 };
    uint8_t got[ZCNIC_MAX_FRAME], want[60];
    uint32_t target = IP4(192, 168, 77, 7);

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    wr(&t, ZCNIC_REG_ARP_QUERY_IP, target);
    qtest_clock_step(t.qts, ZCNIC_ARP_QUERY_NS);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_QUERY_STATUS), ==,
                    ZCNIC_ARP_ST_NO_RESULT);
    g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, 60);
    arp_frame(want, bcast_mac, 1, our_mac, HOST_IP, zero_mac, target);
    g_assert_cmpmem(got, 60, want, 60);
    g_assert_true(wire_empty(&t));
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_REQ_SENT), ==, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_QUERY_MISS), ==, 1);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE) & ZCNIC_INT_ARP, ==, 0);

    /* an unrelated reply does not complete it */
    arp_send(&t, our_mac, 2, peer_mac, PEER_IP, HOST_IP);
    wait_reg(&t, ZCNIC_REG_STAT_ARP_LEARNED, 1);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_QUERY_STATUS), ==,
                    ZCNIC_ARP_ST_NO_RESULT);
    arp_send(&t, our_mac, 2, peer_mac2, target, HOST_IP);
    wait_reg(&t, ZCNIC_REG_ARP_QUERY_STATUS, ZCNIC_ARP_ST_RESULT);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_RESULT_MAC_LO), ==, 0x00000002);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_RESULT_MAC_HI), ==, 0x0800);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE) & ZCNIC_INT_ARP, ==,
                    ZCNIC_INT_ARP);
    g_assert_true(qpci_msix_pending(t.dev, ZCNIC_VEC_MISC));
    check_entry(&t, 1, target, peer_mac2, ZCNIC_ARP_TTL_DEFAULT);
    /* without a host address the request's sender IP is 0 */
    wr(&t, ZCNIC_REG_ARP_HOST_IP(0), 0);
    wr(&t, ZCNIC_REG_ARP_QUERY_IP, IP4(10, 0, 0, 1));
    qtest_clock_step(t.qts, ZCNIC_ARP_QUERY_NS);
    g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, 60);
    arp_frame(want, bcast_mac, 1, our_mac, 0, zero_mac, IP4(10, 0, 0, 1));
    g_assert_cmpmem(got, 60, want, 60);
    zt_stop(&t);
}

/* spec 8.2, 8.4: a full buffer: overflow counted; a query's reply: 011 */
static void test_arp_overflow(void)
{
    ZcnicTest t = { 0 };
    uint8_t got[ZCNIC_MAX_FRAME];

    arp_start(&t, "arp-entries=2", ZCNIC_ARP_CTRL_ANSWER);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_ARP_ENTRIES), ==, 2);
    arp_send(&t, our_mac, 2, peer_mac, PEER_IP, HOST_IP);
    arp_send(&t, our_mac, 2, peer_mac2, IP4(192, 168, 77, 3), HOST_IP);
    arp_send(&t, our_mac, 2, peer_mac2, IP4(192, 168, 77, 4), HOST_IP);
    wait_reg(&t, ZCNIC_REG_STAT_ARP_OVERFLOW, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_LEARNED), ==, 2);
    /* the discarded record is still delivered to the host */
    wait_reg(&t, ZCNIC_REG_RX_HEAD, 3);
    check_entry(&t, 0, PEER_IP, peer_mac, ZCNIC_ARP_TTL_DEFAULT);
    check_entry(&t, 1, IP4(192, 168, 77, 3), peer_mac2, ZCNIC_ARP_TTL_DEFAULT);

    wr(&t, ZCNIC_REG_ARP_QUERY_IP, IP4(192, 168, 77, 5));
    qtest_clock_step(t.qts, ZCNIC_ARP_QUERY_NS);
    g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, 60);
    arp_send(&t, our_mac, 2, peer_mac, IP4(192, 168, 77, 5), HOST_IP);
    wait_reg(&t, ZCNIC_REG_ARP_QUERY_STATUS, ZCNIC_ARP_ST_OVERFLOW);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_OVERFLOW), ==, 2);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_RESULT_MAC_HI), ==, 0x0700);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE) & ZCNIC_INT_ARP, ==,
                    ZCNIC_INT_ARP);
    zt_stop(&t);
}

/*
 * spec 8.3: a request for a host address is answered by the device,
 * exactly, and does not reach the RX ring
 */
static void test_arp_answer(void)
{
    ZcnicTest t = { 0 };
    uint8_t got[ZCNIC_MAX_FRAME], want[60], frame[64];

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    wr(&t, ZCNIC_REG_ARP_HOST_IP(5), IP4(10, 1, 2, 3));
    arp_send(&t, bcast_mac, 1, peer_mac, PEER_IP, HOST_IP);
    g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, 60);
    arp_frame(want, peer_mac, 2, our_mac, HOST_IP, peer_mac, PEER_IP);
    g_assert_cmpmem(got, 60, want, 60);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_ANSWERED), ==, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_LEARNED), ==, 1);
    /* any host address in the table; a unicast request too */
    arp_send(&t, our_mac, 1, peer_mac, PEER_IP, IP4(10, 1, 2, 3));
    g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, 60);
    arp_frame(want, peer_mac, 2, our_mac, IP4(10, 1, 2, 3), peer_mac,
              PEER_IP);
    g_assert_cmpmem(got, 60, want, 60);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_ANSWERED), ==, 2);
    /* nothing reached the ring: the next frame takes descriptor 0 */
    make_frame(frame, sizeof(frame), our_mac, 12);
    wire_send(&t, frame, sizeof(frame));
    wait_reg(&t, ZCNIC_REG_RX_HEAD, 1);
    qtest_memread(t.qts, RX_BUF, got, sizeof(frame));
    g_assert_cmpmem(got, sizeof(frame), frame, sizeof(frame));
    g_assert_cmpuint(rx_delivered(&t), ==, 1);
    zt_stop(&t);
}

/* spec 8.3: ARP_CTRL.DELIVER: answered and delivered */
static void test_arp_answer_deliver(void)
{
    ZcnicTest t = { 0 };
    uint8_t got[ZCNIC_MAX_FRAME], want[60];

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER | ZCNIC_ARP_CTRL_DELIVER);
    arp_send(&t, bcast_mac, 1, peer_mac, PEER_IP, HOST_IP);
    g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, 60);
    wait_reg(&t, ZCNIC_REG_RX_HEAD, 1);
    qtest_memread(t.qts, RX_BUF, got, 60);
    arp_frame(want, bcast_mac, 1, peer_mac, PEER_IP, zero_mac, HOST_IP);
    g_assert_cmpmem(got, 60, want, 60);
    zt_stop(&t);
}

/* spec 8.3: offload off: the request is delivered, not answered */
static void test_arp_offload_off(void)
{
    ZcnicTest t = { 0 };

    arp_start(&t, NULL, 0);
    arp_send(&t, bcast_mac, 1, peer_mac, PEER_IP, HOST_IP);
    wait_reg(&t, ZCNIC_REG_RX_HEAD, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_ANSWERED), ==, 0);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_LEARNED), ==, 1);
    g_assert_true(wire_empty(&t));
    zt_stop(&t);
}

/* spec 8.3: with RX disabled (a sleeping host) the device still answers */
static void test_arp_rx_disabled(void)
{
    ZcnicTest t = { 0 };
    uint8_t got[ZCNIC_MAX_FRAME];

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    wr(&t, ZCNIC_REG_CTRL, ZCNIC_CTRL_TX_EN);
    arp_send(&t, bcast_mac, 1, peer_mac, PEER_IP, HOST_IP);
    g_assert_cmpuint(wire_recv(&t, got, sizeof(got)), ==, 60);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_ANSWERED), ==, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_RX_DROP_DISABLED), ==, 0);
    /* other ARP frames are learned, then dropped with the queue */
    arp_send(&t, bcast_mac, 1, peer_mac2, IP4(192, 168, 77, 3),
             IP4(192, 168, 77, 9));
    wait_reg(&t, ZCNIC_REG_STAT_RX_DROP_DISABLED, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_LEARNED), ==, 2);
    zt_stop(&t);
}

/* spec 8.3: every malformation is counted and never learned */
static void test_arp_malformed(void)
{
    static const struct {
        int off;            /* byte to change, -1: truncate to 41 */
        uint8_t val;
        bool delivered;
        const char *what;
    } bad[] = {
        { -1, 0, false, "truncated" },
        { 15, 6, false, "htype" },
        { 16, 0x86, false, "ptype" },
        { 18, 8, false, "hlen" },
        { 19, 16, false, "plen" },
        { 21, 3, false, "oper" },
        { 28, 0, true, "sender IP 0" },
        { 28, 255, true, "sender IP broadcast" },
        { 28, 224, true, "sender IP multicast" },
        { 22, 0xff, true, "sender MAC broadcast" },
        { 22, 0x01, true, "sender MAC multicast" },
    };
    ZcnicTest t = { 0 };
    uint8_t f[60];
    uint32_t delivered = 0;

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    for (int i = 0; i < ARRAY_SIZE(bad); i++) {
        size_t len = arp_frame(f, bcast_mac, 1, peer_mac, PEER_IP, zero_mac,
                               HOST_IP);

        g_test_message("malformed: %s", bad[i].what);
        if (bad[i].off < 0) {
            len = 41;
        } else if (bad[i].off == 28 && bad[i].val == 0) {
            memset(f + 28, 0, 4);
        } else if (bad[i].off == 28 && bad[i].val == 255) {
            memset(f + 28, 255, 4);
        } else if (bad[i].off == 22 && bad[i].val == 0xff) {
            memset(f + 22, 0xff, 6);
        } else {
            f[bad[i].off] = bad[i].val;
        }
        wire_send(&t, f, len);
        wait_reg(&t, ZCNIC_REG_STAT_ARP_MALFORMED, i + 1);
        delivered += bad[i].delivered;
        /* 8 RX buffers posted: the delivered ones fill them */
        if (bad[i].delivered) {
            wait_reg(&t, ZCNIC_REG_STAT_RX_FRAMES, delivered);
        }
        g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_RX_FRAMES), ==, delivered);
        g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_LEARNED), ==, 0);
        /* an RFC 5227 probe (sender IP 0) is left to the host */
        g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_ANSWERED), ==, 0);
    }
    g_assert_true(wire_empty(&t));
    /* and the next good one is learned and answered */
    arp_send(&t, bcast_mac, 1, peer_mac, PEER_IP, HOST_IP);
    wait_reg(&t, ZCNIC_REG_STAT_ARP_ANSWERED, 1);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_LEARNED), ==, 1);
    zt_stop(&t);
}

/* spec 8.2: ARP_FLUSH invalidates every record; reset does too */
static void test_arp_flush(void)
{
    ZcnicTest t = { 0 };
    g_autofree char *table = NULL;

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    arp_send(&t, our_mac, 2, peer_mac, PEER_IP, HOST_IP);
    arp_send(&t, our_mac, 2, peer_mac2, IP4(192, 168, 77, 3), HOST_IP);
    wait_reg(&t, ZCNIC_REG_STAT_ARP_LEARNED, 2);
    wr(&t, ZCNIC_REG_ARP_FLUSH, 1);
    check_entry(&t, 0, 0, zero_mac, 0);
    check_entry(&t, 1, 0, zero_mac, 0);
    table = arp_table_prop(&t);
    g_assert_cmpstr(table, ==, "");
    arp_send(&t, our_mac, 2, peer_mac, PEER_IP, HOST_IP);
    wait_reg(&t, ZCNIC_REG_STAT_ARP_LEARNED, 3);
    wr(&t, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_STAT_ARP_LEARNED), ==, 0);
    check_entry(&t, 0, 0, zero_mac, 0);
    zt_stop(&t);
}

static void test_err_arp_query_invalid(void)
{
    ZcnicTest t = { 0 };

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    wr(&t, ZCNIC_REG_ARP_QUERY_IP, 0xffffffff);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_QUERY_STATUS), ==, ZCNIC_ARP_ST_IDLE);
    g_assert_true(wire_empty(&t));
    check_guest_error(&t, ZCNIC_ERR_ARP, "ARP query for 0xffffffff, not a "
                      "unicast IPv4 address");
    zt_stop(&t);
}

static void test_err_arp_table_index(void)
{
    ZcnicTest t = { 0 };

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    wr(&t, ZCNIC_REG_ARP_TBL_INDEX, 3);
    wr(&t, ZCNIC_REG_ARP_TBL_INDEX, ZCNIC_ARP_ENTRIES_DEFAULT);
    g_assert_cmpuint(rd(&t, ZCNIC_REG_ARP_TBL_INDEX), ==, 3);
    check_guest_error(&t, ZCNIC_ERR_ARP, "ARP table index 64 beyond 64 "
                      "entries");
    zt_stop(&t);
}

static void test_err_arp_host_ip(void)
{
    ZcnicTest t = { 0 };

    arp_start(&t, NULL, ZCNIC_ARP_CTRL_ANSWER);
    wr(&t, ZCNIC_REG_ARP_HOST_IP(1), IP4(224, 0, 0, 1));
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_HOST_IP(1)), ==, 0);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ARP_HOST_IP(0)), ==, HOST_IP);
    check_guest_error(&t, ZCNIC_ERR_ARP, "ARP host address 0xe0000001 not a "
                      "unicast IPv4 address");
    zt_stop(&t);
}

void zcnic_qtest_add_arp(void)
{
    qtest_add_func("/zcnic/arp/learn-request", test_arp_learn_request);
    qtest_add_func("/zcnic/arp/learn-reply", test_arp_learn_reply);
    qtest_add_func("/zcnic/arp/update", test_arp_update);
    qtest_add_func("/zcnic/arp/expiry", test_arp_expiry);
    qtest_add_func("/zcnic/arp/ttl-register", test_arp_ttl_register);
    qtest_add_func("/zcnic/arp/query-hit", test_arp_query_hit);
    qtest_add_func("/zcnic/arp/query-miss", test_arp_query_miss);
    qtest_add_func("/zcnic/arp/overflow", test_arp_overflow);
    qtest_add_func("/zcnic/arp/answer", test_arp_answer);
    qtest_add_func("/zcnic/arp/answer-deliver", test_arp_answer_deliver);
    qtest_add_func("/zcnic/arp/offload-off", test_arp_offload_off);
    qtest_add_func("/zcnic/arp/rx-disabled", test_arp_rx_disabled);
    qtest_add_func("/zcnic/arp/malformed", test_arp_malformed);
    qtest_add_func("/zcnic/arp/flush", test_arp_flush);
    qtest_add_func("/zcnic/err/arp-ttl-zero", test_err_arp_ttl_zero);
    qtest_add_func("/zcnic/err/arp-query-invalid", test_err_arp_query_invalid);
    qtest_add_func("/zcnic/err/arp-table-index", test_err_arp_table_index);
    qtest_add_func("/zcnic/err/arp-host-ip", test_err_arp_host_ip);
}
