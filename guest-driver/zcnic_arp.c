// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic: the device's ARP offload block (spec 8).
 *
 * The host address table follows the interface's IPv4 addresses (an
 * inetaddr notifier), ARP_CTRL.ANSWER follows the "arp-offload" private
 * flag, and debugfs shows the device's ARP buffer and runs queries:
 *
 *   /sys/kernel/debug/zcnic/<pci>/arp_table  read: host addresses and the
 *                                             valid records; write "flush"
 *   /sys/kernel/debug/zcnic/<pci>/arp_query  write an IPv4 to query; read
 *                                             "<status> <ip> <mac>"
 *   /sys/kernel/debug/zcnic/<pci>/queues     read: each queue pair's rings
 */

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/inet.h>
#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>

#include "zcnic.h"

static struct dentry *zcnic_debugfs_root;

/*
 * spec 8.6: the host addresses are the interface's IPv4 addresses.  Read
 * under RCU: ethtool's ops reach here without RTNL on 7.3 (the instance
 * lock instead), the address notifier and the reset task with it.
 */
void zcnic_arp_program(struct zcnic_priv *zp)
{
	struct in_device *in_dev;
	struct in_ifaddr *ifa;
	int n = 0;

	if (!zp->arp_capable)
		return;
	rcu_read_lock();
	in_dev = __in_dev_get_rcu(zp->netdev);
	if (in_dev) {
		in_dev_for_each_ifa_rcu(ifa, in_dev) {
			if (n == ZCNIC_ARP_HOST_IPS) {
				netdev_warn_once(zp->netdev,
						 "more than %d IPv4 addresses: the device answers ARP for the first %d\n",
						 ZCNIC_ARP_HOST_IPS,
						 ZCNIC_ARP_HOST_IPS);
				break;
			}
			zcnic_wr32(zp, ZCNIC_REG_ARP_HOST_IP(n++),
				   ntohl(ifa->ifa_local));
		}
	}
	rcu_read_unlock();
	while (n < ZCNIC_ARP_HOST_IPS)
		zcnic_wr32(zp, ZCNIC_REG_ARP_HOST_IP(n++), 0);
	zcnic_wr32(zp, ZCNIC_REG_ARP_CTRL,
		   zp->arp_offload ? ZCNIC_ARP_CTRL_ANSWER : 0);
}

static int zcnic_inetaddr_event(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct zcnic_priv *zp = container_of(nb, struct zcnic_priv, inet_nb);
	struct in_ifaddr *ifa = ptr;

	if (ifa->ifa_dev->dev != zp->netdev)
		return NOTIFY_DONE;
	/* NETDEV_UP after the address is added, NETDEV_DOWN after removal */
	if (event == NETDEV_UP || event == NETDEV_DOWN)
		zcnic_arp_program(zp);
	return NOTIFY_DONE;
}

static void zcnic_put_ip(struct seq_file *m, u32 ip)
{
	__be32 be = htonl(ip);

	seq_printf(m, "%pI4", &be);
}

static int zcnic_arp_table_show(struct seq_file *m, void *unused)
{
	struct zcnic_priv *zp = m->private;
	u32 i, n, ip, ttl;
	u8 mac[ETH_ALEN];

	mutex_lock(&zp->arp_lock);
	seq_printf(m, "offload %s\n", zp->arp_offload ? "on" : "off");
	for (i = 0; i < ZCNIC_ARP_HOST_IPS; i++) {
		ip = zcnic_rd32(zp, ZCNIC_REG_ARP_HOST_IP(i));
		if (!ip)
			continue;
		seq_puts(m, "host ");
		zcnic_put_ip(m, ip);
		seq_putc(m, '\n');
	}
	n = zcnic_rd32(zp, ZCNIC_REG_ARP_ENTRIES);
	for (i = 0; i < n && i < ZCNIC_ARP_ENTRIES_MAX; i++) {
		zcnic_wr32(zp, ZCNIC_REG_ARP_TBL_INDEX, i);
		ttl = zcnic_rd32(zp, ZCNIC_REG_ARP_TBL_TTL);
		if (!ttl)
			continue;
		ip = zcnic_rd32(zp, ZCNIC_REG_ARP_TBL_IP);
		zcnic_mac_from_regs(mac, zcnic_rd32(zp, ZCNIC_REG_ARP_TBL_MAC_LO),
				    zcnic_rd32(zp, ZCNIC_REG_ARP_TBL_MAC_HI));
		seq_puts(m, "entry ");
		zcnic_put_ip(m, ip);
		seq_printf(m, " %pM ttl %u\n", mac, ttl);
	}
	mutex_unlock(&zp->arp_lock);
	return 0;
}

