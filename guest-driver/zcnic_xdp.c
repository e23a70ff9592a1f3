// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic: native XDP.
 *
 * With a program attached every RX buffer starts XDP_PACKET_HEADROOM into
 * its page-pool page (zcnic_rxq_alloc), header split is suspended (spec
 * 4.5: the headers would be in another buffer) and GRO_HW is off (the
 * program sees frames as they were on the wire).  A frame of several
 * buffers (MTU above ZCNIC_XDP_MAX_MTU_SB) is a multi-buffer xdp_buff: its
 * first buffer and the rest as frags, for programs that declare xdp.frags.
 *
 * XDP_TX and ndo_xdp_xmit share the stack's TX rings, under the TX queue's
 * lock, as igb does: XDP_TX on the queue that received the frame, sending
 * from the pool's own mapping; ndo_xdp_xmit on the queue of the CPU,
 * mapping each frame.  Neither counts in byte queue limits.
 */

#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/etherdevice.h>
#include <linux/filter.h>
#include <net/page_pool/helpers.h>
#include <net/xdp.h>

#include "zcnic.h"

/* Give back the pages of Q's frame in assembly (M is the RX side it has). */
void zcnic_xdp_buff_free(struct zcnic_queue *q, struct zcnic_rxq_mem *m)
{
	struct xdp_buff *xdp = &m->xb.xdp;
	struct skb_shared_info *sinfo;
	bool direct = !!q;	/* from the queue's NAPI */
	u32 i;

	if (!m->xb.busy)
		return;
	m->xb.busy = false;
	if (xdp_buff_has_frags(xdp)) {
		sinfo = xdp_get_shared_info_from_buff(xdp);
		for (i = 0; i < sinfo->nr_frags; i++)
			page_pool_put_full_page(m->page_pool,
						skb_frag_page(&sinfo->frags[i]),
						direct);
	}
	page_pool_put_full_page(m->page_pool,
				virt_to_page(xdp->data_hard_start), direct);
}

/*
 * Append one received buffer (LEN bytes, behind the headroom) to the frame
 * in assembly.  The page is the frame's from here on.
 * Return: false if the frame must be dropped.
 */
bool zcnic_rx_xdp_add(struct zcnic_queue *q, struct zcnic_rx_buf *b, u32 len)
{
	struct xdp_buff *xdp = &q->xb.xdp;
	/* with XDP the pool is never a memory provider's: pages */
	struct page *page = netmem_to_page(b->netmem);
	struct skb_shared_info *sinfo;

	page_pool_dma_sync_for_cpu(q->page_pool, page, 0, len);
	if (!len && q->xb.busy) {
		/* nothing in it: no empty frag */
		page_pool_recycle_direct(q->page_pool, page);
		b->netmem = 0;
		return true;
	}
	if (!q->xb.busy) {
		xdp_init_buff(xdp, PAGE_SIZE, &q->xdp_rxq);
		xdp_prepare_buff(xdp, page_address(page),
				 XDP_PACKET_HEADROOM, len, true);
		q->xb.busy = true;
		b->netmem = 0;
		return true;
	}
	sinfo = xdp_get_shared_info_from_buff(xdp);
	if (!xdp_buff_has_frags(xdp)) {
		xdp_buff_set_frags_flag(xdp);
		sinfo->nr_frags = 0;
		sinfo->xdp_frags_size = 0;
	}
	if (sinfo->nr_frags >= MAX_SKB_FRAGS)
		return false;
	skb_frag_fill_page_desc(&sinfo->frags[sinfo->nr_frags++], page,
				XDP_PACKET_HEADROOM, len);
	sinfo->xdp_frags_size += len;
	if (page_is_pfmemalloc(page))
		xdp_buff_set_frag_pfmemalloc(xdp);
	b->netmem = 0;
	return true;
}

/*
 * XDP_PASS: an skb around the frame's pages, as the program left it (its
 * metadata in front, its frags behind).
 */
