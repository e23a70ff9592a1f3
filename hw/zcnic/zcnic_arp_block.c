/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic: the ARP block's control (spec 8): learning, answering for the
 * host addresses, queries.  The ARP buffer itself is zcnic_arp.c.
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/timer.h"
#include "net/eth.h"
#include "net/net.h"

#include "zcnic_core.h"
#include "trace.h"

/*
 * spec 8: the ARP block.  The ARP buffer is zcnic_arp.c; this is its
 * control block: learning from frames, answering for the host addresses,
 * and queries from the host.
 */
static void zcnic_arp_expired(void *opaque, const ZcnicArpEntry *e)
{
    ZcnicCore *s = opaque;

    s->arp.stats[ZCNIC_ARP_STAT_EXPIRED]++;
    trace_zcnic_arp_expire(e->ip);
}

/* spec 8.2: records whose TTL ran out become invalid (and are counted) */
int64_t zcnic_arp_now(ZcnicCore *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    zcnic_arp_expire(&s->arp.cache, now, zcnic_arp_expired, s);
    return now;
}

static void zcnic_arp_set_result(ZcnicCore *s, unsigned status,
                                 const uint8_t *mac)
{
    s->arp.status = status;
    s->arp.result_lo = ldl_le_p(mac);
    s->arp.result_hi = lduw_le_p(mac + 4);
    trace_zcnic_arp_query(s->arp.query_ip, status);
    zcnic_set_cause(s, ZCNIC_INT_ARP);
}

/* spec 8.2: write a record learned from the network */
static void zcnic_arp_learn(ZcnicCore *s, uint32_t ip, const uint8_t *mac)
{
    int64_t now = zcnic_arp_now(s);
    ZcnicArpWriteResult res;
    int idx;

    res = zcnic_arp_write(&s->arp.cache, ip, mac, s->arp.ttl_s, now, &idx);
    trace_zcnic_arp_learn(ip, idx, res);
    switch (res) {
    case ZCNIC_ARP_LEARNED:
        s->arp.stats[ZCNIC_ARP_STAT_LEARNED]++;
        break;
    case ZCNIC_ARP_UPDATED:
        s->arp.stats[ZCNIC_ARP_STAT_UPDATED]++;
        break;
    case ZCNIC_ARP_OVERFLOW:
        s->arp.stats[ZCNIC_ARP_STAT_OVERFLOW]++;
        trace_zcnic_arp_overflow(ip);
        break;
    }
    /* spec 8.4: the reply a missed query waited for */
    if (s->arp.pending && ip == s->arp.query_ip) {
        s->arp.pending = false;
        zcnic_arp_set_result(s, res == ZCNIC_ARP_OVERFLOW ?
                             ZCNIC_ARP_ST_OVERFLOW : ZCNIC_ARP_ST_RESULT, mac);
    }
}

static bool zcnic_arp_is_host_ip(ZcnicCore *s, uint32_t ip)
{
    for (int i = 0; i < ZCNIC_ARP_HOST_IPS; i++) {
        if (s->arp.host_ip[i] && s->arp.host_ip[i] == ip) {
            return true;
        }
    }
    return false;
}

/*
 * spec 8.3: an ARP frame addressed to the device.  Returns true when the
 * frame is consumed here (malformed, or a request the device answered)
 * rather than delivered to the RX ring.
 */
bool zcnic_arp_rx(ZcnicCore *s, const uint8_t *buf, size_t size)
{
    uint8_t mac[ETH_ALEN], frame[ZCNIC_ARP_PADDED_LEN];
    ZcnicArpParseResult why;
    ZcnicArpPkt pkt;

    zcnic_own_mac(s, mac);
    if (!is_broadcast_ether_addr(buf) && memcmp(buf, mac, ETH_ALEN)) {
        return false;       /* seen only in promiscuous mode */
    }
    why = zcnic_arp_parse(buf, size, &pkt);
    if (why == ZCNIC_ARP_NOT_ARP) {
        return false;
    }
    if (why != ZCNIC_ARP_OK) {
        s->arp.stats[ZCNIC_ARP_STAT_MALFORMED]++;
        trace_zcnic_arp_malformed(why);
        return why < ZCNIC_ARP_FIRST_DELIVERED;
    }
    zcnic_arp_learn(s, pkt.spa, pkt.sha);
    if (pkt.op != ZCNIC_ARP_OP_REQUEST ||
        !(s->arp.ctrl & ZCNIC_ARP_CTRL_ANSWER) ||
        !zcnic_arp_is_host_ip(s, pkt.tpa)) {
        return false;
    }
    zcnic_arp_build(frame, pkt.sha, mac, ZCNIC_ARP_OP_REPLY, mac, pkt.tpa,
                    pkt.sha, pkt.spa);
    s->arp.stats[ZCNIC_ARP_STAT_ANSWERED]++;
    trace_zcnic_arp_answer(pkt.tpa, pkt.spa);
    zcnic_send(s, &(struct iovec){ frame, sizeof(frame) }, 1, NULL, NULL);
    return !(s->arp.ctrl & ZCNIC_ARP_CTRL_DELIVER);
}

