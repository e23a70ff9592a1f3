// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-qstats IFNAME [queue]: the per-queue statistics of an interface,
 * as the netdev generic netlink family reports them (NETDEV_CMD_QSTATS_GET;
 * what "ynl --family netdev --dump qstats-get" prints).  One line a
 * counter: "dev NAME VALUE", or with "queue", "rx|tx ID NAME VALUE".
 * Debian 12's headers predate the family's qstats (Linux 6.9): the
 * numbers below are those of Linux 6.12's include/uapi/linux/netdev.h.
 */
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#define NETDEV_CMD_QSTATS_GET		12
#define NETDEV_A_QSTATS_IFINDEX		1
#define NETDEV_A_QSTATS_QUEUE_TYPE	2
#define NETDEV_A_QSTATS_QUEUE_ID	3
#define NETDEV_A_QSTATS_SCOPE		4
#define NETDEV_A_QSTATS_FIRST_STAT	8
#define NETDEV_QSTATS_SCOPE_QUEUE	1

/* from NETDEV_A_QSTATS_RX_PACKETS (8) on, in order */
static const char *const stat_names[] = {
	"rx-packets", "rx-bytes", "tx-packets", "tx-bytes",
	"rx-alloc-fail", "rx-hw-drops", "rx-hw-drop-overruns",
	"rx-csum-complete", "rx-csum-unnecessary", "rx-csum-none",
	"rx-csum-bad", "rx-hw-gro-packets", "rx-hw-gro-bytes",
	"rx-hw-gro-wire-packets", "rx-hw-gro-wire-bytes",
	"rx-hw-drop-ratelimits", "tx-hw-drops", "tx-hw-drop-errors",
	"tx-csum-none", "tx-needs-csum", "tx-hw-gso-packets",
	"tx-hw-gso-bytes", "tx-hw-gso-wire-packets", "tx-hw-gso-wire-bytes",
	"tx-hw-drop-ratelimits", "tx-stop", "tx-wake",
};

#define NSTATS	(sizeof(stat_names) / sizeof(stat_names[0]))

struct req {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char buf[256];
};

static void add_attr(struct req *r, uint16_t type, const void *data,
		     uint16_t len)
{
	struct nlattr *a = (void *)((char *)r + NLMSG_ALIGN(r->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static int send_req(int fd, struct req *r)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	return sendto(fd, r, r->n.nlmsg_len, 0, (struct sockaddr *)&sa,
		      sizeof(sa)) < 0 ? -1 : 0;
}

/* the value of an unsigned attribute of 1, 2, 4 or 8 bytes */
static uint64_t nla_uint(const struct nlattr *a)
{
	const void *p = (const char *)a + NLA_HDRLEN;
	uint64_t v64;
	uint32_t v32;
	uint16_t v16;

	switch (a->nla_len - NLA_HDRLEN) {
	case 8:
		memcpy(&v64, p, 8);
		return v64;
	case 4:
		memcpy(&v32, p, 4);
		return v32;
	case 2:
		memcpy(&v16, p, 2);
		return v16;
	default:
		return *(const uint8_t *)p;
	}
}

static int family_id(int fd)
{
	struct req r = {
		.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN),
		.n.nlmsg_type = GENL_ID_CTRL,
		.n.nlmsg_flags = NLM_F_REQUEST,
		.g.cmd = CTRL_CMD_GETFAMILY,
		.g.version = 1,
	};
	char buf[8192];
	struct nlmsghdr *n = (void *)buf;
	struct nlattr *a;
	ssize_t len;
	int rest;

	add_attr(&r, CTRL_ATTR_FAMILY_NAME, "netdev", sizeof("netdev"));
	if (send_req(fd, &r))
		return -1;
	len = recv(fd, buf, sizeof(buf), 0);
	if (len < (ssize_t)NLMSG_LENGTH(GENL_HDRLEN) ||
	    n->nlmsg_type == NLMSG_ERROR)
		return -1;
	a = (void *)((char *)NLMSG_DATA(n) + GENL_HDRLEN);
	rest = n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (; rest >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rest;
	     rest -= NLA_ALIGN(a->nla_len),
	     a = (void *)((char *)a + NLA_ALIGN(a->nla_len)))
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return (int)nla_uint(a);
	return -1;
}

/* print one reply message's counters; 1: it was the last, -1: an error */
static int print_msg(struct nlmsghdr *n)
{
	const char *type = "dev";
	struct nlattr *a;
	long id = -1;
	int rest;

	if (n->nlmsg_type == NLMSG_DONE)
		return 1;
	if (n->nlmsg_type == NLMSG_ERROR) {
		struct nlmsgerr *e = NLMSG_DATA(n);

		fprintf(stderr, "qstats-get: %s\n", strerror(-e->error));
		return -1;
	}
	a = (void *)((char *)NLMSG_DATA(n) + GENL_HDRLEN);
	rest = n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (struct nlattr *b = a; rest >= NLA_HDRLEN &&
	     b->nla_len >= NLA_HDRLEN && b->nla_len <= rest;
	     rest -= NLA_ALIGN(b->nla_len),
	     b = (void *)((char *)b + NLA_ALIGN(b->nla_len))) {
		if (b->nla_type == NETDEV_A_QSTATS_QUEUE_TYPE)
			type = nla_uint(b) ? "tx" : "rx";
		else if (b->nla_type == NETDEV_A_QSTATS_QUEUE_ID)
			id = (long)nla_uint(b);
	}
	rest = n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (; rest >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rest;
	     rest -= NLA_ALIGN(a->nla_len),
	     a = (void *)((char *)a + NLA_ALIGN(a->nla_len))) {
		unsigned int k = a->nla_type - NETDEV_A_QSTATS_FIRST_STAT;

		if (a->nla_type < NETDEV_A_QSTATS_FIRST_STAT || k >= NSTATS)
			continue;
		if (id >= 0)
			printf("%s %ld %s %llu\n", type, id, stat_names[k],
			       (unsigned long long)nla_uint(a));
		else
			printf("dev %s %llu\n", stat_names[k],
			       (unsigned long long)nla_uint(a));
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct req r = {
		.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN),
		.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		.g.cmd = NETDEV_CMD_QSTATS_GET,
		.g.version = 1,
	};
	uint32_t ifindex, scope = NETDEV_QSTATS_SCOPE_QUEUE;
	static char buf[65536];
	int fd, fam, done = 0;

	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "queue"))) {
		fprintf(stderr, "usage: zcnic-qstats IFNAME [queue]\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	if (!ifindex) {
		fprintf(stderr, "zcnic-qstats: no interface %s\n", argv[1]);
		return 2;
	}
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	fam = family_id(fd);
	if (fam < 0) {
		fprintf(stderr, "zcnic-qstats: no netdev netlink family\n");
		return 1;
	}
	r.n.nlmsg_type = fam;
	add_attr(&r, NETDEV_A_QSTATS_IFINDEX, &ifindex, 4);
	if (argc == 3)
		add_attr(&r, NETDEV_A_QSTATS_SCOPE, &scope, 4);
	if (send_req(fd, &r)) {
		perror("sendto");
		return 1;
	}
	while (!done) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *n = (void *)buf;

		if (len <= 0) {
			perror("recv");
			return 1;
		}
		for (; NLMSG_OK(n, len); n = NLMSG_NEXT(n, len)) {
			int ret = print_msg(n);

			if (ret < 0)
				return 1;
			if (ret > 0)
				done = 1;
		}
	}
	close(fd);
	return 0;
}
