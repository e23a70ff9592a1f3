// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-xsk: an AF_XDP socket on one queue, bound in zero-copy mode (or
 * copy mode with -c), with libxdp's xsk API; the zero-copy paper's
 * user-space packet pool on the standard interface.
 *
 * Usage: zcnic-xsk -i IFACE [-q QUEUE] -m MODE [-p PORT] [-n COUNT]
 *                  [-t SECS] [-c] [-r] [-F] [-M [-X N]] [-w SECS]
 *                  [-l LEN -D DSTMAC -S SRCIP -d DSTIP]
 *   -m rxdrop  receive the UDP datagrams to PORT (zcnic-xdp.bpf.c's xsk
 *              program redirects them to the socket), check each payload
 *              (zcnic_payload_ok), give the frame back to the fill ring
 *   -m l2fwd   the same, then send each frame back where it came from
 *              (MACs, IPs and ports swapped) from the same UMEM frame
 *   -m txonly  send COUNT datagrams of LEN payload bytes to DSTMAC,
 *              DSTIP:PORT from SRCIP, numbered test payloads
 *   until COUNT frames (default: no limit) or SECS seconds (default 10).
 * Prints "zerocopy Z" (the socket's XDP_OPTIONS), then "rx N ok M tx T
 * pps P" and, for rxdrop/l2fwd, "last_rx_phys 0xA": the physical address
 * of the last frame received (from /proc/self/pagemap), which with zero
 * copy is where the device wrote it.  -F: the program is the multi-buffer
 * one (xdp.frags), which lets the MTU be raised while it is attached.
 * -M (rxdrop, txonly; implies -F): multi-buffer, the socket bound with
 * XDP_USE_SG: a frame longer than a UMEM frame arrives in several
 * descriptors (XDP_PKT_CONTD on all but the last), put together to be
 * checked; txonly sends each frame from as many UMEM frames as it needs
 * (LEN up to 16000; -X N: every Nth frame 12000 bytes).  txonly checks
 * that the completion ring gives back the UMEM frames in the order sent
 * ("completions C out_of_order O") and counts "done" in frames.
 * -r (rxdrop, l2fwd): a rate, SECS and pps from the first frame received
 * (30 s at most for it, else exit 1: a NIC may take seconds to get its
 * link back after the bind).
 * -w: then wait SECS seconds before
 * closing the socket (while it is bound the driver's debugfs shows where
 * the device wrote the last frame).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <error.h>
#include <fcntl.h>
#include <getopt.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/xsk.h>

#include "zcnic-xdp-obj.h"

/* bookworm's uapi headers are 6.1's: multi-buffer AF_XDP came in 6.6 */
#ifndef XDP_USE_SG
#define XDP_USE_SG	(1 << 4)
#endif
#ifndef XDP_PKT_CONTD
#define XDP_PKT_CONTD	(1 << 0)
#endif
#define MAX_FRAME	16384

#define NUM_FRAMES	4096
#define FRAME_SIZE	XSK_UMEM__DEFAULT_FRAME_SIZE
#define RING_SIZE	2048
#define BATCH		64
#define HDRS		(sizeof(struct ether_header) + sizeof(struct iphdr) + \
			 sizeof(struct udphdr))

static struct {
	const char *ifname, *mode;
	int queue, port, copy, frags, sg, from_first;
	unsigned int bad_every;
	unsigned long count;
	double secs, linger;
	size_t len;
	unsigned char dmac[6];
	struct in_addr sip, dip;
} o = { .queue = 0, .port = 7100, .secs = 10, .len = 64 };

static struct xsk_ring_prod fq, txr;
static struct xsk_ring_cons cq, rxr;
static struct xsk_socket *xsk;
static void *umem_area;
static unsigned long rx, rx_ok, tx, tx_done;
static uint64_t last_rx_addr = UINT64_MAX;
static unsigned char frame[MAX_FRAME];	/* -M: a frame put together */
/* txonly: the descriptors sent, in order, to check the completions' */
static uint64_t sent[NUM_FRAMES];
static unsigned char sent_eop[NUM_FRAMES];
static unsigned long sent_head, sent_tail, cq_order_bad, frames_done;
static size_t frame_len;
static int frame_bad;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* the physical address of VA (root reads the frame numbers) */
static uint64_t phys(const void *va)
{
	uint64_t e, pg = sysconf(_SC_PAGESIZE);
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || pread(fd, &e, 8, (uintptr_t)va / pg * 8) != 8)
		error(1, errno, "/proc/self/pagemap");
	close(fd);
	if (!(e & (1ULL << 63)) || !(e & ((1ULL << 55) - 1)))
		return 0;
	return (e & ((1ULL << 55) - 1)) * pg + (uintptr_t)va % pg;
}