static struct sk_buff *zcnic_xdp_build_skb(struct zcnic_queue *q)
{
	struct xdp_buff *xdp = &q->xb.xdp;
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);
	u32 nr_frags = 0, frags_size = 0, metasize;
	bool pfmemalloc = false;
	struct sk_buff *skb;

	/* napi_build_skb clears the shared info up to the frags */
	if (xdp_buff_has_frags(xdp)) {
		nr_frags = sinfo->nr_frags;
		frags_size = sinfo->xdp_frags_size;
		pfmemalloc = xdp->flags & XDP_FLAGS_FRAGS_PF_MEMALLOC;
	}
	skb = napi_build_skb(xdp->data_hard_start, xdp->frame_sz);
	if (unlikely(!skb))
		return NULL;
	skb_mark_for_recycle(skb);
	skb_reserve(skb, xdp->data - xdp->data_hard_start);
	__skb_put(skb, xdp->data_end - xdp->data);
	metasize = xdp->data - xdp->data_meta;
	if (metasize)
		skb_metadata_set(skb, metasize);
	if (nr_frags) {
		sinfo = skb_shinfo(skb);
		sinfo->nr_frags = nr_frags;
		sinfo->destructor_arg = NULL;	/* 7.x: shares xdp_frags_size */
		skb->len += frags_size;
		skb->data_len += frags_size;
		skb->truesize += nr_frags * PAGE_SIZE;
		skb->pfmemalloc |= pfmemalloc;
	}
	return skb;
}

static void zcnic_xdp_count(struct zcnic_queue *q, u64 *ctr, u32 len)
{
	struct zcnic_ring_stats *st = &q->rx_stats;

	u64_stats_update_begin(&st->syncp);
	(*ctr)++;
	st->packets++;
	st->bytes += len;
	u64_stats_update_end(&st->syncp);
}

/*
 * The frame in assembly is complete (its EOP descriptor's words CMD and
 * W0): check it, run PROG on it, act.
 * Return: the skb for the stack (XDP_PASS), or NULL when the program took
 * the frame or it was refused.  *FLAGS gathers ZCNIC_XDP_TX_DONE and
 * ZCNIC_XDP_REDIR_DONE for zcnic_xdp_finish.
 */
