/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The zcnic qtests' shared harness: a QEMU with the device on a socket (or
 * tap) netdev, register and descriptor access, the test's end of the wire,
 * and the frame builders.  Each zcnic-*-test.c file holds one topic.
 */
#ifndef ZCNIC_QTEST_H
#define ZCNIC_QTEST_H

#include "qemu/osdep.h"
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sched.h>
#include <poll.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include "qemu/bswap.h"
#include "qemu/iov.h"
#include "qemu/bitops.h"
#include "net/eth.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "libqos/pci.h"
#include "libqos/pci-pc.h"
#include "libqos/malloc-pc.h"
#include "hw/pci/pci_regs.h"
#include "standard-headers/linux/virtio_net.h"
#include "zcnic/zcnic_hw.h"
#include "zcnic-frame.h"

/* linux/if_tun.h and linux/if_packet.h clash with net/eth.h (as tap-linux.h) */
#define TUNSETIFF       _IOW('T', 202, int)
#define IFF_TAP         0x0002
#define IFF_NO_PI       0x1000
#define IFF_VNET_HDR    0x4000
#define ZT_ETH_P_ALL    0x0003
#ifndef PACKET_VNET_HDR
#define PACKET_VNET_HDR 15
#endif

#define ZCNIC_DEVFN     QPCI_DEVFN(4, 0)
#define TEST_MAC        "02:11:22:33:44:55"


typedef struct ZcnicTest {
    QTestState *qts;
    QPCIBus *bus;
    QPCIDevice *dev;
    QPCIBar bar;
    int sock[2];            /* [0] the netdev's end, [1] the test's "wire" */
    char *log_path;
    /* tap_start(): the wire is a packet socket on a tap (vnet_hdr) */
    bool tap;
    int tap_fd;
    struct virtio_net_hdr vh;   /* the last frame's header */
    QGuestAllocator alloc;      /* guest RAM: the arena */
} ZcnicTest;

/*
 * Data path.  Each test's rings and buffers are laid out in one arena of
 * guest RAM from libqos's guest allocator (zt_start), the same in every
 * QEMU of a test; nothing runs in the guest to disturb them.
 */
#define ZT_ARENA_SIZE 0x1100000
extern uint64_t zt_arena;

#define TX_RING     (zt_arena + 0x000000)
#define RX_RING     (zt_arena + 0x001000)
#define TX_SHADOW   (zt_arena + 0x002000)
#define TX_BUF      (zt_arena + 0x100000)
#define RX_BUF      (zt_arena + 0x200000)
#define RING_SIZE   16
#define GUEST_RAM_END 0x8000000 /* 128 MiB, the qtest default */

/*
 * Header split (spec 4.5).  Frames are built layer by layer; checksums do
 * not matter for where a frame splits.
 */
#define HDR_BASE    (zt_arena + 0x300000)

/*
 * ARP offload (spec 8).  The device's host address is 192.168.77.1; the
 * "peer" on the wire is 192.168.77.2 with peer_mac.
 */
#define NS_PER_S    1000000000LL
#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define HOST_IP     IP4(192, 168, 77, 1)
#define PEER_IP     IP4(192, 168, 77, 2)

/*
 * spec 4.6, 4.7: segmentation and coalescing.  seg_frame() builds
 * Ethernet/IPv4 (DF, ID) or IPv6 / TCP (20 bytes) or UDP with checksums
 * from ref_csum; the payload is pay_byte(offset from the stream start).
 */
#define SEG_MAX     (ZCNIC_TSO_MAX_LEN + 64)

/* RX with GRO and header split: 64 buffers of 4 KB, 64-byte headers */
#define GRO_HDR_BUF (zt_arena + 0xf00000)

#define TEST_DMA_BUF (zt_arena + 0x300000)


void zt_start_netdev(ZcnicTest *t, const char *netdev,
                     const char *dev_opts, const char *extra);