/* a frame of ours: IPv4 UDP to PORT with a test payload */
static int frame_ok(const unsigned char *p, uint32_t len)
{
	const struct iphdr *ip = (const void *)(p + sizeof(struct ether_header));
	const struct udphdr *udp = (const void *)(ip + 1);

	return len >= HDRS && ip->ihl == 5 && ip->protocol == IPPROTO_UDP &&
	       ntohs(udp->dest) == o.port &&
	       ntohs(udp->len) == len - HDRS + sizeof(*udp) &&
	       zcnic_payload_ok(p + HDRS, len - HDRS);
}

/* back to the sender: MACs, addresses and ports swapped */
static void turn(unsigned char *p)
{
	struct ether_header *eth = (void *)p;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	unsigned char m[6];
	uint32_t a = ip->saddr;
	uint16_t port = udp->source;

	memcpy(m, eth->ether_shost, 6);
	memcpy(eth->ether_shost, eth->ether_dhost, 6);
	memcpy(eth->ether_dhost, m, 6);
	ip->saddr = ip->daddr;
	ip->daddr = a;
	udp->source = udp->dest;
	udp->dest = port;
}

static uint16_t ip_csum(const void *h)
{
	const uint16_t *w = h;
	uint32_t s = 0;
	int i;

	for (i = 0; i < 10; i++)
		s += w[i];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s;
}

/* datagram SEQ for txonly, at P */
static uint32_t build(unsigned char *p, const unsigned char *smac,
		      uint32_t seq, size_t plen)
{
	struct ether_header *eth = (void *)p;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);

	memcpy(eth->ether_dhost, o.dmac, 6);
	memcpy(eth->ether_shost, smac, 6);
	eth->ether_type = htons(ETHERTYPE_IP);
	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons(sizeof(*ip) + sizeof(*udp) + plen);
	ip->saddr = o.sip.s_addr;
	ip->daddr = o.dip.s_addr;
	ip->check = ip_csum(ip);
	udp->source = htons(o.port);
	udp->dest = htons(o.port);
	udp->len = htons(sizeof(*udp) + plen);
	udp->check = 0;
	zcnic_fill(p + HDRS, plen, seq);
	return HDRS + plen;
}

static void kick_tx(void)
{
	if (xsk_ring_prod__needs_wakeup(&txr) &&
	    sendto(xsk_socket__fd(xsk), NULL, 0, MSG_DONTWAIT, NULL, 0) < 0 &&
	    errno != EAGAIN && errno != EBUSY && errno != ENOBUFS)
		error(1, errno, "sendto (TX wakeup)");
}

/* completed TX frames: back to the fill ring (l2fwd) or the free list */
static unsigned int complete_tx(uint64_t *freel, unsigned int *nfree)
{
	uint32_t idx, n, i, f;

	n = xsk_ring_cons__peek(&cq, BATCH, &idx);
	if (!n)
		return 0;
	if (freel) {
		/* txonly: in the order sent, a frame done at its last */
		for (i = 0; i < n; i++) {
			uint64_t a = *xsk_ring_cons__comp_addr(&cq, idx + i);

			freel[(*nfree)++] = a;
			cq_order_bad += a != sent[sent_head % NUM_FRAMES];
			frames_done += sent_eop[sent_head % NUM_FRAMES];
			sent_head++;
		}
	} else {
		while (xsk_ring_prod__reserve(&fq, n, &f) != n)
			;
		for (i = 0; i < n; i++)
			*xsk_ring_prod__fill_addr(&fq, f + i) =
				*xsk_ring_cons__comp_addr(&cq, idx + i);
		xsk_ring_prod__submit(&fq, n);
	}
	xsk_ring_cons__release(&cq, n);
	tx_done += n;
	return n;
}

/* with -r: when the first frame came; FIRST_WAIT s at most for it */
static double t_first;
#define FIRST_WAIT	30

