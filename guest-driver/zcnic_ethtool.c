// SPDX-License-Identifier: GPL-2.0-only
/* zcnic: ethtool operations */

#include <linux/ethtool.h>

#include "zcnic.h"

static void zcnic_get_drvinfo(struct net_device *netdev,
			      struct ethtool_drvinfo *info)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	strscpy(info->driver, ZCNIC_DRV_NAME, sizeof(info->driver));
	/* The device version is what this model's "firmware" is. */
	snprintf(info->fw_version, sizeof(info->fw_version), "%lu.%lu",
		 FIELD_GET(ZCNIC_MASK(ZCNIC_VERSION_MAJOR), zp->version),
		 FIELD_GET(ZCNIC_MASK(ZCNIC_VERSION_MINOR), zp->version));
	strscpy(info->bus_info, pci_name(zp->pdev), sizeof(info->bus_info));
}

static const struct ethtool_ops zcnic_ethtool_ops = {
	.get_drvinfo	= zcnic_get_drvinfo,
	.get_link	= ethtool_op_get_link,
};

void zcnic_set_ethtool_ops(struct net_device *netdev)
{
	netdev->ethtool_ops = &zcnic_ethtool_ops;
}
