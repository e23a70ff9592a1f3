// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic: Linux driver for the zcnic zero-copy NIC model (QEMU -device zcnic).
 *
 * The register interface is include/zcnic/zcnic_hw.h, described in the
 * project's docs/spec.rst.  Section numbers in comments refer to that spec.
 */

#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#include <net/netdev_queues.h>

#include <net/xdp_sock_drv.h>

#include "zcnic.h"

/* spec 3.5: MAC_LO holds bytes 0..3 (byte 0 lowest), MAC_HI bytes 4..5 */
static void zcnic_read_mac(struct zcnic_priv *zp, u8 *mac)
{
	zcnic_mac_from_regs(mac, zcnic_rd32(zp, ZCNIC_REG_MAC_LO),
			    zcnic_rd32(zp, ZCNIC_REG_MAC_HI));
}

static void zcnic_write_mac(struct zcnic_priv *zp, const u8 *mac)
{
	zcnic_wr32(zp, ZCNIC_REG_MAC_LO,
		   mac[0] | mac[1] << 8 | mac[2] << 16 | (u32)mac[3] << 24);
	zcnic_wr32(zp, ZCNIC_REG_MAC_HI, mac[4] | mac[5] << 8);
}

static void zcnic_update_carrier(struct zcnic_priv *zp)
{
	bool up = zcnic_rd32(zp, ZCNIC_REG_STATUS) & ZCNIC_STATUS_LINK_UP;

	if (up == netif_carrier_ok(zp->netdev))
		return;
	if (up)
		netif_carrier_on(zp->netdev);
	else
		netif_carrier_off(zp->netdev);
	netdev_info(zp->netdev, "link %s\n", up ? "up" : "down");
}

/*
 * The misc vector (MSI-X vector 0), or the one INTx line: the cause
 * register says what happened.  RX and TX in INT_CAUSE are queue 0's
 * (spec 4.10): with INTx, the only queue's.  With MSI-X the device
 * auto-masks a queue's causes when it sends their vector (spec 5.1); with
 * INTx the handler masks them.  NAPI unmasks.
 */
static irqreturn_t zcnic_irq(int irq, void *data)
{
	struct zcnic_priv *zp = data;
	u32 cause;

	cause = zcnic_rd32(zp, ZCNIC_REG_INT_CAUSE);
	/* All ones: the device is gone (surprise removal). */
	if (!cause || cause == ~0u)
		return IRQ_NONE;

	if (cause & (ZCNIC_INT_LINK | ZCNIC_INT_ERR | ZCNIC_INT_ARP))
		zcnic_wr32(zp, ZCNIC_REG_INT_CAUSE,
			   cause & (ZCNIC_INT_LINK | ZCNIC_INT_ERR |
				    ZCNIC_INT_ARP));
	if (cause & ZCNIC_INT_LINK)
		zcnic_update_carrier(zp);
	if (cause & ZCNIC_INT_ARP)
		zcnic_arp_irq(zp);
	if (cause & ZCNIC_INT_ERR) {
		u32 err = zcnic_rd32(zp, ZCNIC_REG_ERR_STATUS);

		if (err && err != ~0u) {
			netdev_err(zp->netdev,
				   "device error status %#x, resetting\n", err);
			zcnic_schedule_reset(zp, ZCNIC_RESET_OTHER);
		} else {
			/* spec 6: ERR comes with a sticky bit; not this one */
			zp->irq_err_spurious++;
			net_err_ratelimited("%s: error interrupt without an error status\n",
					    zp->netdev->name);
		}
	}
	if (cause & (ZCNIC_INT_RX | ZCNIC_INT_TX)) {
		if (!zp->pdev->msix_enabled)
			zcnic_wr32(zp, ZCNIC_REG_INT_MASK_CLR,
				   ZCNIC_INT_RX | ZCNIC_INT_TX);
		napi_schedule(&zp->q[0].napi);
	}
	return IRQ_HANDLED;
}

/*
 * A queue's MSI-X RX and TX vectors (spec 4.10): both schedule its NAPI.
 * The device auto-masked the queue's QINT bit when it sent the message
 * (spec 5.1), so there is nothing to read or acknowledge here.
 */
static irqreturn_t zcnic_irq_queue(int irq, void *data)
{
	struct zcnic_queue *q = data;

	napi_schedule(&q->napi);
	return IRQ_HANDLED;
}

static void zcnic_refresh_rx_mode(struct net_device *netdev);

/*
 * Once a second while up (spec 11):
 * - A lost interrupt (FAULT.LOSE_IRQ, or a real one) leaves RX/TX
 *   auto-masked with the cause pending, and NAPI never runs again: a cause
 *   pending at two ticks in a row with no poll in between gets the handler
 *   run by hand.
 * - A TX queue that stopped working (FAULT.TX_STALL) need not fill the ring
 *   (TCP small queues keep little in it), so the stack's watchdog may never
 *   fire: TX_HEAD short of the descriptors posted and staying put for
 *   5 s resets the device, as the watchdog would (ethtool -S tx_timeouts
 *   counts the resets done for that alone).
 * - An RX ring the device sees otherwise than we do (spec 11.1): RX_HEAD
 *   not at our clean index (buffers it used that we never saw completed)
 *   or RX_TAIL not at our next one (buffers we posted that it does not
 *   have), none of the three moving for 5 s.  Nothing would ever be
 *   received again: a DONE the device wrote on a buffer we had just
 *   filled but not yet posted (lie UNPOSTED racing our refill) puts our
 *   clean index one ahead of its head, and the ring ends with all our
 *   buffers posted and none of its.  The device is reset.
 * - An RX ring left short (the pool gave no buffer: no memory, or a memory
 *   provider whose buffers the application still holds) gets no interrupt
 *   that would refill it once the device holds the next frame for want of
 *   buffers: NAPI is run to try again (rxQ_refill_kick).
 */
