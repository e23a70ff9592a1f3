// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic: descriptor rings, transmit and receive (spec 4).
 *
 * TX maps the skb's head and page frags onto one descriptor each, so the
 * device sends user pages in place (MSG_ZEROCOPY needs NETIF_F_SG).  RX posts
 * whole pages from a page_pool and hands them to the stack as skb frags.
 *
 * The device is not trusted: every length and flag it writes back is checked
 * before use, and only descriptors software posted are looked at.
 */

#include <linux/etherdevice.h>
#include <linux/dma-mapping.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/unaligned.h>
#include <net/netdev_queues.h>
#include <net/netdev_rx_queue.h>
#include <net/page_pool/helpers.h>
#include <net/xdp_sock_drv.h>

#include "zcnic.h"

/* Frames up to this size are copied whole and their page reused at once. */
#define ZCNIC_RX_COPYBREAK	256
/* Descriptors one skb may need: the head and every frag. */
#define ZCNIC_TX_DESC_NEEDED	(MAX_SKB_FRAGS + 1)

/*
 * Free descriptors; on the TX ring start_xmit and NAPI each move one index,
 * and the stop/wake helpers read them locklessly, as they require.
 */
u32 zcnic_ring_free(const struct zcnic_ring *r)
{
	return r->size - 1 -
	       ((READ_ONCE(r->next) - READ_ONCE(r->clean)) & (r->size - 1));
}

u32 zcnic_ring_inc(const struct zcnic_ring *r, u32 i)
{
	return (i + 1) & (r->size - 1);
}

/* A write-back or frame refused: its counter and the ring's errors. */
static void zcnic_reject(struct zcnic_ring_stats *st, u64 *ctr)
{
	u64_stats_update_begin(&st->syncp);
	(*ctr)++;
	st->errors++;
	u64_stats_update_end(&st->syncp);
}

/*
 * The device wrote a descriptor it had no right to (DONE where software
 * had given it nothing, a TX write-back unlike what was posted): which
 * buffers it still uses can no longer be told.  Nothing more is given to
 * it, and the reset task takes the rings back (spec 11.1).
 */
void zcnic_dev_lied(struct zcnic_priv *zp, struct zcnic_ring_stats *st,
		    u64 *ctr, const char *what, u32 idx, u64 cmd)
{
	zcnic_reject(st, ctr);
	/* one message a reset, whatever else uses up net_ratelimit() */
	if (!READ_ONCE(zp->dev_lied)) {
		WRITE_ONCE(zp->dev_lied, true);
		netdev_err(zp->netdev, "%s at descriptor %u (%#llx), resetting\n",
			   what, idx, cmd);
		zcnic_schedule_reset(zp, ZCNIC_RESET_OTHER);
	}
}

static int zcnic_ring_alloc(struct zcnic_priv *zp, struct zcnic_ring *r,
			    u32 size)
{
	r->size = size;
	r->next = 0;
	r->clean = 0;
	r->desc = dma_alloc_coherent(&zp->pdev->dev, size * sizeof(*r->desc),
				     &r->desc_dma, GFP_KERNEL);
	return r->desc ? 0 : -ENOMEM;
}

static void zcnic_ring_free_desc(struct zcnic_priv *zp, struct zcnic_ring *r)
{
	if (r->desc)
		dma_free_coherent(&zp->pdev->dev, r->size * sizeof(*r->desc),
				  r->desc, r->desc_dma);
	r->desc = NULL;
}

static int zcnic_rx_fill_one(struct zcnic_queue *q, u32 idx)
{
	struct zcnic_rx_buf *b = &q->rx_bufs[idx];
	struct zcnic_desc *d = &q->rx.desc[idx];
	u64 old = le64_to_cpu(READ_ONCE(d->cmd));

	/* zcnic_rx_clean cleared it: the device has not owned it since */
	if (unlikely(old & ZCNIC_DESC_DONE)) {
		zcnic_dev_lied(q->zp, &q->rx_stats, &q->rx_stats.unowned_done,
			       "RX DONE on a descriptor not posted", idx, old);
		return -EIO;
	}

	if (!b->netmem) {
		if (unlikely(READ_ONCE(q->zp->rx_alloc_fail)))
			return -ENOMEM;
		b->netmem = page_pool_alloc_netmems(q->page_pool,
						    GFP_ATOMIC | __GFP_NOWARN);
		if (!b->netmem)
			return -ENOMEM;
		b->dma = page_pool_get_dma_addr_netmem(b->netmem);
	}
	d->addr = cpu_to_le64(b->dma + q->headroom);
	d->cmd = cpu_to_le64(FIELD_PREP(ZCNIC_MASK(ZCNIC_DESC_LEN),
					q->headroom ? ZCNIC_XDP_BUF_LEN :
					ZCNIC_RX_BUF_LEN));
	return 0;
}

/* Post every free RX descriptor, then ring the doorbell once. */
static void zcnic_rx_refill(struct zcnic_queue *q)
{
	struct zcnic_ring *r = &q->rx;
	u32 n = zcnic_ring_free(r), posted = 0;

	if (unlikely(READ_ONCE(q->zp->dev_lied)))
		return;
	while (n--) {
		if (zcnic_rx_fill_one(q, r->next))
			break;
		r->next = zcnic_ring_inc(r, r->next);
		posted++;
	}
	if (!posted)
		return;
	dma_wmb();	/* descriptors visible before the tail moves */
	zcnic_qwr32(q, ZCNIC_Q_RX_TAIL, r->next);
}

/*
 * The pool's recycle ring holds four rings' worth of pages: with GRO_HW a
 * socket that drains a burst returns many more pages at once than one ring,
 * and with pool_size equal to the ring the overflow went back to the page
 * allocator (to be zeroed again on the next alloc under init_on_alloc).
 * Measured at MTU 9000 (guest test rx-recycle): 0.28 -> 0.035 page
 * allocations per 4 KB received.
 */
#define ZCNIC_PP_RINGS	4

/*
 * A queue's pool: its RX queue is its owner.  NAPI: the pool may recycle
 * directly from the queue's NAPI.  Not for a pool the queue API allocates
 * while that NAPI runs: freeing it unused (a failed allocation, a refused
 * restart) would check that the NAPI cannot race, and warn; from 6.17
 * zcnic_queue_start gives it the NAPI before it enables the NAPI.
 *
 * With an XDP program (M->headroom set) the device writes behind
 * XDP_PACKET_HEADROOM, and XDP_TX sends from the same pages: mapped both
 * ways.
 */
static int zcnic_page_pool_create(struct zcnic_queue *q,
				  struct zcnic_rxq_mem *m, bool napi)
{
	struct zcnic_priv *zp = q->zp;
	struct page_pool_params pp = {
		.flags		= PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV,
		.order		= 0,
		.pool_size	= zp->rx_ring_size * ZCNIC_PP_RINGS,
		.nid		= dev_to_node(&zp->pdev->dev),
		.dev		= &zp->pdev->dev,
		.napi		= napi ? &q->napi : NULL,
		.netdev		= zp->netdev,
		.queue_idx	= q->idx,
		.dma_dir	= m->headroom ? DMA_BIDIRECTIONAL :
				  DMA_FROM_DEVICE,
		.offset		= m->headroom,
		.max_len	= m->headroom ? ZCNIC_XDP_BUF_LEN :
				  ZCNIC_RX_BUF_LEN,
	};