void zt_start_args(ZcnicTest *t, const char *dev_opts,
                   const char *extra);
void zt_start(ZcnicTest *t, const char *dev_opts);
void zt_stop(ZcnicTest *t);
bool tap_start(ZcnicTest *t, const char *dev_opts);
char *zt_log(ZcnicTest *t);
uint32_t rd(ZcnicTest *t, uint32_t reg);
void wr(ZcnicTest *t, uint32_t reg, uint32_t val);
void desc_write(ZcnicTest *t, uint64_t ring, uint32_t idx,
                uint64_t addr, uint64_t cmd);
uint64_t desc_cmd(ZcnicTest *t, uint64_t ring, uint32_t idx);
uint32_t desc_len(uint64_t cmd);
void rings_start(ZcnicTest *t, uint32_t ctrl);
void make_frame(uint8_t *buf, size_t len, const uint8_t *dst,
                uint8_t seed);
void tx_frame(ZcnicTest *t, uint32_t idx, uint8_t *frame, size_t len,
              const uint8_t *dst, uint8_t seed);
ssize_t tap_recv(ZcnicTest *t, uint8_t *buf, size_t max, int flags);
void wire_send(ZcnicTest *t, const uint8_t *buf, size_t len);
size_t wire_recv(ZcnicTest *t, uint8_t *buf, size_t max);
bool wire_empty(ZcnicTest *t);
void wait_reg(ZcnicTest *t, uint32_t reg, uint32_t want);
void check_guest_error(ZcnicTest *t, uint32_t err, const char *logmsg);
void make_tcp4(uint8_t *f, size_t len, const uint8_t *dst);
uint64_t rx_one(ZcnicTest *t, const uint8_t *frame, size_t len);
uint64_t bar0_addr(ZcnicTest *t);
extern const uint8_t peer_mac[ETH_ALEN];
extern const uint8_t peer_mac2[ETH_ALEN];
extern const uint8_t bcast_mac[ETH_ALEN];
extern const uint8_t zero_mac[ETH_ALEN];
void put_ip(uint8_t *p, uint32_t ip);
size_t arp_frame(uint8_t *f, const uint8_t *dst, uint16_t op,
                 const uint8_t *sha, uint32_t spa,
                 const uint8_t *tha, uint32_t tpa);
void arp_send(ZcnicTest *t, const uint8_t *dst, uint16_t op,
              const uint8_t *sha, uint32_t spa, uint32_t tpa);
void tbl_read(ZcnicTest *t, uint32_t idx, uint32_t *ip, uint8_t *mac,
              uint32_t *ttl);
char *arp_table_prop(ZcnicTest *t);
size_t seg_frame(uint8_t *f, bool v6, bool udp, uint32_t seq,
                 uint16_t id, uint8_t flags, size_t pay_off,
                 size_t plen);
void tso_rings_start(ZcnicTest *t);
uint32_t tso_post_at(ZcnicTest *t, uint32_t first, const uint8_t *f,
                     size_t len, size_t hl, unsigned seg, uint32_t mss);
void tso_post(ZcnicTest *t, const uint8_t *f, size_t len, size_t hl,
              unsigned seg, uint32_t mss);
void gro_start(ZcnicTest *t, uint32_t timeout_us);
size_t gro_read(ZcnicTest *t, uint32_t *idx, uint8_t *f,
                uint64_t *eop, uint64_t *w0);
void gro_send(ZcnicTest *t, bool v6, uint32_t first, uint32_t n,
              uint8_t last_flags);
void test_dma_op(ZcnicTest *t, uint32_t op, uint32_t size);

void zcnic_qtest_add_regs(void);
void zcnic_qtest_add_rxtx(void);
void zcnic_qtest_add_offload(void);
void zcnic_qtest_add_arp(void);
void zcnic_qtest_add_migration(void);
void zcnic_qtest_add_robust(void);
void zcnic_qtest_add_mq(void);

#endif /* ZCNIC_QTEST_H */