struct sk_buff *zcnic_rx_xdp(struct zcnic_queue *q, struct bpf_prog *prog,
			     u64 cmd, u64 w0, u32 *flags)
{
	struct zcnic_priv *zp = q->zp;
	struct net_device *netdev = zp->netdev;
	struct xdp_buff *xdp = &q->xb.xdp;
	struct zcnic_ring_stats *st = &q->rx_stats;
	struct xdp_frame *xdpf;
	struct sk_buff *skb;
	u32 len = xdp_get_buff_len(xdp), act;

	/*
	 * spec 4.7: no coalescing while a program is attached (GRO_HW off);
	 * several buffers only for a program that takes them (the MTU fits
	 * one buffer otherwise).
	 */
	if (unlikely((cmd & ZCNIC_RXD_GRO) || len < ETH_HLEN ||
		     len > netdev->mtu + VLAN_ETH_HLEN ||
		     (xdp_buff_has_frags(xdp) && prog &&
		      !prog->aux->xdp_has_frags))) {
		net_err_ratelimited("%s: bad RX frame, %u bytes, %#llx\n",
				    netdev->name, len, cmd);
		zcnic_xdp_buff_free(q, &q->rxm);
		u64_stats_update_begin(&st->syncp);
		if (cmd & ZCNIC_RXD_GRO)
			st->bad_gro++;
		else
			st->bad_frame++;
		st->errors++;
		u64_stats_update_end(&st->syncp);
		return NULL;
	}
	q->xb.cmd = cmd;
	q->xb.w0 = w0;
	q->xb.rss = netdev->features & NETIF_F_RXHASH;
	act = prog ? bpf_prog_run_xdp(prog, xdp) : XDP_PASS;
	len = xdp_get_buff_len(xdp);
	switch (act) {
	case XDP_PASS:
		skb = zcnic_xdp_build_skb(q);
		if (unlikely(!skb))
			break;
		q->xb.busy = false;
		zcnic_stat_inc(st, &st->xdp_pass);
		return skb;
	case XDP_TX:
		xdpf = xdp_convert_buff_to_frame(xdp);
		if (unlikely(!xdpf) || zcnic_xdp_tx_locked(q, xdpf, true)) {
			trace_xdp_exception(netdev, prog, act);
			zcnic_xdp_count(q, &st->xdp_tx_err, len);
			break;
		}
		q->xb.busy = false;
		zcnic_xdp_count(q, &st->xdp_tx, len);
		*flags |= ZCNIC_XDP_TX_DONE;
		return NULL;
	case XDP_REDIRECT:
		if (unlikely(xdp_do_redirect(netdev, xdp, prog))) {
			zcnic_xdp_count(q, &st->xdp_redirect_err, len);
			break;
		}
		q->xb.busy = false;
		zcnic_xdp_count(q, &st->xdp_redirect, len);
		*flags |= ZCNIC_XDP_REDIR_DONE;
		return NULL;
	case XDP_DROP:
		zcnic_xdp_count(q, &st->xdp_drop, len);
		zcnic_xdp_buff_free(q, &q->rxm);
		return NULL;
	default:
		bpf_warn_invalid_xdp_action(netdev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		trace_xdp_exception(netdev, prog, act);
		zcnic_xdp_count(q, &st->xdp_aborted, len);
		break;
	}
	zcnic_xdp_buff_free(q, &q->rxm);
	return NULL;
}

/* After a NAPI run's frames: ring the TX doorbell, flush the redirects. */
void zcnic_xdp_finish(struct zcnic_queue *q, u32 flags)
{
	struct netdev_queue *nq;

	if (flags & ZCNIC_XDP_TX_DONE) {
		nq = netdev_get_tx_queue(q->zp->netdev, q->idx);
		__netif_tx_lock(nq, smp_processor_id());
		zcnic_tx_kick(q);
		__netif_tx_unlock(nq);
	}
	if (flags & ZCNIC_XDP_REDIR_DONE)
		xdp_do_flush();
}

/**
 * zcnic_xdp_tx_frame() - put an XDP frame on Q's TX ring
 * @q: queue, its TX queue lock held
 * @xdpf: the frame, its frags too
 * @own_pool: XDP_TX: its pages are from Q's pool and mapped by it; else
 *	(ndo_xdp_xmit) each part is mapped here
 *
 * The doorbell is the caller's.
 *
 * Return: 0, or -ENOSPC (ring full), -EIO (the device owns a free slot),
 * -ENOMEM (no mapping); the frame is then still the caller's.
 */
int zcnic_xdp_tx_frame(struct zcnic_queue *q, struct xdp_frame *xdpf,
		       bool own_pool)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_frame(xdpf);
	u32 nfrags = xdp_frame_has_frags(xdpf) ? sinfo->nr_frags : 0;
	struct device *dev = &q->zp->pdev->dev;
	struct zcnic_ring *r = &q->tx;
	u32 first = r->next, idx = first, f, len;
	struct zcnic_tx_buf *b;
	const skb_frag_t *frag;
	struct page *page;
	dma_addr_t dma;

	if (unlikely(READ_ONCE(q->zp->dev_lied)))
		return -EIO;
	if (zcnic_ring_free(r) < nfrags + 1)
		return -ENOSPC;
	smp_rmb();	/* the slots' words after the clean index freed them */
	if (unlikely(!zcnic_tx_slots_free(q, first, nfrags + 1)))
		return -EIO;
	for (f = 0; f <= nfrags; f++) {
		b = &q->tx_bufs[idx];
		frag = f ? &sinfo->frags[f - 1] : NULL;
		len = f ? skb_frag_size(frag) : xdpf->len;
		if (own_pool) {
			page = f ? skb_frag_page(frag) : virt_to_page(xdpf->data);
			dma = page_pool_get_dma_addr(page) +
			      (f ? skb_frag_off(frag) :
			       offset_in_page(xdpf->data));
			dma_sync_single_for_device(dev, dma, len,
						   DMA_BIDIRECTIONAL);
			b->map = ZCNIC_MAP_NONE;
		} else {
			dma = f ? skb_frag_dma_map(dev, frag, 0, len,
						   DMA_TO_DEVICE) :
			      dma_map_single(dev, xdpf->data, len,
					     DMA_TO_DEVICE);
			if (dma_mapping_error(dev, dma))
				goto unwind;
			b->map = f ? ZCNIC_MAP_PAGE : ZCNIC_MAP_SINGLE;
		}
		b->dma = dma;
		b->len = len;
		r->desc[idx].addr = cpu_to_le64(dma);
		r->desc[idx].cmd =
			cpu_to_le64(FIELD_PREP(ZCNIC_MASK(ZCNIC_DESC_LEN), len) |
				    (f == nfrags ? ZCNIC_DESC_EOP : 0));
		if (f < nfrags)
			idx = zcnic_ring_inc(r, idx);
	}
	b->xdpf = xdpf;
	b->xdp_tx = own_pool;
	b->bytes = xdp_get_frame_len(xdpf);
	b->segs = 1;
	r->next = zcnic_ring_inc(r, idx);
	zcnic_stat_inc(&q->tx_stats, &q->tx_stats.xdp_xmit);
	return 0;

unwind:
	/* descriptors FIRST..IDX-1 are mapped, IDX is not */
	while (idx != first) {
		idx = (idx - 1) & (r->size - 1);
		zcnic_tx_unmap(q->zp, &q->tx_bufs[idx]);
	}
	return -ENOMEM;
}