static ssize_t zcnic_arp_table_write(struct file *file, const char __user *ubuf,
				     size_t len, loff_t *ppos)
{
	struct zcnic_priv *zp = ((struct seq_file *)file->private_data)->private;
	char buf[8] = { 0 };

	if (len >= sizeof(buf) ||
	    copy_from_user(buf, ubuf, len))
		return -EINVAL;
	if (!sysfs_streq(buf, "flush"))
		return -EINVAL;
	mutex_lock(&zp->arp_lock);
	zcnic_wr32(zp, ZCNIC_REG_ARP_FLUSH, 1);
	mutex_unlock(&zp->arp_lock);
	return len;
}
DEFINE_SHOW_STORE_ATTRIBUTE(zcnic_arp_table);

/* spec 8.4: the paper's status codes, as it writes them */
static const char *const zcnic_arp_status_name[8] = {
	[ZCNIC_ARP_ST_IDLE]		= "000 idle",
	[ZCNIC_ARP_ST_RESULT]		= "001 result",
	[ZCNIC_ARP_ST_NO_RESULT]	= "010 no-result",
	[ZCNIC_ARP_ST_OVERFLOW]		= "011 overflow",
	[ZCNIC_ARP_ST_BUSY]		= "111 busy",
};

static int zcnic_arp_query_show(struct seq_file *m, void *unused)
{
	struct zcnic_priv *zp = m->private;
	u8 mac[ETH_ALEN];
	const char *name;
	u32 st, ip;

	mutex_lock(&zp->arp_lock);
	st = FIELD_GET(ZCNIC_MASK(ZCNIC_ARP_STATUS),
		       zcnic_rd32(zp, ZCNIC_REG_ARP_QUERY_STATUS));
	ip = zcnic_rd32(zp, ZCNIC_REG_ARP_QUERY_IP);
	zcnic_mac_from_regs(mac, zcnic_rd32(zp, ZCNIC_REG_ARP_RESULT_MAC_LO),
			    zcnic_rd32(zp, ZCNIC_REG_ARP_RESULT_MAC_HI));
	mutex_unlock(&zp->arp_lock);
	name = zcnic_arp_status_name[st] ?: "unknown";
	seq_printf(m, "%s ", name);
	zcnic_put_ip(m, ip);
	if (st == ZCNIC_ARP_ST_RESULT || st == ZCNIC_ARP_ST_OVERFLOW)
		seq_printf(m, " %pM", mac);
	seq_putc(m, '\n');
	return 0;
}

/* Write an IPv4: the device looks it up (busy for 1 us) or sends a request */
static ssize_t zcnic_arp_query_write(struct file *file, const char __user *ubuf,
				     size_t len, loff_t *ppos)
{
	struct zcnic_priv *zp = ((struct seq_file *)file->private_data)->private;
	char buf[20] = { 0 };
	__be32 addr;
	int i;

	if (len >= sizeof(buf) || copy_from_user(buf, ubuf, len))
		return -EINVAL;
	strim(buf);
	if (!in4_pton(buf, -1, (u8 *)&addr, -1, NULL) ||
	    ipv4_is_zeronet(addr) || ipv4_is_multicast(addr) ||
	    ipv4_is_lbcast(addr))
		return -EINVAL;
	mutex_lock(&zp->arp_lock);
	zcnic_wr32(zp, ZCNIC_REG_ARP_QUERY_IP, ntohl(addr));
	/* the lookup takes ZCNIC_ARP_QUERY_NS; wait until it is done */
	for (i = 0; i < 1000; i++) {
		if (FIELD_GET(ZCNIC_MASK(ZCNIC_ARP_STATUS),
			      zcnic_rd32(zp, ZCNIC_REG_ARP_QUERY_STATUS)) !=
		    ZCNIC_ARP_ST_BUSY)
			break;
		usleep_range(10, 20);
	}
	mutex_unlock(&zp->arp_lock);
	return len;
}
DEFINE_SHOW_STORE_ATTRIBUTE(zcnic_arp_query);

