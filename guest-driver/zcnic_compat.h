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

#endif /* _ZCNIC_COMPAT_H_ */
