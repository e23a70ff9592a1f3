/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The zcnic qtests' shared harness (zcnic-qtest.h).
 */

#include "zcnic-qtest.h"

uint64_t zt_arena;

void zt_start_netdev(ZcnicTest *t, const char *netdev,
                     const char *dev_opts, const char *extra)
{
    g_autofree char *nd = NULL;
    struct timeval tv = { .tv_sec = 5 };
    int fd;

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, t->sock), ==, 0);
    setsockopt(t->sock[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    fd = g_file_open_tmp("zcnic-test-XXXXXX.log", &t->log_path, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    nd = netdev ? g_strdup(netdev)
                : g_strdup_printf("socket,fd=%d,id=n0", t->sock[0]);

    t->qts = qtest_initf("-M pc -nodefaults -d guest_errors -D %s "
                         "-netdev %s "
                         "-device zcnic,netdev=n0,id=zc0,addr=04.0%s%s %s",
                         t->log_path, nd,
                         dev_opts ? "," : "", dev_opts ? dev_opts : "",
                         extra);
    t->bus = qpci_new_pc(t->qts, NULL);
    t->dev = qpci_device_find(t->bus, ZCNIC_DEVFN);
    g_assert_nonnull(t->dev);
    qpci_device_enable(t->dev);
    t->bar = qpci_iomap(t->dev, ZCNIC_BAR_REGS, NULL);
    pc_alloc_init(&t->alloc, t->qts, ALLOC_NO_FLAGS);
    zt_arena = guest_alloc(&t->alloc, ZT_ARENA_SIZE);
    g_assert_cmphex(zt_arena, !=, 0);
}

void zt_start_args(ZcnicTest *t, const char *dev_opts,
                   const char *extra)
{
    zt_start_netdev(t, NULL, dev_opts, extra);
}

void zt_start(ZcnicTest *t, const char *dev_opts)
{
    zt_start_args(t, dev_opts, "");
}

void zt_stop(ZcnicTest *t)
{
    if (t->dev->msix_enabled) {
        qpci_msix_disable(t->dev);
    }
    g_free(t->dev);
    qpci_free_pc(t->bus);
    alloc_destroy(&t->alloc);
    qtest_quit(t->qts);
    close(t->sock[0]);
    close(t->sock[1]);
    if (t->tap) {
        close(t->tap_fd);
    }
    unlink(t->log_path);
    g_free(t->log_path);
}

/*
 * spec 4.6: the device on a tap with vnet_hdr, in a network namespace of
 * its own (QEMU inherits it; the test returns to its own).  The test's wire
 * is a packet socket on the tap with PACKET_VNET_HDR.  False (test skipped)
 * without the privileges.
 */
bool tap_start(ZcnicTest *t, const char *dev_opts)
{
    struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR };
    struct timeval tv = { .tv_sec = 5 };
    g_autofree char *netdev = NULL;
    struct sockaddr_ll ll = { .sll_family = AF_PACKET };
    int own, one = 1, ctl, pkt;

    own = open("/proc/self/ns/net", O_RDONLY);
    if (own < 0 || unshare(CLONE_NEWNET)) {
        g_test_skip("no network namespace (needs CAP_SYS_ADMIN)");
        if (own >= 0) {
            close(own);
        }
        return false;
    }
    /* no IPv6 chatter from the host side */
    g_file_set_contents("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1",
                        -1, NULL);
    t->tap_fd = open("/dev/net/tun", O_RDWR);
    g_strlcpy(ifr.ifr_name, "zcq0", IFNAMSIZ);
    if (t->tap_fd < 0 || ioctl(t->tap_fd, TUNSETIFF, &ifr)) {
        g_assert_cmpint(setns(own, CLONE_NEWNET), ==, 0);
        close(own);
        g_test_skip("no /dev/net/tun");
        return false;
    }
    ctl = socket(AF_INET, SOCK_DGRAM, 0);
    g_assert_cmpint(ioctl(ctl, SIOCGIFFLAGS, &ifr), ==, 0);
    ifr.ifr_flags |= IFF_UP;
    g_assert_cmpint(ioctl(ctl, SIOCSIFFLAGS, &ifr), ==, 0);
    close(ctl);
    pkt = socket(AF_PACKET, SOCK_RAW, htons(ZT_ETH_P_ALL));
    g_assert_cmpint(pkt, >=, 0);
    g_assert_cmpint(setsockopt(pkt, SOL_PACKET, PACKET_VNET_HDR, &one,
                               sizeof(one)), ==, 0);
    setsockopt(pkt, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    ll.sll_protocol = htons(ZT_ETH_P_ALL);
    ll.sll_ifindex = if_nametoindex("zcq0");
    g_assert_cmpint(bind(pkt, (struct sockaddr *)&ll, sizeof(ll)), ==, 0);

    netdev = g_strdup_printf("tap,id=n0,fd=%d", t->tap_fd);
    zt_start_netdev(t, netdev, dev_opts, "");
    g_assert_cmpint(setns(own, CLONE_NEWNET), ==, 0);
    close(own);
    close(t->sock[1]);
    t->sock[1] = pkt;
    t->tap = true;
    return true;
}

/* The guest-error log, read after QEMU flushed it. */
char *zt_log(ZcnicTest *t)
{
    char *text = NULL;

    /* qemu_log is line buffered per message; a QMP round trip orders us. */
    qtest_qmp_assert_success(t->qts, "{'execute': 'query-status'}");
    g_assert_true(g_file_get_contents(t->log_path, &text, NULL, NULL));
    return text;
}

uint32_t rd(ZcnicTest *t, uint32_t reg)
{
    return qpci_io_readl(t->dev, t->bar, reg);
}

void wr(ZcnicTest *t, uint32_t reg, uint32_t val)
{
    qpci_io_writel(t->dev, t->bar, reg, val);
}

void desc_write(ZcnicTest *t, uint64_t ring, uint32_t idx,
                uint64_t addr, uint64_t cmd)
{
    uint64_t d[2] = { cpu_to_le64(addr), cpu_to_le64(cmd) };

    qtest_memwrite(t->qts, ring + idx * ZCNIC_DESC_SIZE, d, sizeof(d));
}

uint64_t desc_cmd(ZcnicTest *t, uint64_t ring, uint32_t idx)
{
    return qtest_readq(t->qts, ring + idx * ZCNIC_DESC_SIZE + ZCNIC_DESC_CMD);
}

uint32_t desc_len(uint64_t cmd)
{
    return extract64(cmd, ZCNIC_DESC_LEN_SHIFT, ZCNIC_DESC_LEN_WIDTH);
}

void rings_start(ZcnicTest *t, uint32_t ctrl)
{
    wr(t, ZCNIC_REG_TX_BASE_LO, TX_RING);
    wr(t, ZCNIC_REG_TX_BASE_HI, 0);
    wr(t, ZCNIC_REG_TX_SIZE, RING_SIZE);
    wr(t, ZCNIC_REG_RX_BASE_LO, RX_RING);
    wr(t, ZCNIC_REG_RX_BASE_HI, 0);
    wr(t, ZCNIC_REG_RX_SIZE, RING_SIZE);
    wr(t, ZCNIC_REG_CTRL, ctrl);
}

/*
 * Build a frame at FRAME as make_frame, put it at TX_BUF and describe it,
 * whole, in TX descriptor IDX (the doorbell is the caller's).
 */
void tx_frame(ZcnicTest *t, uint32_t idx, uint8_t *frame, size_t len,
              const uint8_t *dst, uint8_t seed)
{
    make_frame(frame, len, dst, seed);
    qtest_memwrite(t->qts, TX_BUF, frame, len);
    desc_write(t, TX_RING, idx, TX_BUF, len | ZCNIC_DESC_EOP);
}

/* A frame of LEN bytes to DST, its bytes a function of SEED */
void make_frame(uint8_t *buf, size_t len, const uint8_t *dst, uint8_t seed)
{
    ZtFrame z = {
        .dst = dst, .ethertype = 0x88b5,   /* local experimental */
        .payload = len > 14 ? len - 14 : 0, .fill = ZT_PAY_SEED,
        .seed = seed,
    };

    zt_frame(buf, &z, NULL);
}

/*
 * A frame the device sent through the tap: a virtio-net header into T->vh,
 * then the frame (what the host itself sends out is skipped).  Returns the
 * bytes read, header included, or -1 (nothing with MSG_DONTWAIT).
 */
ssize_t tap_recv(ZcnicTest *t, uint8_t *buf, size_t max, int flags)
{
    struct iovec iov[] = {
        { .iov_base = &t->vh, .iov_len = sizeof(t->vh) },
        { .iov_base = buf, .iov_len = max },
    };
    struct sockaddr_ll from;
    struct msghdr msg = {
        .msg_name = &from, .msg_namelen = sizeof(from),
        .msg_iov = iov, .msg_iovlen = 2,
    };
    ssize_t n;

    do {
        n = recvmsg(t->sock[1], &msg, flags | MSG_TRUNC);
    } while (n >= 0 && from.sll_pkttype == PACKET_OUTGOING);
    if (!(flags & MSG_DONTWAIT)) {
        g_assert_cmpint(n, >=, (ssize_t)sizeof(t->vh));
        g_assert_cmpint(n, <=, (ssize_t)(sizeof(t->vh) + max));
    }
    return n;
}

/* A frame as the socket netdev carries it: 32-bit BE length, then bytes. */
void wire_send(ZcnicTest *t, const uint8_t *buf, size_t len)
{
    if (t->tap) {       /* a packet socket with PACKET_VNET_HDR */
        static const struct virtio_net_hdr none;
        struct iovec iov[] = {
            { .iov_base = (void *)&none, .iov_len = sizeof(none) },
            { .iov_base = (void *)buf, .iov_len = len },
        };

        g_assert_cmpint(writev(t->sock[1], iov, 2), ==, sizeof(none) + len);
        return;
    }
    zt_stream_send(t->sock[1], buf, len);
}

size_t wire_recv(ZcnicTest *t, uint8_t *buf, size_t max)
{
    if (t->tap) {
        return tap_recv(t, buf, max, 0) - sizeof(t->vh);
    }
    return zt_stream_recv(t->sock[1], buf, max);
}

bool wire_empty(ZcnicTest *t)
{
    uint8_t b;

    if (t->tap) {
        return tap_recv(t, &b, 1, MSG_DONTWAIT) < 0;
    }
    return recv(t->sock[1], &b, 1, MSG_DONTWAIT) < 0;
}

/* Let the main loop deliver socket input until REG reads WANT. */
void wait_reg(ZcnicTest *t, uint32_t reg, uint32_t want)
{
    gint64 end = g_get_monotonic_time() + 5 * G_TIME_SPAN_SECOND;

    uint32_t val;

    while ((val = rd(t, reg)) != want) {
        if (g_get_monotonic_time() > end) {
            g_error("register 0x%x reads 0x%x, waited 5 s for 0x%x",
                    reg, val, want);
        }
        qtest_clock_step(t->qts, 10000);
        g_usleep(1000);
    }
}

/* spec 6: a guest error sets ERR_STATUS, raises INT_ERR and logs */
void check_guest_error(ZcnicTest *t, uint32_t err, const char *logmsg)
{
    g_autofree char *log = NULL;

    g_assert_cmphex(rd(t, ZCNIC_REG_ERR_STATUS), ==, err);
    g_assert_cmphex(rd(t, ZCNIC_REG_INT_CAUSE) & ZCNIC_INT_ERR, ==,
                    ZCNIC_INT_ERR);
    g_assert_true(qpci_msix_pending(t->dev, ZCNIC_VEC_MISC));
    log = zt_log(t);
    g_assert_nonnull(strstr(log, logmsg));
    /* sticky until reset, and reset brings the device back */
    wr(t, ZCNIC_REG_INT_CAUSE, ZCNIC_INT_ERR);
    g_assert_cmphex(rd(t, ZCNIC_REG_ERR_STATUS), ==, err);
    wr(t, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
    g_assert_cmphex(rd(t, ZCNIC_REG_ERR_STATUS), ==, 0);
}

/* An Ethernet/IPv4/TCP frame of LEN bytes to DST, checksums correct. */
void make_tcp4(uint8_t *f, size_t len, const uint8_t *dst)
{
    ZtFrame z = {
        .dst = dst, .ipv = 4, .addrs = true, .proto = 6, .ports = true,
        .tcp_flags = 0x18, .payload = len - 54, .fill = ZT_PAY_SEED,
        .seed = 12, .ip_csum = true, .l4_csum = true,
    };

    zt_frame(f, &z, NULL);
}

/* Receive one frame into descriptor 0 and return its write-back. */
uint64_t rx_one(ZcnicTest *t, const uint8_t *frame, size_t len)
{
    uint32_t head = rd(t, ZCNIC_REG_RX_HEAD);

    desc_write(t, RX_RING, head, RX_BUF + head * 0x1000, 4096);
    wr(t, ZCNIC_REG_RX_TAIL, (head + 1) % RING_SIZE);
    wire_send(t, frame, len);
    wait_reg(t, ZCNIC_REG_RX_HEAD, (head + 1) % RING_SIZE);
    return desc_cmd(t, RX_RING, head);
}

uint64_t bar0_addr(ZcnicTest *t)
{
    return qpci_config_readl(t->dev, PCI_BASE_ADDRESS_0) & ~0xfULL;
}

const uint8_t peer_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x07 };
const uint8_t peer_mac2[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x08 };
const uint8_t bcast_mac[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff,
                                             0xff };
const uint8_t zero_mac[ETH_ALEN];

void put_ip(uint8_t *p, uint32_t ip)
{
    stl_be_p(p, ip);
}

/* An ARP frame written out field by field, padded to 60 bytes */
size_t arp_frame(uint8_t *f, const uint8_t *dst, uint16_t op,
                 const uint8_t *sha, uint32_t spa,
                 const uint8_t *tha, uint32_t tpa)
{
    memset(f, 0, 60);
    memcpy(f, dst, ETH_ALEN);
    memcpy(f + 6, sha, ETH_ALEN);
    f[12] = 0x08;
    f[13] = 0x06;
    f[15] = 1;                  /* htype Ethernet */
    f[16] = 0x08;               /* ptype IPv4 */
    f[18] = 6;
    f[19] = 4;
    f[21] = op;
    memcpy(f + 22, sha, ETH_ALEN);
    put_ip(f + 28, spa);
    memcpy(f + 32, tha, ETH_ALEN);
    put_ip(f + 38, tpa);
    return 60;
}

void arp_send(ZcnicTest *t, const uint8_t *dst, uint16_t op,
              const uint8_t *sha, uint32_t spa, uint32_t tpa)
{
    uint8_t f[60];

    wire_send(t, f, arp_frame(f, dst, op, sha, spa, zero_mac, tpa));
}

/* The record in entry IDX through the read window */
void tbl_read(ZcnicTest *t, uint32_t idx, uint32_t *ip, uint8_t *mac,
              uint32_t *ttl)
{
    wr(t, ZCNIC_REG_ARP_TBL_INDEX, idx);
    *ip = rd(t, ZCNIC_REG_ARP_TBL_IP);
    stl_le_p(mac, rd(t, ZCNIC_REG_ARP_TBL_MAC_LO));
    stw_le_p(mac + 4, rd(t, ZCNIC_REG_ARP_TBL_MAC_HI));
    *ttl = rd(t, ZCNIC_REG_ARP_TBL_TTL);
}

char *arp_table_prop(ZcnicTest *t)
{
    QDict *rsp = qtest_qmp(t->qts, "{'execute': 'qom-get', 'arguments': "
                           "{'path': 'zc0', 'property': 'arp-table'}}");
    char *s = g_strdup(qdict_get_str(rsp, "return"));

    qobject_unref(rsp);
    return s;
}

size_t seg_frame(uint8_t *f, bool v6, bool udp, uint32_t seq,
                 uint16_t id, uint8_t flags, size_t pay_off,
                 size_t plen)
{
    ZtFrame z = {
        .ipv = v6 ? 6 : 4, .addrs = true, .id = v6 ? 0 : id,
        .frag = v6 ? 0 : 0x4000, .proto = udp ? 17 : 6, .ports = true,
        .seq = seq, .ack = 1, .tcp_flags = flags, .window = 512,
        .payload = plen, .fill = ZT_PAY_OFFSET, .seed = pay_off,
        .ip_csum = true, .l4_csum = true,
    };

    return zt_frame(f, &z, NULL);
}

/* TX ring of 64 descriptors: a 64 KB frame needs 18 */
void tso_rings_start(ZcnicTest *t)
{
    wr(t, ZCNIC_REG_TX_BASE_LO, TX_RING);
    wr(t, ZCNIC_REG_TX_SIZE, 64);
    wr(t, ZCNIC_REG_CTRL, ZCNIC_CTRL_TX_EN);
}

/* Post TSO frame F (LEN bytes) as a header buffer and 4 KB buffers. */
uint32_t tso_post_at(ZcnicTest *t, uint32_t first, const uint8_t *f,
                     size_t len, size_t hl, unsigned seg, uint32_t mss)
{
    uint32_t n = 0;

    for (size_t off = 0; off < len; n++) {
        size_t chunk = n == 0 ? hl : MIN(len - off, 4096);
        uint64_t cmd = chunk;
        uint64_t buf = TX_BUF + (first + n) * 0x1000;

        qtest_memwrite(t->qts, buf, f + off, chunk);
        if (n == 0) {
            cmd |= deposit64(0, ZCNIC_TXD_SEG_SHIFT, ZCNIC_TXD_SEG_WIDTH, seg) |
                   deposit64(0, ZCNIC_TXD_SEG_MSS_SHIFT,
                             ZCNIC_TXD_SEG_MSS_WIDTH, mss) |
                   deposit64(0, ZCNIC_TXD_SEG_HDR_LEN_SHIFT,
                             ZCNIC_TXD_SEG_HDR_LEN_WIDTH, hl);
        }
        off += chunk;
        desc_write(t, TX_RING, first + n, buf,
                   cmd | (off == len ? ZCNIC_DESC_EOP : 0));
    }
    return n;
}

void tso_post(ZcnicTest *t, const uint8_t *f, size_t len, size_t hl,
              unsigned seg, uint32_t mss)
{
    wr(t, ZCNIC_REG_TX_TAIL, tso_post_at(t, 0, f, len, hl, seg, mss));
}

void gro_start(ZcnicTest *t, uint32_t timeout_us)
{
    wr(t, ZCNIC_REG_RX_HDR_SIZE, 128);
    wr(t, ZCNIC_REG_RX_HDR_BASE_LO, GRO_HDR_BUF);
    wr(t, ZCNIC_REG_RX_SPLIT, ZCNIC_RX_SPLIT_EN);
    wr(t, ZCNIC_REG_RX_GRO_TIMEOUT, timeout_us);
    wr(t, ZCNIC_REG_RX_GRO, ZCNIC_RX_GRO_EN);
    wr(t, ZCNIC_REG_TX_BASE_LO, TX_RING);
    wr(t, ZCNIC_REG_TX_SIZE, RING_SIZE);
    wr(t, ZCNIC_REG_RX_BASE_LO, RX_RING);
    wr(t, ZCNIC_REG_RX_SIZE, 128);
    wr(t, ZCNIC_REG_CTRL, ZCNIC_CTRL_RX_EN);
    for (int i = 0; i < 127; i++) {
        desc_write(t, RX_RING, i, RX_BUF + i * 0x1000, 4096);
    }
    wr(t, ZCNIC_REG_RX_TAIL, 127);
}

/*
 * Read the frame at RX descriptor *IDX (header buffer + pages) into F;
 * returns its length, the EOP write-back in *EOP and word 0 in *W0.
 */
size_t gro_read(ZcnicTest *t, uint32_t *idx, uint8_t *f,
                uint64_t *eop, uint64_t *w0)
{
    uint64_t cmd = desc_cmd(t, RX_RING, *idx);
    size_t len = extract64(cmd, ZCNIC_RXD_HDR_LEN_SHIFT,
                           ZCNIC_RXD_HDR_LEN_WIDTH);

    g_assert_true(cmd & ZCNIC_DESC_DONE);
    g_assert_true(cmd & ZCNIC_RXD_SPLIT);
    qtest_memread(t->qts, GRO_HDR_BUF + *idx * 128, f, len);
    for (;;) {
        cmd = desc_cmd(t, RX_RING, *idx);
        qtest_memread(t->qts, RX_BUF + *idx * 0x1000, f + len,
                      desc_len(cmd));
        len += desc_len(cmd);
        *w0 = qtest_readq(t->qts, RX_RING + *idx * ZCNIC_DESC_SIZE);
        (*idx)++;
        if (cmd & ZCNIC_DESC_EOP) {
            *eop = cmd;
            return len;
        }
    }
}

void gro_send(ZcnicTest *t, bool v6, uint32_t first, uint32_t n,
              uint8_t last_flags)
{
    uint8_t f[2000];

    for (uint32_t i = first; i < first + n; i++) {
        size_t len = seg_frame(f, v6, false, 1000 + i * 1448, 0x200 + i,
                               i == first + n - 1 ? last_flags : 0x10,
                               i * 1448, 1448);
        wire_send(t, f, len);
    }
}

void test_dma_op(ZcnicTest *t, uint32_t op, uint32_t size)
{
    wr(t, ZCNIC_REG_TEST_DMA_ADDR_LO, TEST_DMA_BUF + 16);
    wr(t, ZCNIC_REG_TEST_DMA_ADDR_HI, 0);
    wr(t, ZCNIC_REG_TEST_DMA_SIZE, size);
    wr(t, ZCNIC_REG_TEST_DMA_CTRL, op);
}