static void rx_loop(int fwd, double end)
{
	struct pollfd pfd = { .fd = xsk_socket__fd(xsk), .events = POLLIN };
	uint32_t idx_rx, idx, n, i;

	while (now() < end && (!o.count || rx < o.count)) {
		if (fwd)
			complete_tx(NULL, NULL);
		n = xsk_ring_cons__peek(&rxr, BATCH, &idx_rx);
		if (!n) {
			if (xsk_ring_prod__needs_wakeup(&fq) || !fwd)
				poll(&pfd, 1, 50);
			if (fwd)
				kick_tx();
			continue;
		}
		if (o.from_first && !t_first) {
			t_first = now();
			end = t_first + o.secs;
		}
		for (i = 0; i < n; i++) {
			const struct xdp_desc *d = xsk_ring_cons__rx_desc(&rxr, idx_rx + i);
			unsigned char *p = xsk_umem__get_data(umem_area, d->addr);

			last_rx_addr = d->addr;
			if (o.sg) {
				/* one frame, in one descriptor or several */
				if (frame_len + d->len > MAX_FRAME)
					frame_bad = 1;
				else
					memcpy(frame + frame_len, p, d->len);
				frame_len += d->len;
				if (d->options & XDP_PKT_CONTD)
					continue;
				rx++;
				rx_ok += !frame_bad && frame_ok(frame, frame_len);
				frame_len = 0;
				frame_bad = 0;
				continue;
			}
			rx++;
			rx_ok += frame_ok(p, d->len);
			if (fwd)
				turn(p);
		}
		if (fwd) {
			/* the same UMEM frames out again: zero copy both ways */
			while (xsk_ring_prod__reserve(&txr, n, &idx) != n) {
				complete_tx(NULL, NULL);
				kick_tx();
			}
			for (i = 0; i < n; i++) {
				const struct xdp_desc *d = xsk_ring_cons__rx_desc(&rxr, idx_rx + i);
				struct xdp_desc *t = xsk_ring_prod__tx_desc(&txr, idx + i);

				t->addr = d->addr;
				t->len = d->len;
				t->options = 0;
			}
			xsk_ring_prod__submit(&txr, n);
			tx += n;
			kick_tx();
		} else {
			while (xsk_ring_prod__reserve(&fq, n, &idx) != n)
				;
			for (i = 0; i < n; i++)
				*xsk_ring_prod__fill_addr(&fq, idx + i) =
					xsk_umem__extract_addr(xsk_ring_cons__rx_desc(&rxr, idx_rx + i)->addr);
			xsk_ring_prod__submit(&fq, n);
		}
		xsk_ring_cons__release(&rxr, n);
	}
	/* l2fwd: wait for what is still being sent */
	while (fwd && tx_done < tx && now() < end + 2) {
		kick_tx();
		if (!complete_tx(NULL, NULL))
			usleep(1000);
	}
}

/* txonly: frame SEQ's payload length (-X: every Nth one 12000 bytes) */
static size_t plen_of(unsigned long seq)
{
	return o.bad_every && seq % o.bad_every == o.bad_every - 1 ?
	       12000 : o.len;
}

