// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic: ntuple rules (spec 4.9) as ethtool -N flow-type ... sets them.
 * The driver keeps each rule as ethtool gave it, for ethtool -n, and the
 * device's words for it, written again after every reset.
 */

#include <linux/ethtool.h>

#include "zcnic.h"

#define NT_WORD(r, f)	((r)->w[ZCNIC_NT_W_##f])

static void zcnic_nt_ip6(u32 *w, const __be32 *a)
{
	int i;

	for (i = 0; i < 4; i++)
		w[i] = be32_to_cpu(a[i]);
}

static void zcnic_nt_ports(struct zcnic_nt_rule *r, __be16 src, __be16 dst,
			   __be16 msrc, __be16 mdst)
{
	NT_WORD(r, PORTS) = be16_to_cpu(src) | (u32)be16_to_cpu(dst) << 16;
	NT_WORD(r, PORTS_MASK) = be16_to_cpu(msrc) |
				 (u32)be16_to_cpu(mdst) << 16;
}

static void zcnic_nt_l3(struct zcnic_nt_rule *r, u32 ipv, u8 proto, u8 mask)
{
	NT_WORD(r, L3) = FIELD_PREP(ZCNIC_MASK(ZCNIC_NT_IPV), ipv) |
			 FIELD_PREP(ZCNIC_MASK(ZCNIC_NT_PROTO), proto) |
			 FIELD_PREP(ZCNIC_MASK(ZCNIC_NT_PROTO_MASK), mask);
}

/*
 * The device's words for FS, or an error: what the device cannot match
 * (TOS, traffic class, MAC addresses, L4 bytes of other protocols, VLAN
 * priority) is refused rather than ignored.
 */
static int zcnic_nt_from_spec(struct zcnic_priv *zp,
			      const struct ethtool_rx_flow_spec *fs,
			      struct zcnic_nt_rule *r,
			      struct netlink_ext_ack *extack)
{
	u32 type = fs->flow_type & ~(FLOW_EXT | FLOW_MAC_EXT | FLOW_RSS);
	const struct ethtool_tcpip4_spec *t4 = &fs->h_u.tcp_ip4_spec;
	const struct ethtool_tcpip4_spec *t4m = &fs->m_u.tcp_ip4_spec;
	const struct ethtool_tcpip6_spec *t6 = &fs->h_u.tcp_ip6_spec;
	const struct ethtool_tcpip6_spec *t6m = &fs->m_u.tcp_ip6_spec;
	const struct ethtool_usrip4_spec *u4 = &fs->h_u.usr_ip4_spec;
	const struct ethtool_usrip4_spec *u4m = &fs->m_u.usr_ip4_spec;
	const struct ethtool_usrip6_spec *u6 = &fs->h_u.usr_ip6_spec;
	const struct ethtool_usrip6_spec *u6m = &fs->m_u.usr_ip6_spec;
	const struct ethhdr *eh = &fs->h_u.ether_spec;
	const struct ethhdr *ehm = &fs->m_u.ether_spec;

