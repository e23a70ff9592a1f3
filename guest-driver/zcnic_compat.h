/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * zcnic: the one place where the driver differs between the kernels it is
 * built for.  The source is written against the current kernel's API; each
 * shim below gives an older kernel that API and names the release the API
 * arrived in, so it can be deleted when the oldest supported kernel (today
 * Debian 12's 6.12 LTS) reaches it.
 */
#ifndef _ZCNIC_COMPAT_H_
#define _ZCNIC_COMPAT_H_

#include <linux/netdevice.h>
#include <linux/timer.h>
#include <linux/version.h>

/* The kernel being built for is older than MAJOR.MINOR. */
#define ZCNIC_KERNEL_BEFORE(major, minor) \
	(KERNEL_VERSION(major, minor, 0) > LINUX_VERSION_CODE)

/*
 * 6.16 renamed from_timer() to timer_container_of(); 6.16 and later have
 * no from_timer() at all.
 */
#if ZCNIC_KERNEL_BEFORE(6, 16)
#define timer_container_of(var, timer, field)	from_timer(var, timer, field)
#endif

/*
 * 6.17 made dev_set_threaded() take enum netdev_napi_threaded (the NAPI
 * "threaded" netlink attribute's values); before, it took a bool.
 */
#if ZCNIC_KERNEL_BEFORE(6, 17)
#define NETDEV_NAPI_THREADED_ENABLED	true
#endif

/*
 * Not shimmed: ethtool_ops.get_rxfh_fields/set_rxfh_fields (6.17), which
 * the driver uses for ethtool -n/-N rx-flow-hash, are in Debian's 6.12
 * (backported by 6.12.118); a plain 6.12 from before that lacks them.
 *
 * 6.19 added ethtool_ops.get_rx_ring_count, which the core asks instead
 * of get_rxnfc(ETHTOOL_GRXRINGS); 7.x no longer asks get_rxnfc.  The
 * driver answers both, the member where it exists.
 */
#if !ZCNIC_KERNEL_BEFORE(6, 19)
#define ZCNIC_HAVE_GET_RX_RING_COUNT
#endif

/*
 * 6.15 added the netdev instance lock.  The core holds it around the ops
 * of a device with queue_mgmt_ops (ndo_open and ndo_stop, ethtool, the
 * queue API), and NAPI is enabled and disabled under it with the _locked
 * calls; napi_enable() and napi_disable() take it themselves.  Before,
 * RTNL alone serializes all of them.
 */
#if ZCNIC_KERNEL_BEFORE(6, 15)
static inline void napi_enable_locked(struct napi_struct *n)
{
	napi_enable(n);
}

static inline void napi_disable_locked(struct napi_struct *n)
{
	napi_disable(n);
}

static inline void netdev_lock_ops(struct net_device *dev)
{
}

static inline void netdev_unlock_ops(struct net_device *dev)
{
}
#else
#include <net/netdev_lock.h>
#endif

/*
 * 7.0 gave ndo_queue_mem_alloc and ndo_queue_start of struct
 * netdev_queue_mgmt_ops a struct netdev_queue_config argument (the
 * queue's configuration, e.g. its RX buffer length), before the memory.
 */
#if !ZCNIC_KERNEL_BEFORE(7, 0)
#define ZCNIC_HAVE_QUEUE_QCFG
#endif

/*
 * 6.14 added the header-data-split threshold (ethtool -G hds-thresh,
 * kernel_ethtool_ringparam.hds_thresh and hds_thresh_max), which devmem
 * TCP and io_uring zero-copy receive want at 0.
 */
#if !ZCNIC_KERNEL_BEFORE(6, 14)
#define ZCNIC_HAVE_HDS_THRESH
#define ZCNIC_RING_USE_HDS_THRS	ETHTOOL_RING_USE_HDS_THRS
#else
#define ZCNIC_RING_USE_HDS_THRS	0
#endif

/*
 * Devmem TX (frags in a dma-buf the core mapped, skb_frag_is_net_iov())
 * is offered by setting net_device.netmem_tx, a mode (NETMEM_TX_DMA) in
 * 7.3; it arrived in 6.16 as a bool, which the driver does not set.
 */
#if !ZCNIC_KERNEL_BEFORE(7, 3)
#define ZCNIC_HAVE_NETMEM_TX_MODE
#endif

/*
 * 6.17 (and stable 6.16.2): a pool the queue API allocated (without the
 * NAPI, which still runs then) gets it once the queue starts: direct
 * recycling, and the pool's napi-id in the netdev family's page-pool dump.
 */
#if !ZCNIC_KERNEL_BEFORE(6, 17)
#define ZCNIC_HAVE_PP_ENABLE_DIRECT
#endif

/*
 * netdev_rx_queue_restart() is exported (namespace NETDEV_INTERNAL) from
 * 6.13 on, when netdevsim started to use it; 6.12 has it unexported.
 */
#if !ZCNIC_KERNEL_BEFORE(6, 13)
#define ZCNIC_HAVE_RX_QUEUE_RESTART
#endif

/*
 * 7.3 wants ndo_set_rx_mode_async from drivers whose ops run under the
 * instance lock (those with the queue API), and warns at registration
 * otherwise.
 */
#if !ZCNIC_KERNEL_BEFORE(7, 3)
#define ZCNIC_HAVE_SET_RX_MODE_ASYNC
#endif

/*
 * 7.3 runs ethtool's ops of such drivers under the instance lock alone,
 * unless ethtool_ops.op_needs_rtnl asks for RTNL too: ethtool -L, -G and
 * the private flags re-size or rebuild the queues, and the qdisc layer
 * (netif_set_real_num_tx_queues) wants RTNL.
 */
#if !ZCNIC_KERNEL_BEFORE(7, 3)
#define ZCNIC_HAVE_ETHTOOL_OP_NEEDS_RTNL
#endif

#endif /* _ZCNIC_COMPAT_H_ */
