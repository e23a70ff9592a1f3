/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic frame parser: QEMU-independent, unit-tested (unit/test-parse.c),
 * fuzzable.  Finds the L3 and L4 headers of an Ethernet frame and checks
 * their checksums.  Every offset it reports lies inside the frame.
 */
#ifndef ZCNIC_PARSE_H
#define ZCNIC_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

typedef enum ZcnicL3 {
    ZCNIC_L3_NONE,
    ZCNIC_L3_IPV4,
    ZCNIC_L3_IPV6,
} ZcnicL3;

typedef enum ZcnicL4 {
    ZCNIC_L4_NONE,      /* no IP, a non-first fragment, or unparsable */
    ZCNIC_L4_TCP,
    ZCNIC_L4_UDP,
    ZCNIC_L4_OTHER,     /* another IP protocol */
} ZcnicL4;

typedef enum ZcnicCsumResult {
    ZCNIC_CSUM_NONE,    /* not checked */
    ZCNIC_CSUM_OK,
    ZCNIC_CSUM_BAD,
} ZcnicCsumResult;

typedef struct ZcnicPktInfo {
    unsigned vlan_tags;     /* 802.1Q/802.1ad tags skipped (at most 2) */
    ZcnicL3 l3;
    size_t l3_off;          /* IP header */
    size_t l3_end;          /* end of the IP datagram, by its length field */
    ZcnicL4 l4;
    uint8_t l4_proto;       /* IP protocol / IPv6 upper-layer header */
    size_t l4_off;          /* L4 header (or payload for L4_OTHER) */
    size_t l4_hdr_len;      /* TCP header with options, or 8 for UDP */
    bool frag;              /* an IP fragment */
    bool frag_first;        /* ... and the first one */
    bool routed;            /* IPv6 routing header with segments left */
    bool bad_len;           /* a length field claims more than the frame */
} ZcnicPktInfo;

/* Parse FRAME of LEN bytes; fills *PI.  Never reads outside the frame. */
void zcnic_parse(const uint8_t *frame, size_t len, ZcnicPktInfo *pi);

/* RFC 1071 sum of LEN bytes, as big-endian 16-bit words, added to SUM. */
uint32_t zcnic_csum_add(uint32_t sum, const uint8_t *buf, size_t len);
uint16_t zcnic_csum_fold(uint32_t sum);
/*
 * The same sum of LEN bytes from offset OFF of an iovec of CNT elements
 * (bytes beyond its end are not summed); the parity of each element's
 * length carries over, so the result is the sum of the bytes as one run.
 */
uint32_t zcnic_csum_iov(const struct iovec *iov, int cnt, size_t off,
                        size_t len);

/* Where a frame's headers end, for header split (spec 4.5). */
typedef enum ZcnicSplitResult {
    ZCNIC_SPLIT_OK,         /* *hdr_len is the split point */
    ZCNIC_SPLIT_NOT_IP,
    ZCNIC_SPLIT_FRAG,       /* a non-first IP fragment: no headers to split */
    ZCNIC_SPLIT_BAD_LEN,    /* a length field claims more than the frame */
} ZcnicSplitResult;

/*
 * TCP/UDP: after the L4 header (options included); another IP protocol:
 * after the IP header and its extension headers.
 */
ZcnicSplitResult zcnic_split_point(const ZcnicPktInfo *pi, size_t *hdr_len);

/* Verify the IPv4 header checksum (ZCNIC_CSUM_NONE for non-IPv4). */
ZcnicCsumResult zcnic_ip_csum(const uint8_t *frame, const ZcnicPktInfo *pi);
/* Verify the TCP or UDP checksum of a whole, unfragmented datagram. */
ZcnicCsumResult zcnic_l4_csum(const uint8_t *frame, const ZcnicPktInfo *pi);

#endif /* ZCNIC_PARSE_H */