static void tx_loop(double end)
{
	static uint64_t freel[NUM_FRAMES];
	unsigned int nfree = 0, i, n, k, need;
	unsigned char smac[6];
	struct ifreq ifr = { 0 };
	uint32_t idx, d;
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	strncpy(ifr.ifr_name, o.ifname, IFNAMSIZ - 1);
	if (s < 0 || ioctl(s, SIOCGIFHWADDR, &ifr))
		error(1, errno, "MAC of %s", o.ifname);
	memcpy(smac, ifr.ifr_hwaddr.sa_data, 6);
	close(s);
	/* the frames the fill ring does not hold */
	for (i = NUM_FRAMES / 2; i < NUM_FRAMES; i++)
		freel[nfree++] = (uint64_t)i * FRAME_SIZE;
	while (now() < end && (!o.count || frames_done < o.count)) {
		complete_tx(freel, &nfree);
		/* up to BATCH frames, each in as many UMEM frames as it needs */
		for (n = 0, need = 0; n < BATCH; n++) {
			k = o.sg ? (HDRS + plen_of(tx + n) + FRAME_SIZE - 1) /
				   FRAME_SIZE : 1;
			if ((o.count && tx + n >= o.count) || need + k > nfree)
				break;
			need += k;
		}
		if (!n || xsk_ring_prod__reserve(&txr, need, &idx) != need) {
			kick_tx();
			usleep(100);
			continue;
		}
		for (i = 0, d = 0; i < n; i++) {
			size_t plen = plen_of(tx + i);
			uint32_t len, off = 0;

			/*
			 * Built in its UMEM frame if it fits one, else whole
			 * aside, then in UMEM frames of FRAME_SIZE
			 */
			if (HDRS + plen <= FRAME_SIZE) {
				struct xdp_desc *t = xsk_ring_prod__tx_desc(&txr, idx + d++);
				uint64_t a = freel[--nfree];

				t->addr = a;
				t->len = build(xsk_umem__get_data(umem_area, a), smac,
					       tx + i, plen);
				t->options = 0;
				sent[sent_tail % NUM_FRAMES] = a;
				sent_eop[sent_tail % NUM_FRAMES] = 1;
				sent_tail++;
				continue;
			}
			len = build(frame, smac, tx + i, plen);
			do {
				struct xdp_desc *t = xsk_ring_prod__tx_desc(&txr, idx + d++);
				uint32_t part = len - off < FRAME_SIZE ?
						len - off : FRAME_SIZE;
				uint64_t a = freel[--nfree];

				memcpy(xsk_umem__get_data(umem_area, a), frame + off, part);
				off += part;
				t->addr = a;
				t->len = part;
				t->options = off < len ? XDP_PKT_CONTD : 0;
				sent[sent_tail % NUM_FRAMES] = a;
				sent_eop[sent_tail % NUM_FRAMES] = off == len;
				sent_tail++;
			} while (off < len);
		}
		xsk_ring_prod__submit(&txr, need);
		tx += n;
		kick_tx();
	}
}

static void parse_mac(const char *s, unsigned char *m)
{
	if (sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &m[0], &m[1], &m[2],
		   &m[3], &m[4], &m[5]) != 6)
		error(1, 0, "bad MAC %s", s);
}