#define ZCNIC_TX_HANG_TICKS	5
#define ZCNIC_RX_STEP_TICKS	5

#define ZCNIC_INT_MISC		(ZCNIC_INT_LINK | ZCNIC_INT_ERR | ZCNIC_INT_ARP)

/* a queue's causes pending at two ticks with no poll between: run it */
static void zcnic_service_queue(struct zcnic_priv *zp, struct zcnic_queue *q,
				u32 qcause)
{
	u64 polls = READ_ONCE(q->napi_polls);
	u32 cause = qcause & zcnic_qint(q);

	if (polls == q->service_polls && (cause & q->service_cause)) {
		zp->irq_rescued++;
		netdev_warn(zp->netdev,
			    "interrupt lost (queue %u, cause %#x), recovering\n",
			    q->idx, cause);
		/* queue 0's causes are INT_CAUSE.RX/TX: INTx masks them */
		if (!q->idx)
			zcnic_irq(0, zp);
		else
			napi_schedule(&q->napi);	/* NAPI unmasks */
		cause = 0;
	}
	q->service_polls = polls;
	q->service_cause = cause;
}

/*
 * A ring left short by at least a refill batch, and no poll since the last
 * tick: NAPI refills (not an AF_XDP queue: need_wakeup's).  Short, not only
 * empty: the device holds a frame that needs more buffers than are posted.
 */
static void zcnic_service_rx_short(struct zcnic_priv *zp,
				   struct zcnic_queue *q)
{
	struct zcnic_ring *r = &q->rx;
	u64 polls = READ_ONCE(q->napi_polls);
	bool idle = polls == q->service_short_polls;

	q->service_short_polls = polls;
	if (!idle || !READ_ONCE(r->desc) || q->xsk_pool ||
	    READ_ONCE(zp->dev_lied) ||
	    zcnic_ring_free(r) < zcnic_rx_refill_min(r))
		return;
	if (napi_schedule_prep(&q->napi)) {
		zcnic_stat_inc(&q->rx_stats, &q->rx_stats.refill_kick);
		__napi_schedule(&q->napi);
	}
}

/* Return: the queue's TX ring stood still for ZCNIC_TX_HANG_TICKS. */
static bool zcnic_service_tx_hang(struct zcnic_priv *zp, struct zcnic_queue *q)
{
	u32 head = zcnic_qrd32(q, ZCNIC_Q_TX_HEAD);

	/* short of what was posted: finished work not yet cleaned is NAPI's */
	if (head != READ_ONCE(q->tx.next) && head == q->service_tx_head) {
		if (++q->service_tx_stuck == ZCNIC_TX_HANG_TICKS) {
			netdev_err(zp->netdev,
				   "TX hang: queue %u head %u for %d s, resetting\n",
				   q->idx, head, ZCNIC_TX_HANG_TICKS);
			zcnic_schedule_reset(zp, ZCNIC_RESET_TX_WATCHDOG);
			return true;
		}
	} else {
		q->service_tx_stuck = 0;
	}
	q->service_tx_head = head;
	return false;
}

/* Return: the queue's RX ring has been out of step for ZCNIC_RX_STEP_TICKS. */
static bool zcnic_service_rx_step(struct zcnic_priv *zp, struct zcnic_queue *q)
{
	u32 now[3] = {
		zcnic_qrd32(q, ZCNIC_Q_RX_HEAD),
		zcnic_qrd32(q, ZCNIC_Q_RX_TAIL),
		READ_ONCE(q->rx.clean),
	};
	u32 next = READ_ONCE(q->rx.next);

	/* between the queue API's stop and start: no ring to compare */
	if (!READ_ONCE(q->rx.desc)) {
		q->service_rx_stuck = 0;
		return false;
	}
	if ((now[0] != now[2] || now[1] != next) &&
	    !memcmp(now, q->service_rx, sizeof(now))) {
		if (++q->service_rx_stuck == ZCNIC_RX_STEP_TICKS) {
			netdev_err(zp->netdev,
				   "RX queue %u out of step: device head %u tail %u, ours clean %u next %u, for %d s, resetting\n",
				   q->idx, now[0], now[1], now[2], next,
				   ZCNIC_RX_STEP_TICKS);
			zcnic_schedule_reset(zp, ZCNIC_RESET_RX_STEP);
			return true;
		}
	} else {
		q->service_rx_stuck = 0;
	}
	memcpy(q->service_rx, now, sizeof(now));
	return false;
}

static void zcnic_service(struct timer_list *t)
{
	struct zcnic_priv *zp = timer_container_of(zp, t, service_timer);
	u32 cause = zcnic_rd32(zp, ZCNIC_REG_INT_CAUSE), qcause, i;

	if (cause == ~0u)
		return;		/* the device is gone */
	qcause = zcnic_rd32(zp, ZCNIC_REG_QINT_CAUSE);
	cause &= ZCNIC_INT_MISC;
	if (cause & zp->service_misc) {
		zp->irq_rescued++;
		netdev_warn(zp->netdev, "interrupt lost (cause %#x), recovering\n",
			    cause);
		zcnic_irq(0, zp);
		cause = 0;
	}
	zp->service_misc = cause;
	for (i = 0; i < zp->num_queues; i++) {
		zcnic_service_queue(zp, &zp->q[i], qcause);
		zcnic_service_rx_short(zp, &zp->q[i]);
	}
	zcnic_hw_stats_update(zp, false);	/* before a register wraps */

	for (i = 0; i < zp->num_queues; i++)
		if (zcnic_service_tx_hang(zp, &zp->q[i]) ||
		    zcnic_service_rx_step(zp, &zp->q[i]))
			return;		/* zcnic_open arms the timer again */
	mod_timer(&zp->service_timer, jiffies + HZ);
}

static void zcnic_irqs_sync(struct zcnic_priv *zp)
{
	int i;

	for (i = 0; i < zp->nvecs; i++)
		synchronize_irq(pci_irq_vector(zp->pdev, i));
}