	/*
	 * A memory provider bound to the queue (devmem TCP, io_uring
	 * zero-copy receive) fills the pool with buffers the CPU cannot
	 * read: allowed only with header split on, the headers going to the
	 * header buffers, and never with XDP, which reads the frame.
	 */
	if (!m->headroom && zcnic_hdr_split_on(zp))
		pp.flags |= PP_FLAG_ALLOW_UNREADABLE_NETMEM;
	m->page_pool = page_pool_create(&pp);
	if (IS_ERR(m->page_pool)) {
		int err = PTR_ERR(m->page_pool);

		m->page_pool = NULL;
		return err;
	}
	return 0;
}

/* Everything an RX side holds back: pages, a partial frame, buffers. */
static void zcnic_rxq_free(struct zcnic_priv *zp, struct zcnic_rxq_mem *m)
{
	u32 i;

	if (m->rx_bufs) {
		for (i = 0; i < m->rx.size; i++) {
			if (m->rx_bufs[i].netmem)
				page_pool_put_full_netmem(m->page_pool,
							  m->rx_bufs[i].netmem,
							  false);
		}
	}
	if (m->rx_skb) {
		dev_kfree_skb_any(m->rx_skb);
		m->rx_skb = NULL;
	}
	zcnic_xdp_buff_free(NULL, m);
	zcnic_xsk_rxq_free(m);
	if (xdp_rxq_info_is_reg(&m->xdp_rxq))
		xdp_rxq_info_unreg(&m->xdp_rxq);
	if (m->hdr_bufs)
		dma_free_coherent(&zp->pdev->dev,
				  m->rx.size * ZCNIC_HDR_BUF_SIZE,
				  m->hdr_bufs, m->hdr_dma);
	m->hdr_bufs = NULL;
	if (m->page_pool)
		page_pool_destroy(m->page_pool);
	m->page_pool = NULL;
	zcnic_ring_free_desc(zp, &m->rx);
	kfree(m->rx_bufs);
	m->rx_bufs = NULL;
}

/* Queue Q's RX side, into M: ring, buffer table, page pool, headers. */
static int zcnic_rxq_alloc(struct zcnic_queue *q, struct zcnic_rxq_mem *m,
			   bool napi)
{
	struct zcnic_priv *zp = q->zp;
	int err;

	memset(m, 0, sizeof(*m));
	m->rx_bufs = kcalloc(zp->rx_ring_size, sizeof(*m->rx_bufs),
			     GFP_KERNEL);
	if (!m->rx_bufs) {
		err = -ENOMEM;
		goto err;
	}
	err = zcnic_ring_alloc(zp, &m->rx, zp->rx_ring_size);
	if (err)
		goto err;
	/* AF_XDP zero copy: the socket's UMEM frames, no page pool */
	if (q->idx < zp->num_queues)
		m->xsk_pool = zp->xsk_pools[q->idx];
	if (m->xsk_pool) {
		m->xsk_bufs = kcalloc(zp->rx_ring_size, sizeof(*m->xsk_bufs),
				      GFP_KERNEL);
		err = m->xsk_bufs ? 0 : -ENOMEM;
	} else {
		m->headroom = zp->xdp_prog ? XDP_PACKET_HEADROOM : 0;
		err = zcnic_page_pool_create(q, m, napi);
	}
	if (err)
		goto err;
	err = xdp_rxq_info_reg(&m->xdp_rxq, zp->netdev, q->idx,
			       q->napi.napi_id);
	if (!err)
		err = m->xsk_pool ?
		      xdp_rxq_info_reg_mem_model(&m->xdp_rxq,
						 MEM_TYPE_XSK_BUFF_POOL,
						 NULL) :
		      xdp_rxq_info_reg_mem_model(&m->xdp_rxq,
						 MEM_TYPE_PAGE_POOL,
						 m->page_pool);
	if (err)
		goto err;
	/* in place only: the queue API refuses a queue with a pool */
	if (m->xsk_pool)
		xsk_pool_set_rxq_info(m->xsk_pool, &m->xdp_rxq);
	if (zcnic_hdr_split_on(zp)) {
		m->hdr_bufs = dma_alloc_coherent(&zp->pdev->dev,
						 zp->rx_ring_size *
						 ZCNIC_HDR_BUF_SIZE,
						 &m->hdr_dma, GFP_KERNEL);
		if (!m->hdr_bufs) {
			err = -ENOMEM;
			goto err;
		}
	}
	return 0;
err:
	zcnic_rxq_free(zp, m);
	return err;
}

void zcnic_tx_unmap(struct zcnic_priv *zp, struct zcnic_tx_buf *b)
{
	if (b->map == ZCNIC_MAP_PAGE)
		dma_unmap_page(&zp->pdev->dev, b->dma, b->len, DMA_TO_DEVICE);
	else if (b->map == ZCNIC_MAP_SINGLE)
		dma_unmap_single(&zp->pdev->dev, b->dma, b->len,
				 DMA_TO_DEVICE);
	b->map = ZCNIC_MAP_NONE;
	b->len = 0;
}

/*
 * The frame a TX descriptor completed, or one never sent.  An XDP_TX frame
 * goes straight back to the queue's pool from its NAPI (BUDGET), unless the
 * queue API replaced that pool meanwhile.
 */
static void zcnic_tx_buf_release(struct zcnic_queue *q,
				 struct zcnic_tx_buf *b, int budget)
{
	if (b->skb)
		napi_consume_skb(b->skb, budget);
	else if (b->xdpf && b->xdp_tx && budget &&
		 virt_to_head_page(b->xdpf->data)->pp == q->page_pool)
		xdp_return_frame_rx_napi(b->xdpf);
	else if (b->xdpf)
		xdp_return_frame(b->xdpf);
	b->skb = NULL;
	b->xdpf = NULL;
}

static void zcnic_txq_free(struct zcnic_queue *q)
{
	struct zcnic_priv *zp = q->zp;
	u32 i, xsk = 0;

	if (q->tx_bufs) {
		for (i = 0; i < q->tx.size; i++) {
			struct zcnic_tx_buf *b = &q->tx_bufs[i];

			zcnic_tx_unmap(zp, b);
			zcnic_tx_buf_release(q, b, 0);
			xsk += b->xsk + b->xsk_drop;
			b->xsk = false;
			b->xsk_drop = 0;
		}
		/* the socket's frames still out are done with */
		if (xsk && q->xsk_pool)
			xsk_tx_completed(q->xsk_pool, xsk);
		/* BQL: nothing in flight */
		netdev_tx_reset_queue(netdev_get_tx_queue(zp->netdev, q->idx));
	}
	zcnic_ring_free_desc(zp, &q->tx);
	kfree(q->tx_bufs);
	q->tx_bufs = NULL;
}

static int zcnic_txq_alloc(struct zcnic_queue *q)
{
	struct zcnic_priv *zp = q->zp;

	q->tx_bufs = kcalloc(zp->tx_ring_size, sizeof(*q->tx_bufs),
			     GFP_KERNEL);
	if (!q->tx_bufs)
		return -ENOMEM;
	return zcnic_ring_alloc(zp, &q->tx, zp->tx_ring_size);
}

/**
 * zcnic_rings_alloc() - allocate the rings of every queue in use, their
 *	page pools and buffers
 * @zp: device
 *
 * Return: 0 or a negative errno.
 */
