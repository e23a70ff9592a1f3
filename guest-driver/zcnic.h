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

/**
 * struct zcnic_priv - per-device state
 * @netdev: the network device
 * @pdev: the PCI function
 * @regs: BAR0 register window
 * @version: VERSION register as read at probe
 * @misc_irq: Linux IRQ number of the misc vector
 */
struct zcnic_priv {
	struct net_device *netdev;
	struct pci_dev *pdev;
	void __iomem *regs;
	u32 version;
	int misc_irq;
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

#endif /* _ZCNIC_H_ */
