// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-split: set a device's tcp-data-split ring parameter over ethtool
 * netlink, as "ethtool -G IFNAME tcp-data-split on|off|auto" does with
 * ethtool >= 6.2 (Debian 12 ships 6.1, which only shows it).
 *
 * Usage: zcnic-split IFNAME on|off|auto
 */
#include <errno.h>
#include <error.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

struct req {
	struct nlmsghdr nh;
	struct genlmsghdr gh;
	char attrs[256];
};

static void put_attr(struct req *r, uint16_t type, const void *data,
		     uint16_t len)
{
	struct nlattr *a = (struct nlattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/* Send R, return the reply in BUF (length) or exit on error/ack error. */
static ssize_t talk(int fd, struct req *r, char *buf, size_t len)
{
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	ssize_t n;

	if (send(fd, r, r->nh.nlmsg_len, 0) < 0)
		error(1, errno, "netlink send");
	n = recv(fd, buf, len, 0);
	if (n < 0)
		error(1, errno, "netlink recv");
	if (nh->nlmsg_type == NLMSG_ERROR) {
		struct nlmsgerr *e = NLMSG_DATA(nh);

		if (e->error)
			error(1, -e->error, "netlink request refused");
	}
	return n;
}

int main(int argc, char **argv)
{
	static const char * const modes[] = { "auto", "off", "on" };
	struct req r = { 0 };
	char buf[8192];
	struct nlattr *a, *nest;
	uint16_t family = 0;
	uint8_t mode = 255;
	ssize_t n;
	int fd, i;

	if (argc != 3)
		error(1, 0, "usage: %s IFNAME on|off|auto", argv[0]);
	/* ETHTOOL_TCP_DATA_SPLIT_UNKNOWN (auto), _DISABLED, _ENABLED */
	for (i = 0; i < 3; i++)
		if (!strcmp(argv[2], modes[i]))
			mode = i;
	if (mode == 255)
		error(1, 0, "mode must be on, off or auto");

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0)
		error(1, errno, "socket");

	/* the "ethtool" generic netlink family's id */
	r.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r.nh.nlmsg_type = GENL_ID_CTRL;
	r.nh.nlmsg_flags = NLM_F_REQUEST;
	r.gh.cmd = CTRL_CMD_GETFAMILY;
	r.gh.version = 1;
	put_attr(&r, CTRL_ATTR_FAMILY_NAME, ETHTOOL_GENL_NAME,
		 sizeof(ETHTOOL_GENL_NAME));
	n = talk(fd, &r, buf, sizeof(buf));
	a = (struct nlattr *)((char *)NLMSG_DATA(buf) + GENL_HDRLEN);
	while ((char *)a < buf + n && a->nla_len) {
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			memcpy(&family, (char *)a + NLA_HDRLEN, 2);
		a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	}
	if (!family)
		error(1, 0, "no ethtool netlink family");

	/* RINGS_SET { HEADER { DEV_NAME }, TCP_DATA_SPLIT } */
	memset(&r, 0, sizeof(r));
	r.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r.nh.nlmsg_type = family;
	r.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r.gh.cmd = ETHTOOL_MSG_RINGS_SET;
	r.gh.version = ETHTOOL_GENL_VERSION;
	nest = (struct nlattr *)((char *)&r + NLMSG_ALIGN(r.nh.nlmsg_len));
	put_attr(&r, ETHTOOL_A_RINGS_HEADER | NLA_F_NESTED, NULL, 0);
	put_attr(&r, ETHTOOL_A_HEADER_DEV_NAME, argv[1], strlen(argv[1]) + 1);
	nest->nla_len = (char *)&r + r.nh.nlmsg_len - (char *)nest;
	put_attr(&r, ETHTOOL_A_RINGS_TCP_DATA_SPLIT, &mode, 1);
	talk(fd, &r, buf, sizeof(buf));
	close(fd);
	return 0;
}
