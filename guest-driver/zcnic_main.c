// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic: Linux driver for the zcnic zero-copy NIC model (QEMU -device zcnic).
 *
 * The register interface is include/zcnic/zcnic_hw.h, described in the
 * project's docs/spec.rst.  Section numbers in comments refer to that spec.
 */

#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/module.h>

#include "zcnic.h"

/* spec 3.5: MAC_LO holds bytes 0..3 (byte 0 lowest), MAC_HI bytes 4..5 */
static void zcnic_read_mac(struct zcnic_priv *zp, u8 *mac)
{
	u32 lo = zcnic_rd32(zp, ZCNIC_REG_MAC_LO);
	u32 hi = zcnic_rd32(zp, ZCNIC_REG_MAC_HI);

	mac[0] = lo;
	mac[1] = lo >> 8;
	mac[2] = lo >> 16;
	mac[3] = lo >> 24;
	mac[4] = hi;
	mac[5] = hi >> 8;
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
 * All vectors share this handler: the cause register says what happened.
 * RX and TX are masked here and unmasked when NAPI completes (spec 5).
 */
static irqreturn_t zcnic_irq(int irq, void *data)
{
	struct zcnic_priv *zp = data;
	u32 cause;

	cause = zcnic_rd32(zp, ZCNIC_REG_INT_CAUSE);
	/* All ones: the device is gone (surprise removal). */
	if (!cause || cause == ~0u)
		return IRQ_NONE;

	if (cause & (ZCNIC_INT_LINK | ZCNIC_INT_ERR))
		zcnic_wr32(zp, ZCNIC_REG_INT_CAUSE,
			   cause & (ZCNIC_INT_LINK | ZCNIC_INT_ERR));
	if (cause & ZCNIC_INT_LINK)
		zcnic_update_carrier(zp);
	if (cause & ZCNIC_INT_ERR)
		net_err_ratelimited("%s: device error status %#x\n",
				    zp->netdev->name,
				    zcnic_rd32(zp, ZCNIC_REG_ERR_STATUS));
	if (cause & (ZCNIC_INT_RX | ZCNIC_INT_TX)) {
		zcnic_wr32(zp, ZCNIC_REG_INT_MASK_CLR,
			   ZCNIC_INT_RX | ZCNIC_INT_TX);
		napi_schedule(&zp->napi);
	}
	return IRQ_HANDLED;
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

	err = zcnic_rings_alloc(zp);
	if (err)
		return err;
	zcnic_rings_start(zp);
	napi_enable(&zp->napi);
	zcnic_wr32(zp, ZCNIC_REG_INT_CAUSE, ZCNIC_INT_ALL);
	zcnic_wr32(zp, ZCNIC_REG_INT_MASK, ZCNIC_INT_ALL);
	zcnic_update_carrier(zp);
	netif_start_queue(netdev);
	return 0;
}

static int zcnic_stop(struct net_device *netdev)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	netif_stop_queue(netdev);
	/* Link changes are still of interest while down; data is not. */
	zcnic_wr32(zp, ZCNIC_REG_INT_MASK, ZCNIC_INT_LINK);
	zcnic_rings_stop(zp);
	zcnic_irqs_sync(zp);
	napi_disable(&zp->napi);
	netif_carrier_off(netdev);
	zcnic_rings_free(zp);
	return 0;
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

static const struct net_device_ops zcnic_netdev_ops = {
	.ndo_open		= zcnic_open,
	.ndo_stop		= zcnic_stop,
	.ndo_start_xmit		= zcnic_start_xmit,
	.ndo_set_mac_address	= zcnic_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
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

static int zcnic_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct device *dev = &pdev->dev;
	struct net_device *netdev;
	struct zcnic_priv *zp;
	u8 mac[ETH_ALEN];
	int err, i;

	err = pcim_enable_device(pdev);
	if (err)
		return dev_err_probe(dev, err, "cannot enable device\n");
	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (err)
		return dev_err_probe(dev, err, "no usable DMA mask\n");
	pci_set_master(pdev);

	netdev = devm_alloc_etherdev(dev, sizeof(*zp));
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

	zp->nvecs = pci_alloc_irq_vectors(pdev, 1, ZCNIC_MSIX_VECTORS,
					  PCI_IRQ_MSIX | PCI_IRQ_INTX);
	if (zp->nvecs < 0)
		return dev_err_probe(dev, zp->nvecs, "no interrupt vectors\n");
	for (i = 0; i < zp->nvecs; i++) {
		static const char * const names[] = { "misc", "rx", "tx" };

		snprintf(zp->irq_names[i], sizeof(zp->irq_names[i]), "%s-%s",
			 pci_name(pdev), names[i]);
		err = devm_request_irq(dev, pci_irq_vector(pdev, i), zcnic_irq,
				       pdev->msix_enabled ? 0 : IRQF_SHARED,
				       zp->irq_names[i], zp);
		if (err)
			return dev_err_probe(dev, err, "cannot request IRQ %d\n",
					     i);
	}
	netif_napi_add(netdev, &zp->napi, zcnic_poll);

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
	netdev->min_mtu = ETH_MIN_MTU;
	netdev->max_mtu = ETH_DATA_LEN;
	zcnic_set_ethtool_ops(netdev);
	netif_carrier_off(netdev);

	err = register_netdev(netdev);
	if (err) {
		netif_napi_del(&zp->napi);
		return dev_err_probe(dev, err, "cannot register netdev\n");
	}

	netdev_info(netdev, "zcnic at %s, MAC %pM\n", pci_name(pdev),
		    netdev->dev_addr);
	return 0;
}

static void zcnic_remove(struct pci_dev *pdev)
{
	struct zcnic_priv *zp = pci_get_drvdata(pdev);

	unregister_netdev(zp->netdev);
	/* Quiesce before devres frees the IRQs, the vectors and the mapping. */
	zcnic_wr32(zp, ZCNIC_REG_INT_MASK, 0);
	zcnic_wr32(zp, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
	netif_napi_del(&zp->napi);
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
module_pci_driver(zcnic_driver);

MODULE_DESCRIPTION("zcnic zero-copy NIC model driver");
MODULE_LICENSE("GPL");
