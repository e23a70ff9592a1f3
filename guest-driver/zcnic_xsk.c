// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic: AF_XDP zero copy.
 *
 * A queue with an AF_XDP socket's buffer pool (XDP_SETUP_XSK_POOL) posts
 * the socket's UMEM frames as its RX buffers: the device writes each frame
 * straight into the page the application reads, and XDP_REDIRECT to the
 * socket hands the frame over without a copy.  Its TX ring sends frames
 * from the UMEM as the socket's TX ring gives them, in NAPI, beside what
 * the stack sends.  The batch calls take and give frames many at a time:
 * xsk_buff_alloc_batch for RX, xsk_tx_peek_release_desc_batch for TX.
 * need_wakeup: the driver asks the socket for a wakeup (ndo_xsk_wakeup
 * schedules the queue's NAPI) while the fill ring is dry, and, as igb does,
 * always after TX.
 *
 * A pool is bound or unbound with the interface stopped and started again;
 * while any is bound header split is suspended and GRO_HW is off.
 * Multi-buffer, for a socket bound with XDP_USE_SG: a frame longer than a
 * UMEM frame arrives in several (the first one's frags, the socket's
 * XDP_PKT_CONTD), and the socket sends frames of up to xdp_zc_max_segs
 * descriptors.  Without XDP_USE_SG such a frame is dropped and counted.
 *
 * In the shape of igb's igb_xsk.c (Linux 6.14) and tsnep.
 */

#include <linux/bpf_trace.h>
#include <linux/etherdevice.h>
#include <linux/filter.h>
#include <net/xdp_sock_drv.h>

#include "zcnic.h"

/*
 * A UMEM buffer that is no frame (or not yet one) back to the pool.  Its
 * flags are from its last use: a frame's first buffer still says it has
 * frags, and xsk_buff_free would free the pool's list of them, which may
 * be another frame's now.
 */
static void zcnic_xsk_buf_free(struct xdp_buff *xdp)
{
	xsk_buff_set_size(xdp, 0);
	xsk_buff_free(xdp);
}

/* the UMEM frames posted to the device go back to the pool */
void zcnic_xsk_rxq_free(struct zcnic_rxq_mem *m)
{
	u32 i;

	if (m->xsk_head) {
		xsk_buff_free(m->xsk_head);	/* its frags too */
		m->xsk_head = NULL;
	}
	m->xsk_bufs_in = 0;
	m->xsk_len = 0;
	m->xsk_skip = false;
	if (!m->xsk_bufs)
		return;
	for (i = 0; i < m->rx.size; i++) {
		if (m->xsk_bufs[i])
			zcnic_xsk_buf_free(m->xsk_bufs[i]);
		m->xsk_bufs[i] = NULL;
	}
	kfree(m->xsk_bufs);
	m->xsk_bufs = NULL;
}

/*
 * Post every free RX descriptor a UMEM frame from the fill ring, then ring
 * the doorbell once.  An empty fill ring asks the socket for a wakeup.
 */
void zcnic_xsk_refill(struct zcnic_queue *q)
{
	struct xsk_buff_pool *pool = q->xsk_pool;
	u32 len = xsk_pool_get_rx_frame_size(pool);
	struct zcnic_ring *r = &q->rx;
	u32 n = zcnic_ring_free(r), posted = 0, got, i, idx;

	if (unlikely(READ_ONCE(q->zp->dev_lied)))
		return;
	while (n) {
		/* in ring order: up to the end of the ring, then from 0 */
		got = xsk_buff_alloc_batch(pool, &q->xsk_bufs[r->next],
					   min(n, r->size - r->next));
		if (!got)
			break;
		for (i = 0; i < got; i++) {
			struct zcnic_desc *d;
			u64 old;

			idx = r->next;
			d = &r->desc[idx];
			old = le64_to_cpu(READ_ONCE(d->cmd));
			/* zcnic_rx_clean_zc cleared it: not posted since */
			if (unlikely(old & ZCNIC_DESC_DONE)) {
				zcnic_dev_lied(q->zp, &q->rx_stats,
					       &q->rx_stats.unowned_done,
					       "RX DONE on a descriptor not posted",
					       idx, old);
				/* the rest of the batch back to the pool */
				for (; i < got; i++) {
					zcnic_xsk_buf_free(q->xsk_bufs[idx]);
					q->xsk_bufs[idx] = NULL;
					idx = zcnic_ring_inc(r, idx);
				}
				goto out;
			}
			d->addr = cpu_to_le64(xsk_buff_xdp_get_dma(q->xsk_bufs[idx]));
			d->cmd = cpu_to_le64(FIELD_PREP(ZCNIC_MASK(ZCNIC_DESC_LEN),
							len));
			r->next = zcnic_ring_inc(r, idx);
			posted++;
		}
		n -= got;
	}
out:
	if (xsk_uses_need_wakeup(pool)) {
		if (zcnic_ring_free(r))
			xsk_set_rx_need_wakeup(pool);
		else
			xsk_clear_rx_need_wakeup(pool);
	}
	if (!posted)
		return;
	dma_wmb();	/* descriptors visible before the tail moves */
	zcnic_qwr32(q, ZCNIC_Q_RX_TAIL, r->next);
}

/*
 * Chain FRAG (a frame's next UMEM buffer) to the frame's first, HEAD, of
 * Q's frame in assembly (xsk_bufs_in buffers, xsk_len bytes so far): its
 * skb_shared_info for the program, the pool's list for the socket.
 * Return: false if the frame has MAX_SKB_FRAGS already.
 */
static bool zcnic_xsk_add_frag(struct zcnic_queue *q, struct xdp_buff *head,
			       struct xdp_buff *frag)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(head);
	u32 frags_size = q->xsk_len - (head->data_end - head->data);
	u32 nr = q->xsk_bufs_in - 1;	/* frags so far, of FRAGS_SIZE bytes */

	if (nr >= MAX_SKB_FRAGS)
		return false;
	/*
	 * The shared info is in the UMEM, which the application can write:
	 * its count and size are set from the driver's own, never taken from
	 * there.
	 */
#if ZCNIC_KERNEL_BEFORE(6, 15)
	{
		void *data = frag->data;
		u32 size = frag->data_end - frag->data;
		struct page *page;

		xdp_buff_set_frags_flag(head);
		/* the UMEM is vmapped: its pages are not the direct map's */
		page = is_vmalloc_addr(data) ? vmalloc_to_page(data) :
					       virt_to_page(data);
		__skb_fill_page_desc_noacc(sinfo, nr, page,
					   offset_in_page(data), size);
		sinfo->nr_frags = nr + 1;
		sinfo->xdp_frags_size = frags_size + size;
		xsk_buff_add_frag(frag);
	}
	return true;
#else
	/* the kernel's helper reads them: set just before */
	if (xdp_buff_has_frags(head)) {
		WRITE_ONCE(sinfo->nr_frags, nr);
		WRITE_ONCE(sinfo->xdp_frags_size, frags_size);
	}
	return xsk_buff_add_frag(head, frag);
#endif
}