/* spec 8.4: the lookup of a query ends: result, or request on the wire */
static void zcnic_arp_query_end(ZcnicCore *s)
{
    uint8_t mac[ETH_ALEN], frame[ZCNIC_ARP_PADDED_LEN];
    static const uint8_t zero[ETH_ALEN];
    uint32_t spa = 0;
    int idx;

    idx = zcnic_arp_lookup(&s->arp.cache, s->arp.query_ip, zcnic_arp_now(s));
    if (idx >= 0) {
        s->arp.stats[ZCNIC_ARP_STAT_QUERY_HIT]++;
        zcnic_arp_set_result(s, ZCNIC_ARP_ST_RESULT, s->arp.cache.e[idx].mac);
        return;
    }
    s->arp.stats[ZCNIC_ARP_STAT_QUERY_MISS]++;
    s->arp.status = ZCNIC_ARP_ST_NO_RESULT;
    s->arp.pending = true;
    trace_zcnic_arp_query(s->arp.query_ip, s->arp.status);
    for (int i = 0; i < ZCNIC_ARP_HOST_IPS && !spa; i++) {
        spa = s->arp.host_ip[i];
    }
    zcnic_own_mac(s, mac);
    zcnic_arp_build(frame, (const uint8_t *)"\xff\xff\xff\xff\xff\xff", mac,
                    ZCNIC_ARP_OP_REQUEST, mac, spa, zero, s->arp.query_ip);
    s->arp.stats[ZCNIC_ARP_STAT_REQ_SENT]++;
    trace_zcnic_arp_request_sent(s->arp.query_ip);
    zcnic_send(s, &(struct iovec){ frame, sizeof(frame) }, 1, NULL, NULL);
}

void zcnic_arp_query_done(void *opaque)
{
    bool g = zcnic_guard_enter(opaque);

    zcnic_arp_query_end(opaque);
    zcnic_guard_exit(opaque, g);
}

void zcnic_arp_start_query(ZcnicCore *s, uint32_t ip)
{
    if (!zcnic_arp_ip_unicast(ip)) {
        zcnic_guest_error(s, ZCNIC_ERR_ARP, "ARP query for 0x%08x, not a "
                          "unicast IPv4 address", ip);
        return;
    }
    s->arp.query_ip = ip;
    s->arp.status = ZCNIC_ARP_ST_BUSY;
    s->arp.pending = false;
    trace_zcnic_arp_query(ip, s->arp.status);
    timer_mod(s->arp.query_timer,
              qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + ZCNIC_ARP_QUERY_NS);
}

/* spec 8.5: the read window into the ARP buffer */
uint32_t zcnic_arp_tbl_read(ZcnicCore *s, hwaddr addr)
{
    int64_t now = zcnic_arp_now(s);
    const ZcnicArpEntry *e = &s->arp.cache.e[s->arp.tbl_index];
    bool valid = zcnic_arp_ttl_left(e, now) > 0;

    switch (addr) {
    case ZCNIC_REG_ARP_TBL_IP:
        return valid ? e->ip : 0;
    case ZCNIC_REG_ARP_TBL_MAC_LO:
        return valid ? ldl_le_p(e->mac) : 0;
    case ZCNIC_REG_ARP_TBL_MAC_HI:
        return valid ? lduw_le_p(e->mac + 4) : 0;
    default:
        return zcnic_arp_ttl_left(e, now);
    }
}

/* the "arp-table" property: the valid records, one "IP MAC TTL" line each */
char *zcnic_core_arp_table(ZcnicCore *s)
{
    GString *out = g_string_new("");
    int64_t now;

    if (!s->arp.cache.e) {
        return g_string_free(out, false);
    }
    now = zcnic_arp_now(s);
    for (uint32_t i = 0; i < s->arp.cache.n; i++) {
        const ZcnicArpEntry *e = &s->arp.cache.e[i];
        uint32_t ttl = zcnic_arp_ttl_left(e, now);

        if (ttl) {
            g_string_append_printf(out, "%u.%u.%u.%u "
                                   "%02x:%02x:%02x:%02x:%02x:%02x %u\n",
                                   e->ip >> 24, (e->ip >> 16) & 0xff,
                                   (e->ip >> 8) & 0xff, e->ip & 0xff,
                                   e->mac[0], e->mac[1], e->mac[2],
                                   e->mac[3], e->mac[4], e->mac[5], ttl);
        }
    }
    return g_string_free(out, false);
}