/* zcnic_xdp_tx_frame from RX (XDP_TX): the stack may send on the ring too */
int zcnic_xdp_tx_locked(struct zcnic_queue *q, struct xdp_frame *xdpf,
			bool own_pool)
{
	struct netdev_queue *nq = netdev_get_tx_queue(q->zp->netdev, q->idx);
	int err;

	__netif_tx_lock(nq, smp_processor_id());
	txq_trans_cond_update(nq);
	err = zcnic_xdp_tx_frame(q, xdpf, own_pool);
	__netif_tx_unlock(nq);
	return err;
}

/**
 * zcnic_xdp_xmit() - ndo_xdp_xmit: send frames redirected to this device
 * @netdev: the device
 * @n: frames
 * @frames: them
 * @flags: XDP_XMIT_FLUSH rings the doorbell
 *
 * On the TX ring of the CPU's queue.
 *
 * Return: frames taken (the core frees the rest), or a negative errno.
 */
int zcnic_xdp_xmit(struct net_device *netdev, int n,
		   struct xdp_frame **frames, u32 flags)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	int cpu = smp_processor_id();
	struct netdev_queue *nq;
	struct zcnic_queue *q;
	int i;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	if (unlikely(READ_ONCE(zp->down)))
		return -ENETDOWN;
	q = &zp->q[cpu % READ_ONCE(zp->num_queues)];
	nq = netdev_get_tx_queue(netdev, q->idx);
	__netif_tx_lock(nq, cpu);
	/* zcnic_stop sets down before it takes this lock (netif_tx_disable) */
	if (unlikely(READ_ONCE(zp->down))) {
		__netif_tx_unlock(nq);
		return -ENETDOWN;
	}
	txq_trans_cond_update(nq);
	for (i = 0; i < n; i++)
		if (zcnic_xdp_tx_frame(q, frames[i], false))
			break;
	if (i < n) {
		u64_stats_update_begin(&q->tx_stats.syncp);
		q->tx_stats.xdp_xmit_err += n - i;
		u64_stats_update_end(&q->tx_stats.syncp);
	}
	if (flags & XDP_XMIT_FLUSH)
		zcnic_tx_kick(q);
	__netif_tx_unlock(nq);
	return i;
}