/*
 * XDP_PASS: the stack gets a copy (metadata in front, then the frags'
 * bytes, from the pool's list: what the program left, sized by the
 * buffers themselves, never by the shared info in the UMEM); the UMEM
 * frames go back to the pool (the caller).
 */
static struct sk_buff *zcnic_xsk_build_skb(struct zcnic_queue *q,
					   struct xdp_buff *xdp)
{
	struct xdp_buff_xsk *head = container_of(xdp, struct xdp_buff_xsk, xdp);
	u32 metasize = xdp->data - xdp->data_meta;
	u32 len = xdp->data_end - xdp->data_meta;
	struct xdp_buff_xsk *pos;
	u32 total = len, n;
	struct sk_buff *skb;

	if (xdp_buff_has_frags(xdp))
		list_for_each_entry(pos, &head->pool->xskb_list, list_node)
			total += pos->xdp.data_end - pos->xdp.data;
	skb = napi_alloc_skb(&q->napi, total);
	if (unlikely(!skb))
		return NULL;
	skb_put_data(skb, xdp->data_meta, len);
	if (xdp_buff_has_frags(xdp)) {
		list_for_each_entry(pos, &head->pool->xskb_list, list_node) {
			n = min_t(u32, pos->xdp.data_end - pos->xdp.data,
				  skb_tailroom(skb));
			skb_put_data(skb, pos->xdp.data, n);
		}
	}
	if (metasize) {
		__skb_pull(skb, metasize);
		skb_metadata_set(skb, metasize);
	}
	return skb;
}