	memset(r, 0, sizeof(*r));
	if (fs->location >= ZCNIC_NT_RULES)
		return -EINVAL;
	if (fs->flow_type & (FLOW_MAC_EXT | FLOW_RSS))
		return -EOPNOTSUPP;
	/* spec 4.9, 4.10: drop, or deliver to a queue in use */
	if (fs->ring_cookie == RX_CLS_FLOW_DISC) {
		NT_WORD(r, ACTION) = ZCNIC_NT_DROP;
	} else {
		u64 ring = ethtool_get_flow_spec_ring(fs->ring_cookie);

		if (ethtool_get_flow_spec_ring_vf(fs->ring_cookie) ||
		    ring >= zp->num_queues) {
			NL_SET_ERR_MSG_MOD(extack,
					   "action: a queue in use, or -1 (drop)");
			return -EINVAL;
		}
		NT_WORD(r, ACTION) = FIELD_PREP(ZCNIC_MASK(ZCNIC_NT_QUEUE),
						ring);
	}
	switch (type) {
	case TCP_V4_FLOW:
	case UDP_V4_FLOW:
		if (t4m->tos)
			return -EOPNOTSUPP;
		zcnic_nt_l3(r, 4, type == TCP_V4_FLOW ? IPPROTO_TCP :
			    IPPROTO_UDP, 0xff);
		NT_WORD(r, SRC) = be32_to_cpu(t4->ip4src);
		NT_WORD(r, SRC_MASK) = be32_to_cpu(t4m->ip4src);
		NT_WORD(r, DST) = be32_to_cpu(t4->ip4dst);
		NT_WORD(r, DST_MASK) = be32_to_cpu(t4m->ip4dst);
		zcnic_nt_ports(r, t4->psrc, t4->pdst, t4m->psrc, t4m->pdst);
		break;
	case IP_USER_FLOW:
		if (u4m->l4_4_bytes || u4m->tos ||
		    (u4m->ip_ver && u4->ip_ver != ETH_RX_NFC_IP4))
			return -EOPNOTSUPP;
		zcnic_nt_l3(r, 4, u4->proto, u4m->proto);
		NT_WORD(r, SRC) = be32_to_cpu(u4->ip4src);
		NT_WORD(r, SRC_MASK) = be32_to_cpu(u4m->ip4src);
		NT_WORD(r, DST) = be32_to_cpu(u4->ip4dst);
		NT_WORD(r, DST_MASK) = be32_to_cpu(u4m->ip4dst);
		break;
	case TCP_V6_FLOW:
	case UDP_V6_FLOW:
		if (t6m->tclass)
			return -EOPNOTSUPP;
		zcnic_nt_l3(r, 6, type == TCP_V6_FLOW ? IPPROTO_TCP :
			    IPPROTO_UDP, 0xff);
		zcnic_nt_ip6(&NT_WORD(r, SRC), t6->ip6src);
		zcnic_nt_ip6(&NT_WORD(r, SRC_MASK), t6m->ip6src);
		zcnic_nt_ip6(&NT_WORD(r, DST), t6->ip6dst);
		zcnic_nt_ip6(&NT_WORD(r, DST_MASK), t6m->ip6dst);
		zcnic_nt_ports(r, t6->psrc, t6->pdst, t6m->psrc, t6m->pdst);
		break;
	case IPV6_USER_FLOW:
		if (u6m->l4_4_bytes || u6m->tclass)
			return -EOPNOTSUPP;
		zcnic_nt_l3(r, 6, u6->l4_proto, u6m->l4_proto);
		zcnic_nt_ip6(&NT_WORD(r, SRC), u6->ip6src);
		zcnic_nt_ip6(&NT_WORD(r, SRC_MASK), u6m->ip6src);
		zcnic_nt_ip6(&NT_WORD(r, DST), u6->ip6dst);
		zcnic_nt_ip6(&NT_WORD(r, DST_MASK), u6m->ip6dst);
		break;
	case ETHER_FLOW:
		if (!is_zero_ether_addr(ehm->h_source) ||
		    !is_zero_ether_addr(ehm->h_dest))
			return -EOPNOTSUPP;
		NT_WORD(r, ETYPE) = be16_to_cpu(eh->h_proto) |
				    (u32)be16_to_cpu(ehm->h_proto) << 16;
		break;
	default:
		NL_SET_ERR_MSG_MOD(extack,
				   "flow types: tcp4 udp4 ip4 tcp6 udp6 ip6 ether");
		return -EOPNOTSUPP;
	}
	if (fs->flow_type & FLOW_EXT) {
		u16 tci = be16_to_cpu(fs->h_ext.vlan_tci);
		u16 mtci = be16_to_cpu(fs->m_ext.vlan_tci);

		/* the VID only: no priority, no other ethertype, no data */
		if ((mtci & ~VLAN_VID_MASK) || fs->m_ext.vlan_etype ||
		    fs->m_ext.data[0] || fs->m_ext.data[1])
			return -EOPNOTSUPP;
		NT_WORD(r, VLAN) = (tci & VLAN_VID_MASK) | (u32)mtci << 16;
	}
	return 0;
}

/* spec 4.9: the staging registers, then the command */
static void zcnic_nt_write_hw(struct zcnic_priv *zp, u32 loc,
			      const struct zcnic_nt_rule *r)
{
	int i;

	for (i = 0; r && i < ZCNIC_NT_WORDS; i++)
		zcnic_wr32(zp, ZCNIC_REG_NT_WORD(i), r->w[i]);
	zcnic_wr32(zp, ZCNIC_REG_NT_INDEX, loc);
	zcnic_wr32(zp, ZCNIC_REG_NT_CMD,
		   r ? ZCNIC_NT_CMD_WRITE : ZCNIC_NT_CMD_CLEAR);
}