/*
 * Attach, replace or detach the program.  Between none and one the rings
 * are rebuilt (buffers move behind the headroom, header split and GRO_HW
 * stop or start again); one program replaces another in place.
 */
static int zcnic_xdp_setup(struct net_device *netdev, struct bpf_prog *prog,
			   struct netlink_ext_ack *extack)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	bool rebuild = !zp->xdp_prog != !prog;
	bool running = netif_running(netdev);
	struct bpf_prog *old;

	if (prog && !prog->aux->xdp_has_frags &&
	    netdev->mtu > ZCNIC_XDP_MAX_MTU_SB) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "MTU %u needs an xdp.frags program (single-buffer: MTU <= %lu)",
				       netdev->mtu,
				       (unsigned long)ZCNIC_XDP_MAX_MTU_SB);
		return -EOPNOTSUPP;
	}
	if (rebuild && running)
		netdev->netdev_ops->ndo_stop(netdev);
	old = xchg(&zp->xdp_prog, prog);
	if (rebuild) {
		/* GRO_HW follows (zcnic_fix_features) */
		netdev_update_features(netdev);
		/*
		 * The program is attached now: a failed reopen leaves the
		 * interface down (as after ethtool -G), and the core's view
		 * of which program it holds stays true.
		 */
		if (running && netdev->netdev_ops->ndo_open(netdev))
			netdev_err(netdev, "could not reopen after the XDP change\n");
	}
	if (old)
		bpf_prog_put(old);
	return 0;
}

/**
 * zcnic_bpf() - ndo_bpf
 * @netdev: the device, under RTNL
 * @bpf: the command
 *
 * Return: 0 or a negative errno.
 */
int zcnic_bpf(struct net_device *netdev, struct netdev_bpf *bpf)
{
	switch (bpf->command) {
	case XDP_SETUP_PROG:
		return zcnic_xdp_setup(netdev, bpf->prog, bpf->extack);
	case XDP_SETUP_XSK_POOL:
		return zcnic_xsk_pool_setup(netdev, bpf->xsk.pool,
					    bpf->xsk.queue_id);
	default:
		return -EOPNOTSUPP;
	}
}

/*
 * bpf_xdp_metadata_rx_hash(): the hash of the EOP descriptor's word 0, of
 * the type its RSS_TYPE gives (spec 4.8), while NETIF_F_RXHASH is on.
 */
static int zcnic_xdp_rx_hash(const struct xdp_md *ctx, u32 *hash,
			     enum xdp_rss_hash_type *rss_type)
{
	static const enum xdp_rss_hash_type types[] = {
		[ZCNIC_RSS_TYPE_IPV4]		= XDP_RSS_TYPE_L3_IPV4,
		[ZCNIC_RSS_TYPE_IPV4_TCP]	= XDP_RSS_TYPE_L4_IPV4_TCP,
		[ZCNIC_RSS_TYPE_IPV4_UDP]	= XDP_RSS_TYPE_L4_IPV4_UDP,
		[ZCNIC_RSS_TYPE_IPV6]		= XDP_RSS_TYPE_L3_IPV6,
		[ZCNIC_RSS_TYPE_IPV6_TCP]	= XDP_RSS_TYPE_L4_IPV6_TCP,
		[ZCNIC_RSS_TYPE_IPV6_UDP]	= XDP_RSS_TYPE_L4_IPV6_UDP,
	};
	const struct zcnic_xdp_buff *xb = (const void *)ctx;
	u32 type = FIELD_GET(ZCNIC_MASK(ZCNIC_RXD_RSS_TYPE), xb->cmd);

	if (!xb->rss || type == ZCNIC_RSS_TYPE_NONE ||
	    type > ZCNIC_RSS_TYPE_IPV6_UDP)
		return -ENODATA;
	*hash = FIELD_GET(ZCNIC_MASK(ZCNIC_RXD_RSS_HASH), xb->w0);
	*rss_type = types[type];
	return 0;
}

const struct xdp_metadata_ops zcnic_xdp_metadata_ops = {
	.xmo_rx_hash	= zcnic_xdp_rx_hash,
};