static void zcnic_xsk_count(struct zcnic_queue *q, u64 *ctr, u32 len,
			    bool copy)
{
	struct zcnic_ring_stats *st = &q->rx_stats;

	u64_stats_update_begin(&st->syncp);
	(*ctr)++;
	st->packets++;
	st->bytes += len;
	if (copy)
		st->xsk_copy++;
	u64_stats_update_end(&st->syncp);
}

static void zcnic_xsk_reject(struct zcnic_queue *q, u64 *ctr)
{
	struct zcnic_ring_stats *st = &q->rx_stats;

	u64_stats_update_begin(&st->syncp);
	(*ctr)++;
	st->errors++;
	u64_stats_update_end(&st->syncp);
}

/*
 * One frame, its first UMEM buffer XDP with the rest as frags (CMD the
 * last one's write-back, W0 its word 0): run PROG, act.  Return: an skb
 * for the stack (XDP_PASS), or NULL.
 */
static struct sk_buff *zcnic_xsk_run(struct zcnic_queue *q,
				     struct bpf_prog *prog,
				     struct xdp_buff *xdp, u64 cmd, u64 w0,
				     u32 *flags)
{
	struct zcnic_xdp_buff *xb = (struct zcnic_xdp_buff *)xdp;
	struct net_device *netdev = q->zp->netdev;
	struct zcnic_ring_stats *st = &q->rx_stats;
	dma_addr_t dma = xsk_buff_xdp_get_dma(xdp);
	struct xdp_frame *xdpf;
	struct sk_buff *skb;
	u32 act, len;

	xb->cmd = cmd;
	xb->w0 = w0;
	xb->rss = netdev->features & NETIF_F_RXHASH;
	act = prog ? bpf_prog_run_xdp(prog, xdp) : XDP_PASS;
	len = xdp_get_buff_len(xdp);
	switch (act) {
	case XDP_REDIRECT:
		/* to the socket: the frame is its own, nothing copied */
		if (unlikely(xdp_do_redirect(netdev, xdp, prog))) {
			zcnic_xsk_count(q, &st->xdp_redirect_err, len, false);
			break;
		}
		WRITE_ONCE(q->xsk_last_dma, dma);
		zcnic_xsk_count(q, &st->xdp_redirect, len, false);
		*flags |= ZCNIC_XDP_REDIR_DONE;
		return NULL;
	case XDP_PASS:
		skb = zcnic_xsk_build_skb(q, xdp);
		xsk_buff_free(xdp);
		if (unlikely(!skb)) {
			zcnic_stat_inc(st, &st->dropped);
			return NULL;
		}
		/* the caller counts it as a received frame */
		u64_stats_update_begin(&st->syncp);
		st->xdp_pass++;
		st->xsk_copy++;
		u64_stats_update_end(&st->syncp);
		return skb;
	case XDP_TX:
		/*
		 * A copy in a page of its own (the UMEM frame goes back).  The
		 * core's copy takes the first buffer only: a frame of several
		 * is not sent.
		 */
		if (unlikely(xdp_buff_has_frags(xdp))) {
			trace_xdp_exception(netdev, prog, act);
			zcnic_xsk_count(q, &st->xdp_tx_err, len, false);
			break;
		}
		xdpf = xdp_convert_buff_to_frame(xdp);
		if (unlikely(!xdpf)) {
			zcnic_xsk_count(q, &st->xdp_tx_err, len, false);
			break;
		}
		if (zcnic_xdp_tx_locked(q, xdpf, false)) {
			xdp_return_frame(xdpf);
			trace_xdp_exception(netdev, prog, act);
			zcnic_xsk_count(q, &st->xdp_tx_err, len, true);
			return NULL;
		}
		zcnic_xsk_count(q, &st->xdp_tx, len, true);
		*flags |= ZCNIC_XDP_TX_DONE;
		return NULL;
	case XDP_DROP:
		zcnic_xsk_count(q, &st->xdp_drop, len, false);
		break;
	default:
		bpf_warn_invalid_xdp_action(netdev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		trace_xdp_exception(netdev, prog, act);
		zcnic_xsk_count(q, &st->xdp_aborted, len, false);
		break;
	}
	xsk_buff_free(xdp);
	return NULL;
}

/* Drop the frame in assembly (and what is left of it, to its EOP). */
static void zcnic_xsk_drop_frame(struct zcnic_queue *q, bool eop)
{
	if (q->xsk_head) {
		xsk_buff_free(q->xsk_head);	/* its frags too */
		q->xsk_head = NULL;
	}
	q->xsk_bufs_in = 0;
	q->xsk_len = 0;
	q->xsk_skip = !eop;
}

/**
 * zcnic_rx_clean_zc() - receive into an AF_XDP socket's UMEM
 * @q: a queue with a pool
 * @budget: buffers at most
 *
 * A frame is one UMEM buffer, or, for a socket bound with XDP_USE_SG,
 * several: the first, then the others as its frags, up to the one with
 * EOP, across polls if need be.  A frame of several for a socket without
 * it is dropped and counted (the UMEM frame has no room for the frag
 * list; the core would refuse it anyway).  A write-back with header split
 * or GRO is refused, as is a length beyond the buffer posted, a frame
 * beyond the MTU, of more than MAX_SKB_FRAGS + 1 buffers, or of several
 * for a program without xdp.frags: the whole frame is dropped and
 * counted.
 *
 * Return: buffers done.
 */
int zcnic_rx_clean_zc(struct zcnic_queue *q, int budget)
{
	struct bpf_prog *prog = READ_ONCE(q->zp->xdp_prog);
	u32 max = xsk_pool_get_rx_frame_size(q->xsk_pool);
	bool sg = q->xsk_pool->umem->flags & XDP_UMEM_SG_FLAG;
	struct net_device *netdev = q->zp->netdev;
	struct zcnic_ring *r = &q->rx;
	u32 flags = 0, pkts = 0, bytes = 0;
	int done = 0;

	while (done < budget && r->clean != r->next) {
		struct xdp_buff *xdp = q->xsk_bufs[r->clean];
		u64 cmd = le64_to_cpu(READ_ONCE(r->desc[r->clean].cmd));
		bool eop = cmd & ZCNIC_DESC_EOP;
		u32 len, idx, nbufs, flen;
		struct xdp_buff *head;
		struct sk_buff *skb;
		u64 w0 = 0;

		if (!(cmd & ZCNIC_DESC_DONE))
			break;
		dma_rmb();
		idx = r->clean;
		WRITE_ONCE(r->desc[idx].cmd, 0);
		q->xsk_bufs[idx] = NULL;
		r->clean = zcnic_ring_inc(r, idx);
		done++;
		len = FIELD_GET(ZCNIC_MASK(ZCNIC_DESC_LEN), cmd);
		if (unlikely(q->xsk_skip)) {
			/* the rest of a frame dropped */
			if (xdp)
				zcnic_xsk_buf_free(xdp);
			q->xsk_skip = !eop;
			continue;
		}
		if (unlikely(!xdp || len > max ||
			     (!q->xsk_head && len < ETH_HLEN) ||
			     (cmd & (ZCNIC_RXD_SPLIT | ZCNIC_RXD_GRO)))) {
			net_err_ratelimited("%s: bad RX write-back %#llx\n",
					    netdev->name, cmd);
			zcnic_xsk_reject(q, &q->rx_stats.bad_wb);
			if (xdp)
				zcnic_xsk_buf_free(xdp);
			zcnic_xsk_drop_frame(q, eop);
			continue;
		}
		if (unlikely(!eop && !sg)) {
			/*
			 * Without XDP_USE_SG a UMEM frame has no tailroom for
			 * the frame's frag list (skb_shared_info): one buffer
			 * a frame.
			 */
			zcnic_xsk_buf_free(xdp);
			zcnic_xsk_reject(q, &q->rx_stats.bad_frame);
			zcnic_xsk_drop_frame(q, false);
			continue;
		}
		xsk_buff_set_size(xdp, len);
		xsk_buff_dma_sync_for_cpu(xdp);
		if (!q->xsk_head) {
			q->xsk_head = xdp;
			q->xsk_bufs_in = 1;
			q->xsk_len = len;
		} else if (unlikely(!zcnic_xsk_add_frag(q, q->xsk_head, xdp))) {
			net_err_ratelimited("%s: bad RX frame, over %u buffers\n",
					    netdev->name, q->xsk_bufs_in);
			xsk_buff_free(xdp);
			zcnic_xsk_reject(q, &q->rx_stats.bad_frame);
			zcnic_xsk_drop_frame(q, eop);
			continue;
		} else {
			q->xsk_bufs_in++;
			q->xsk_len += len;
		}
		if (!eop)
			continue;
		head = q->xsk_head;
		nbufs = q->xsk_bufs_in;
		flen = q->xsk_len;
		q->xsk_head = NULL;
		q->xsk_bufs_in = 0;
		q->xsk_len = 0;
		/* several buffers only for a program that takes them */
		if (unlikely(flen > netdev->mtu + VLAN_ETH_HLEN ||
			     (nbufs > 1 && prog && !prog->aux->xdp_has_frags))) {
			net_err_ratelimited("%s: bad RX frame, %u bytes in %u buffers, %#llx\n",
					    netdev->name, flen, nbufs, cmd);
			xsk_buff_free(head);
			zcnic_xsk_reject(q, &q->rx_stats.bad_frame);
			continue;
		}
		if (FIELD_GET(ZCNIC_MASK(ZCNIC_RXD_RSS_TYPE), cmd))
			w0 = le64_to_cpu(READ_ONCE(r->desc[idx].addr));
		skb = zcnic_xsk_run(q, prog, head, cmd, w0, &flags);
		if (!skb)
			continue;
		skb->protocol = eth_type_trans(skb, netdev);
		if ((netdev->features & NETIF_F_RXCSUM) &&
		    (cmd & ZCNIC_RXD_L4_CSUM_OK) && !(cmd & ZCNIC_RXD_CSUM_BAD))
			skb->ip_summed = CHECKSUM_UNNECESSARY;
		pkts++;
		bytes += skb->len + ETH_HLEN;
		napi_gro_receive(&q->napi, skb);
	}
	if (pkts) {
		u64_stats_update_begin(&q->rx_stats.syncp);
		q->rx_stats.packets += pkts;
		q->rx_stats.bytes += bytes;
		u64_stats_update_end(&q->rx_stats.syncp);
	}
	if (flags)
		zcnic_xdp_finish(q, flags);
	if (zcnic_ring_free(r) >= min_t(u32, 16, r->size / 2))
		zcnic_xsk_refill(q);
	return done;
}

/*
 * The socket's descriptors FIRST..LAST (of POOL's batch) are a frame the
 * device would refuse (spec 4.3: a descriptor error, and a reset): not
 * sent, given back to the socket as completed in its order, after the
 * descriptors posted before them.
 */
static void zcnic_xsk_tx_drop(struct zcnic_queue *q, u32 first, u32 last)
{
	struct zcnic_ring *r = &q->tx;
	u32 n = last - first + 1;

	net_warn_ratelimited("%s: AF_XDP on queue %u: a frame of %u descriptors the device does not take (longer than %u bytes or %u descriptors, or an empty one): not sent\n",
			     q->zp->netdev->name, q->idx, n, ZCNIC_MAX_FRAME,
			     ZCNIC_TX_MAX_FRAGS);
	u64_stats_update_begin(&q->tx_stats.syncp);
	q->tx_stats.xsk_bad++;
	q->tx_stats.dropped++;
	u64_stats_update_end(&q->tx_stats.syncp);
	if (r->clean == r->next)
		xsk_tx_completed(q->xsk_pool, n);	/* none before them */
	else
		q->tx_bufs[(r->next ? r->next : r->size) - 1].xsk_drop += n;
}

/**
 * zcnic_xsk_xmit() - send what the AF_XDP socket's TX ring holds
 * @q: a queue with a pool
 * @budget: descriptors at most
 *
 * From NAPI, under the TX queue's lock: the stack shares the ring.  Each
 * UMEM buffer is one descriptor, sent in place; a frame's last has EOP
 * (the core gives whole frames only, of xdp_zc_max_segs at most).  A frame
 * the device would refuse is not sent (zcnic_xsk_tx_drop).
 *
 * Return: true if all the socket had was taken.
 */
bool zcnic_xsk_xmit(struct zcnic_queue *q, u32 budget)
{
	struct xsk_buff_pool *pool = q->xsk_pool;
	struct xdp_desc *descs = pool->tx_descs;
	struct zcnic_ring *r = &q->tx;
	u32 n, nb, i, j, idx, total, frames = 0;
	struct netdev_queue *nq;
	bool bad;

	/* netpoll (budget 0) may run while this CPU holds the lock */
	if (!budget)
		return true;
	nq = netdev_get_tx_queue(q->zp->netdev, q->idx);
	__netif_tx_lock(nq, smp_processor_id());
	/*
	 * Room for a frame of the most descriptors at least: the core gives
	 * whole frames only, and busy polling's budget is 8.
	 */
	n = min(max_t(u32, budget, ZCNIC_TX_MAX_FRAGS), zcnic_ring_free(r));
	smp_rmb();	/* the slots' words after the clean index freed them */
	if (unlikely(READ_ONCE(q->zp->dev_lied) || READ_ONCE(q->zp->down) ||
		     !zcnic_tx_slots_free(q, r->next, n))) {
		__netif_tx_unlock(nq);
		return true;
	}
	txq_trans_cond_update(nq);
	nb = n ? xsk_tx_peek_release_desc_batch(pool, n) : 0;
	for (i = 0; i < nb; i = j + 1) {
		/* one frame: its descriptors up to the one with EOP */
		total = 0;
		bad = false;
		for (j = i; j < nb; j++) {
			total += descs[j].len;
			bad |= !descs[j].len;
			if (xsk_is_eop_desc(&descs[j]))
				break;
		}
		if (unlikely(j == nb)) {
			j = nb - 1;	/* no EOP: the core gives whole frames */
			bad = true;
		}
		if (unlikely(bad || total > ZCNIC_MAX_FRAME ||
			     j - i + 1 > ZCNIC_TX_MAX_FRAGS)) {
			zcnic_xsk_tx_drop(q, i, j);
			continue;
		}
		for (; i <= j; i++) {
			bool eop = i == j;
			struct zcnic_tx_buf *b;
			dma_addr_t dma;

			idx = r->next;
			b = &q->tx_bufs[idx];
			dma = xsk_buff_raw_get_dma(pool, descs[i].addr);
			xsk_buff_raw_dma_sync_for_device(pool, dma,
							 descs[i].len);
			b->dma = dma;
			b->len = descs[i].len;
			b->map = ZCNIC_MAP_NONE;
			b->xsk = true;
			b->bytes = descs[i].len;
			b->segs = eop;	/* a frame counts at its last */
			r->desc[idx].addr = cpu_to_le64(dma);
			r->desc[idx].cmd =
				cpu_to_le64(FIELD_PREP(ZCNIC_MASK(ZCNIC_DESC_LEN),
						       descs[i].len) |
					    (eop ? ZCNIC_DESC_EOP : 0));
			r->next = zcnic_ring_inc(r, idx);
		}
		frames++;
	}
	if (frames) {
		zcnic_tx_kick(q);
		u64_stats_update_begin(&q->tx_stats.syncp);
		q->tx_stats.xsk_xmit += frames;
		u64_stats_update_end(&q->tx_stats.syncp);
	}
	__netif_tx_unlock(nq);
	if (xsk_uses_need_wakeup(pool))
		xsk_set_tx_need_wakeup(pool);
	return nb < n || !n;
}

/**
 * zcnic_xsk_wakeup() - ndo_xsk_wakeup: the socket has work for queue QID
 * @netdev: the device
 * @qid: queue
 * @flags: XDP_WAKEUP_RX, XDP_WAKEUP_TX
 *
 * Return: 0, -ENETDOWN or -EINVAL (no pool on that queue).
 */
int zcnic_xsk_wakeup(struct net_device *netdev, u32 qid, u32 flags)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	struct zcnic_queue *q;

	if (READ_ONCE(zp->down))
		return -ENETDOWN;
	if (qid >= READ_ONCE(zp->num_queues))
		return -EINVAL;
	q = &zp->q[qid];
	if (!READ_ONCE(q->xsk_pool))
		return -EINVAL;
	if (!napi_if_scheduled_mark_missed(&q->napi)) {
		local_bh_disable();
		napi_schedule(&q->napi);
		local_bh_enable();
	}
	return 0;
}