int zcnic_rings_alloc(struct zcnic_priv *zp)
{
	u32 i;
	int err;

	for (i = 0; i < zp->num_queues; i++) {
		struct zcnic_queue *q = &zp->q[i];

		err = zcnic_txq_alloc(q);
		if (!err)
			err = zcnic_rxq_alloc(q, &q->rxm, true);
		if (err) {
			zcnic_rings_free(zp);
			return err;
		}
	}
	return 0;
}

void zcnic_rings_free(struct zcnic_priv *zp)
{
	u32 i;

	for (i = 0; i < zp->max_queues; i++) {
		zcnic_txq_free(&zp->q[i]);
		zcnic_rxq_free(zp, &zp->q[i].rxm);
	}
}

/**
 * zcnic_rss_indir_default() - spread the indirection table over the
 *	queues in use (ethtool's default), unless the user set it
 * @zp: device
 */
void zcnic_rss_indir_default(struct zcnic_priv *zp)
{
	u32 j;

	if (netif_is_rxfh_configured(zp->netdev))
		return;
	for (j = 0; j < ZCNIC_RSS_INDIR_ENTRIES; j++)
		zp->rss_indir[j] = ethtool_rxfh_indir_default(j,
							      zp->num_queues);
}

/*
 * spec 4.10: eight 4-bit entries a word.  The device refuses an entry of
 * a queue it does not have; every entry here is below num_queues.
 */
void zcnic_rss_indir_program(struct zcnic_priv *zp)
{
	u32 i, j, w;

	if (!zp->rss_capable)
		return;
	for (i = 0; i < ZCNIC_RSS_INDIR_WORDS; i++) {
		w = 0;
		for (j = 0; j < ZCNIC_RSS_INDIR_PER_WORD; j++)
			w |= (u32)(zp->rss_indir[i * ZCNIC_RSS_INDIR_PER_WORD +
						 j] &
				   GENMASK(ZCNIC_RSS_INDIR_WIDTH - 1, 0)) <<
			     ZCNIC_RSS_INDIR_SHIFT(j);
		zcnic_wr32(zp, ZCNIC_REG_RSS_INDIR(i), w);
	}
}

/**
 * zcnic_rss_program() - write the RSS key, fields, table and enable
 *	(spec 4.8, 4.10)
 * @zp: device
 *
 * After a reset, and when ethtool changes them.  The hash is written back,
 * and frames spread over the queues by it, while NETIF_F_RXHASH is on.
 */
void zcnic_rss_program(struct zcnic_priv *zp)
{
	int i;

	if (!zp->rss_capable)
		return;
	for (i = 0; i < ZCNIC_RSS_KEY_WORDS; i++)
		zcnic_wr32(zp, ZCNIC_REG_RSS_KEY(i),
			   get_unaligned_le32(zp->rss_key + 4 * i));
	zcnic_wr32(zp, ZCNIC_REG_RSS_FIELDS, zp->rss_fields);
	zcnic_rss_indir_program(zp);
	zcnic_wr32(zp, ZCNIC_REG_RSS_CTRL,
		   zp->netdev->features & NETIF_F_RXHASH ?
		   ZCNIC_RSS_CTRL_HASH : 0);
}

/* spec 4.1, 4.5, 4.10: queue Q's RX ring and header buffers */
static void zcnic_rxq_program(struct zcnic_queue *q)
{
	zcnic_qwr32(q, ZCNIC_Q_RX_BASE_LO, lower_32_bits(q->rx.desc_dma));
	zcnic_qwr32(q, ZCNIC_Q_RX_BASE_HI, upper_32_bits(q->rx.desc_dma));
	zcnic_qwr32(q, ZCNIC_Q_RX_SIZE, q->rx.size);
	zcnic_qwr32(q, ZCNIC_Q_RX_HDR_BASE_LO,
		    q->hdr_bufs ? lower_32_bits(q->hdr_dma) : 0);
	zcnic_qwr32(q, ZCNIC_Q_RX_HDR_BASE_HI,
		    q->hdr_bufs ? upper_32_bits(q->hdr_dma) : 0);
}

/*
 * spec 4.1, 4.10: program the rings of every queue in use, enable them,
 * post RX buffers.  Queue 0's block is the old ring registers' alias, and
 * its Q_CTRL CTRL's RX_EN and TX_EN.
 */
void zcnic_rings_start(struct zcnic_priv *zp)
{
	u32 i;

	zp->tx_shadow_on = zp->tx_shadow && zp->tx_shadow_want;
	if (zcnic_hdr_split_on(zp))
		zcnic_wr32(zp, ZCNIC_REG_RX_HDR_SIZE, ZCNIC_HDR_BUF_SIZE);
	for (i = 0; i < zp->num_queues; i++) {
		struct zcnic_queue *q = &zp->q[i];

		zcnic_qwr32(q, ZCNIC_Q_TX_BASE_LO,
			    lower_32_bits(q->tx.desc_dma));
		zcnic_qwr32(q, ZCNIC_Q_TX_BASE_HI,
			    upper_32_bits(q->tx.desc_dma));
		zcnic_qwr32(q, ZCNIC_Q_TX_SIZE, q->tx.size);
		zcnic_rxq_program(q);
		if (zp->tx_shadow) {
			/* spec 4.3.1: TX_EN starts the block at tail 0, KICK 1 */
			zcnic_qwr32(q, ZCNIC_Q_TX_SHADOW_LO, zp->tx_shadow_on ?
				    lower_32_bits(q->tx_shadow_dma) : 0);
			zcnic_qwr32(q, ZCNIC_Q_TX_SHADOW_HI, zp->tx_shadow_on ?
				    upper_32_bits(q->tx_shadow_dma) : 0);
		}
	}
	/* spec 4.5: buffers first, then the enable that checks them */
	zcnic_wr32(zp, ZCNIC_REG_RX_SPLIT,
		   zcnic_hdr_split_on(zp) ? ZCNIC_RX_SPLIT_EN : 0);
	zcnic_write_itr(zp);	/* a reset cleared it */
	if (zp->int_autoclr)
		zcnic_wr32(zp, ZCNIC_REG_QINT_AUTOCLR, zcnic_qint_all(zp));
	/* spec 4.6, 4.7: segment size limit; coalescing per NETIF_F_GRO_HW */
	zcnic_wr32(zp, ZCNIC_REG_MTU, zp->netdev->mtu);
	zcnic_wr32(zp, ZCNIC_REG_RX_GRO,
		   zp->netdev->features & NETIF_F_GRO_HW ? ZCNIC_RX_GRO_EN : 0);
	zcnic_rss_program(zp);
	zcnic_nt_program(zp);
	for (i = 0; i < zp->num_queues; i++)
		zcnic_qwr32(&zp->q[i], ZCNIC_Q_CTRL,
			    ZCNIC_CTRL_RX_EN | ZCNIC_CTRL_TX_EN);
	for (i = 0; i < zp->num_queues; i++) {
		if (zp->q[i].xsk_pool)
			zcnic_xsk_refill(&zp->q[i]);
		else
			zcnic_rx_refill(&zp->q[i]);
	}
}

void zcnic_rings_stop(struct zcnic_priv *zp)
{
	u32 i;

	for (i = 0; i < zp->num_queues; i++)
		zcnic_qwr32(&zp->q[i], ZCNIC_Q_CTRL, 0);
}

