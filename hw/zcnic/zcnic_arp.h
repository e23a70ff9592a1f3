/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic ARP offload logic (spec 8): the ARP buffer (a cache of IPv4 -> MAC
 * records with a time-to-live) and the ARP frame checks and builders of the
 * ARP control block.  QEMU-independent, unit-tested (unit/test-arp.c) and
 * fuzzable: time is passed in as nanoseconds of any monotonic clock.
 */
#ifndef ZCNIC_ARP_H
#define ZCNIC_ARP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ZCNIC_ARP_NS_PER_S      1000000000LL

/* One record of the ARP buffer; expire_ns == 0 means invalid (TTL 0). */
typedef struct ZcnicArpEntry {
    uint32_t ip;                /* IPv4, host order: 192.0.2.1 = 0xc0000201 */
    uint8_t mac[6];
    int64_t expire_ns;          /* when the TTL reaches 0 */
} ZcnicArpEntry;

typedef struct ZcnicArpCache {
    ZcnicArpEntry *e;
    uint32_t n;
} ZcnicArpCache;

/* Result of a write (spec 8.2) */
typedef enum ZcnicArpWriteResult {
    ZCNIC_ARP_LEARNED,          /* a new record in a free entry */
    ZCNIC_ARP_UPDATED,          /* the IP's valid record: new MAC and TTL */
    ZCNIC_ARP_OVERFLOW,         /* no free entry: record discarded */
} ZcnicArpWriteResult;

/* Every entry invalid. */
void zcnic_arp_flush(ZcnicArpCache *c);

/*
 * Invalidate the entries whose TTL has run out at NOW_NS.  Calls EXPIRED
 * (if not NULL) for each; returns how many.
 */
unsigned zcnic_arp_expire(ZcnicArpCache *c, int64_t now_ns,
                          void (*expired)(void *opaque,
                                          const ZcnicArpEntry *e),
                          void *opaque);

/* Remaining TTL of entry E in whole seconds, rounded up; 0 if invalid. */
uint32_t zcnic_arp_ttl_left(const ZcnicArpEntry *e, int64_t now_ns);

/*
 * Write IP -> MAC with a TTL of TTL_S seconds: the IP's valid record is
 * updated, else the first free entry taken, else overflow.  *INDEX (if not
 * NULL) gets the entry used, or -1.
 */
ZcnicArpWriteResult zcnic_arp_write(ZcnicArpCache *c, uint32_t ip,
                                    const uint8_t *mac, uint32_t ttl_s,
                                    int64_t now_ns, int *index);

/* Query: the index of IP's valid record, or -1.  Expired ones are ignored. */
int zcnic_arp_lookup(const ZcnicArpCache *c, uint32_t ip, int64_t now_ns);

/*
 * ARP frames (spec 8.3): Ethernet II, ethertype 0x0806, no VLAN tag.
 */
#define ZCNIC_ARP_ETHERTYPE     0x0806
#define ZCNIC_ARP_FRAME_LEN     42      /* 14 Ethernet + 28 ARP */
#define ZCNIC_ARP_PADDED_LEN    60      /* minimum Ethernet frame, no FCS */
#define ZCNIC_ARP_OP_REQUEST    1
#define ZCNIC_ARP_OP_REPLY      2

typedef struct ZcnicArpPkt {
    uint16_t op;
    uint8_t sha[6];             /* sender hardware address */
    uint32_t spa;               /* sender IPv4, host order */
    uint8_t tha[6];
    uint32_t tpa;
} ZcnicArpPkt;

typedef enum ZcnicArpParseResult {
    ZCNIC_ARP_NOT_ARP,          /* another ethertype (or VLAN-tagged) */
    ZCNIC_ARP_OK,               /* well-formed, learnable */
    /* structurally malformed: dropped (spec 8.3) */
    ZCNIC_ARP_BAD_TRUNCATED,    /* shorter than 42 bytes */
    ZCNIC_ARP_BAD_HTYPE,        /* hardware type not 1 (Ethernet) */
    ZCNIC_ARP_BAD_PTYPE,        /* protocol type not 0x0800 (IPv4) */
    ZCNIC_ARP_BAD_HLEN,         /* hardware address length not 6 */
    ZCNIC_ARP_BAD_PLEN,         /* protocol address length not 4 */
    ZCNIC_ARP_BAD_OP,           /* operation not 1 or 2 */
    /* well-formed but not learnable: delivered, never learned */
    ZCNIC_ARP_BAD_SPA,          /* sender IP 0, broadcast or multicast */
    ZCNIC_ARP_BAD_SHA,          /* sender MAC broadcast or multicast */
} ZcnicArpParseResult;

/* The first parse result that is delivered rather than dropped. */
#define ZCNIC_ARP_FIRST_DELIVERED ZCNIC_ARP_BAD_SPA

/* Classify FRAME of LEN bytes; fills *PKT when it is ARP and not truncated. */
ZcnicArpParseResult zcnic_arp_parse(const uint8_t *frame, size_t len,
                                    ZcnicArpPkt *pkt);

/*
 * Build an ARP frame padded with zeros to ZCNIC_ARP_PADDED_LEN bytes into
 * BUF (at least that long): Ethernet DST <- SRC, then OP, SHA/SPA, THA/TPA.
 * Returns ZCNIC_ARP_PADDED_LEN.
 */
size_t zcnic_arp_build(uint8_t *buf, const uint8_t *dst, const uint8_t *src,
                       uint16_t op, const uint8_t *sha, uint32_t spa,
                       const uint8_t *tha, uint32_t tpa);

/* An IPv4 that may be learned or queried: not 0, 255.255.255.255, 224/4. */
bool zcnic_arp_ip_unicast(uint32_t ip);

#endif /* ZCNIC_ARP_H */