/**
 * zcnic_xsk_pool_setup() - XDP_SETUP_XSK_POOL: bind or unbind queue QID's
 *	pool
 * @netdev: the device, under RTNL
 * @pool: the pool, NULL to unbind
 * @qid: queue
 *
 * Return: 0 or a negative errno.
 */
int zcnic_xsk_pool_setup(struct net_device *netdev,
			 struct xsk_buff_pool *pool, u16 qid)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	bool running = netif_running(netdev);
	struct xsk_buff_pool *old;
	int err;

	/* zcnic_xsk_run's fields fit the UMEM frame's xdp_buff_xsk */
	XSK_CHECK_PRIV_TYPE(struct zcnic_xdp_buff);
	if (qid >= zp->max_queues)
		return -EINVAL;
	old = zp->xsk_pools[qid];
	if (pool == old)
		return 0;
	if (pool) {
		if (old)
			return -EBUSY;
		err = xsk_pool_dma_map(pool, &zp->pdev->dev, 0);
		if (err)
			return err;
	}
	if (running)
		netdev->netdev_ops->ndo_stop(netdev);
	zp->xsk_pools[qid] = pool;
	zp->xsk_count += pool ? 1 : -1;
	if (!pool)
		xsk_pool_dma_unmap(old, 0);
	/* GRO_HW follows (zcnic_fix_features) */
	netdev_update_features(netdev);
	/*
	 * The pool is the queue's now: a failed reopen leaves the interface
	 * down (as after ethtool -G), not the core believing it unbound.
	 */
	if (running && netdev->netdev_ops->ndo_open(netdev))
		netdev_err(netdev, "could not reopen after the AF_XDP change on queue %u\n",
			   qid);
	return 0;
}
