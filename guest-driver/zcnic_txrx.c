// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic: descriptor rings, transmit and receive (spec 4).
 *
 * The device is not trusted: every length and flag it writes back is checked
 * before use, and only descriptors software posted are looked at.
 */

#include <linux/etherdevice.h>
#include <linux/dma-mapping.h>

#include "zcnic.h"

static u32 zcnic_ring_free(const struct zcnic_ring *r)
{
	return r->size - 1 - ((r->next - r->clean) & (r->size - 1));
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

static int zcnic_rx_fill_one(struct zcnic_priv *zp, u32 idx)
{
	struct zcnic_rx_buf *b = &zp->rx_bufs[idx];
	struct zcnic_desc *d = &zp->rx.desc[idx];

	if (!b->page) {
		b->page = dev_alloc_page();
		if (!b->page)
			return -ENOMEM;
		b->dma = dma_map_page(&zp->pdev->dev, b->page, 0,
				      ZCNIC_RX_BUF_LEN, DMA_FROM_DEVICE);
		if (dma_mapping_error(&zp->pdev->dev, b->dma)) {
			__free_page(b->page);
			b->page = NULL;
			return -ENOMEM;
		}
	}
	d->addr = cpu_to_le64(b->dma);
	d->cmd = cpu_to_le64(FIELD_PREP(ZCNIC_MASK(ZCNIC_DESC_LEN),
					ZCNIC_RX_BUF_LEN));
	return 0;
}

/* Post every free RX descriptor, then ring the doorbell once. */
static void zcnic_rx_refill(struct zcnic_priv *zp)
{
	struct zcnic_ring *r = &zp->rx;
	u32 n = zcnic_ring_free(r);

	while (n--) {
		if (zcnic_rx_fill_one(zp, r->next))
			break;
		r->next = (r->next + 1) & (r->size - 1);
	}
	dma_wmb();	/* descriptors visible before the tail moves */
	zcnic_wr32(zp, ZCNIC_REG_RX_TAIL, r->next);
}

/**
 * zcnic_rings_alloc() - allocate both rings and the RX buffers
 * @zp: device
 *
 * Return: 0 or -ENOMEM.
 */
int zcnic_rings_alloc(struct zcnic_priv *zp)
{
	int err;

	zp->tx_bufs = kcalloc(ZCNIC_TX_RING_SIZE, sizeof(*zp->tx_bufs),
			      GFP_KERNEL);
	zp->rx_bufs = kcalloc(ZCNIC_RX_RING_SIZE, sizeof(*zp->rx_bufs),
			      GFP_KERNEL);
	if (!zp->tx_bufs || !zp->rx_bufs) {
		err = -ENOMEM;
		goto err;
	}
	err = zcnic_ring_alloc(zp, &zp->tx, ZCNIC_TX_RING_SIZE);
	if (err)
		goto err;
	err = zcnic_ring_alloc(zp, &zp->rx, ZCNIC_RX_RING_SIZE);
	if (err)
		goto err;
	return 0;
err:
	zcnic_rings_free(zp);
	return err;
}

void zcnic_rings_free(struct zcnic_priv *zp)
{
	struct device *dev = &zp->pdev->dev;
	u32 i;

	if (zp->tx_bufs) {
		for (i = 0; i < ZCNIC_TX_RING_SIZE; i++) {
			struct zcnic_tx_buf *b = &zp->tx_bufs[i];

			if (!b->skb)
				continue;
			dma_unmap_single(dev, b->dma, b->len, DMA_TO_DEVICE);
			dev_kfree_skb_any(b->skb);
		}
	}
	if (zp->rx_bufs) {
		for (i = 0; i < ZCNIC_RX_RING_SIZE; i++) {
			struct zcnic_rx_buf *b = &zp->rx_bufs[i];

			if (!b->page)
				continue;
			dma_unmap_page(dev, b->dma, ZCNIC_RX_BUF_LEN,
				       DMA_FROM_DEVICE);
			__free_page(b->page);
		}
	}
	zcnic_ring_free_desc(zp, &zp->tx);
	zcnic_ring_free_desc(zp, &zp->rx);
	kfree(zp->tx_bufs);
	kfree(zp->rx_bufs);
	zp->tx_bufs = NULL;
	zp->rx_bufs = NULL;
}

/* spec 4.1: program the rings, enable the queues, post RX buffers. */
void zcnic_rings_start(struct zcnic_priv *zp)
{
	zcnic_wr32(zp, ZCNIC_REG_TX_BASE_LO, lower_32_bits(zp->tx.desc_dma));
	zcnic_wr32(zp, ZCNIC_REG_TX_BASE_HI, upper_32_bits(zp->tx.desc_dma));
	zcnic_wr32(zp, ZCNIC_REG_TX_SIZE, zp->tx.size);
	zcnic_wr32(zp, ZCNIC_REG_RX_BASE_LO, lower_32_bits(zp->rx.desc_dma));
	zcnic_wr32(zp, ZCNIC_REG_RX_BASE_HI, upper_32_bits(zp->rx.desc_dma));
	zcnic_wr32(zp, ZCNIC_REG_RX_SIZE, zp->rx.size);
	zcnic_wr32(zp, ZCNIC_REG_CTRL, ZCNIC_CTRL_RX_EN | ZCNIC_CTRL_TX_EN);
	zcnic_rx_refill(zp);
}

void zcnic_rings_stop(struct zcnic_priv *zp)
{
	zcnic_wr32(zp, ZCNIC_REG_CTRL, 0);
}

netdev_tx_t zcnic_start_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	struct zcnic_ring *r = &zp->tx;
	struct zcnic_tx_buf *b;
	dma_addr_t dma;

	if (skb_put_padto(skb, ETH_ZLEN)) {
		dev_core_stats_tx_dropped_inc(netdev);
		return NETDEV_TX_OK;
	}
	if (unlikely(!zcnic_ring_free(r))) {
		netif_stop_queue(netdev);
		return NETDEV_TX_BUSY;
	}
	dma = dma_map_single(&zp->pdev->dev, skb->data, skb->len,
			     DMA_TO_DEVICE);
	if (dma_mapping_error(&zp->pdev->dev, dma)) {
		dev_kfree_skb_any(skb);
		dev_core_stats_tx_dropped_inc(netdev);
		return NETDEV_TX_OK;
	}
	b = &zp->tx_bufs[r->next];
	b->skb = skb;
	b->dma = dma;
	b->len = skb->len;
	r->desc[r->next].addr = cpu_to_le64(dma);
	r->desc[r->next].cmd =
		cpu_to_le64(FIELD_PREP(ZCNIC_MASK(ZCNIC_DESC_LEN), skb->len) |
			    ZCNIC_DESC_EOP);
	r->next = (r->next + 1) & (r->size - 1);
	skb_tx_timestamp(skb);

	if (!zcnic_ring_free(r)) {
		netif_stop_queue(netdev);
		/* Pairs with the barrier in netif_wake_queue's caller. */
		smp_mb();
		if (zcnic_ring_free(r))
			netif_start_queue(netdev);
	}

	dma_wmb();	/* descriptor before doorbell */
	zcnic_wr32(zp, ZCNIC_REG_TX_TAIL, r->next);
	return NETDEV_TX_OK;
}