static u64 zcnic_tx_csum_cmd(struct sk_buff *skb)
{
	u32 start, off;

	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	start = skb_checksum_start_offset(skb);
	off = skb->csum_offset;
	if (start >= BIT(ZCNIC_TXD_CSUM_START_WIDTH) ||
	    off >= BIT(ZCNIC_TXD_CSUM_OFFSET_WIDTH)) {
		/* Beyond the descriptor's fields: sum in software. */
		skb_checksum_help(skb);
		return 0;
	}
	return ZCNIC_TXD_CSUM |
	       FIELD_PREP(ZCNIC_MASK(ZCNIC_TXD_CSUM_START), start) |
	       FIELD_PREP(ZCNIC_MASK(ZCNIC_TXD_CSUM_OFFSET), off);
}

/*
 * spec 4.6: a GSO skb goes as one frame that the device segments; returns
 * its first descriptor's SEG fields and the headers' length in *HLEN.
 */
static u64 zcnic_tx_seg_cmd(struct sk_buff *skb, u32 *hlen)
{
	unsigned int type = skb_shinfo(skb)->gso_type;
	u64 seg;

	if (type & SKB_GSO_UDP_L4) {
		*hlen = skb_transport_offset(skb) + sizeof(struct udphdr);
		seg = ZCNIC_TXD_SEG_UDP;
	} else {
		*hlen = skb_tcp_all_headers(skb);
		seg = ZCNIC_TXD_SEG_TCP;
	}
	return FIELD_PREP(ZCNIC_MASK(ZCNIC_TXD_SEG), seg) |
	       FIELD_PREP(ZCNIC_MASK(ZCNIC_TXD_SEG_MSS),
			  skb_shinfo(skb)->gso_size) |
	       FIELD_PREP(ZCNIC_MASK(ZCNIC_TXD_SEG_HDR_LEN), *hlen);
}

static void zcnic_tx_desc(struct zcnic_ring *r, u32 idx, dma_addr_t dma,
			  u32 len, u64 flags)
{
	r->desc[idx].addr = cpu_to_le64(dma);
	r->desc[idx].cmd = cpu_to_le64(FIELD_PREP(ZCNIC_MASK(ZCNIC_DESC_LEN),
						  len) | flags);
}

/*
 * spec 4.3: the device sends what lies before TX_TAIL.  With the shadow
 * block (4.3.1) the register is written only while the device says it is
 * idle (KICK 1); otherwise it reads the tail from memory before stopping.
 */
void zcnic_tx_kick(struct zcnic_queue *q)
{
	dma_wmb();	/* descriptors before the tail */
	if (q->zp->tx_shadow_on) {
		WRITE_ONCE(q->tx_shadow[ZCNIC_SHADOW_TX_TAIL / 4],
			   cpu_to_le32(q->tx.next));
		/*
		 * The tail store before the KICK load; the device orders its
		 * KICK store before its tail load.  mb(), not smp_mb(): under
		 * TCG only mfence is a barrier against QEMU's other threads.
		 */
		mb();
		if (!READ_ONCE(q->tx_shadow[ZCNIC_SHADOW_TX_KICK / 4])) {
			zcnic_stat_inc(&q->tx_stats,
				       &q->tx_stats.kick_skipped);
			return;
		}
	}
	zcnic_qwr32(q, ZCNIC_Q_TX_TAIL, q->tx.next);
}

/*
 * The N descriptors from FIRST are software's: zcnic_tx_clean cleared each
 * when it completed, and DONE there means the device wrote one it did not
 * own (spec 11.1, lies UNPOSTED and DUP_DONE).
 */
bool zcnic_tx_slots_free(struct zcnic_queue *q, u32 first, u32 n)
{
	struct zcnic_ring *r = &q->tx;
	u32 i, idx = first;

	for (i = 0; i < n; i++, idx = zcnic_ring_inc(r, idx)) {
		u64 cmd = le64_to_cpu(READ_ONCE(r->desc[idx].cmd));

		if (unlikely(cmd & ZCNIC_DESC_DONE)) {
			/* what a report of this needs (docs/robustness.md) */
			if (!READ_ONCE(q->zp->dev_lied))
				netdev_err(q->zp->netdev,
					   "TX queue %u: clean %u next %u, device head %u tail %u\n",
					   q->idx, READ_ONCE(r->clean), r->next,
					   zcnic_qrd32(q, ZCNIC_Q_TX_HEAD),
					   zcnic_qrd32(q, ZCNIC_Q_TX_TAIL));
			zcnic_dev_lied(q->zp, &q->tx_stats,
				       &q->tx_stats.unowned_done,
				       "TX DONE on a descriptor not posted",
				       idx, cmd);
			return false;
		}
	}
	return true;
}

netdev_tx_t zcnic_start_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	u16 qi = skb_get_queue_mapping(skb);
	struct zcnic_queue *q = &zp->q[qi];
	unsigned int nfrags, f;
	struct zcnic_ring *r = &q->tx;
	struct device *dev = &zp->pdev->dev;
	u32 first = r->next, idx = r->next;
	struct zcnic_tx_buf *b;
	u64 csum;
	struct netdev_queue *txq = netdev_get_tx_queue(netdev, qi);
	u32 hlen = 0, segs = 1, bytes;
	dma_addr_t dma;

	if (unlikely(READ_ONCE(zp->dev_lied))) {
		/* a reset is on its way: the device gets nothing until then */
		dev_kfree_skb_any(skb);
		zcnic_stat_inc(&q->tx_stats, &q->tx_stats.dropped);
		return NETDEV_TX_OK;
	}
	/* spec 8.8: an ARP request the device's buffer may answer */
	if (unlikely(skb->protocol == htons(ETH_P_ARP)) &&
	    zcnic_arp_xmit(zp, skb)) {
		/* the skbs before this one may wait for a doorbell */
		if (!netdev_xmit_more())
			zcnic_tx_kick(q);
		return NETDEV_TX_OK;
	}
	if (skb_put_padto(skb, ETH_ZLEN)) {
		zcnic_stat_inc(&q->tx_stats, &q->tx_stats.dropped);
		return NETDEV_TX_OK;
	}
	/* only now: padding a short nonlinear skb linearizes it */
	nfrags = skb_shinfo(skb)->nr_frags;
	if (unlikely(!netif_txq_maybe_stop(txq, zcnic_ring_free(r), nfrags + 1,
					   ZCNIC_TX_DESC_NEEDED))) {
		zcnic_stat_inc(&q->tx_stats, &q->tx_stats.stop);
		zcnic_stat_inc(&q->tx_stats, &q->tx_stats.busy);
		zcnic_tx_kick(q);
		return NETDEV_TX_BUSY;
	}
	smp_rmb();	/* the slots' words after the clean index freed them */
	if (unlikely(!zcnic_tx_slots_free(q, first, nfrags + 1))) {
		dev_kfree_skb_any(skb);
		zcnic_stat_inc(&q->tx_stats, &q->tx_stats.dropped);
		return NETDEV_TX_OK;
	}
	if (skb_is_gso(skb)) {
		csum = zcnic_tx_seg_cmd(skb, &hlen);
		segs = skb_shinfo(skb)->gso_segs;
	} else {
		csum = zcnic_tx_csum_cmd(skb);
	}

	dma = dma_map_single(dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma))
		goto drop;
	b = &q->tx_bufs[idx];
	b->dma = dma;
	b->len = skb_headlen(skb);
	b->map = ZCNIC_MAP_SINGLE;
	zcnic_tx_desc(r, idx, dma, skb_headlen(skb),
		      csum | (nfrags ? 0 : ZCNIC_DESC_EOP));

	for (f = 0; f < nfrags; f++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[f];
		u32 len = skb_frag_size(frag);

		idx = zcnic_ring_inc(r, idx);
		dma = skb_frag_dma_map(dev, frag, 0, len, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, dma))
			goto unwind;
		b = &q->tx_bufs[idx];
		b->dma = dma;
		b->len = len;
		/* devmem TX: a dma-buf's, mapped by the core at its binding */
		b->map = skb_frag_is_net_iov(frag) ? ZCNIC_MAP_NONE :
			 ZCNIC_MAP_PAGE;
		zcnic_tx_desc(r, idx, dma, len,
			      f == nfrags - 1 ? ZCNIC_DESC_EOP : 0);
	}
	/* The skb is freed when its last descriptor completes. */
	bytes = skb->len + (segs - 1) * hlen;
	q->tx_bufs[idx].skb = skb;
	q->tx_bufs[idx].bytes = bytes;
	q->tx_bufs[idx].segs = segs;
	r->next = zcnic_ring_inc(r, idx);
	skb_tx_timestamp(skb);

	/* room for the largest skb, or stop; zcnic_tx_clean wakes */
	if (!netif_txq_maybe_stop(txq, zcnic_ring_free(r), ZCNIC_TX_DESC_NEEDED,
				  ZCNIC_TX_DESC_NEEDED))
		zcnic_stat_inc(&q->tx_stats, &q->tx_stats.stop);

	/*
	 * Byte queue limits; with them the qdisc hands over bursts, and the
	 * doorbell waits for the last skb of one (xmit_more).
	 */
	if (__netdev_tx_sent_queue(txq, bytes, netdev_xmit_more()))
		zcnic_tx_kick(q);
	return NETDEV_TX_OK;

