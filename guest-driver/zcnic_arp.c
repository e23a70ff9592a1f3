// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic: the device's ARP offload block (spec 8).
 *
 * The host address table follows the interface's IPv4 addresses (an
 * inetaddr notifier), ARP_CTRL.ANSWER follows the "arp-offload" private
 * flag, and with "arp-resolve" Linux's own ARP requests go to the device's
 * buffer first (spec 8.8): a hit completes the neighbour entry, and no
 * request is sent; on a miss the device sends it.  debugfs shows the
 * device's ARP buffer and runs queries:
 *
 *   /sys/kernel/debug/zcnic/<pci>/arp_table  read: host addresses and the
 *                                             valid records; write "flush"
 *   /sys/kernel/debug/zcnic/<pci>/arp_query  write an IPv4 to query; read
 *                                             "<status> <ip> <mac>"
 *   /sys/kernel/debug/zcnic/<pci>/arp_ttl    ARP_TTL: seconds a record
 *                                             learned from now on lives
 *   /sys/kernel/debug/zcnic/<pci>/queues     read: each queue pair's rings
 */

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/if_arp.h>
#include <linux/inet.h>
#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <net/arp.h>
#include <net/neighbour.h>
#include <net/netevent.h>

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
	__be32 sip = 0;
	int n = 0;

	if (!zp->arp_capable)
		return;
	rcu_read_lock();
	in_dev = __in_dev_get_rcu(zp->netdev);
	if (in_dev) {
		in_dev_for_each_ifa_rcu(ifa, in_dev) {
			if (!n)
				sip = ifa->ifa_local;
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
	WRITE_ONCE(zp->arp_sip, sip);
	mutex_lock(&zp->arp_lock);
	zcnic_wr32(zp, ZCNIC_REG_ARP_TTL, zp->arp_ttl);
	mutex_unlock(&zp->arp_lock);
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

/*
 * spec 8.4: query ADDR (a unicast IPv4, network order) under arp_lock.
 * The lookup takes ZCNIC_ARP_QUERY_NS; wait until it is done, a bounded
 * number of times.  Returns the status (read once) and, on a result, the
 * MAC in @mac.
 */
static u32 zcnic_arp_query(struct zcnic_priv *zp, __be32 addr, u8 *mac)
{
	u32 st = ZCNIC_ARP_ST_BUSY;
	int i;

	lockdep_assert_held(&zp->arp_lock);
	zcnic_wr32(zp, ZCNIC_REG_ARP_QUERY_IP, ntohl(addr));
	for (i = 0; i < 1000; i++) {
		st = FIELD_GET(ZCNIC_MASK(ZCNIC_ARP_STATUS),
			       zcnic_rd32(zp, ZCNIC_REG_ARP_QUERY_STATUS));
		if (st != ZCNIC_ARP_ST_BUSY)
			break;
		usleep_range(10, 20);
	}
	if (st == ZCNIC_ARP_ST_RESULT)
		zcnic_mac_from_regs(mac,
				    zcnic_rd32(zp, ZCNIC_REG_ARP_RESULT_MAC_LO),
				    zcnic_rd32(zp, ZCNIC_REG_ARP_RESULT_MAC_HI));
	return st;
}

/* Write an IPv4: the device looks it up (busy for 1 us) or sends a request */
static ssize_t zcnic_arp_query_write(struct file *file, const char __user *ubuf,
				     size_t len, loff_t *ppos)
{
	struct zcnic_priv *zp = ((struct seq_file *)file->private_data)->private;
	u8 mac[ETH_ALEN];
	char buf[20] = { 0 };
	__be32 addr;

	if (len >= sizeof(buf) || copy_from_user(buf, ubuf, len))
		return -EINVAL;
	strim(buf);
	if (!in4_pton(buf, -1, (u8 *)&addr, -1, NULL) ||
	    ipv4_is_zeronet(addr) || ipv4_is_multicast(addr) ||
	    ipv4_is_lbcast(addr))
		return -EINVAL;
	mutex_lock(&zp->arp_lock);
	zcnic_arp_query(zp, addr, mac);
	mutex_unlock(&zp->arp_lock);
	return len;
}
DEFINE_SHOW_STORE_ATTRIBUTE(zcnic_arp_query);

/* arp_ttl: ARP_TTL (spec 8.2), 1..ZCNIC_ARP_TTL_MAX; kept across resets */
static int zcnic_arp_ttl_get(void *data, u64 *val)
{
	struct zcnic_priv *zp = data;

	*val = READ_ONCE(zp->arp_ttl);
	return 0;
}

static int zcnic_arp_ttl_set(void *data, u64 val)
{
	struct zcnic_priv *zp = data;

	/* the device calls anything else a guest error */
	if (!val || val > ZCNIC_ARP_TTL_MAX)
		return -EINVAL;
	mutex_lock(&zp->arp_lock);
	WRITE_ONCE(zp->arp_ttl, val);
	zcnic_wr32(zp, ZCNIC_REG_ARP_TTL, val);
	mutex_unlock(&zp->arp_lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(zcnic_arp_ttl_fops, zcnic_arp_ttl_get,
			 zcnic_arp_ttl_set, "%llu\n");

static bool zcnic_ip_in(const __be32 *list, u32 n, __be32 ip)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (list[i] == ip)
			return true;
	return false;
}

/*
 * spec 8.8, from ndo_start_xmit: a broadcast ARP request (untagged) Linux's ARP
 * sends (no socket: not arping's) to resolve a unicast address whose
 * neighbour entry is incomplete, from the first host address (the sender
 * the device's own request would carry), is taken over: the skb is
 * consumed and the device's buffer asked from a work item.  Not taken
 * over: probes (sender 0) and announcements (sender = target), unicast
 * requests (Linux checking that a neighbour is still there), an address
 * whose neighbour entry failed since (the device's record may be wrong),
 * and anything while ZCNIC_ARP_PENDING lookups wait.  Returns true if the
 * skb was consumed.
 */
bool zcnic_arp_xmit(struct zcnic_priv *zp, struct sk_buff *skb)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	const struct arphdr *arp;
	struct neighbour *n;
	__be32 sip, tip;
	const u8 *p;
	bool pass;

	if (!READ_ONCE(zp->arp_resolve) || skb->sk ||
	    skb_vlan_tag_present(skb) ||
	    skb_headlen(skb) < ETH_HLEN + sizeof(*arp) + 2 * (ETH_ALEN + 4) ||
	    !is_broadcast_ether_addr(eth->h_dest))
		return false;
	arp = (const struct arphdr *)(skb->data + ETH_HLEN);
	if (arp->ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->ar_pro != htons(ETH_P_IP) || arp->ar_hln != ETH_ALEN ||
	    arp->ar_pln != 4 || arp->ar_op != htons(ARPOP_REQUEST))
		return false;
	p = (const u8 *)(arp + 1);
	memcpy(&sip, p + ETH_ALEN, 4);
	memcpy(&tip, p + 2 * ETH_ALEN + 4, 4);
	if (!sip || sip != READ_ONCE(zp->arp_sip) || sip == tip ||
	    ipv4_is_zeronet(tip) || ipv4_is_multicast(tip) ||
	    ipv4_is_lbcast(tip))
		return false;
	n = neigh_lookup(&arp_tbl, &tip, zp->netdev);
	if (!n)
		return false;
	pass = !(READ_ONCE(n->nud_state) & NUD_INCOMPLETE);
	neigh_release(n);
	if (pass)
		return false;

	spin_lock(&zp->arp_pend_lock);
	pass = zcnic_ip_in(zp->arp_distrust, ZCNIC_ARP_DISTRUST, tip);
	/* Linux asks again each second: one lookup an address */
	if (!pass && !zcnic_ip_in(zp->arp_pend, zp->arp_npend, tip)) {
		if (zp->arp_npend < ZCNIC_ARP_PENDING)
			zp->arp_pend[zp->arp_npend++] = tip;
		else
			pass = true;
	}
	if (pass)
		zp->arp_host_passed++;
	spin_unlock(&zp->arp_pend_lock);
	if (pass)
		return false;
	dev_consume_skb_any(skb);
	schedule_work(&zp->arp_work);
	return true;
}

/* Put IP in LIST (oldest out), under arp_pend_lock */
static void zcnic_arp_list_add(__be32 *list, u32 *next, __be32 ip)
{
	if (zcnic_ip_in(list, ZCNIC_ARP_DISTRUST, ip))
		return;
	list[*next] = ip;
	*next = (*next + 1) % ZCNIC_ARP_DISTRUST;
}

/* Take IP out of LIST; true if it was there.  Under arp_pend_lock */
static bool zcnic_arp_list_del(__be32 *list, __be32 ip)
{
	bool found = false;
	u32 i;

	for (i = 0; i < ZCNIC_ARP_DISTRUST; i++)
		if (list[i] == ip) {
			list[i] = 0;
			found = true;
		}
	return found;
}

static void zcnic_arp_distrust(struct zcnic_priv *zp, __be32 ip)
{
	spin_lock_bh(&zp->arp_pend_lock);
	zcnic_arp_list_add(zp->arp_distrust, &zp->arp_distrust_next, ip);
	spin_unlock_bh(&zp->arp_pend_lock);
}

/* The lookups zcnic_arp_xmit queued, one at a time (one query register) */
static void zcnic_arp_work(struct work_struct *work)
{
	struct zcnic_priv *zp = container_of(work, struct zcnic_priv,
					     arp_work);
	u8 mac[ETH_ALEN] = {};
	struct neighbour *n;
	u32 st, sent;
	__be32 ip;

	for (;;) {
		spin_lock_bh(&zp->arp_pend_lock);
		if (!zp->arp_npend) {
			spin_unlock_bh(&zp->arp_pend_lock);
			return;
		}
		ip = zp->arp_pend[0];
		zp->arp_npend--;
		memmove(&zp->arp_pend[0], &zp->arp_pend[1],
			zp->arp_npend * sizeof(ip));
		spin_unlock_bh(&zp->arp_pend_lock);

		/*
		 * A miss sends a request (STAT_ARP_REQ_SENT), and its reply
		 * may complete the query (001) before the status is read:
		 * the counter tells a hit from that.  Only queries under
		 * arp_lock send requests.
		 */
		mutex_lock(&zp->arp_lock);
		sent = zcnic_rd32(zp, ZCNIC_REG_STAT_ARP_REQ_SENT);
		st = zcnic_arp_query(zp, ip, mac);
		if (st == ZCNIC_ARP_ST_RESULT &&
		    zcnic_rd32(zp, ZCNIC_REG_STAT_ARP_REQ_SENT) != sent)
			st = ZCNIC_ARP_ST_NO_RESULT;
		mutex_unlock(&zp->arp_lock);
		if (st == ZCNIC_ARP_ST_NO_RESULT) {
			/*
			 * The device broadcast the request; the reply reaches
			 * Linux as any reply does and completes the entry.
			 */
			spin_lock_bh(&zp->arp_pend_lock);
			zp->arp_host_missed++;
			spin_unlock_bh(&zp->arp_pend_lock);
			continue;
		}
		if (st != ZCNIC_ARP_ST_RESULT || !is_valid_ether_addr(mac)) {
			/*
			 * No answer to use (a reset ended the query, or a
			 * device that says a multicast MAC): Linux asks again
			 * within a second, and that request goes out.
			 */
			if (net_ratelimit())
				netdev_info(zp->netdev,
					    "ARP query for %pI4: status %u, MAC %pM: Linux's next request goes out\n",
					    &ip, st, mac);
			zcnic_arp_distrust(zp, ip);
			continue;
		}
		n = neigh_lookup(&arp_tbl, &ip, zp->netdev);
		if (!n)
			continue;
		/* still unresolved: STALE, as for an address learned from a
		 * request: Linux confirms it by use or a unicast probe
		 */
		if (READ_ONCE(n->nud_state) & NUD_INCOMPLETE) {
			/* no override: should a reply have made it valid
			 * meanwhile, a different MAC from the device does
			 * not replace the reply's
			 */
			neigh_update(n, mac, NUD_STALE, 0, 0);
			spin_lock_bh(&zp->arp_pend_lock);
			zp->arp_host_resolved++;
			spin_unlock_bh(&zp->arp_pend_lock);
		}
		neigh_release(n);
	}
}

/*
 * A neighbour entry of ours that failed while Linux probed it (its
 * unicast probes went unanswered): the device's record for it, if that is
 * where the MAC came from, may be wrong until its TTL runs out, so its
 * requests go out as Linux makes them.  One that became reachable (a
 * reply, or use confirmed it) is trusted again: a reply also refreshed
 * the device's record.  An entry deleted by hand fails too, but was not
 * being probed: that says nothing of the device's record.
 */
static int zcnic_netevent(struct notifier_block *nb, unsigned long event,
			  void *ptr)
{
	struct zcnic_priv *zp = container_of(nb, struct zcnic_priv,
					     netevent_nb);
	struct neighbour *n = ptr;
	__be32 ip;
	u8 state;

	if (event != NETEVENT_NEIGH_UPDATE || n->tbl != &arp_tbl ||
	    n->dev != zp->netdev)
		return NOTIFY_DONE;
	memcpy(&ip, n->primary_key, sizeof(ip));
	state = READ_ONCE(n->nud_state);
	spin_lock_bh(&zp->arp_pend_lock);
	if (state & NUD_PROBE) {
		zcnic_arp_list_add(zp->arp_probing, &zp->arp_probing_next, ip);
	} else if (state & NUD_FAILED) {
		if (zcnic_arp_list_del(zp->arp_probing, ip))
			zcnic_arp_list_add(zp->arp_distrust,
					   &zp->arp_distrust_next, ip);
	} else if (state & NUD_REACHABLE) {
		zcnic_arp_list_del(zp->arp_probing, ip);
		zcnic_arp_list_del(zp->arp_distrust, ip);
	}
	spin_unlock_bh(&zp->arp_pend_lock);
	return NOTIFY_DONE;
}

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
	spin_lock_init(&zp->arp_pend_lock);
	INIT_WORK(&zp->arp_work, zcnic_arp_work);
	zp->arp_ttl = ZCNIC_ARP_TTL_DEFAULT;
	zp->arp_capable = zcnic_rd32(zp, ZCNIC_REG_FEATURES) & ZCNIC_FEAT_ARP;
	zp->arp_offload = zp->arp_capable;
	if (!zp->arp_capable)
		return 0;
	zp->inet_nb.notifier_call = zcnic_inetaddr_event;
	err = register_inetaddr_notifier(&zp->inet_nb);
	if (err)
		return err;
	zp->netevent_nb.notifier_call = zcnic_netevent;
	err = register_netevent_notifier(&zp->netevent_nb);
	if (err) {
		unregister_inetaddr_notifier(&zp->inet_nb);
		return err;
	}
	WRITE_ONCE(zp->arp_resolve, true);
	zp->debugfs = debugfs_create_dir(pci_name(zp->pdev),
					 zcnic_debugfs_root);
	debugfs_create_file("arp_table", 0600, zp->debugfs, zp,
			    &zcnic_arp_table_fops);
	debugfs_create_file("arp_query", 0600, zp->debugfs, zp,
			    &zcnic_arp_query_fops);
	debugfs_create_file_unsafe("arp_ttl", 0600, zp->debugfs, zp,
				   &zcnic_arp_ttl_fops);
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
	/* no xmit queues a lookup after this; then none runs */
	WRITE_ONCE(zp->arp_resolve, false);
	synchronize_net();
	cancel_work_sync(&zp->arp_work);
	debugfs_remove_recursive(zp->debugfs);
	unregister_netevent_notifier(&zp->netevent_nb);
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