static int zcnic_open(struct net_device *netdev)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	int err;
	u32 i;

	err = zcnic_rings_alloc(zp);
	if (err)
		return err;
	/* new rings: the device may have them (zcnic_rx_refill checks) */
	WRITE_ONCE(zp->dev_lied, false);
	/*
	 * Old causes go before the rings start: an event after it keeps its
	 * cause, which the unmask below signals.  QINT bits 0 and 1 are
	 * INT_CAUSE's RX and TX (spec 4.10).
	 */
	zcnic_wr32(zp, ZCNIC_REG_INT_CAUSE, ZCNIC_INT_ALL);
	zcnic_wr32(zp, ZCNIC_REG_QINT_CAUSE, zcnic_qint_all(zp));
	zcnic_rings_start(zp);
	zcnic_refresh_rx_mode(netdev);
	for (i = 0; i < zp->num_queues; i++) {
		struct zcnic_queue *q = &zp->q[i];

		napi_enable_locked(&q->napi);
		netif_queue_set_napi(netdev, i, NETDEV_QUEUE_TYPE_RX, &q->napi);
		netif_queue_set_napi(netdev, i, NETDEV_QUEUE_TYPE_TX, &q->napi);
	}
	zcnic_wr32(zp, ZCNIC_REG_QINT_MASK, zcnic_qint_all(zp));
	zcnic_wr32(zp, ZCNIC_REG_INT_MASK, ZCNIC_INT_ALL);
	zcnic_update_carrier(zp);
	/*
	 * Wake, not start: when this is a reconfiguration (MTU, ring sizes,
	 * reset), skbs the stack queued meanwhile wait in the qdisc.  Only a
	 * wake runs it; TCP does not retransmit what is still queued in the
	 * host (skb_still_in_host_queue), so a stream would stall for good.
	 */
	WRITE_ONCE(zp->down, false);
	netif_tx_wake_all_queues(netdev);
	zp->service_misc = 0;
	for (i = 0; i < zp->num_queues; i++) {
		struct zcnic_queue *q = &zp->q[i];

		q->service_cause = 0;
		q->service_tx_stuck = 0;
		q->service_tx_head = zcnic_qrd32(q, ZCNIC_Q_TX_HEAD);
		q->service_rx_stuck = 0;
	}
	mod_timer(&zp->service_timer, jiffies + HZ);
	return 0;
}

static int zcnic_stop(struct net_device *netdev)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	u32 i;

	/*
	 * Stopped already: a reopen of ours (reset, ethtool -G/-L, MTU)
	 * failed and left the interface up with nothing allocated.
	 */
	if (READ_ONCE(zp->down))
		return 0;
	/*
	 * A NAPI poll may still run until napi_disable; it must not wake the
	 * queue for rings that are about to go away (zcnic_tx_clean).
	 */
	WRITE_ONCE(zp->down, true);
	/* down before the queue stops: __netif_txq_completed_wake reads it */
	smp_mb();
	netif_tx_disable(netdev);
	timer_delete_sync(&zp->service_timer);
	/* Link changes and ARP are still of interest while down; data is not. */
	zcnic_wr32(zp, ZCNIC_REG_INT_MASK, ZCNIC_INT_LINK | ZCNIC_INT_ARP);
	zcnic_wr32(zp, ZCNIC_REG_QINT_MASK, 0);
	zcnic_rings_stop(zp);
	zcnic_irqs_sync(zp);
	for (i = 0; i < zp->num_queues; i++) {
		netif_queue_set_napi(netdev, i, NETDEV_QUEUE_TYPE_RX, NULL);
		netif_queue_set_napi(netdev, i, NETDEV_QUEUE_TYPE_TX, NULL);
		napi_disable_locked(&zp->q[i].napi);
	}
	netif_carrier_off(netdev);
	zcnic_rings_free(zp);
	return 0;
}

/*
 * spec 4.4: PROMISC, ALLMULTI, or the 64-bit hash of the multicast list
 * (ether_crc_le(addr) >> 26 selects the bit), from the list MC.
 */
static void zcnic_write_rx_mode(struct net_device *netdev,
				struct netdev_hw_addr_list *mc)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	struct netdev_hw_addr *ha;
	u32 rx_ctrl = 0;
	u64 hash = 0;

	if (netdev->flags & IFF_PROMISC)
		rx_ctrl |= ZCNIC_RX_CTRL_PROMISC;
	if (netdev->flags & IFF_ALLMULTI)
		rx_ctrl |= ZCNIC_RX_CTRL_ALLMULTI;
	/* spec 4.11: what is sent is received, nothing reaches the wire */
	if (READ_ONCE(zp->loopback))
		rx_ctrl |= ZCNIC_RX_CTRL_LOOPBACK;
	netdev_hw_addr_list_for_each(ha, mc)
		hash |= BIT_ULL(ether_crc_le(ETH_ALEN, ha->addr) >>
				ZCNIC_MC_HASH_SHIFT);
	zcnic_wr32(zp, ZCNIC_REG_MC_HASH_LO, lower_32_bits(hash));
	zcnic_wr32(zp, ZCNIC_REG_MC_HASH_HI, upper_32_bits(hash));
	zcnic_wr32(zp, ZCNIC_REG_RX_CTRL, rx_ctrl);
}

/* the filter again, from the driver's own paths (open, reset) */
static void zcnic_refresh_rx_mode(struct net_device *netdev)
{
	netif_addr_lock_bh(netdev);
	zcnic_write_rx_mode(netdev, &netdev->mc);
	netif_addr_unlock_bh(netdev);
}

#ifndef ZCNIC_HAVE_SET_RX_MODE_ASYNC
/* the core calls it with the address lock held */
static void zcnic_set_rx_mode(struct net_device *netdev)
{
	zcnic_write_rx_mode(netdev, &netdev->mc);
}
#else
/*
 * With the queue API the core holds the instance lock around the ops, and
 * wants the filter from process context, with snapshots of the lists.
 */
