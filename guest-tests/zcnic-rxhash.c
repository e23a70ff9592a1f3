// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-rxhash: what the kernel holds as a received packet's flow hash
 * (skb->hash, which the driver sets from the device's RSS hash, spec 4.8),
 * compared with the Toeplitz hash computed here.
 *
 * Usage: zcnic-rxhash hash KEY SRC DST [SPORT DPORT]
 *          prints the Toeplitz hash of the addresses (and ports) with KEY
 *          (40 bytes as ethtool -x prints them, aa:bb:...); this
 *          implementation first checks itself against Microsoft's RSS
 *          verification vectors and fails if it does not get them
 *        zcnic-rxhash recv IFACE HASH SECS
 *          counts the IPv4 packets received on IFACE during SECS seconds,
 *          and those whose skb->hash is HASH (a packet socket whose
 *          classic BPF filter loads the hash, SKF_AD_RXHASH); prints
 *          "packets N matched M"
 *        zcnic-rxhash send -u|-t DST SPORT DPORT COUNT
 *          COUNT UDP datagrams, or one TCP connection with COUNT writes,
 *          from SPORT to DST:DPORT
 */
#include <arpa/inet.h>
#include <errno.h>
#include <error.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define KEY_LEN		40

static uint32_t toeplitz(const uint8_t *key, const uint8_t *in, size_t len)
{
	uint32_t hash = 0;
	size_t i;
	int b;

	/* bit k of the input selects the 32 key bits from bit k on */
	for (i = 0; i < len; i++)
		for (b = 0; b < 8; b++) {
			size_t k = i * 8 + b;
			uint64_t w = 0;
			int j;

			if (!(in[i] & (0x80 >> b)))
				continue;
			for (j = 0; j < 5; j++)
				w = w << 8 | key[k / 8 + j];
			hash ^= (uint32_t)(w >> (8 - k % 8));
		}
	return hash;
}

static size_t tuple(uint8_t *in, const char *src, const char *dst,
		    const char *sport, const char *dport)
{
	if (inet_pton(AF_INET, src, in) != 1 ||
	    inet_pton(AF_INET, dst, in + 4) != 1)
		error(2, 0, "bad IPv4 address %s or %s", src, dst);
	if (!sport)
		return 8;
	in[8] = atoi(sport) >> 8;
	in[9] = atoi(sport);
	in[10] = atoi(dport) >> 8;
	in[11] = atoi(dport);
	return 12;
}

/* Microsoft's key and the first two rows of its IPv4 table */
static void self_check(void)
{
	static const uint8_t key[KEY_LEN] = {
		0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
		0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
		0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
		0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
		0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
	};
	uint8_t in[12];
	size_t n;

	n = tuple(in, "66.9.149.187", "161.142.100.80", "2794", "1766");
	if (toeplitz(key, in, 8) != 0x323e8fc2 ||
	    toeplitz(key, in, n) != 0x51ccc178)
		error(1, 0, "self-check: Microsoft's vector 1 failed");
	n = tuple(in, "199.92.111.2", "65.69.140.83", "14230", "4739");
	if (toeplitz(key, in, 8) != 0xd718262a ||
	    toeplitz(key, in, n) != 0xc626b0ea)
		error(1, 0, "self-check: Microsoft's vector 2 failed");
}

static int do_hash(int argc, char **argv)
{
	uint8_t key[KEY_LEN], in[12];
	const char *p = argv[2];
	size_t n;
	int i;

	if (argc != 5 && argc != 7)
		error(2, 0, "usage: hash KEY SRC DST [SPORT DPORT]");
	self_check();
	for (i = 0; i < KEY_LEN; i++) {
		unsigned int v;

		if (sscanf(p, "%2x", &v) != 1)
			error(2, 0, "key: 40 bytes, aa:bb:...");
		key[i] = v;
		p += 2;
		if (i < KEY_LEN - 1 && *p++ != ':')
			error(2, 0, "key: 40 bytes, aa:bb:...");
	}
	n = tuple(in, argv[3], argv[4], argc == 7 ? argv[5] : NULL,
		  argc == 7 ? argv[6] : NULL);
	printf("0x%08x\n", toeplitz(key, in, n));
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* a packet socket on IFACE whose filter keeps IPv4, [with skb->hash H] */
static int hash_socket(const char *ifname, int match, uint32_t h)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, SKF_AD_OFF + SKF_AD_PROTOCOL),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_RXHASH),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, h, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JA, match ? 1 : 0, 0, 0),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { sizeof(code) / sizeof(code[0]), code };
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = if_nametoindex(ifname),
	};
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));

	if (fd < 0)
		error(1, errno, "packet socket");
	if (!sll.sll_ifindex)
		error(1, errno, "%s", ifname);
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)))
		error(1, errno, "SO_ATTACH_FILTER");
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		error(1, errno, "bind %s", ifname);
	return fd;
}

static int do_recv(int argc, char **argv)
{
	char buf[2048];
	long got[2] = { 0, 0 };
	double end;
	int fd[2], k;

	if (argc != 5)
		error(2, 0, "usage: recv IFACE HASH SECS");
	fd[0] = hash_socket(argv[2], 0, 0);	/* every IPv4 packet */
	fd[1] = hash_socket(argv[2], 1, strtoul(argv[3], NULL, 0));
	printf("listening\n");
	fflush(stdout);
	end = now() + atof(argv[4]);
	while (now() < end) {
		struct pollfd p[2] = { { fd[0], POLLIN, 0 }, { fd[1], POLLIN, 0 } };

		if (poll(p, 2, 100) < 0)
			error(1, errno, "poll");
		for (k = 0; k < 2; k++)
			while (recv(fd[k], buf, sizeof(buf), MSG_DONTWAIT) > 0)
				got[k]++;
	}
	printf("packets %ld matched %ld\n", got[0], got[1]);
	return 0;
}

static int do_send(int argc, char **argv)
{
	struct sockaddr_in src = { .sin_family = AF_INET };
	struct sockaddr_in dst = { .sin_family = AF_INET };
	int udp, fd, n, i, one = 1;

	if (argc != 7 || (strcmp(argv[2], "-u") && strcmp(argv[2], "-t")))
		error(2, 0, "usage: send -u|-t DST SPORT DPORT COUNT");
	udp = !strcmp(argv[2], "-u");
	if (inet_pton(AF_INET, argv[3], &dst.sin_addr) != 1)
		error(2, 0, "bad address %s", argv[3]);
	src.sin_port = htons(atoi(argv[4]));
	dst.sin_port = htons(atoi(argv[5]));
	n = atoi(argv[6]);
	fd = socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
	if (fd < 0)
		error(1, errno, "socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&src, sizeof(src)))
		error(1, errno, "bind port %s", argv[4]);
	/* UDP unconnected: the port unreachable replies are no error */
	if (!udp && connect(fd, (struct sockaddr *)&dst, sizeof(dst)))
		error(1, errno, "connect %s:%s", argv[3], argv[5]);
	for (i = 0; i < n; i++) {
		if (sendto(fd, "zcnic rxhash\n", 13, 0, (struct sockaddr *)&dst,
			   udp ? sizeof(dst) : 0) != 13)
			error(1, errno, "send");
		usleep(10000);
	}
	close(fd);
	printf("sent %d\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "hash"))
		return do_hash(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "recv"))
		return do_recv(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "send"))
		return do_send(argc, argv);
	error(2, 0, "usage: zcnic-rxhash hash|recv|send ...");
	return 2;
}
