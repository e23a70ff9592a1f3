// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-devmem: receive one TCP stream with devmem TCP, as the kernel's
 * ncdevmem does, but of any length and without a line per frag: a
 * udmabuf (a memfd's pages as a dma-buf) is bound to RX queue QUEUE
 * through the netdev netlink family (NETDEV_CMD_BIND_RX, in plain
 * generic netlink, so that it builds against any uapi headers), the
 * payload lands in it, each frag is checked against zcnic-gen's stream
 * where it lies (read through the memfd: x86 DMA is coherent) and handed
 * back with SO_DEVMEM_DONTNEED.  The flow must be steered to QUEUE
 * (ethtool -N), header split on.  The binding lasts as long as this
 * process's netlink socket.
 *
 * Usage: zcnic-devmem -i IFACE -q QUEUE [-p PORT] [-s SEED] [-n] [-b MIB]
 *   -n: count bytes only, no check (the receive path's own CPU time)
 *   -b: the dma-buf's size in MiB (default 16)
 * Prints "listening dmabuf_id N" once bound, then "bytes B frags F
 * linear L cpu_ms T" (L: bytes the kernel copied from an skb's linear
 * part, SCM_DEVMEM_LINEAR), and exits 0 if the data matched.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <error.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/udmabuf.h>

#include "zcnic-gen.h"

/* uapi values (asm-generic/socket.h, linux/socket.h, linux/netdev.h of
 * 6.12 and later), spelled out for older headers */
#define ZDM_SO_DEVMEM_LINEAR	78
#define ZDM_SO_DEVMEM_DMABUF	79
#define ZDM_SO_DEVMEM_DONTNEED	80
#define ZDM_MSG_SOCK_DEVMEM	0x2000000
#define ZDM_CMD_BIND_RX		13	/* NETDEV_CMD_BIND_RX */
#define ZDM_A_DMABUF_IFINDEX	1
#define ZDM_A_DMABUF_QUEUES	2
#define ZDM_A_DMABUF_FD		3
#define ZDM_A_DMABUF_ID		4
#define ZDM_A_QUEUE_ID		1
#define ZDM_A_QUEUE_TYPE	3
#define ZDM_QUEUE_TYPE_RX	0
#define ZDM_MAX_TOKENS		128	/* the kernel's MAX_DONTNEED_TOKENS */

struct zdm_cmsg {		/* struct dmabuf_cmsg */
	uint64_t frag_offset;
	uint32_t frag_size;
	uint32_t frag_token;
	uint32_t dmabuf_id;
	uint32_t flags;
};

struct zdm_token {		/* struct dmabuf_token */
	uint32_t token_start;
	uint32_t token_count;
};

static struct zcheck chk;
static int cfg_no_check;

/* generic netlink: one message built in a buffer, attributes appended */
struct nlbuf {
	union {
		struct nlmsghdr nlh;
		char buf[4096];
	};
};

static struct nlattr *nl_put(struct nlbuf *m, int type, const void *data,
			     int len)
{
	struct nlattr *a = (void *)(m->buf + NLMSG_ALIGN(m->nlh.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	m->nlh.nlmsg_len = NLMSG_ALIGN(m->nlh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static void nl_start(struct nlbuf *m, int family, int cmd)
{
	struct genlmsghdr *g;

	memset(m, 0, sizeof(*m));
	m->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m->nlh.nlmsg_type = family;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g = NLMSG_DATA(&m->nlh);
	g->cmd = cmd;
	g->version = 1;
}

/*
 * Send M and read the answer: the u32 attribute WANT of the reply into
 * *VAL (if VAL), then the ACK.  Returns 0 or a negative errno.
 */
static int nl_talk(int fd, struct nlbuf *m, int want, uint32_t *val)
{
	/* the family's description (its ops, its groups) takes a few KiB */
	static union {
		struct nlmsghdr nlh;
		char buf[65536];
	} r;
	int got = !val;

	if (send(fd, m->buf, m->nlh.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, r.buf, sizeof(r.buf), MSG_TRUNC);
		struct nlmsghdr *h;

		if (n < 0)
			return -errno;
		if ((size_t)n > sizeof(r.buf))
			return -EMSGSIZE;
		for (h = &r.nlh; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					return -EBADMSG;
				if (e->error)
					return e->error;
				return got ? 0 : -ENOMSG;
			}
			if (h->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
				continue;
			int alen = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
			struct nlattr *a = (void *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);

			for (; alen >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
			       a->nla_len <= alen;
			     alen -= NLA_ALIGN(a->nla_len),
			     a = (void *)((char *)a + NLA_ALIGN(a->nla_len))) {
				/* a u32, or a u16 (CTRL_ATTR_FAMILY_ID) */
				if ((a->nla_type & NLA_TYPE_MASK) == want && val &&
				    a->nla_len >= NLA_HDRLEN + 2) {
					uint16_t v16;

					if (a->nla_len >= NLA_HDRLEN + 4) {
						memcpy(val, (char *)a + NLA_HDRLEN, 4);
					} else {
						memcpy(&v16, (char *)a + NLA_HDRLEN, 2);
						*val = v16;
					}
					got = 1;
				}
			}
		}
	}
}

/* Bind DMABUF_FD to queue QUEUE of IFINDEX; returns the netlink socket. */
static int bind_rx(unsigned int ifindex, int queue, int dmabuf_fd,
		   uint32_t *id)
{
	struct nlbuf m;
	uint32_t family, v;
	struct nlattr *nest;
	int fd, err;

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0)
		error(1, errno, "netlink socket");
	nl_start(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	nl_put(&m, CTRL_ATTR_FAMILY_NAME, "netdev", 7);
	err = nl_talk(fd, &m, CTRL_ATTR_FAMILY_ID, &family);
	if (err)
		error(1, -err, "the netdev netlink family");

	nl_start(&m, family, ZDM_CMD_BIND_RX);
	nl_put(&m, ZDM_A_DMABUF_IFINDEX, &ifindex, 4);
	v = dmabuf_fd;
	nl_put(&m, ZDM_A_DMABUF_FD, &v, 4);
	nest = nl_put(&m, ZDM_A_DMABUF_QUEUES | NLA_F_NESTED, NULL, 0);
	v = queue;
	nl_put(&m, ZDM_A_QUEUE_ID, &v, 4);
	v = ZDM_QUEUE_TYPE_RX;
	nl_put(&m, ZDM_A_QUEUE_TYPE, &v, 4);
	nest->nla_len = (char *)m.buf + m.nlh.nlmsg_len - (char *)nest;
	err = nl_talk(fd, &m, ZDM_A_DMABUF_ID, id);
	if (err)
		error(1, -err, "bind-rx (queue %d)", queue);
	return fd;
}

int main(int argc, char **argv)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	static char iobuf[1 << 20], ctrl[16384] __attribute__((aligned(8)));
	static struct zdm_token tokens[ZDM_MAX_TOKENS];
	const char *ifname = NULL;
	int port = 5010, queue = -1, c, lfd, fd, one = 1, memfd, devfd, dmabuf;
	int nlfd;
	uint64_t seed = 7, frags = 0, linear = 0;
	size_t buf_len = 16 << 20;
	unsigned int ifindex;
	uint32_t dmabuf_id;
	uint8_t *mem;
	struct rusage ru;

	while ((c = getopt(argc, argv, "i:q:p:s:nb:")) != -1) {
		if (c == 'i')
			ifname = optarg;
		else if (c == 'q')
			queue = atoi(optarg);
		else if (c == 'p')
			port = atoi(optarg);
		else if (c == 's')
			seed = strtoull(optarg, NULL, 0);
		else if (c == 'n')
			cfg_no_check = 1;
		else if (c == 'b')
			buf_len = strtoull(optarg, NULL, 0) << 20;
		else
			error(1, 0, "usage: %s -i IFACE -q QUEUE [-p PORT] [-s SEED] [-n] [-b MIB]",
			      argv[0]);
	}
	if (!ifname || queue < 0)
		error(1, 0, "-i IFACE and -q QUEUE are needed");
	if (!buf_len)
		error(1, 0, "-b: at least 1 MiB");
	ifindex = if_nametoindex(ifname);
	if (!ifindex)
		error(1, errno, "%s", ifname);
	zcheck_init(&chk, seed, cfg_no_check);

	/* the dma-buf: a sealed memfd's pages, through /dev/udmabuf */
	memfd = memfd_create("zcnic-devmem", MFD_ALLOW_SEALING);
	if (memfd < 0 || ftruncate(memfd, buf_len) ||
	    fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK) < 0)
		error(1, errno, "memfd");
	devfd = open("/dev/udmabuf", O_RDWR);
	if (devfd < 0)
		error(1, errno, "/dev/udmabuf");
	struct udmabuf_create create = {
		.memfd = memfd,
		.flags = UDMABUF_FLAGS_CLOEXEC,
		.size = buf_len,
	};
	dmabuf = ioctl(devfd, UDMABUF_CREATE, &create);
	if (dmabuf < 0)
		error(1, errno, "UDMABUF_CREATE");
	mem = mmap(NULL, buf_len, PROT_READ, MAP_SHARED, memfd, 0);
	if (mem == MAP_FAILED)
		error(1, errno, "mmap");

	nlfd = bind_rx(ifindex, queue, dmabuf, &dmabuf_id);

	lfd = socket(AF_INET6, SOCK_STREAM, 0);
	if (lfd < 0)
		error(1, errno, "socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sin6.sin6_port = htons(port);
	if (bind(lfd, (void *)&sin6, sizeof(sin6)) || listen(lfd, 1))
		error(1, errno, "bind/listen %d", port);
	printf("listening dmabuf_id %u\n", dmabuf_id);
	fflush(stdout);
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		error(1, errno, "accept");

	for (;;) {
		struct iovec iov = { .iov_base = iobuf, .iov_len = sizeof(iobuf) };
		struct msghdr msg = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = ctrl, .msg_controllen = sizeof(ctrl),
		};
		size_t lin_off = 0, got = 0;
		struct cmsghdr *cm;
		int nt = 0, ret;
		ssize_t n;

		n = recvmsg(fd, &msg, ZDM_MSG_SOCK_DEVMEM);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			error(1, errno, "recvmsg");
		if (!n)
			break;
		/* a frag whose cmsg did not fit would be lost to the check */
		if (msg.msg_flags & MSG_CTRUNC)
			error(1, 0, "recvmsg: control data truncated");
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
			struct zdm_cmsg d;

			if (cm->cmsg_level != SOL_SOCKET ||
			    cm->cmsg_len < CMSG_LEN(sizeof(d)))
				continue;
			memcpy(&d, CMSG_DATA(cm), sizeof(d));
			if (cm->cmsg_type == ZDM_SO_DEVMEM_LINEAR) {
				/* copied into iobuf, in stream order */
				if (d.frag_size > sizeof(iobuf) - lin_off)
					error(1, 0, "linear piece beyond the buffer");
				zcheck(&chk, (uint8_t *)iobuf + lin_off, d.frag_size);
				got += d.frag_size;
				lin_off += d.frag_size;
				linear += d.frag_size;
				continue;
			}
			if (cm->cmsg_type != ZDM_SO_DEVMEM_DMABUF)
				continue;
			if (d.dmabuf_id != dmabuf_id)
				error(1, 0, "a frag of dma-buf %u, not ours (%u): steering",
				      d.dmabuf_id, dmabuf_id);
			/* bounded by the buffer this process made */
			if (d.frag_offset > buf_len ||
			    d.frag_size > buf_len - d.frag_offset)
				error(1, 0, "a frag beyond the dma-buf: %llu + %u",
				      (unsigned long long)d.frag_offset, d.frag_size);
			zcheck(&chk, mem + d.frag_offset, d.frag_size);
			frags++;
			got += d.frag_size;
			tokens[nt].token_start = d.frag_token;
			tokens[nt].token_count = 1;
			if (++nt == ZDM_MAX_TOKENS) {
				ret = setsockopt(fd, SOL_SOCKET,
						 ZDM_SO_DEVMEM_DONTNEED, tokens,
						 nt * sizeof(tokens[0]));
				if (ret != nt)
					error(1, ret < 0 ? errno : 0,
					      "SO_DEVMEM_DONTNEED: %d of %d", ret, nt);
				nt = 0;
			}
		}
		if (nt) {
			ret = setsockopt(fd, SOL_SOCKET, ZDM_SO_DEVMEM_DONTNEED,
					 tokens, nt * sizeof(tokens[0]));
			if (ret != nt)
				error(1, ret < 0 ? errno : 0,
				      "SO_DEVMEM_DONTNEED: %d of %d", ret, nt);
		}
		/*
		 * Every byte is a frag or a linear piece: the kernel copies a
		 * readable skb (one that did not come through the provider)
		 * into iobuf with no cmsg, which would go unchecked
		 */
		if (got != (size_t)n)
			error(1, 0, "recvmsg: %zd bytes, %zu of them in cmsgs: payload outside the dma-buf",
			      n, got);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("bytes %llu frags %llu linear %llu cpu_ms %ld\n",
	       (unsigned long long)chk.total, (unsigned long long)frags,
	       (unsigned long long)linear,
	       (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000);
	close(nlfd);
	if (chk.bad_at != UINT64_MAX)
		error(1, 0, "data differs from zcnic-gen %llu at byte %llu",
		      (unsigned long long)seed, (unsigned long long)chk.bad_at);
	return 0;
}