static int zcnic_set_rx_mode_async(struct net_device *netdev,
				   struct netdev_hw_addr_list *uc,
				   struct netdev_hw_addr_list *mc)
{
	zcnic_write_rx_mode(netdev, mc);
	return 0;
}
#endif

/**
 * zcnic_reconfigure() - apply ring sizes and MTU, rebuilding the rings
 * @netdev: the interface, under RTNL
 * @tx_size: TX descriptors
 * @rx_size: RX descriptors
 * @mtu: new MTU
 *
 * A running interface is stopped and opened again: no buffer of the old
 * layout stays with the device.
 *
 * Return: 0 or the error of opening again.
 */
int zcnic_reconfigure(struct net_device *netdev, u32 tx_size, u32 rx_size,
		      int mtu)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	bool running = netif_running(netdev);

	if (running)
		zcnic_stop(netdev);
	zp->tx_ring_size = tx_size;
	zp->rx_ring_size = rx_size;
	WRITE_ONCE(netdev->mtu, mtu);
	return running ? zcnic_open(netdev) : 0;
}

/**
 * zcnic_set_queues() - use N queue pairs (ethtool -L combined N)
 * @netdev: the interface, under RTNL (and from 6.15 its instance lock)
 * @n: queue pairs, 1..max_queues
 *
 * As zcnic_reconfigure: a running interface is stopped and opened again.
 * The indirection table spreads over the N queues unless the user set it
 * (the ethtool core then refused an N below an entry of it).
 *
 * Return: 0 or a negative errno.
 */
int zcnic_set_queues(struct net_device *netdev, u32 n)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	bool running = netif_running(netdev);
	int err;

	if (running)
		zcnic_stop(netdev);
	err = netif_set_real_num_tx_queues(netdev, n);
	if (!err)
		err = netif_set_real_num_rx_queues(netdev, n);
	if (err) {
		/* back to the count the stack still has */
		n = netdev->real_num_rx_queues;
		netif_set_real_num_tx_queues(netdev, n);
	}
	zp->num_queues = n;
	zcnic_rss_indir_default(zp);
	zcnic_rss_indir_program(zp);
	if (running) {
		int ret = zcnic_open(netdev);

		if (ret)
			return ret;
	}
	return err;
}

static int zcnic_change_mtu(struct net_device *netdev, int mtu)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	if (zp->xdp_prog && !zp->xdp_prog->aux->xdp_has_frags &&
	    mtu > ZCNIC_XDP_MAX_MTU_SB) {
		netdev_warn(netdev, "MTU %d: the XDP program attached takes single-buffer frames only (MTU at most %lu)\n",
			    mtu, (unsigned long)ZCNIC_XDP_MAX_MTU_SB);
		return -EINVAL;
	}
	/*
	 * Not limited by an AF_XDP socket's UMEM frames (the core unbinds a
	 * closed socket's pool later, from a work item: a refusal would also
	 * hit an MTU change made just after a close).  A longer frame comes
	 * in several UMEM frames for a socket bound with XDP_USE_SG, and is
	 * dropped and counted for one without (zcnic_rx_clean_zc).
	 */
	return zcnic_reconfigure(netdev, zp->tx_ring_size, zp->rx_ring_size,
				 mtu);
}

/* Totals: the counters of every queue, in use now or before. */
static void zcnic_get_stats64(struct net_device *netdev,
			      struct rtnl_link_stats64 *stats)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	unsigned int start;
	u32 i;

	for (i = 0; i < zp->max_queues; i++) {
		struct zcnic_ring_stats *rs = &zp->q[i].rx_stats;
		struct zcnic_ring_stats *ts = &zp->q[i].tx_stats;
		u64 pkts, bytes, dropped, errors, crc;

		do {
			start = u64_stats_fetch_begin(&rs->syncp);
			pkts = rs->packets;
			bytes = rs->bytes;
			dropped = rs->dropped;
			errors = rs->errors;
			crc = rs->csum_bad;
		} while (u64_stats_fetch_retry(&rs->syncp, start));
		stats->rx_packets += pkts;
		stats->rx_bytes += bytes;
		stats->rx_dropped += dropped;
		stats->rx_errors += errors;
		stats->rx_crc_errors += crc;
		do {
			start = u64_stats_fetch_begin(&ts->syncp);
			pkts = ts->packets;
			bytes = ts->bytes;
			dropped = ts->dropped;
			errors = ts->errors;
		} while (u64_stats_fetch_retry(&ts->syncp, start));
		stats->tx_packets += pkts;
		stats->tx_bytes += bytes;
		stats->tx_dropped += dropped;
		stats->tx_errors += errors;
	}
}

/*
 * Per-queue statistics (netlink qstats): each queue reports its ring
 * counters; the base holds those of queues no longer in use (ethtool -L),
 * so that base and queues add up to the totals.
 */
static void zcnic_queue_stats_rx(struct zcnic_queue *q,
				 struct netdev_queue_stats_rx *rx)
{
	struct zcnic_ring_stats *rs = &q->rx_stats;
	u64 packets, bytes, csum_bad;
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&rs->syncp);
		packets = rs->packets;
		bytes = rs->bytes;
		csum_bad = rs->csum_bad;
	} while (u64_stats_fetch_retry(&rs->syncp, start));
	rx->packets += packets;
	rx->bytes += bytes;
	rx->csum_bad += csum_bad;
}

