/* SPDX-License-Identifier: GPL-2.0-only */
/* zcnic: Linux driver for the zcnic zero-copy NIC model. */
#ifndef _ZCNIC_H_
#define _ZCNIC_H_

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#include <zcnic/zcnic_hw.h>

#define ZCNIC_DRV_NAME	"zcnic"

/* GENMASK for a _SHIFT/_WIDTH pair of the hardware header */
#define ZCNIC_MASK(f)	GENMASK((f##_SHIFT) + (f##_WIDTH) - 1, (f##_SHIFT))

#define ZCNIC_TX_RING_SIZE	256
#define ZCNIC_RX_RING_SIZE	256
/* Version 1.0 receive buffers: one page each, frames up to the MTU. */
#define ZCNIC_RX_BUF_LEN	PAGE_SIZE

/**
 * struct zcnic_desc - one ring descriptor (spec 4.2)
 * @addr: buffer address
 * @cmd: length, flags and, once the device is done, ZCNIC_DESC_DONE
 */
struct zcnic_desc {
	__le64 addr;
	__le64 cmd;
};
static_assert(sizeof(struct zcnic_desc) == ZCNIC_DESC_SIZE);

/**
 * struct zcnic_tx_buf - what a TX descriptor carries
 * @skb: the frame, freed on completion
 * @dma: its mapping
 * @len: mapped length
 */
struct zcnic_tx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
	u32 len;
};

/**
 * struct zcnic_rx_buf - the page behind an RX descriptor
 * @page: receive buffer, reused after its contents are copied out
 * @dma: its mapping
 */
struct zcnic_rx_buf {
	struct page *page;
	dma_addr_t dma;
};

/**
 * struct zcnic_ring - a descriptor ring and its software state
 * @desc: descriptors, shared with the device
 * @desc_dma: their bus address
 * @size: number of descriptors, a power of two
 * @next: next descriptor software fills (the tail it writes)
 * @clean: next descriptor software expects the device to complete
 */
struct zcnic_ring {
	struct zcnic_desc *desc;
	dma_addr_t desc_dma;
	u32 size;
	u32 next;
	u32 clean;
};

/**
 * struct zcnic_priv - per-device state
 * @netdev: the network device
 * @pdev: the PCI function
 * @regs: BAR0 register window
 * @version: VERSION register as read at probe
 * @nvecs: interrupt vectors allocated (1 with INTx)
 * @irq_names: names of the vectors in /proc/interrupts
 * @napi: RX and TX completion
 * @tx: transmit ring
 * @tx_bufs: per TX descriptor
 * @rx: receive ring
 * @rx_bufs: per RX descriptor
 */
struct zcnic_priv {
	struct net_device *netdev;
	struct pci_dev *pdev;
	void __iomem *regs;
	u32 version;
	int nvecs;
	char irq_names[ZCNIC_MSIX_VECTORS][24];
	struct napi_struct napi;
	struct zcnic_ring tx;
	struct zcnic_tx_buf *tx_bufs;
	struct zcnic_ring rx;
	struct zcnic_rx_buf *rx_bufs;
};

static inline u32 zcnic_rd32(struct zcnic_priv *zp, u32 reg)
{
	return ioread32(zp->regs + reg);
}

static inline void zcnic_wr32(struct zcnic_priv *zp, u32 reg, u32 val)
{
	iowrite32(val, zp->regs + reg);
}

void zcnic_set_ethtool_ops(struct net_device *netdev);
int zcnic_rings_alloc(struct zcnic_priv *zp);
void zcnic_rings_free(struct zcnic_priv *zp);
void zcnic_rings_start(struct zcnic_priv *zp);
void zcnic_rings_stop(struct zcnic_priv *zp);
netdev_tx_t zcnic_start_xmit(struct sk_buff *skb, struct net_device *netdev);
int zcnic_poll(struct napi_struct *napi, int budget);

#endif /* _ZCNIC_H_ */