int main(int argc, char **argv)
{
	struct xsk_umem_config ucfg = {
		.fill_size = RING_SIZE, .comp_size = RING_SIZE,
		.frame_size = FRAME_SIZE, .frame_headroom = 0,
	};
	struct xsk_socket_config scfg = {
		.rx_size = RING_SIZE, .tx_size = RING_SIZE,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.xdp_flags = XDP_FLAGS_DRV_MODE,
	};
	struct xdp_options opts;
	socklen_t optlen = sizeof(opts);
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct xsk_umem *umem;
	uint32_t idx, i;
	int c, err, ifindex, map;
	double t0, end;

	while ((c = getopt(argc, argv, "i:q:m:p:n:t:cFMX:w:l:D:S:d:r")) != -1) {
		switch (c) {
		case 'i': o.ifname = optarg; break;
		case 'q': o.queue = atoi(optarg); break;
		case 'm': o.mode = optarg; break;
		case 'p': o.port = atoi(optarg); break;
		case 'n': o.count = strtoul(optarg, NULL, 0); break;
		case 't': o.secs = atof(optarg); break;
		case 'c': o.copy = 1; break;
		case 'r': o.from_first = 1; break;
		case 'F': o.frags = 1; break;
		case 'M': o.sg = o.frags = 1; break;
		case 'X': o.bad_every = atoi(optarg); break;
		case 'w': o.linger = atof(optarg); break;
		case 'l': o.len = strtoul(optarg, NULL, 0); break;
		case 'D': parse_mac(optarg, o.dmac); break;
		case 'S': inet_pton(AF_INET, optarg, &o.sip); break;
		case 'd': inet_pton(AF_INET, optarg, &o.dip); break;
		default: goto usage;
		}
	}
	if (!o.ifname || !o.mode || (strcmp(o.mode, "rxdrop") &&
	    strcmp(o.mode, "l2fwd") && strcmp(o.mode, "txonly")) ||
	    (o.sg && !strcmp(o.mode, "l2fwd")) || (o.bad_every && !o.sg))
		goto usage;
	if (o.len < 4 || o.len > (o.sg ? 16000 : FRAME_SIZE - HDRS))
		error(1, 0, "-l: 4 to %zu", o.sg ? (size_t)16000 :
		      (size_t)(FRAME_SIZE - HDRS));
	ifindex = if_nametoindex(o.ifname);
	if (!ifindex)
		error(1, errno, "%s", o.ifname);

	umem_area = mmap(NULL, (size_t)NUM_FRAMES * FRAME_SIZE,
			 PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (umem_area == MAP_FAILED)
		error(1, errno, "mmap");
	err = xsk_umem__create(&umem, umem_area, (size_t)NUM_FRAMES * FRAME_SIZE,
			       &fq, &cq, &ucfg);
	if (err)
		error(1, -err, "xsk_umem__create");
	scfg.bind_flags = (o.copy ? XDP_COPY : XDP_ZEROCOPY) |
			  XDP_USE_NEED_WAKEUP | (o.sg ? XDP_USE_SG : 0);
	err = xsk_socket__create(&xsk, o.ifname, o.queue, umem, &rxr, &txr,
				 &scfg);
	if (err)
		error(1, -err, "AF_XDP socket on %s queue %d, %s mode",
		      o.ifname, o.queue, o.copy ? "copy" : "zero-copy");
	if (getsockopt(xsk_socket__fd(xsk), SOL_XDP, XDP_OPTIONS, &opts,
		       &optlen))
		error(1, errno, "XDP_OPTIONS");
	printf("zerocopy %d\n", !!(opts.flags & XDP_OPTIONS_ZEROCOPY));

	/* half the UMEM to the fill ring */
	if (xsk_ring_prod__reserve(&fq, NUM_FRAMES / 2, &idx) != NUM_FRAMES / 2)
		error(1, 0, "fill ring");
	for (i = 0; i < NUM_FRAMES / 2; i++)
		*xsk_ring_prod__fill_addr(&fq, idx + i) = (uint64_t)i * FRAME_SIZE;
	xsk_ring_prod__submit(&fq, NUM_FRAMES / 2);

	if (strcmp(o.mode, "txonly")) {
		obj = zcnic_xdp_open(o.frags ? "xsk_mb" : "xsk", o.port, &prog);
		err = bpf_object__load(obj);
		if (err)
			error(1, -err, "loading the xsk program");
		map = bpf_object__find_map_fd_by_name(obj, "xsks");
		if (map < 0 || xsk_socket__update_xskmap(xsk, map))
			error(1, errno, "xsks map");
		err = bpf_xdp_attach(ifindex, bpf_program__fd(prog),
				     XDP_FLAGS_DRV_MODE, NULL);
		if (err)
			error(1, -err, "attaching the xsk program");
	}
	printf("ready\n");
	fflush(stdout);

	t0 = now();
	end = t0 + o.secs;
	if (!strcmp(o.mode, "txonly"))
		tx_loop(end);
	else
		rx_loop(!strcmp(o.mode, "l2fwd"),
			o.from_first ? t0 + FIRST_WAIT : end);
	if (o.from_first && !t_first && strcmp(o.mode, "txonly")) {
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
		error(1, 0, "no frame in %d s", FIRST_WAIT);
	}
	t0 = now() - (t_first ? t_first : t0);
	if (!strcmp(o.mode, "txonly"))
		tx_done = frames_done;
	printf("rx %lu ok %lu tx %lu done %lu pps %.0f\n", rx, rx_ok, tx,
	       tx_done, (rx ? rx : tx_done) / t0);
	if (!strcmp(o.mode, "txonly"))
		printf("completions %lu out_of_order %lu\n", sent_head,
		       cq_order_bad);
	if (last_rx_addr != UINT64_MAX)
		printf("last_rx_phys 0x%llx\n", (unsigned long long)
		       phys((char *)umem_area + last_rx_addr));
	fflush(stdout);
	if (o.linger > 0)
		usleep(o.linger * 1e6);
	if (strcmp(o.mode, "txonly"))
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	xsk_socket__delete(xsk);
	xsk_umem__delete(umem);
	return 0;
usage:
	fprintf(stderr, "usage: zcnic-xsk -i IFACE [-q QUEUE] -m rxdrop|l2fwd|txonly [-p PORT] [-n COUNT] [-t SECS] [-c] [-r] [-F] [-M [-X N]] [-w SECS] [-l LEN -D DSTMAC -S SRCIP -d DSTIP]\n");
	return 2;
}
