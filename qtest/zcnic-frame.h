/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What tests/qtest/zcnic-test and the qgraph tests in qos-test share: the
 * one frame builder, the one reference checksum, and the register map.
 */
#ifndef ZCNIC_FRAME_H
#define ZCNIC_FRAME_H

/* How a frame's payload bytes are made */
typedef enum ZtPayload {
    ZT_PAY_SEED,        /* byte at frame offset k: SEED + 7 k */
    ZT_PAY_OFFSET,      /* payload byte i: pay_byte(SEED + i) */
    ZT_PAY_COUNT,       /* payload byte i: 3 i + 1 */
    ZT_PAY_FILL,        /* every byte SEED */
} ZtPayload;

/*
 * A frame: Ethernet (DST, SRC, VLANS 802.1Q tags of VID 7), then with IPV
 * 4 or 6 an IP header (IPv4 options of IP_OPT bytes; an IPv6 hop-by-hop
 * header of V6_EXT bytes), then for PROTO 6 or 17 a TCP (TCP_OPT option
 * bytes) or UDP header, then PAYLOAD bytes.  Without IPV the ethertype is
 * ETHERTYPE.  LIE is added to the IP length field.  Addresses, ports and
 * checksums are filled in only when asked for.
 */
typedef struct ZtFrame {
    const uint8_t *dst;         /* NULL: our_mac */
    const uint8_t *src;         /* NULL: 02:00:00:00:00:01 */
    int vlans;
    uint16_t ethertype;
    int ipv;
    bool addrs;                 /* 10.0.0.1 -> .2, fd00::1 -> fd00::2 */
    int ip_opt;
    int v6_ext;
    uint16_t id;
    uint16_t frag;              /* IPv4 flags and fragment offset */
    int lie;
    uint8_t proto;
    bool ports;                 /* 40000 -> 5001 */
    int tcp_opt;
    uint32_t seq;
    uint32_t ack;
    uint8_t tcp_flags;
    uint16_t window;
    size_t payload;
    ZtPayload fill;
    size_t seed;
    bool ip_csum;               /* the IPv4 header checksum */
    bool l4_csum;               /* the TCP or UDP checksum */
} ZtFrame;

/* The device's default MAC, 52:54:00:12:34:56 */
extern const uint8_t our_mac[ETH_ALEN];

/* Build Z at F; returns its length, *HDR (if not NULL) where headers end */
size_t zt_frame(uint8_t *f, const ZtFrame *z, size_t *hdr);

/* Reference ones' complement checksum, independent of the device's code */
uint16_t ref_csum(const uint8_t *p, size_t n, uint32_t seed);

/*
 * A frame on a socket netdev's stream (-netdev socket,fd=): a 32-bit
 * big-endian length, then the frame.
 */
void zt_stream_send(int fd, const uint8_t *buf, size_t len);
size_t zt_stream_recv(int fd, uint8_t *buf, size_t max);

/* The payload pattern of segmentation tests: byte OFF of a stream */
uint8_t pay_byte(size_t off);

/*
 * The register map of the contract header (ZCNIC_REGISTERS), for the
 * tests that walk it: a register added there is checked without a list
 * of its own to keep.
 */
typedef struct ZtReg {
    const char *name;
    uint32_t off;
    uint32_t acc;
    uint32_t reset;
} ZtReg;

extern const ZtReg zt_regs[];
extern const int zt_nregs;

/* The register at OFF, or NULL: a reserved offset */
const ZtReg *zt_reg_at(uint32_t off);

#endif /* ZCNIC_FRAME_H */