static void zcnic_queue_stats_tx(struct zcnic_queue *q,
				 struct netdev_queue_stats_tx *tx)
{
	struct zcnic_ring_stats *rs = &q->tx_stats;
	u64 packets, bytes, gso, gso_wire, stop, wake;
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&rs->syncp);
		packets = rs->packets;
		bytes = rs->bytes;
		gso = rs->gso_packets;
		gso_wire = rs->gso_wire_packets;
		stop = rs->stop;
		wake = rs->restart;
	} while (u64_stats_fetch_retry(&rs->syncp, start));
	tx->packets += packets;
	tx->bytes += bytes;
	tx->hw_gso_packets += gso;
	tx->hw_gso_wire_packets += gso_wire;
	tx->stop += stop;
	tx->wake += wake;
}

static void zcnic_get_queue_stats_rx(struct net_device *netdev, int idx,
				     struct netdev_queue_stats_rx *rx)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	rx->packets = 0;
	rx->bytes = 0;
	rx->csum_bad = 0;
	zcnic_queue_stats_rx(&zp->q[idx], rx);
}

static void zcnic_get_queue_stats_tx(struct net_device *netdev, int idx,
				     struct netdev_queue_stats_tx *tx)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	tx->packets = 0;
	tx->bytes = 0;
	tx->hw_gso_packets = 0;
	tx->hw_gso_wire_packets = 0;
	tx->stop = 0;
	tx->wake = 0;
	zcnic_queue_stats_tx(&zp->q[idx], tx);
}

static void zcnic_get_base_stats(struct net_device *netdev,
				 struct netdev_queue_stats_rx *rx,
				 struct netdev_queue_stats_tx *tx)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	u32 i;

	rx->packets = 0;
	rx->bytes = 0;
	rx->csum_bad = 0;
	tx->packets = 0;
	tx->bytes = 0;
	tx->hw_gso_packets = 0;
	tx->hw_gso_wire_packets = 0;
	tx->stop = 0;
	tx->wake = 0;
	for (i = zp->num_queues; i < zp->max_queues; i++) {
		zcnic_queue_stats_rx(&zp->q[i], rx);
		zcnic_queue_stats_tx(&zp->q[i], tx);
	}
}

static const struct netdev_stat_ops zcnic_stat_ops = {
	.get_queue_stats_rx	= zcnic_get_queue_stats_rx,
	.get_queue_stats_tx	= zcnic_get_queue_stats_tx,
	.get_base_stats		= zcnic_get_base_stats,
};

/*
 * Recovery from a device error (sticky until reset, spec 6) or a stuck TX
 * queue: reset the device and bring the interface back as it was.
 */
static void zcnic_reset_task(struct work_struct *work)
{
	struct zcnic_priv *zp = container_of(work, struct zcnic_priv,
					     reset_work);
	struct net_device *netdev = zp->netdev;
	unsigned long cause = xchg(&zp->reset_cause, 0);
	bool running;

	if (cause == BIT(ZCNIC_RESET_TX_WATCHDOG))
		zp->tx_timeouts++;
	if (cause & BIT(ZCNIC_RESET_RX_STEP))
		zp->rx_out_of_step++;
	rtnl_lock();
	netdev_lock_ops(netdev);
	running = netif_running(netdev);
	if (running)
		zcnic_stop(netdev);
	zcnic_hw_stats_update(zp, true);
	zcnic_write_mac(zp, netdev->dev_addr);
	zcnic_arp_program(zp);
	zcnic_wr32(zp, ZCNIC_REG_INT_MASK, ZCNIC_INT_LINK | ZCNIC_INT_ERR |
		   ZCNIC_INT_ARP);
	if (running && zcnic_open(netdev))
		netdev_err(netdev, "could not reopen after reset\n");
	else if (running)
		zcnic_refresh_rx_mode(netdev);
	zp->resets++;
	netdev_info(netdev, "device reset done (%llu so far, cause %#lx)\n",
		    zp->resets, cause);
	netdev_unlock_ops(netdev);
	rtnl_unlock();
}

static void zcnic_tx_timeout(struct net_device *netdev, unsigned int txq)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	struct zcnic_queue *q = &zp->q[min(txq, zp->max_queues - 1)];

	netdev_err(netdev, "TX queue %u stuck: head %u tail %u, resetting\n",
		   q->idx, zcnic_qrd32(q, ZCNIC_Q_TX_HEAD),
		   zcnic_qrd32(q, ZCNIC_Q_TX_TAIL));
	zcnic_schedule_reset(zp, ZCNIC_RESET_TX_WATCHDOG);
}

static int zcnic_set_mac_address(struct net_device *netdev, void *p)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	int err;

	err = eth_mac_addr(netdev, p);
	if (err)
		return err;
	zcnic_write_mac(zp, netdev->dev_addr);
	return 0;
}

/* spec 4.7, 4.8: receive coalescing and the RSS hash follow the features */
static int zcnic_set_features(struct net_device *netdev,
			      netdev_features_t features)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	if ((features ^ netdev->features) & NETIF_F_GRO_HW)
		zcnic_wr32(zp, ZCNIC_REG_RX_GRO,
			   features & NETIF_F_GRO_HW ? ZCNIC_RX_GRO_EN : 0);
	/* spec 4.9: ntuple off forgets every rule, as ixgbe does */
	if ((features ^ netdev->features) & NETIF_F_NTUPLE &&
	    !(features & NETIF_F_NTUPLE))
		zcnic_nt_clear(zp);
	/* spec 4.8: the hash is written back while NETIF_F_RXHASH is on */
	if ((features ^ netdev->features) & NETIF_F_RXHASH)
		zcnic_wr32(zp, ZCNIC_REG_RSS_CTRL,
			   features & NETIF_F_RXHASH ? ZCNIC_RSS_CTRL_HASH : 0);
	/* spec 4.11: RX_CTRL.LOOPBACK */
	if ((features ^ netdev->features) & NETIF_F_LOOPBACK) {
		WRITE_ONCE(zp->loopback, !!(features & NETIF_F_LOOPBACK));
		zcnic_refresh_rx_mode(netdev);
	}
	return 0;
}

