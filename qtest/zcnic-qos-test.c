/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QTest testcases for zcnic on the qgraph (libqos/zcnic.c), as igb-test.c
 * and e1000e-test.c: each runs on every machine the "zcnic" node fits
 * (pc and q35 here), with rings and buffers from the guest allocator.
 * The rest of the suite is tests/qtest/zcnic-test (zcnic-*-test.c).
 */

#include "qemu/osdep.h"
#include <sys/socket.h>
#include "libqtest.h"
#include "qemu/bitops.h"
#include "qemu/iov.h"
#include "qemu/module.h"
#include "libqos/qgraph.h"
#include "libqos/zcnic.h"
#include "net/eth.h"
#include "zcnic-frame.h"

#define FRAME_LEN   128

/* A frame to the device's default MAC, its payload a function of SEED */
static void make_frame(uint8_t *f, size_t len, uint8_t seed)
{
    ZtFrame z = {
        .ethertype = 0x88b5, .payload = len - 14, .fill = ZT_PAY_SEED,
        .seed = seed,
    };

    zt_frame(f, &z, NULL);
}

/* spec 4.3: a frame from guest memory reaches the wire; DONE, TX vector */
static void send_verify(QZcnic *d, int fd, QGuestAllocator *alloc,
                        uint8_t seed)
{
    QTestState *qts = d->pci_dev.bus->qts;
    uint8_t frame[FRAME_LEN], got[FRAME_LEN];
    uint64_t buf = guest_alloc(alloc, sizeof(frame));
    uint32_t idx;
    uint64_t cmd;

    make_frame(frame, sizeof(frame), seed);
    qtest_memwrite(qts, buf, frame, sizeof(frame));
    idx = qzcnic_tx_post(d, buf, sizeof(frame));
    cmd = qzcnic_wait_done(d, d->tx_ring, idx);
    g_assert_cmphex(cmd, ==, sizeof(frame) | ZCNIC_DESC_EOP | ZCNIC_DESC_DONE);
    g_assert_cmpuint(zt_stream_recv(fd, got, sizeof(got)), ==, sizeof(frame));
    g_assert_cmpmem(got, sizeof(got), frame, sizeof(frame));
    qzcnic_wait_msix(d, ZCNIC_VEC_TX);
    guest_free(alloc, buf);
}

/* spec 4.4: a frame from the wire lands in a posted buffer; RX vector */
static void receive_verify(QZcnic *d, int fd, QGuestAllocator *alloc,
                           uint8_t seed)
{
    QTestState *qts = d->pci_dev.bus->qts;
    uint8_t frame[FRAME_LEN], got[FRAME_LEN];
    uint64_t buf = guest_alloc(alloc, 2048);
    uint32_t idx;
    uint64_t cmd;

    idx = qzcnic_rx_post(d, buf, 2048);
    make_frame(frame, sizeof(frame), seed);
    zt_stream_send(fd, frame, sizeof(frame));
    cmd = qzcnic_wait_done(d, d->rx_ring, idx);
    g_assert_cmpuint(cmd & MAKE_64BIT_MASK(ZCNIC_DESC_LEN_SHIFT,
                                           ZCNIC_DESC_LEN_WIDTH), ==,
                     sizeof(frame));
    g_assert_true(cmd & ZCNIC_DESC_EOP);
    qtest_memread(qts, buf, got, sizeof(got));
    g_assert_cmpmem(got, sizeof(got), frame, sizeof(frame));
    qzcnic_wait_msix(d, ZCNIC_VEC_RX);
    guest_free(alloc, buf);
}

static void test_init(void *obj, void *data, QGuestAllocator *alloc)
{
    QZcnic *d = obj;

    /* start_hw checked the link and ERR_STATUS: the rings are accepted */
    g_assert_cmphex(qzcnic_read(d, ZCNIC_REG_ID), ==, ZCNIC_ID_MAGIC);
    g_assert_cmphex(qzcnic_read(d, ZCNIC_REG_CTRL), ==,
                    ZCNIC_CTRL_TX_EN | ZCNIC_CTRL_RX_EN);
}

static void test_tx(void *obj, void *data, QGuestAllocator *alloc)
{
    send_verify(obj, *(int *)data, alloc, 1);
}

static void test_rx(void *obj, void *data, QGuestAllocator *alloc)
{
    receive_verify(obj, *(int *)data, alloc, 2);
}

/* Both rings wrap twice; the counters count every frame */
static void test_ring_wrap(void *obj, void *data, QGuestAllocator *alloc)
{
    QZcnic *d = obj;
    int fd = *(int *)data;

    for (int i = 0; i < 2 * QZCNIC_RING + 3; i++) {
        send_verify(d, fd, alloc, i);
        receive_verify(d, fd, alloc, i + 100);
        /* the vectors were auto-masked (spec 5.1): unmask for the next */
        qzcnic_write(d, ZCNIC_REG_INT_MASK_SET, ZCNIC_INT_RX | ZCNIC_INT_TX);
    }
    g_assert_cmpuint(qzcnic_read(d, ZCNIC_REG_STAT_TX_FRAMES), ==,
                     2 * QZCNIC_RING + 3);
    g_assert_cmpuint(qzcnic_read(d, ZCNIC_REG_STAT_RX_FRAMES), ==,
                     2 * QZCNIC_RING + 3);
    g_assert_cmpuint(qzcnic_read(d, ZCNIC_REG_TX_HEAD), ==,
                     (2 * QZCNIC_RING + 3) % QZCNIC_RING);
}

/* spec 3.4: CTRL.RESET brings every register of the map to its reset value */
static void test_map_reset(void *obj, void *data, QGuestAllocator *alloc)
{
    const ZtReg *regs = zt_regs;
    QZcnic *d = obj;

    send_verify(d, *(int *)data, alloc, 3);
    qzcnic_write(d, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
    for (int i = 0; i < zt_nregs; i++) {
        uint32_t want = regs[i].acc & ZCNIC_ACC_R ? regs[i].reset : 0;

        if (qzcnic_read(d, regs[i].off) != want) {
            g_test_message("%s reads 0x%x after CTRL.RESET, not 0x%x",
                           regs[i].name, qzcnic_read(d, regs[i].off), want);
            g_test_fail();
        }
    }
}

static void data_test_clear(void *sockets)
{
    int *s = sockets;

    close(s[0]);
    qos_invalidate_command_line();
    close(s[1]);
    g_free(s);
}

/* the netdev the node's "netdev=hs0" names: a socket pair, [0] the wire */
static void *data_test_init(GString *cmd_line, void *arg)
{
    int *s = g_new(int, 2);
    struct timeval tv = { .tv_sec = 5 };

    g_assert_cmpint(socketpair(PF_UNIX, SOCK_STREAM, 0, s), ==, 0);
    setsockopt(s[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    g_string_append_printf(cmd_line, " -netdev socket,fd=%d,id=hs0 ", s[1]);
    g_test_queue_destroy(data_test_clear, s);
    return s;
}

static void register_zcnic_test(void)
{
    QOSGraphTestOptions opts = {
        .before = data_test_init,
    };

    qos_add_test("init", "zcnic", test_init, &opts);
    qos_add_test("tx", "zcnic", test_tx, &opts);
    qos_add_test("rx", "zcnic", test_rx, &opts);
    qos_add_test("ring-wrap", "zcnic", test_ring_wrap, &opts);
    qos_add_test("regs/map-reset", "zcnic", test_map_reset, &opts);
}

libqos_init(register_zcnic_test);