unwind:
	for (;;) {
		zcnic_tx_unmap(zp, &q->tx_bufs[idx]);
		if (idx == first)
			break;
		idx = (idx - 1) & (r->size - 1);
	}
drop:
	dev_kfree_skb_any(skb);
	zcnic_stat_inc(&q->tx_stats, &q->tx_stats.dropped);
	if (!netdev_xmit_more())
		zcnic_tx_kick(q);	/* skbs before this one may wait */
	return NETDEV_TX_OK;
}

/* Return: descriptors completed. */
static unsigned int zcnic_tx_clean(struct zcnic_queue *q, int budget)
{
	struct zcnic_priv *zp = q->zp;
	struct netdev_queue *txq = netdev_get_tx_queue(zp->netdev, q->idx);
	struct zcnic_ring *r = &q->tx;
	unsigned int pkts = 0, bytes = 0, skbs = 0, descs = 0;
	unsigned int gso = 0, gso_segs = 0, bql_bytes = 0, xsk = 0;

	while (r->clean != r->next) {
		struct zcnic_tx_buf *b = &q->tx_bufs[r->clean];
		u64 cmd = le64_to_cpu(READ_ONCE(r->desc[r->clean].cmd));

		if (!(cmd & ZCNIC_DESC_DONE))
			break;
		dma_rmb();
		/* spec 4.3: LEN and EOP come back as software wrote them */
		if (unlikely(FIELD_GET(ZCNIC_MASK(ZCNIC_DESC_LEN), cmd) != b->len ||
			     !(cmd & ZCNIC_DESC_EOP) != !(b->skb || b->xdpf ||
							  (b->xsk && b->segs)))) {
			zcnic_dev_lied(zp, &q->tx_stats, &q->tx_stats.bad_wb,
				       "TX write-back unlike the descriptor posted",
				       r->clean, cmd);
			break;
		}
		WRITE_ONCE(r->desc[r->clean].cmd, 0);
		descs++;
		zcnic_tx_unmap(zp, b);
		/* the socket's frames not sent after this one (zcnic_xsk_xmit) */
		xsk += b->xsk_drop;
		b->xsk_drop = 0;
		if (b->xsk) {
			/* one completion a buffer, one packet a frame */
			pkts += b->segs;
			bytes += b->bytes;
			xsk++;
			b->xsk = false;
		} else if (b->skb || b->xdpf) {
			pkts += b->segs;
			bytes += b->bytes;
			if (b->segs > 1) {
				gso++;
				gso_segs += b->segs;
			}
			/* byte queue limits count what the stack sent */
			if (b->skb) {
				skbs++;
				bql_bytes += b->bytes;
			}
			zcnic_tx_buf_release(q, b, budget);
		}
		/* the cleared word before the slot is free: zcnic_start_xmit */
		smp_store_release(&r->clean, zcnic_ring_inc(r, r->clean));
	}
	/* in ring order, as the socket sent them */
	if (xsk)
		xsk_tx_completed(q->xsk_pool, xsk);
	if (pkts) {
		u64_stats_update_begin(&q->tx_stats.syncp);
		q->tx_stats.packets += pkts;
		q->tx_stats.bytes += bytes;
		q->tx_stats.gso_packets += gso;
		q->tx_stats.gso_wire_packets += gso_segs;
		u64_stats_update_end(&q->tx_stats.syncp);
	}
	/*
	 * BQL, then wake a stopped queue with room again: its barrier pairs
	 * with netif_txq_maybe_stop in zcnic_start_xmit, and with the one in
	 * zcnic_stop (a queue stopped for going down, or for a device that
	 * lied, stays so).
	 */
	if (!__netif_txq_completed_wake(txq, skbs, bql_bytes, zcnic_ring_free(r),
					ZCNIC_TX_DESC_NEEDED,
					READ_ONCE(zp->down) ||
					READ_ONCE(zp->dev_lied)))
		zcnic_stat_inc(&q->tx_stats, &q->tx_stats.restart);
	return descs;
}

/* Give the device's buffer back to the pool unless the skb took it. */
static void zcnic_rx_recycle(struct zcnic_queue *q, struct zcnic_rx_buf *b)
{
	page_pool_put_full_netmem(q->page_pool, b->netmem, true);
	b->netmem = 0;
}

/*
 * spec 4.5: a split frame starts with its headers in the header buffer of
 * its first descriptor: they become the skb's linear part, and the payload
 * pages (whole pages from offset 0) its frags, or, for a payload of at most
 * ZCNIC_RX_COPYBREAK bytes, a copy in the linear part (zcnic_rx_add).
 */
static bool zcnic_rx_start_split(struct zcnic_queue *q, u32 idx, u64 cmd)
{
	u32 hlen = FIELD_GET(ZCNIC_MASK(ZCNIC_RXD_HDR_LEN), cmd);
	struct sk_buff *skb;

	if (unlikely(!q->hdr_bufs || hlen < ETH_HLEN ||
		     hlen > ZCNIC_HDR_BUF_SIZE))
		return false;
	skb = napi_alloc_skb(&q->napi, hlen + ZCNIC_RX_COPYBREAK);
	if (unlikely(!skb))
		return false;
	skb_mark_for_recycle(skb);
	skb_put_data(skb, q->hdr_bufs + idx * ZCNIC_HDR_BUF_SIZE, hlen);
	q->rx_skb = skb;
	return true;
}

/*
 * Append one received buffer to the frame being assembled in q->rx_skb.
 * The buffer is netmem: on a queue bound to a memory provider (devmem,
 * io_uring zero-copy receive) the CPU cannot read it (netmem_address()
 * is NULL), and only goes into the skb as a frag: the headers are in the
 * header buffer (the pool is unreadable only with header split on), and
 * no payload is copied.
 * Return: 0, -EFAULT for the first buffer of a frame the device did not
 * split on such a queue (its headers are unreadable), or -EINVAL if the
 * frame must be dropped.
 */