/* an XDP program sees frames as they were on the wire: no GRO_HW */
static netdev_features_t zcnic_fix_features(struct net_device *netdev,
					    netdev_features_t features)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	if (zp->xdp_prog || zp->xsk_count)
		features &= ~NETIF_F_GRO_HW;
	return features;
}

/*
 * spec 4.6: the device segments TCP/UDP over IPv4, or IPv6 without
 * extension headers, with at most 255 header bytes; the rest is GSO in
 * software.
 */
static netdev_features_t zcnic_features_check(struct sk_buff *skb,
					      struct net_device *netdev,
					      netdev_features_t features)
{
	unsigned int hlen;

	if (!skb_is_gso(skb))
		return features;
	hlen = skb_shinfo(skb)->gso_type & SKB_GSO_UDP_L4 ?
	       skb_transport_offset(skb) + sizeof(struct udphdr) :
	       skb_tcp_all_headers(skb);
	if (skb->encapsulation ||
	    hlen >= BIT(ZCNIC_TXD_SEG_HDR_LEN_WIDTH) ||
	    (skb->protocol == htons(ETH_P_IPV6) &&
	     skb_network_header_len(skb) != sizeof(struct ipv6hdr)))
		return features & ~NETIF_F_GSO_MASK;
	return features;
}

static const struct net_device_ops zcnic_netdev_ops = {
	.ndo_open		= zcnic_open,
	.ndo_stop		= zcnic_stop,
	.ndo_start_xmit		= zcnic_start_xmit,
	.ndo_set_mac_address	= zcnic_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
#ifdef ZCNIC_HAVE_SET_RX_MODE_ASYNC
	.ndo_set_rx_mode_async	= zcnic_set_rx_mode_async,
#else
	.ndo_set_rx_mode	= zcnic_set_rx_mode,
#endif
	.ndo_change_mtu		= zcnic_change_mtu,
	.ndo_get_stats64	= zcnic_get_stats64,
	.ndo_tx_timeout		= zcnic_tx_timeout,
	.ndo_fix_features	= zcnic_fix_features,
	.ndo_set_features	= zcnic_set_features,
	.ndo_features_check	= zcnic_features_check,
	.ndo_bpf		= zcnic_bpf,
	.ndo_xdp_xmit		= zcnic_xdp_xmit,
	.ndo_xsk_wakeup		= zcnic_xsk_wakeup,
};

/**
 * zcnic_check_version() - accept only a device interface this driver knows
 * @zp: device
 *
 * Return: 0, or -ENODEV for a missing device or an unknown major version.
 */
static int zcnic_check_version(struct zcnic_priv *zp)
{
	struct device *dev = &zp->pdev->dev;
	u32 id = zcnic_rd32(zp, ZCNIC_REG_ID);
	unsigned long major, minor;

	if (id != ZCNIC_ID_MAGIC) {
		dev_err(dev, "ID register reads %#x, expected %#x: not a zcnic\n",
			id, ZCNIC_ID_MAGIC);
		return -ENODEV;
	}
	zp->version = zcnic_rd32(zp, ZCNIC_REG_VERSION);
	major = FIELD_GET(ZCNIC_MASK(ZCNIC_VERSION_MAJOR), zp->version);
	minor = FIELD_GET(ZCNIC_MASK(ZCNIC_VERSION_MINOR), zp->version);
	if (major != ZCNIC_VERSION_MAJOR) {
		dev_err(dev,
			"device interface version %lu.%lu is not supported (driver supports %u.x), not binding\n",
			major, minor, ZCNIC_VERSION_MAJOR);
		return -ENODEV;
	}
	dev_info(dev, "device interface version %lu.%lu\n", major, minor);
	return 0;
}

/*
 * spec 4.10, 5: QUEUES, read once and bounded, and the vectors for them:
 * MSI-X with the misc vector and at least one queue's two, else the INTx
 * line and one queue.
 */
static int zcnic_setup_vectors(struct zcnic_priv *zp, u32 feat)
{
	struct pci_dev *pdev = zp->pdev;
	u32 queues = 1;

	if (feat & ZCNIC_FEAT_MQ) {
		queues = zcnic_rd32(zp, ZCNIC_REG_QUEUES);
		if (queues < 1 || queues > ZCNIC_QUEUES_MAX) {
			dev_warn(&pdev->dev, "QUEUES reads %u, using one queue\n",
				 queues);
			queues = 1;
		}
	}
	zp->nvecs = pci_alloc_irq_vectors(pdev, ZCNIC_MSIX_VECTORS(1),
					  ZCNIC_MSIX_VECTORS(queues),
					  PCI_IRQ_MSIX);
	if (zp->nvecs < 0)
		zp->nvecs = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_INTX);
	if (zp->nvecs < 0)
		return zp->nvecs;
	zp->max_queues = pdev->msix_enabled ?
			 min_t(u32, queues, (zp->nvecs - 1) / 2) : 1;
	zp->num_queues = min_t(u32, zp->max_queues,
			       netif_get_num_default_rss_queues());
	return 0;
}

