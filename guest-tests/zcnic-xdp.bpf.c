// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-xdp.bpf.c: the XDP programs zcnic-xdp attaches (guest test xdp.sh).
 *
 * Each acts on IPv4 UDP datagrams to one port (the "test port", set by the
 * loader in cfg before loading) and passes everything else, so that the
 * test's own control traffic still flows.  Every program counts what it
 * acted on in stats.
 *   pass      XDP_PASS
 *   drop      XDP_DROP
 *   aborted   XDP_ABORTED
 *   tx        XDP_TX, the datagram turned back to its sender (MACs, IPs
 *             and ports swapped: the checksums stay right)
 *   redirect  the same turn, then bpf_redirect_map() into a devmap whose
 *             entry 0 is the receiving interface: it leaves through
 *             ndo_xdp_xmit
 *   rxhash    XDP_PASS, after bpf_xdp_metadata_rx_hash(): the last hash
 *             and type in stats
 *   xsk       bpf_redirect_map() into the AF_XDP socket of the receiving
 *             queue (zcnic-xsk puts it in xsks)
 * The *_mb variants are the same programs declared for multi-buffer
 * frames (xdp.frags).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

/* the kernel's, as in its BTF; bpf_xdp_metadata_rx_hash() fills it */
enum xdp_rss_hash_type {
	XDP_RSS_TYPE_NONE = 0,
};

extern int bpf_xdp_metadata_rx_hash(const struct xdp_md *ctx, __u32 *hash,
				    enum xdp_rss_hash_type *rss_type) __ksym;

/* set by the loader before the object is loaded */
volatile const __u16 test_port = 9;

enum {
	ST_MATCHED,	/* datagrams to the test port */
	ST_HASH_OK,	/* hash: the kfunc gave a hash */
	ST_HASH_ERR,	/* hash: it did not (its negative errno in LAST_ERR) */
	ST_LAST_HASH,
	ST_LAST_TYPE,
	ST_LAST_ERR,
	ST_BYTES,	/* bytes of the matched frames, all buffers */
	ST_MAX,
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, ST_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tx_port SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

static void stat_add(__u32 k, __u64 v)
{
	__u64 *p = bpf_map_lookup_elem(&stats, &k);

	if (p)
		__sync_fetch_and_add(p, v);
}

static void stat_set(__u32 k, __u64 v)
{
	__u64 *p = bpf_map_lookup_elem(&stats, &k);

	if (p)
		*p = v;
}

/* the UDP header of an IPv4 datagram to the test port, or NULL */
static struct udphdr *test_udp(struct xdp_md *ctx, struct ethhdr **eth,
			       struct iphdr **ip)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct udphdr *udp;

	*eth = data;
	if ((void *)(*eth + 1) > end ||
	    (*eth)->h_proto != bpf_htons(ETH_P_IP))
		return NULL;
	*ip = (void *)(*eth + 1);
	if ((void *)(*ip + 1) > end || (*ip)->ihl != 5 ||
	    (*ip)->protocol != IPPROTO_UDP)
		return NULL;
	udp = (void *)(*ip + 1);
	if ((void *)(udp + 1) > end || udp->dest != bpf_htons(test_port))
		return NULL;
	stat_add(ST_MATCHED, 1);
	stat_add(ST_BYTES, bpf_xdp_get_buff_len(ctx));
	return udp;
}

/* back to the sender: swapped MACs, addresses and ports */
static void turn(struct ethhdr *eth, struct iphdr *ip, struct udphdr *udp)
{
	unsigned char mac[ETH_ALEN];
	__u32 a = ip->saddr;
	__u16 p = udp->source;

	__builtin_memcpy(mac, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, mac, ETH_ALEN);
	ip->saddr = ip->daddr;
	ip->daddr = a;
	udp->source = udp->dest;
	udp->dest = p;
}

static int act(struct xdp_md *ctx, int action)
{
	struct ethhdr *eth;
	struct iphdr *ip;
	struct udphdr *udp = test_udp(ctx, &eth, &ip);

	if (!udp)
		return XDP_PASS;
	if (action == XDP_TX || action == XDP_REDIRECT)
		turn(eth, ip, udp);
	if (action == XDP_REDIRECT)
		return bpf_redirect_map(&tx_port, 0, 0);
	return action;
}

static int hash(struct xdp_md *ctx)
{
	enum xdp_rss_hash_type type = XDP_RSS_TYPE_NONE;
	struct ethhdr *eth;
	struct iphdr *ip;
	__u32 h = 0;
	int err;

	if (!test_udp(ctx, &eth, &ip))
		return XDP_PASS;
	err = bpf_xdp_metadata_rx_hash(ctx, &h, &type);
	if (err) {
		stat_add(ST_HASH_ERR, 1);
		stat_set(ST_LAST_ERR, -err);
	} else {
		stat_add(ST_HASH_OK, 1);
		stat_set(ST_LAST_HASH, h);
		stat_set(ST_LAST_TYPE, type);
	}
	return XDP_PASS;
}

#define PROGS(name, action) \
SEC("xdp") int name(struct xdp_md *ctx) { return act(ctx, action); } \
SEC("xdp.frags") int name##_mb(struct xdp_md *ctx) { return act(ctx, action); }

PROGS(pass, XDP_PASS)
PROGS(drop, XDP_DROP)
PROGS(aborted, XDP_ABORTED)
PROGS(tx, XDP_TX)
PROGS(redirect, XDP_REDIRECT)

SEC("xdp") int rxhash(struct xdp_md *ctx) { return hash(ctx); }

static __always_inline int to_xsk(struct xdp_md *ctx)
{
	struct ethhdr *eth;
	struct iphdr *ip;

	if (!test_udp(ctx, &eth, &ip))
		return XDP_PASS;
	return bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_PASS);
}

SEC("xdp") int xsk(struct xdp_md *ctx) { return to_xsk(ctx); }
SEC("xdp.frags") int xsk_mb(struct xdp_md *ctx) { return to_xsk(ctx); }

char _license[] SEC("license") = "GPL";