/* spec 4.9: rule LOC as the device holds it (READ) is R, and valid */
static bool zcnic_nt_took(struct zcnic_priv *zp, u32 loc,
			  const struct zcnic_nt_rule *r)
{
	int i;

	zcnic_wr32(zp, ZCNIC_REG_NT_INDEX, loc);
	zcnic_wr32(zp, ZCNIC_REG_NT_CMD, ZCNIC_NT_CMD_READ);
	if (zcnic_rd32(zp, ZCNIC_REG_NT_WORD(ZCNIC_NT_W_ACTION)) !=
	    (r->w[ZCNIC_NT_W_ACTION] | ZCNIC_NT_VALID))
		return false;
	for (i = 1; i < ZCNIC_NT_WORDS; i++)
		if (zcnic_rd32(zp, ZCNIC_REG_NT_WORD(i)) != r->w[i])
			return false;
	return true;
}

/**
 * zcnic_nt_program() - write every rule to the device, after a reset
 * @zp: device
 */
void zcnic_nt_program(struct zcnic_priv *zp)
{
	u32 loc;

	if (!(zp->netdev->features & NETIF_F_NTUPLE))
		return;
	for_each_set_bit(loc, zp->nt_valid, ZCNIC_NT_RULES)
		zcnic_nt_write_hw(zp, loc, &zp->nt_hw[loc]);
}

/**
 * zcnic_nt_clear() - forget every rule (ethtool -K ntuple off)
 * @zp: device
 */
void zcnic_nt_clear(struct zcnic_priv *zp)
{
	u32 loc;

	for_each_set_bit(loc, zp->nt_valid, ZCNIC_NT_RULES)
		zcnic_nt_write_hw(zp, loc, NULL);
	bitmap_zero(zp->nt_valid, ZCNIC_NT_RULES);
}

int zcnic_nt_get(struct zcnic_priv *zp, struct ethtool_rxnfc *nfc,
		 u32 *rule_locs)
{
	u32 loc, n = 0;

	switch (nfc->cmd) {
	case ETHTOOL_GRXCLSRLCNT:
		nfc->rule_cnt = bitmap_weight(zp->nt_valid, ZCNIC_NT_RULES);
		nfc->data = ZCNIC_NT_RULES;
		return 0;
	case ETHTOOL_GRXCLSRULE:
		loc = nfc->fs.location;
		if (loc >= ZCNIC_NT_RULES || !test_bit(loc, zp->nt_valid))
			return -ENOENT;
		nfc->fs = zp->nt_spec[loc];
		return 0;
	case ETHTOOL_GRXCLSRLALL:
		for_each_set_bit(loc, zp->nt_valid, ZCNIC_NT_RULES) {
			if (n == nfc->rule_cnt)
				return -EMSGSIZE;
			rule_locs[n++] = loc;
		}
		nfc->rule_cnt = n;
		nfc->data = ZCNIC_NT_RULES;
		return 0;
	}
	return -EOPNOTSUPP;
}

int zcnic_nt_set(struct zcnic_priv *zp, struct ethtool_rxnfc *nfc)
{
	struct zcnic_nt_rule r;
	u32 loc = nfc->fs.location;
	int err;

	if (!zp->nt_capable)
		return -EOPNOTSUPP;
	switch (nfc->cmd) {
	case ETHTOOL_SRXCLSRLINS:
		if (!(zp->netdev->features & NETIF_F_NTUPLE))
			return -EOPNOTSUPP;
		err = zcnic_nt_from_spec(zp, &nfc->fs, &r, NULL);
		if (err)
			return err;
		zcnic_nt_write_hw(zp, loc, &r);
		/*
		 * The device refuses what it cannot take (spec 4.9) and keeps
		 * the rule it had: read the rule back and compare.
		 */
		if (!zcnic_nt_took(zp, loc, &r)) {
			netdev_warn(zp->netdev, "device refused ntuple rule %u\n",
				    loc);
			return -EINVAL;
		}
		zp->nt_spec[loc] = nfc->fs;
		zp->nt_hw[loc] = r;
		set_bit(loc, zp->nt_valid);
		return 0;
	case ETHTOOL_SRXCLSRLDEL:
		if (loc >= ZCNIC_NT_RULES || !test_bit(loc, zp->nt_valid))
			return -ENOENT;
		clear_bit(loc, zp->nt_valid);
		zcnic_nt_write_hw(zp, loc, NULL);
		return 0;
	}
	return -EOPNOTSUPP;
}