/* Queue pairs and their NAPIs, all max_queues of them; vectors named. */
static int zcnic_setup_queues(struct zcnic_priv *zp)
{
	struct pci_dev *pdev = zp->pdev;
	struct device *dev = &pdev->dev;
	int err, vec;
	u32 i;

	for (i = 0; i < zp->max_queues; i++) {
		struct zcnic_queue *q = &zp->q[i];

		q->zp = zp;
		q->idx = i;
		q->regs = ZCNIC_REG_QUEUE(i);
		u64_stats_init(&q->tx_stats.syncp);
		u64_stats_init(&q->rx_stats.syncp);
		if (zp->tx_shadow) {
			q->tx_shadow = zp->tx_shadow + i * ZCNIC_SHADOW_SIZE / 4;
			q->tx_shadow_dma = zp->tx_shadow_dma +
					   i * ZCNIC_SHADOW_SIZE;
		}
		netif_napi_add(zp->netdev, &q->napi, zcnic_poll);
		/* the netdev family's NAPI "irq": the RX vector drives it */
		vec = pdev->msix_enabled ? ZCNIC_VEC_Q_RX(i) : 0;
		netif_napi_set_irq(&q->napi, pci_irq_vector(pdev, vec));
	}

	snprintf(zp->irq_name_misc, sizeof(zp->irq_name_misc), "%s-misc",
		 pci_name(pdev));
	err = devm_request_irq(dev, pci_irq_vector(pdev, ZCNIC_VEC_MISC),
			       zcnic_irq, pdev->msix_enabled ? 0 : IRQF_SHARED,
			       zp->irq_name_misc, zp);
	if (err)
		return dev_err_probe(dev, err, "cannot request IRQ %d\n",
				     ZCNIC_VEC_MISC);
	if (!pdev->msix_enabled)
		return 0;
	for (i = 0; i < zp->max_queues; i++) {
		struct zcnic_queue *q = &zp->q[i];
		int j;

		/* queue 0's are "-rx" and "-tx", as before queue pairs */
		for (j = 0; j < 2; j++) {
			vec = j ? ZCNIC_VEC_Q_TX(i) : ZCNIC_VEC_Q_RX(i);
			if (i)
				snprintf(q->irq_names[j], sizeof(q->irq_names[j]),
					 "%s-%s%u", pci_name(pdev),
					 j ? "tx" : "rx", i);
			else
				snprintf(q->irq_names[j], sizeof(q->irq_names[j]),
					 "%s-%s", pci_name(pdev),
					 j ? "tx" : "rx");
			err = devm_request_irq(dev, pci_irq_vector(pdev, vec),
					       zcnic_irq_queue, 0,
					       q->irq_names[j], q);
			if (err)
				return dev_err_probe(dev, err,
						     "cannot request IRQ %d\n",
						     vec);
		}
	}
	return 0;
}

static void zcnic_napi_del_all(struct zcnic_priv *zp)
{
	u32 i;

	for (i = 0; i < zp->max_queues; i++)
		netif_napi_del(&zp->q[i].napi);
}

static int zcnic_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct device *dev = &pdev->dev;
	struct net_device *netdev;
	struct zcnic_priv *zp;
	u8 mac[ETH_ALEN];
	int err;
	u32 feat;

	err = pcim_enable_device(pdev);
	if (err)
		return dev_err_probe(dev, err, "cannot enable device\n");
	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (err)
		return dev_err_probe(dev, err, "no usable DMA mask\n");
	pci_set_master(pdev);

	netdev = devm_alloc_etherdev_mqs(dev, sizeof(*zp), ZCNIC_QUEUES_MAX,
					 ZCNIC_QUEUES_MAX);
	if (!netdev)
		return -ENOMEM;
	SET_NETDEV_DEV(netdev, dev);
	zp = netdev_priv(netdev);
	zp->netdev = netdev;
	zp->pdev = pdev;
	pci_set_drvdata(pdev, zp);

	zp->regs = pcim_iomap_region(pdev, ZCNIC_BAR_REGS, ZCNIC_DRV_NAME);
	if (IS_ERR(zp->regs))
		return dev_err_probe(dev, PTR_ERR(zp->regs), "cannot map BAR%d\n",
				     ZCNIC_BAR_REGS);

	err = zcnic_check_version(zp);
	if (err)
		return err;

	/* Start from a known state: spec 3.4 */
	zcnic_wr32(zp, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);

	feat = zcnic_rd32(zp, ZCNIC_REG_FEATURES);
	err = zcnic_setup_vectors(zp, feat);
	if (err)
		return dev_err_probe(dev, err, "no interrupt vectors\n");
	if (feat & ZCNIC_FEAT_TX_SHADOW)	/* without it: TX_TAIL only */
		zp->tx_shadow = dmam_alloc_coherent(dev, zp->max_queues *
						    ZCNIC_SHADOW_SIZE,
						    &zp->tx_shadow_dma,
						    GFP_KERNEL);
	err = zcnic_setup_queues(zp);
	if (err) {
		zcnic_napi_del_all(zp);
		return err;
	}
	err = netif_set_real_num_tx_queues(netdev, zp->num_queues);
	if (!err)
		err = netif_set_real_num_rx_queues(netdev, zp->num_queues);
	if (err) {
		zcnic_napi_del_all(zp);
		return dev_err_probe(dev, err, "cannot set queue counts\n");
	}

	zcnic_read_mac(zp, mac);
	if (is_valid_ether_addr(mac)) {
		eth_hw_addr_set(netdev, mac);
	} else {
		dev_warn(dev, "device MAC %pM is invalid, using a random one\n",
			 mac);
		eth_hw_addr_random(netdev);
		zcnic_write_mac(zp, netdev->dev_addr);
	}

	netdev->netdev_ops = &zcnic_netdev_ops;
	netdev->stat_ops = &zcnic_stat_ops;
	netdev->queue_mgmt_ops = &zcnic_queue_mgmt_ops;
#ifdef ZCNIC_HAVE_NETMEM_TX_MODE
	/* devmem TX: the frags' DMA addresses are the dma-buf's */
	netdev->netmem_tx = NETMEM_TX_DMA;
