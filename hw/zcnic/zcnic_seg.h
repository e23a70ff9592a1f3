/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic segmentation (TSO/USO, spec 4.6) and receive coalescing (spec 4.7):
 * the header arithmetic, QEMU-independent, unit-tested (unit/test-seg.c)
 * and fuzzable.  The device model owns the buffers, timers and counters.
 */
#ifndef ZCNIC_SEG_H
#define ZCNIC_SEG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zcnic_parse.h"

/* ---- transmit: one large frame into MSS-sized segments ---- */

typedef struct ZcnicSegInfo {
    size_t l3_off;          /* IP header */
    size_t l4_off;          /* TCP/UDP header */
    size_t hdr_len;         /* headers copied into every segment */
    bool ipv6;
    bool udp;
} ZcnicSegInfo;

typedef enum ZcnicSegErr {
    ZCNIC_SEG_OK,
    ZCNIC_SEG_NOT_IP,       /* no IPv4/IPv6 header at the front */
    ZCNIC_SEG_IP_FRAG,      /* an IPv4 fragment (MF or an offset) */
    ZCNIC_SEG_IP_EXT,       /* IPv6 extension headers (not supported) */
    ZCNIC_SEG_WRONG_L4,     /* not the protocol the descriptor asked for */
    ZCNIC_SEG_HDR_LEN,      /* HDR_LEN is not where the L4 header ends */
} ZcnicSegErr;

/*
 * Check the HDR_LEN bytes at HDR, the headers of a frame to segment as TCP
 * (UDP false) or UDP; fill *SI.  Length fields in HDR are not used.
 */
ZcnicSegErr zcnic_seg_parse(const uint8_t *hdr, size_t hdr_len,
                            bool udp, ZcnicSegInfo *si);

/*
 * Write segment IDX's headers to OUT (SI->hdr_len bytes): TMPL with the IP
 * length, IPv4 ID (+IDX) and header checksum, TCP sequence (+IDX * MSS),
 * flags (FIN and PSH only in the LAST, CWR only in the first) or UDP
 * length, and the L4 checksum, given PAYLOAD_SUM, the ones' complement sum
 * (zcnic_csum_add) of the segment's PAYLOAD bytes.
 */
void zcnic_seg_build(const ZcnicSegInfo *si, const uint8_t *tmpl,
                     uint8_t *out, unsigned idx, size_t mss, size_t payload,
                     bool last, uint32_t payload_sum);

/*
 * The large frame as a backend that segments it itself expects it (a
 * virtio-net header with GSO, as Linux's CHECKSUM_PARTIAL skbs): OUT gets
 * TMPL with the IP length (and IPv4 header checksum) and UDP length of the
 * whole frame of PAYLOAD bytes after the headers, and in the L4 checksum
 * field the folded pseudo-header sum, not complemented.
 */
void zcnic_seg_build_gso(const ZcnicSegInfo *si, const uint8_t *tmpl,
                         uint8_t *out, size_t payload);

/* ---- receive: consecutive TCP segments of one flow into one frame ---- */

typedef enum ZcnicGroKind {
    ZCNIC_GRO_NONE,         /* not TCP over IP: belongs to no flow */
    /* TCP, but never coalesced (flags, no payload, bad checksum, ...) */
    ZCNIC_GRO_SOLO,
    ZCNIC_GRO_OK,           /* may start or join a coalesced frame */
} ZcnicGroKind;

typedef struct ZcnicGroSeg {
    size_t l3_off;
    size_t l4_off;
    size_t hdr_len;         /* Ethernet through TCP options */
    size_t payload;         /* TCP payload bytes */
    uint32_t seq;
    uint16_t payload_sum;   /* ones' complement sum of the payload bytes */
    bool ipv6;
    bool psh;
} ZcnicGroSeg;

/*
 * Classify FRAME (LEN bytes, parsed into *PI) and fill *G.  The TCP
 * checksum is verified in one pass that also leaves the payload's sum in
 * G->payload_sum, so a coalesced frame's checksum needs no second pass.
 */
ZcnicGroKind zcnic_gro_classify(const uint8_t *frame, size_t len,
                                const ZcnicPktInfo *pi,
                                ZcnicGroSeg *g);

/* Same Ethernet header, IP addresses and TCP ports (both classified). */
bool zcnic_gro_same_flow(const uint8_t *a, const ZcnicGroSeg *ga,
                         const uint8_t *b, const ZcnicGroSeg *gb);

/*
 * Whether segment B can follow the COUNT segments of held frame A (first
 * segment's headers at A) so that resegmenting restores both exactly: same
 * header bytes except lengths, checksums, sequence and PSH; an IPv4 ID one
 * more per segment.  Sequence and sizes are the caller's.
 */
bool zcnic_gro_same_hdr(const uint8_t *a, const ZcnicGroSeg *ga,
                        const uint8_t *b, const ZcnicGroSeg *gb,
                        unsigned count);

/*
 * Add SEG_SUM, the sum of a segment's payload, to SUM, the sum of the OFFSET
 * payload bytes before it (an odd OFFSET swaps its bytes, RFC 1071).
 */
uint16_t zcnic_gro_sum_append(uint16_t sum, size_t offset, uint16_t seg_sum);

/*
 * Turn FRAME (the first segment's headers followed by PAYLOAD bytes of all
 * segments, whose sum is PAYLOAD_SUM) into one valid packet: IP length,
 * IPv4 header checksum, PSH when PSH, and the TCP checksum.
 */
void zcnic_gro_finish(uint8_t *frame, const ZcnicGroSeg *g, size_t payload,
                      uint16_t payload_sum, bool psh);

#endif /* ZCNIC_SEG_H */
