// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-pp: list the kernel's page pools through the "netdev" generic
 * netlink family (what `ynl --family netdev --dump page-pool-get` shows),
 * one line each:
 *
 *	id ID ifindex N inflight PAGES inflight-mem BYTES detached 0|1
 *
 * A detached pool's driver is gone; the kernel keeps it only while pages
 * are in flight, so a detached pool that stays is a page leak.
 *
 * Usage: zcnic-pp [--detached-inflight]
 *   with the option: print only the sum of the detached pools' in-flight
 *   pages
 */
#include <errno.h>
#include <error.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

/* include/uapi/linux/netdev.h of Linux 6.12 (the host's headers are 6.1) */
#define NETDEV_CMD_PAGE_POOL_GET	5
#define NETDEV_A_PAGE_POOL_ID		1
#define NETDEV_A_PAGE_POOL_IFINDEX	2
#define NETDEV_A_PAGE_POOL_INFLIGHT	4
#define NETDEV_A_PAGE_POOL_INFLIGHT_MEM	5
#define NETDEV_A_PAGE_POOL_DETACH_TIME	6

#define BUF_SIZE	(1 << 16)

static char buf[BUF_SIZE];

struct req {
	struct nlmsghdr nh;
	struct genlmsghdr gh;
	char attrs[64];
};

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		error(1, errno, "netlink socket");
	return fd;
}

static void nl_send(int fd, struct req *r)
{
	if (send(fd, r, r->nh.nlmsg_len, 0) != (ssize_t)r->nh.nlmsg_len)
		error(1, errno, "netlink send");
}

/* The "netdev" family's id (CTRL_CMD_GETFAMILY). */
static uint16_t family_id(int fd)
{
	struct req r = {
		.nh.nlmsg_type = GENL_ID_CTRL,
		.nh.nlmsg_flags = NLM_F_REQUEST,
		.nh.nlmsg_seq = 1,
		.gh.cmd = CTRL_CMD_GETFAMILY,
		.gh.version = 1,
	};
	struct nlattr *na = (struct nlattr *)r.attrs;
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	ssize_t n;

	na->nla_type = CTRL_ATTR_FAMILY_NAME;
	na->nla_len = NLA_HDRLEN + sizeof("netdev");
	memcpy((char *)na + NLA_HDRLEN, "netdev", sizeof("netdev"));
	r.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(na->nla_len);
	nl_send(fd, &r);
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0 || !NLMSG_OK(nh, (size_t)n) || nh->nlmsg_type == NLMSG_ERROR)
		error(1, 0, "no netdev generic netlink family");
	n = nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (na = (struct nlattr *)((char *)NLMSG_DATA(nh) + GENL_HDRLEN);
	     n >= NLA_HDRLEN && na->nla_len >= NLA_HDRLEN &&
	     na->nla_len <= n;
	     n -= NLA_ALIGN(na->nla_len),
	     na = (struct nlattr *)((char *)na + NLA_ALIGN(na->nla_len)))
		if (na->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)((char *)na + NLA_HDRLEN);
	error(1, 0, "netdev family without an id");
	return 0;
}

int main(int argc, char **argv)
{
	int only_sum = argc > 1 && !strcmp(argv[1], "--detached-inflight");
	int fd = nl_open();
	struct req r = {
		.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		.nh.nlmsg_seq = 2,
		.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN),
		.gh.cmd = NETDEV_CMD_PAGE_POOL_GET,
		.gh.version = 1,
	};
	unsigned long long sum = 0;

	if (argc > 1 && !only_sum)
		error(2, 0, "usage: %s [--detached-inflight]", argv[0]);
	r.nh.nlmsg_type = family_id(fd);
	nl_send(fd, &r);
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nh;

		if (n < 0)
			error(1, errno, "netlink recv");
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n);
		     nh = NLMSG_NEXT(nh, n)) {
			unsigned long long v[7] = { 0 };
			int detached = 0;
			struct nlattr *na;
			ssize_t left;

			if (nh->nlmsg_type == NLMSG_DONE)
				goto done;
			if (nh->nlmsg_type == NLMSG_ERROR)
				error(1, -((struct nlmsgerr *)NLMSG_DATA(nh))->error,
				      "page-pool-get");
			left = nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
			for (na = (struct nlattr *)((char *)NLMSG_DATA(nh) +
						    GENL_HDRLEN);
			     left >= NLA_HDRLEN && na->nla_len >= NLA_HDRLEN &&
			     na->nla_len <= left;
			     left -= NLA_ALIGN(na->nla_len),
			     na = (struct nlattr *)((char *)na +
						    NLA_ALIGN(na->nla_len))) {
				int t = na->nla_type & NLA_TYPE_MASK;
				char *p = (char *)na + NLA_HDRLEN;

				if (t == NETDEV_A_PAGE_POOL_DETACH_TIME)
					detached = 1;
				if (t < 7 && na->nla_len == NLA_HDRLEN + 8)
					memcpy(&v[t], p, 8);
				else if (t < 7 && na->nla_len == NLA_HDRLEN + 4)
					v[t] = *(uint32_t *)p;
			}
			if (detached)
				sum += v[NETDEV_A_PAGE_POOL_INFLIGHT];
			if (!only_sum)
				printf("id %llu ifindex %llu inflight %llu inflight-mem %llu detached %d\n",
				       v[NETDEV_A_PAGE_POOL_ID],
				       v[NETDEV_A_PAGE_POOL_IFINDEX],
				       v[NETDEV_A_PAGE_POOL_INFLIGHT],
				       v[NETDEV_A_PAGE_POOL_INFLIGHT_MEM],
				       detached);
		}
	}
done:
	if (only_sum)
		printf("%llu\n", sum);
	close(fd);
	return 0;
}