#endif
	netdev->min_mtu = ETH_MIN_MTU;
	netdev->max_mtu = ZCNIC_MAX_MTU;
	netdev->watchdog_timeo = 5 * HZ;
	netdev->hw_features = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_RXCSUM;
	if (feat & ZCNIC_FEAT_TSO)
		netdev->hw_features |= NETIF_F_TSO | NETIF_F_TSO6;
	if (feat & ZCNIC_FEAT_USO)
		netdev->hw_features |= NETIF_F_GSO_UDP_L4;
	if (feat & ZCNIC_FEAT_RX_GRO)
		netdev->hw_features |= NETIF_F_GRO_HW;
	if (feat & ZCNIC_FEAT_NTUPLE) {
		zp->nt_capable = true;
		netdev->hw_features |= NETIF_F_NTUPLE;
	}
	if (feat & ZCNIC_FEAT_RSS_HASH) {
		/* spec 4.8: a random key, TCP by ports, the rest by address */
		zp->rss_capable = true;
		netdev_rss_key_fill(zp->rss_key, sizeof(zp->rss_key));
		zp->rss_fields = ZCNIC_RESET_RSS_FIELDS;
		netdev->hw_features |= NETIF_F_RXHASH;
		zcnic_rss_indir_default(zp);
	}
	netdev->features = netdev->hw_features | NETIF_F_HIGHDMA;
	/* spec 4.11: MAC loopback, off until ethtool -K loopback on */
	if (feat & ZCNIC_FEAT_LOOPBACK)
		netdev->hw_features |= NETIF_F_LOOPBACK;
	/*
	 * XDP: every action, multi-buffer frames (a program with xdp.frags),
	 * a redirect target whenever up (the stack's TX rings take the frames).
	 */
	netdev->xdp_features = NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
			       NETDEV_XDP_ACT_NDO_XMIT | NETDEV_XDP_ACT_RX_SG |
			       NETDEV_XDP_ACT_NDO_XMIT_SG |
			       NETDEV_XDP_ACT_XSK_ZEROCOPY;
	/*
	 * AF_XDP multi-buffer: a frame's buffers, both ways (the core checks
	 * a bind's MTU against it too): what the device sends in one frame
	 * and what one xdp_buff holds received (its frags and the head).
	 */
	netdev->xdp_zc_max_segs = min_t(u32, ZCNIC_TX_MAX_FRAGS,
					MAX_SKB_FRAGS + 1);
	netdev->xdp_metadata_ops = &zcnic_xdp_metadata_ops;
	netif_set_tso_max_size(netdev, ZCNIC_TSO_MAX_LEN);
	netif_set_tso_max_segs(netdev, ZCNIC_TSO_MAX_SEGS);
	zp->int_autoclr = feat & ZCNIC_FEAT_INT_AUTOCLR;
	zp->tx_shadow_want = true;
	zp->down = true;
	/* header split on by default when the device has it (spec 4.5) */
	zp->hdr_split = feat & ZCNIC_FEAT_HDR_SPLIT;
	zp->tx_ring_size = ZCNIC_RING_DEFAULT;
	zp->rx_ring_size = ZCNIC_RING_DEFAULT;
	spin_lock_init(&zp->hw_stats.lock);
	INIT_WORK(&zp->reset_work, zcnic_reset_task);
	timer_setup(&zp->service_timer, zcnic_service, 0);
	zcnic_set_ethtool_ops(netdev);
	netif_carrier_off(netdev);

	err = register_netdev(netdev);
	if (err) {
		zcnic_napi_del_all(zp);
		return dev_err_probe(dev, err, "cannot register netdev\n");
	}
	/* spec 8: answer ARP for the interface's addresses, from now on */
	err = zcnic_arp_init(zp);
	if (err) {
		unregister_netdev(netdev);
		zcnic_napi_del_all(zp);
		return dev_err_probe(dev, err, "cannot follow IPv4 addresses\n");
	}
	rtnl_lock();
	zcnic_arp_program(zp);
	/*
	 * Threaded NAPI (/sys/class/net/IF/threaded): receive processing in
	 * a kthread the scheduler shares the CPU with, not at interrupt exit.
	 * Under a flood of small packets softirq processing otherwise takes
	 * the whole CPU and the receiving application starves (docs/bench/
	 * udp-flood.csv: about 200 against 60 000-100 000 datagrams/s read).
	 */
	if (dev_set_threaded(netdev, NETDEV_NAPI_THREADED_ENABLED))
		netdev_warn(netdev, "no threaded NAPI: receive in softirq\n");
	rtnl_unlock();
	zcnic_wr32(zp, ZCNIC_REG_INT_MASK, ZCNIC_INT_LINK | ZCNIC_INT_ARP);

	netdev_info(netdev, "zcnic at %s, MAC %pM, %u of %u queue pairs\n",
		    pci_name(pdev), netdev->dev_addr, zp->num_queues,
		    zp->max_queues);
	return 0;
}

static void zcnic_remove(struct pci_dev *pdev)
{
	struct zcnic_priv *zp = pci_get_drvdata(pdev);

	unregister_netdev(zp->netdev);
	/* after: until then ethtool could turn arp-resolve on again */
	zcnic_arp_exit(zp);
	cancel_work_sync(&zp->reset_work);
	/* Quiesce before devres frees the IRQs, the vectors and the mapping. */
	zcnic_wr32(zp, ZCNIC_REG_INT_MASK, 0);
	zcnic_wr32(zp, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
	zcnic_napi_del_all(zp);
}

static const struct pci_device_id zcnic_pci_tbl[] = {
	{ PCI_DEVICE(ZCNIC_PCI_VENDOR_ID, ZCNIC_PCI_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, zcnic_pci_tbl);

static struct pci_driver zcnic_driver = {
	.name		= ZCNIC_DRV_NAME,
	.id_table	= zcnic_pci_tbl,
	.probe		= zcnic_probe,
	.remove		= zcnic_remove,
};
static int __init zcnic_init(void)
{
	int err;

	zcnic_debugfs_init();
	err = pci_register_driver(&zcnic_driver);
	if (err)
		zcnic_debugfs_exit();
	return err;
}
module_init(zcnic_init);

static void __exit zcnic_exit(void)
{
	pci_unregister_driver(&zcnic_driver);
	zcnic_debugfs_exit();
}
module_exit(zcnic_exit);

MODULE_DESCRIPTION("zcnic zero-copy NIC model driver");
MODULE_LICENSE("GPL");