static int zcnic_rx_add(struct zcnic_queue *q, struct zcnic_rx_buf *b,
			u32 len)
{
	struct zcnic_priv *zp = q->zp;
	struct sk_buff *skb = q->rx_skb;
	void *va;
	u32 hlen;

	if (!len) {
		/* a split frame without payload: the buffer is not used */
		zcnic_rx_recycle(q, b);
		return 0;
	}
	page_pool_dma_sync_netmem_for_cpu(q->page_pool, b->netmem, 0, len);
	va = netmem_address(b->netmem);
	if (!skb) {
		if (unlikely(!va))
			return -EFAULT;
		/* First buffer: headers into the linear part, rest as a frag */
		hlen = len <= ZCNIC_RX_COPYBREAK ? len :
		       eth_get_headlen(zp->netdev, va, ZCNIC_RX_COPYBREAK);
		skb = napi_alloc_skb(&q->napi, ZCNIC_RX_COPYBREAK);
		if (unlikely(!skb))
			return -EINVAL;
		skb_mark_for_recycle(skb);
		skb_put_data(skb, va, hlen);
		q->rx_skb = skb;
		if (hlen == len) {
			zcnic_rx_recycle(q, b);
			return 0;
		}
		skb_add_rx_frag_netmem(skb, 0, b->netmem, hlen, len - hlen,
				       PAGE_SIZE);
		b->netmem = 0;
		return 0;
	}
	/*
	 * A small payload behind split headers (a UDP datagram, an ACK with
	 * data): copied, so that the page goes straight back to the pool and
	 * the socket is charged a few hundred bytes, not a page.  Not from a
	 * memory provider's buffer, which the CPU cannot read.
	 */
	if (va && !skb_shinfo(skb)->nr_frags && len <= ZCNIC_RX_COPYBREAK &&
	    len <= skb_tailroom(skb)) {
		skb_put_data(skb, va, len);
		zcnic_rx_recycle(q, b);
		return 0;
	}
	if (skb_shinfo(skb)->nr_frags >= MAX_SKB_FRAGS)
		return -EINVAL;
	if (!va) {
		u64_stats_update_begin(&q->rx_stats.syncp);
		q->rx_stats.unreadable_bytes += len;
		u64_stats_update_end(&q->rx_stats.syncp);
	}
	skb_add_rx_frag_netmem(skb, skb_shinfo(skb)->nr_frags, b->netmem, 0,
			       len, PAGE_SIZE);
	b->netmem = 0;
	return 0;
}

static void zcnic_rx_drop_frame(struct zcnic_queue *q)
{
	if (q->rx_skb) {
		dev_kfree_skb_any(q->rx_skb);
		q->rx_skb = NULL;
	}
	zcnic_xdp_buff_free(q, &q->rxm);
	zcnic_stat_inc(&q->rx_stats, &q->rx_stats.dropped);
}

/* a frame's buffers have started to arrive */
static bool zcnic_rx_busy(const struct zcnic_queue *q)
{
	return q->rx_skb || q->xb.busy;
}

/*
 * spec 4.4: checksum status no device can report (spec 11.1, lie CSUM).
 * L4_CSUM_OK with CSUM_BAD is not one: a bad IPv4 header checksum.
 */
static bool zcnic_rx_csum_bogus(u64 cmd)
{
	return ((cmd & ZCNIC_RXD_IPV4) && (cmd & ZCNIC_RXD_IPV6)) ||
	       ((cmd & ZCNIC_RXD_L4_TCP) && (cmd & ZCNIC_RXD_L4_UDP)) ||
	       ((cmd & ZCNIC_RXD_L4_CSUM_OK) &&
		!(cmd & (ZCNIC_RXD_L4_TCP | ZCNIC_RXD_L4_UDP))) ||
	       ((cmd & ZCNIC_RXD_IP_CSUM_OK) && !(cmd & ZCNIC_RXD_IPV4));
}

/*
 * spec 4.8: the device's hash, if asked for and of a type it can report;
 * an L4 type means the ports were in it.
 */
static void zcnic_rx_hash(struct zcnic_queue *q, struct sk_buff *skb,
			  u32 type, u64 w0)
{
	struct zcnic_priv *zp = q->zp;
	u32 hash = FIELD_GET(ZCNIC_MASK(ZCNIC_RXD_RSS_HASH), w0);

	/* turned off: frames written before may still carry one */
	if (!(zp->netdev->features & NETIF_F_RXHASH))
		return;
	if (unlikely(type > ZCNIC_RSS_TYPE_IPV6_UDP)) {
		/* no such type: the stack hashes the packet itself */
		zcnic_stat_inc(&q->rx_stats, &q->rx_stats.bad_hash);
		return;
	}
	skb_set_hash(skb, hash, type == ZCNIC_RSS_TYPE_IPV4 ||
		     type == ZCNIC_RSS_TYPE_IPV6 ? PKT_HASH_TYPE_L3 :
		     PKT_HASH_TYPE_L4);
}

/*
 * spec 4.7: a coalesced frame of LEN bytes holds SEGS - 1 whole segments
 * of MSS and part of one more, behind headers shorter than a header buffer.
 */
static bool zcnic_rx_gro_valid(struct zcnic_priv *zp, u64 cmd, u32 segs,
			       u32 mss, u32 len)
{
	return (zp->netdev->features & NETIF_F_GRO_HW) &&
	       (cmd & ZCNIC_RXD_L4_TCP) && !zcnic_rx_csum_bogus(cmd) &&
	       segs >= 2 && segs <= ZCNIC_GRO_SEGS_MAX && mss &&
	       (u64)(segs - 1) * mss < len &&
	       len <= (u64)segs * mss + ZCNIC_HDR_BUF_SIZE;
}

