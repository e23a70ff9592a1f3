/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The zcnic qtests' frame builder (zcnic-frame.h).
 */

#include "qemu/osdep.h"
#include <sys/socket.h>
#include "qemu/bswap.h"
#include "qemu/iov.h"
#include "net/eth.h"
#include "zcnic/zcnic_hw.h"
#include "zcnic-frame.h"

const ZtReg zt_regs[] = {
#define X(name, off, acc, reset) { #name, off, acc, reset },
    ZCNIC_REGISTERS(X)
#undef X
};

const int zt_nregs = ARRAY_SIZE(zt_regs);

const ZtReg *zt_reg_at(uint32_t off)
{
    for (int i = 0; i < zt_nregs; i++) {
        if (zt_regs[i].off == off) {
            return &zt_regs[i];
        }
    }
    return NULL;
}

const uint8_t our_mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

uint16_t ref_csum(const uint8_t *p, size_t n, uint32_t seed)
{
    uint64_t sum = seed;

    for (size_t i = 0; i < n; i++) {
        sum += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum;
}

void zt_stream_send(int fd, const uint8_t *buf, size_t len)
{
    uint32_t be = htonl(len);
    struct iovec iov[] = {
        { .iov_base = &be, .iov_len = sizeof(be) },
        { .iov_base = (void *)buf, .iov_len = len },
    };

    g_assert_cmpint(iov_send(fd, iov, 2, 0, sizeof(be) + len), ==,
                    sizeof(be) + len);
}

size_t zt_stream_recv(int fd, uint8_t *buf, size_t max)
{
    uint32_t be;
    size_t len;

    g_assert_cmpint(recv(fd, &be, sizeof(be), MSG_WAITALL), ==, sizeof(be));
    len = ntohl(be);
    g_assert_cmpuint(len, <=, max);
    g_assert_cmpint(recv(fd, buf, len, MSG_WAITALL), ==, len);
    return len;
}

uint8_t pay_byte(size_t off)
{
    return (uint8_t)(off * 13 + (off >> 9));
}

/* The sum of the 16-bit words of N address bytes at P (pseudo header) */
static uint32_t addr_sum(const uint8_t *p, size_t n)
{
    uint32_t s = 0;

    for (size_t i = 0; i < n; i += 2) {
        s += lduw_be_p(p + i);
    }
    return s;
}

size_t zt_frame(uint8_t *f, const ZtFrame *z, size_t *hdr)
{
    size_t off = 12, ip, l4, end, l4len = 0, addr = 0, alen = 0;

    memcpy(f, z->dst ? z->dst : our_mac, ETH_ALEN);
    memcpy(f + 6, z->src ? z->src : (const uint8_t *)"\x02\0\0\0\0\x01",
           ETH_ALEN);
    for (int i = 0; i < z->vlans; i++) {
        stw_be_p(f + off, 0x8100);
        stw_be_p(f + off + 2, 7);
        off += 4;
    }
    stw_be_p(f + off, z->ipv == 4 ? 0x0800 : z->ipv == 6 ? 0x86dd :
             z->ethertype);
    ip = off + 2;
    if (z->proto == 6 && z->ipv) {
        l4len = 20 + z->tcp_opt;
    } else if (z->proto == 17 && z->ipv) {
        l4len = 8;
    }
    if (z->ipv == 4) {
        size_t ihl = 20 + z->ip_opt;

        memset(f + ip, 0, ihl);
        f[ip] = 0x40 | ihl / 4;
        stw_be_p(f + ip + 2, ihl + l4len + z->payload + z->lie);
        stw_be_p(f + ip + 4, z->id);
        stw_be_p(f + ip + 6, z->frag);
        f[ip + 8] = 64;
        f[ip + 9] = z->proto;
        if (z->addrs) {
            memcpy(f + ip + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
        }
        memset(f + ip + 20, 1, z->ip_opt);
        if (z->ip_csum) {
            stw_be_p(f + ip + 10, ref_csum(f + ip, ihl, 0));
        }
        addr = ip + 12;
        alen = 8;
        l4 = ip + ihl;
    } else if (z->ipv == 6) {
        memset(f + ip, 0, 40);
        f[ip] = 0x60;
        stw_be_p(f + ip + 4, z->v6_ext + l4len + z->payload + z->lie);
        f[ip + 6] = z->v6_ext ? 0 : z->proto;
        f[ip + 7] = 64;
        if (z->addrs) {
            f[ip + 8] = 0xfd;
            f[ip + 23] = 1;
            f[ip + 24] = 0xfd;
            f[ip + 39] = 2;
        }
        addr = ip + 8;
        alen = 32;
        l4 = ip + 40;
        if (z->v6_ext) {
            memset(f + l4, 0, z->v6_ext);
            f[l4] = z->proto;
            f[l4 + 1] = z->v6_ext / 8 - 1;
            l4 += z->v6_ext;
        }
    } else {
        l4 = ip;
    }
    memset(f + l4, 0, l4len);
    if (l4len && z->ports) {
        stw_be_p(f + l4, 40000);
        stw_be_p(f + l4 + 2, 5001);
    }
    if (l4len == 8) {
        stw_be_p(f + l4 + 4, 8 + z->payload);
    } else if (l4len) {
        stl_be_p(f + l4 + 4, z->seq);
        stl_be_p(f + l4 + 8, z->ack);
        f[l4 + 12] = (l4len / 4) << 4;
        f[l4 + 13] = z->tcp_flags;
        stw_be_p(f + l4 + 14, z->window);
        memset(f + l4 + 20, 1, z->tcp_opt);
    }
    end = l4 + l4len;
    if (hdr) {
        *hdr = z->ipv ? end : 0;
    }
    for (size_t i = 0; i < z->payload; i++) {
        switch (z->fill) {
        case ZT_PAY_SEED:
            f[end + i] = z->seed + (end + i) * 7;
            break;
        case ZT_PAY_OFFSET:
            f[end + i] = pay_byte(z->seed + i);
            break;
        case ZT_PAY_COUNT:
            f[end + i] = i * 3 + 1;
            break;
        default:
            f[end + i] = z->seed;
            break;
        }
    }
    if (l4len && z->l4_csum) {
        uint32_t seed = addr_sum(f + addr, alen) + z->proto + l4len +
                        z->payload;

        stw_be_p(f + l4 + (l4len == 8 ? 6 : 16),
                 ref_csum(f + l4, l4len + z->payload, seed));
    }
    return end + z->payload;
}