static void zcnic_tx_clean(struct zcnic_priv *zp, int budget)
{
	struct net_device *netdev = zp->netdev;
	struct zcnic_ring *r = &zp->tx;
	unsigned int pkts = 0, bytes = 0;

	while (r->clean != r->next) {
		struct zcnic_tx_buf *b = &zp->tx_bufs[r->clean];
		u64 cmd = le64_to_cpu(READ_ONCE(r->desc[r->clean].cmd));

		if (!(cmd & ZCNIC_DESC_DONE))
			break;
		dma_rmb();
		dma_unmap_single(&zp->pdev->dev, b->dma, b->len, DMA_TO_DEVICE);
		pkts++;
		bytes += b->len;
		napi_consume_skb(b->skb, budget);
		b->skb = NULL;
		r->clean = (r->clean + 1) & (r->size - 1);
	}
	netdev->stats.tx_packets += pkts;
	netdev->stats.tx_bytes += bytes;
	/* Pairs with the barrier in zcnic_start_xmit after stopping. */
	smp_mb();
	if (pkts && netif_queue_stopped(netdev) && zcnic_ring_free(r))
		netif_wake_queue(netdev);
}

static int zcnic_rx_clean(struct zcnic_priv *zp, int budget)
{
	struct net_device *netdev = zp->netdev;
	struct zcnic_ring *r = &zp->rx;
	int done = 0;

	while (done < budget && r->clean != r->next) {
		struct zcnic_rx_buf *b = &zp->rx_bufs[r->clean];
		u64 cmd = le64_to_cpu(READ_ONCE(r->desc[r->clean].cmd));
		struct sk_buff *skb;
		u32 len;

		if (!(cmd & ZCNIC_DESC_DONE))
			break;
		dma_rmb();
		len = FIELD_GET(ZCNIC_MASK(ZCNIC_DESC_LEN), cmd);
		/* One buffer holds any frame up to the MTU: insist on it. */
		if (unlikely(!(cmd & ZCNIC_DESC_EOP) || len < ETH_HLEN ||
			     len > ZCNIC_RX_BUF_LEN)) {
			net_err_ratelimited("%s: bad RX write-back %#llx at %u\n",
					    netdev->name, cmd, r->clean);
			netdev->stats.rx_errors++;
			goto next;
		}
		skb = napi_alloc_skb(&zp->napi, len);
		if (unlikely(!skb)) {
			netdev->stats.rx_dropped++;
			goto next;
		}
		dma_sync_single_for_cpu(&zp->pdev->dev, b->dma, len,
					DMA_FROM_DEVICE);
		skb_put_data(skb, page_address(b->page), len);
		dma_sync_single_for_device(&zp->pdev->dev, b->dma, len,
					   DMA_FROM_DEVICE);
		skb->protocol = eth_type_trans(skb, netdev);
		netdev->stats.rx_packets++;
		netdev->stats.rx_bytes += len;
		napi_gro_receive(&zp->napi, skb);
next:
		r->clean = (r->clean + 1) & (r->size - 1);
		done++;
	}
	if (done)
		zcnic_rx_refill(zp);
	return done;
}

int zcnic_poll(struct napi_struct *napi, int budget)
{
	struct zcnic_priv *zp = container_of(napi, struct zcnic_priv, napi);
	int done;

	/* Acknowledge first: events after this re-raise the cause. */
	zcnic_wr32(zp, ZCNIC_REG_INT_CAUSE, ZCNIC_INT_RX | ZCNIC_INT_TX);
	zcnic_tx_clean(zp, budget);
	done = zcnic_rx_clean(zp, budget);
	if (done < budget && napi_complete_done(napi, done))
		zcnic_wr32(zp, ZCNIC_REG_INT_MASK_SET,
			   ZCNIC_INT_RX | ZCNIC_INT_TX);
	return done;
}