static int zcnic_rx_clean(struct zcnic_queue *q, int budget)
{
	struct zcnic_priv *zp = q->zp;
	struct net_device *netdev = zp->netdev;
	struct zcnic_ring *r = &q->rx;
	unsigned int pkts = 0, bytes = 0;
	/* with an XDP program: buffers behind its headroom (zcnic_rxq_alloc) */
	struct bpf_prog *prog = READ_ONCE(zp->xdp_prog);
	u32 buf_len = q->headroom ? ZCNIC_XDP_BUF_LEN : ZCNIC_RX_BUF_LEN;
	u32 xdp_done = 0;
	int done = 0;

	while (done < budget && r->clean != r->next) {
		struct zcnic_rx_buf *b = &q->rx_bufs[r->clean];
		u64 cmd = le64_to_cpu(READ_ONCE(r->desc[r->clean].cmd));
		struct sk_buff *skb;
		u32 len, idx, segs, mss = 0, hash_type;
		u64 w0 = 0;
		int err;

		if (!(cmd & ZCNIC_DESC_DONE))
			break;
		dma_rmb();
		idx = r->clean;
		/* software's again: DONE here before the refill is a lie */
		WRITE_ONCE(r->desc[idx].cmd, 0);
		r->clean = zcnic_ring_inc(r, r->clean);
		len = FIELD_GET(ZCNIC_MASK(ZCNIC_DESC_LEN), cmd);
		if (unlikely(zcnic_rx_busy(q) && (cmd & ZCNIC_RXD_SPLIT))) {
			/* a frame's first buffer: the one before had no EOP */
			net_err_ratelimited("%s: RX frame without EOP\n",
					    netdev->name);
			zcnic_reject(&q->rx_stats, &q->rx_stats.bad_frame);
			zcnic_rx_drop_frame(q);
		}
		/* split frames may carry no payload (LEN 0) */
		if (!q->rx_skb && (cmd & ZCNIC_RXD_SPLIT) &&
		    !zcnic_rx_start_split(q, idx, cmd)) {
			net_err_ratelimited("%s: bad RX split write-back %#llx\n",
					    netdev->name, cmd);
			zcnic_reject(&q->rx_stats, &q->rx_stats.bad_wb);
			zcnic_rx_recycle(q, b);
			zcnic_rx_drop_frame(q);
			continue;
		}
		if (unlikely((!len && !zcnic_rx_busy(q)) || len > buf_len ||
			     !b->netmem)) {
			net_err_ratelimited("%s: bad RX write-back %#llx\n",
					    netdev->name, cmd);
			zcnic_reject(&q->rx_stats, &q->rx_stats.bad_wb);
			if (b->netmem)
				zcnic_rx_recycle(q, b);
			zcnic_rx_drop_frame(q);
			continue;
		}
		if (q->headroom)
			err = zcnic_rx_xdp_add(q, b, len) ? 0 : -EINVAL;
		else
			err = zcnic_rx_add(q, b, len);
		if (unlikely(err)) {
			if (err == -EFAULT)
				zcnic_stat_inc(&q->rx_stats,
					       &q->rx_stats.unsplit_drop);
			else
				zcnic_reject(&q->rx_stats,
					     &q->rx_stats.bad_frame);
			zcnic_rx_recycle(q, b);
			zcnic_rx_drop_frame(q);
			continue;
		}
		if (!(cmd & ZCNIC_DESC_EOP))
			continue;

		segs = 1;
		hash_type = FIELD_GET(ZCNIC_MASK(ZCNIC_RXD_RSS_TYPE), cmd);
		/* spec 4.7, 4.8: GRO's count and MSS, the hash: read once */
		if ((cmd & ZCNIC_RXD_GRO) || hash_type)
			w0 = le64_to_cpu(READ_ONCE(r->desc[idx].addr));
		if (q->headroom) {
			/* NULL: XDP took the frame, or it was refused */
			skb = zcnic_rx_xdp(q, prog, cmd, w0, &xdp_done);
			done++;
			if (!skb)
				continue;
		} else {
			skb = q->rx_skb;
			q->rx_skb = NULL;
		}
		if (cmd & ZCNIC_RXD_GRO) {
			segs = FIELD_GET(ZCNIC_MASK(ZCNIC_RXD_GRO_SEGS), w0);
			mss = FIELD_GET(ZCNIC_MASK(ZCNIC_RXD_GRO_MSS), w0);
			if (unlikely(!zcnic_rx_gro_valid(zp, cmd, segs, mss,
							 skb->len))) {
				net_err_ratelimited("%s: bad RX GRO write-back, %u bytes, %u segments of %u\n",
						    netdev->name, skb->len, segs,
						    mss);
				dev_kfree_skb_any(skb);
				zcnic_reject(&q->rx_stats,
					     &q->rx_stats.bad_gro);
				continue;
			}
		}
		/* with XDP checked before the program, which may resize it */
		if (unlikely(!q->headroom &&
			     (skb->len < ETH_HLEN ||
			      skb->len > (segs > 1 ? ZCNIC_GRO_MAX_IP_LEN :
					  netdev->mtu) + VLAN_ETH_HLEN))) {
			net_err_ratelimited("%s: bad RX frame, %u bytes, %#llx\n",
					    netdev->name, skb->len, cmd);
			dev_kfree_skb_any(skb);
			zcnic_reject(&q->rx_stats, &q->rx_stats.bad_frame);
			continue;
		}
		skb->protocol = eth_type_trans(skb, netdev);
		if (hash_type)
			zcnic_rx_hash(q, skb, hash_type, w0);
		if (segs > 1) {
			/* checksums verified per segment and for the whole */
			skb_shinfo(skb)->gso_size = mss;
			skb_shinfo(skb)->gso_segs = segs;
			skb_shinfo(skb)->gso_type = cmd & ZCNIC_RXD_IPV6 ?
						    SKB_GSO_TCPV6 : SKB_GSO_TCPV4;
			skb->ip_summed = CHECKSUM_UNNECESSARY;
		} else if (unlikely(zcnic_rx_csum_bogus(cmd))) {
			/* the stack checks it itself */
			zcnic_stat_inc(&q->rx_stats, &q->rx_stats.csum_bogus);
		} else if ((netdev->features & NETIF_F_RXCSUM) &&
			   (cmd & ZCNIC_RXD_L4_CSUM_OK) &&
			   !(cmd & ZCNIC_RXD_CSUM_BAD)) {
			skb->ip_summed = CHECKSUM_UNNECESSARY;
		} else if (cmd & ZCNIC_RXD_CSUM_BAD) {
			zcnic_stat_inc(&q->rx_stats, &q->rx_stats.csum_bad);
		}
		pkts += segs;
		bytes += skb->len + ETH_HLEN;
		napi_gro_receive(&q->napi, skb);
		if (!q->headroom)
			done++;
	}
	if (xdp_done)
		zcnic_xdp_finish(q, xdp_done);
	if (pkts) {
		u64_stats_update_begin(&q->rx_stats.syncp);
		q->rx_stats.packets += pkts;
		q->rx_stats.bytes += bytes;
		u64_stats_update_end(&q->rx_stats.syncp);
	}
	/* one RX_TAIL write per batch of buffers, not per frame */
	if (zcnic_ring_free(&q->rx) >= zcnic_rx_refill_min(&q->rx))
		zcnic_rx_refill(q);
	return done;
}

int zcnic_poll(struct napi_struct *napi, int budget)
{
	struct zcnic_queue *q = container_of(napi, struct zcnic_queue, napi);
	struct zcnic_priv *zp = q->zp;
	unsigned int cleaned;
	bool xsk_done;
	int done;

	WRITE_ONCE(q->napi_polls, q->napi_polls + 1);
	/*
	 * Acknowledge first: events after this re-raise the cause.  With
	 * QINT_AUTOCLR the device did so when it sent the vector.
	 */
	if (!zp->int_autoclr)
		zcnic_wr32(zp, ZCNIC_REG_QINT_CAUSE, zcnic_qint(q));
	cleaned = zcnic_tx_clean(q, budget);
	if (q->xsk_pool) {
		/* the socket's TX ring not emptied: poll again */
		xsk_done = zcnic_xsk_xmit(q, budget);
		done = zcnic_rx_clean_zc(q, budget);
		if (!xsk_done)
			return budget;
	} else {
		done = zcnic_rx_clean(q, budget);
	}
	if (!cleaned && !done)
		WRITE_ONCE(zp->irq_no_work, zp->irq_no_work + 1); /* lie IRQ */
	/*
	 * The NAPI kthread yields (cond_resched()) only after a poll that
	 * used its budget: after one that completes it sleeps, unless the
	 * queue's interrupt scheduled it again meanwhile.  Under a flood
	 * without moderation the unmask below can raise that interrupt at
	 * once every time, and on a PREEMPT_VOLUNTARY kernel nothing else
	 * would run on this CPU again (the suspected cause of soft lockups
	 * seen under the xdp bench's flood).  In the kthread, while the
	 * scheduler wants the CPU, report a full budget instead.  Softirq
	 * and busy polling have their own limits and are left alone.
	 */
	if (done < budget && current == READ_ONCE(napi->thread) &&
	    need_resched()) {
		zcnic_stat_inc(&q->rx_stats, &q->rx_stats.napi_yield);
		return budget;
	}
	/* spec 5.1, 4.10: auto-mask cleared the queue's bits on the send */
	if (done < budget && napi_complete_done(napi, done))
		zcnic_wr32(zp, ZCNIC_REG_QINT_MASK_SET, zcnic_qint(q));
	return done;
}