/*
 * queues: each queue pair in use, its rings as software and the device
 * (HEAD) see them, and its NAPI runs.  Under RTNL (and the instance lock):
 * the rings do not go away meanwhile.
 */
static int zcnic_queues_show(struct seq_file *m, void *v)
{
	struct zcnic_priv *zp = m->private;
	u32 i;

	rtnl_lock();
	netdev_lock_ops(zp->netdev);
	seq_printf(m, "queues %u of %u, %s\n", zp->num_queues, zp->max_queues,
		   zp->down ? "down" : "up");
	for (i = 0; !zp->down && i < zp->num_queues; i++) {
		struct zcnic_queue *q = &zp->q[i];

		seq_printf(m, "%u: tx size %u next %u clean %u head %u, rx size %u next %u clean %u head %u, polls %llu, restarts %llu\n",
			   i, q->tx.size, q->tx.next, q->tx.clean,
			   zcnic_qrd32(q, ZCNIC_Q_TX_HEAD), q->rx.size,
			   q->rx.next, q->rx.clean,
			   zcnic_qrd32(q, ZCNIC_Q_RX_HEAD),
			   READ_ONCE(q->napi_polls), q->restarts);
		/* AF_XDP: where the device wrote the last frame the socket got */
		if (q->xsk_pool)
			seq_printf(m, "%u: xsk zero-copy, last rx dma %pad\n",
				   i, &q->xsk_last_dma);
	}
	netdev_unlock_ops(zp->netdev);
	rtnl_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(zcnic_queues);

/* queue_restart: writing N restarts RX queue N through the queue API */
static ssize_t zcnic_queue_restart_write(struct file *file,
					 const char __user *ubuf, size_t len,
					 loff_t *ppos)
{
	struct zcnic_priv *zp = file->private_data;
	u32 idx;
	int err;

	err = kstrtou32_from_user(ubuf, len, 0, &idx);
	if (err)
		return err;
	err = zcnic_queue_restart(zp, idx);
	return err ? err : len;
}

static const struct file_operations zcnic_queue_restart_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = zcnic_queue_restart_write,
};

/* INT_CAUSE.ARP: a query completed with a result (spec 8.4) */
void zcnic_arp_irq(struct zcnic_priv *zp)
{
	zp->arp_irqs++;
}

int zcnic_arp_init(struct zcnic_priv *zp)
{
	int err;

	mutex_init(&zp->arp_lock);
	zp->arp_capable = zcnic_rd32(zp, ZCNIC_REG_FEATURES) & ZCNIC_FEAT_ARP;
	zp->arp_offload = zp->arp_capable;
	if (!zp->arp_capable)
		return 0;
	zp->inet_nb.notifier_call = zcnic_inetaddr_event;
	err = register_inetaddr_notifier(&zp->inet_nb);
	if (err)
		return err;
	zp->debugfs = debugfs_create_dir(pci_name(zp->pdev),
					 zcnic_debugfs_root);
	debugfs_create_file("arp_table", 0600, zp->debugfs, zp,
			    &zcnic_arp_table_fops);
	debugfs_create_file("arp_query", 0600, zp->debugfs, zp,
			    &zcnic_arp_query_fops);
	debugfs_create_file("queues", 0400, zp->debugfs, zp,
			    &zcnic_queues_fops);
	debugfs_create_file("queue_restart", 0200, zp->debugfs, zp,
			    &zcnic_queue_restart_fops);
	debugfs_create_bool("rx_alloc_fail", 0600, zp->debugfs,
			    &zp->rx_alloc_fail);
	return 0;
}

void zcnic_arp_exit(struct zcnic_priv *zp)
{
	if (!zp->arp_capable)
		return;
	debugfs_remove_recursive(zp->debugfs);
	unregister_inetaddr_notifier(&zp->inet_nb);
}

void zcnic_debugfs_init(void)
{
	zcnic_debugfs_root = debugfs_create_dir(ZCNIC_DRV_NAME, NULL);
}

void zcnic_debugfs_exit(void)
{
	debugfs_remove_recursive(zcnic_debugfs_root);
}
