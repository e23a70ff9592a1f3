/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Big-endian field access and protocol numbers shared by the QEMU-
 * independent zcnic files (zcnic_parse.c, zcnic_arp.c, zcnic_seg.c).
 * Private to them: not included by the device's QEMU files, so it never
 * meets QEMU's or the C library's definitions of the same names.
 */
#ifndef ZCNIC_BYTES_H
#define ZCNIC_BYTES_H

#include <stdint.h>

#define ETH_HLEN        14
#define ETHERTYPE_IPV4  0x0800
#define ETHERTYPE_IPV6  0x86dd
#define ETHERTYPE_VLAN  0x8100
#define ETHERTYPE_QINQ  0x88a8
#define IPPROTO_HOPOPTS 0
#define IPPROTO_TCP     6
#define IPPROTO_UDP     17
#define IPPROTO_ROUTING 43
#define IPPROTO_FRAG    44
#define IPPROTO_AH      51
#define IPPROTO_DSTOPTS 60
#define IPV6_HLEN       40

static inline uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | p[3];
}

static inline void put16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v & 0xff;
}

static inline void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v & 0xffff);
}

#endif /* ZCNIC_BYTES_H */