/*
 * The queue API (netdev_queue_mgmt_ops): queue IDX's RX side is replaced
 * while the other queues run, e.g. by netdev_rx_queue_restart() when a
 * memory provider binds to it.  The memory is a struct zcnic_rxq_mem.  The
 * core serializes these with the other ops (RTNL; from 6.15 the instance
 * lock).  A stopped queue's RX_EN is clear: the device drops the frames
 * steered to it (Q_STAT_RX_DROP); its TX ring goes on, its completions
 * wait for the NAPI to run again.
 */
static int zcnic_queue_mem_alloc(struct net_device *netdev, void *mem,
				 int idx)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	if (idx < 0 || idx >= zp->max_queues)
		return -EINVAL;
	/* the pool keeps the address of the queue's xdp_rxq_info */
	if (zp->xsk_pools[idx])
		return -EBUSY;
	/*
	 * A provider's buffers take payload only: header split must be on,
	 * and not suspended by AF_XDP or XDP.  The core checks the setting
	 * (7.3) and XDP (7.3), and fails the restart once the pool has not
	 * taken the provider (ENODATA); this says why, and first.
	 */
	if (zcnic_rxq_has_mp(netdev, idx) && !zcnic_hdr_split_on(zp))
		return -EOPNOTSUPP;
	return zcnic_rxq_alloc(&zp->q[idx], mem, false);
}

static void zcnic_queue_mem_free(struct net_device *netdev, void *mem)
{
	zcnic_rxq_free(netdev_priv(netdev), mem);
}

static int zcnic_queue_stop(struct net_device *netdev, void *mem, int idx)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	struct zcnic_queue *q;

	if (idx < 0 || idx >= zp->num_queues)
		return -EINVAL;
	q = &zp->q[idx];
	if (!zp->down) {
		napi_disable_locked(&q->napi);
		zcnic_qwr32(q, ZCNIC_Q_CTRL, ZCNIC_CTRL_TX_EN);
		page_pool_disable_direct_recycling(q->page_pool);
	}
	/* down: nothing is allocated, the memory handed over is empty */
	memcpy(mem, &q->rxm, sizeof(q->rxm));
	memset(&q->rxm, 0, sizeof(q->rxm));
	return 0;
}

static int zcnic_queue_start(struct net_device *netdev, void *mem, int idx)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	struct zcnic_queue *q;

	if (idx < 0 || idx >= zp->num_queues)
		return -EINVAL;
	q = &zp->q[idx];
	memcpy(&q->rxm, mem, sizeof(q->rxm));
	memset(mem, 0, sizeof(q->rxm));
	if (zp->down) {
		/* zcnic_open allocates the rings */
		zcnic_rxq_free(zp, &q->rxm);
		return 0;
	}
	/* spec 4.10: the ring registers are read when RX_EN is set */
	zcnic_rxq_program(q);
	zcnic_qwr32(q, ZCNIC_Q_CTRL, ZCNIC_CTRL_RX_EN | ZCNIC_CTRL_TX_EN);
#ifdef ZCNIC_HAVE_PP_ENABLE_DIRECT
	if (q->page_pool)
		page_pool_enable_direct_recycling(q->page_pool, &q->napi);
#endif
	zcnic_rx_refill(q);
	q->service_rx_stuck = 0;
	napi_enable_locked(&q->napi);
	/* what came while stopped: its causes may wait auto-masked */
	local_bh_disable();
	napi_schedule(&q->napi);
	local_bh_enable();
	return 0;
}

#ifdef ZCNIC_HAVE_QUEUE_QCFG
/* the queue's configuration has nothing the driver takes from it */
static int zcnic_queue_mem_alloc_qcfg(struct net_device *netdev,
				      struct netdev_queue_config *qcfg,
				      void *mem, int idx)
{
	return zcnic_queue_mem_alloc(netdev, mem, idx);
}

static int zcnic_queue_start_qcfg(struct net_device *netdev,
				  struct netdev_queue_config *qcfg,
				  void *mem, int idx)
{
	return zcnic_queue_start(netdev, mem, idx);
}
#endif

const struct netdev_queue_mgmt_ops zcnic_queue_mgmt_ops = {
	.ndo_queue_mem_size	= sizeof(struct zcnic_rxq_mem),
#ifdef ZCNIC_HAVE_QUEUE_QCFG
	.ndo_queue_mem_alloc	= zcnic_queue_mem_alloc_qcfg,
	.ndo_queue_start	= zcnic_queue_start_qcfg,
#else
	.ndo_queue_mem_alloc	= zcnic_queue_mem_alloc,
	.ndo_queue_start	= zcnic_queue_start,
#endif
	.ndo_queue_mem_free	= zcnic_queue_mem_free,
	.ndo_queue_stop		= zcnic_queue_stop,
};

/*
 * Restart RX queue IDX through the queue API, as binding a memory provider
 * to it does (debugfs queue_restart, for tests).  Where the kernel exports
 * netdev_rx_queue_restart(), through it; before that, its steps: new
 * memory, stop, start with it (the old memory again if that fails), free.
 */
#ifdef ZCNIC_HAVE_RX_QUEUE_RESTART
MODULE_IMPORT_NS("NETDEV_INTERNAL");
#endif

int zcnic_queue_restart(struct zcnic_priv *zp, u32 idx)
{
	struct net_device *netdev = zp->netdev;
	int err;
#ifndef ZCNIC_HAVE_RX_QUEUE_RESTART
	const struct netdev_queue_mgmt_ops *qops = &zcnic_queue_mgmt_ops;
	void *new_mem, *old_mem;
#endif

	rtnl_lock();
	netdev_lock_ops(netdev);
	if (idx >= zp->num_queues) {
		err = -EINVAL;
		goto out;
	}
#ifdef ZCNIC_HAVE_RX_QUEUE_RESTART
	err = netdev_rx_queue_restart(netdev, idx);
#else
	err = -ENOMEM;
	new_mem = kvzalloc(qops->ndo_queue_mem_size, GFP_KERNEL);
	old_mem = kvzalloc(qops->ndo_queue_mem_size, GFP_KERNEL);
	if (!new_mem || !old_mem)
		goto free;
	err = zcnic_queue_mem_alloc(netdev, new_mem, idx);
	if (err)
		goto free;
	if (netif_running(netdev)) {
		err = zcnic_queue_stop(netdev, old_mem, idx);
		if (!err) {
			err = zcnic_queue_start(netdev, new_mem, idx);
			if (err && zcnic_queue_start(netdev, old_mem, idx))
				netdev_err(netdev, "RX queue %u not restarted\n",
					   idx);
		}
		if (err) {
			zcnic_queue_mem_free(netdev, new_mem);
			goto free;
		}
	} else {
		swap(new_mem, old_mem);
	}
	zcnic_queue_mem_free(netdev, old_mem);
free:
	kvfree(old_mem);
	kvfree(new_mem);
#endif
	if (!err)
		zp->q[idx].restarts++;
out:
	netdev_unlock_ops(netdev);
	rtnl_unlock();
	return err;
}
