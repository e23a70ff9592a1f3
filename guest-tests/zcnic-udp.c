// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-udp: small UDP datagrams as fast as one core sends or receives
 * them, the sender either with one sendto() per datagram or with
 * UDP_SEGMENT (UDP GSO: one sendmsg() carries SEGS datagrams, which the
 * NIC's USO or the kernel's software GSO cut apart).
 *
 * Usage: zcnic-udp -c IPV4 [-p PORT] [-l LEN] [-t SECS] [-g SEGS]
 *        zcnic-udp -s [-p PORT] [-t SECS]
 *   -c: send to IPV4 for SECS seconds (default 5), LEN payload bytes per
 *       datagram (default 64); -g: SEGS datagrams per UDP_SEGMENT send
 *   -s: receive until SECS seconds after the first datagram, or 1 s
 *       without one
 * Prints "sent N pps P" or "received N pps P" (datagrams, per second of
 * the run).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <error.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT	103
#endif

#define BATCH		64
#define MAX_SEGS	64

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void do_send(int fd, const char *dst, int port, int len, double secs,
		    int segs)
{
	static char buf[MAX_SEGS * 1500];
	struct sockaddr_in sin = { .sin_family = AF_INET };
	unsigned long long sent = 0;
	double start, end;
	size_t chunk = (size_t)len * (segs ? segs : 1);

	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, dst, &sin.sin_addr) != 1)
		error(1, 0, "-c: not an IPv4 address: %s", dst);
	if (connect(fd, (void *)&sin, sizeof(sin)))
		error(1, errno, "connect");
	if (segs && setsockopt(fd, SOL_UDP, UDP_SEGMENT, &len, sizeof(len)))
		error(1, errno, "UDP_SEGMENT");
	memset(buf, 0xa5, sizeof(buf));
	start = now();
	end = start + secs;
	do {
		for (int i = 0; i < 64; i++) {
			ssize_t n = send(fd, buf, chunk, 0);

			if (n < 0 && errno != ENOBUFS && errno != ECONNREFUSED)
				error(1, errno, "send");
			if (n > 0)
				sent += n / len;
		}
	} while (now() < end);
	printf("sent %llu pps %.0f\n", sent, sent / (now() - start));
}

static void do_recv(int fd, int port, double secs)
{
	static char bufs[BATCH][2048];
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	unsigned long long got = 0;
	double first = 0, last = 0;
	int rcvbuf = 4 << 20;

	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	sin.sin_port = htons(port);
	if (bind(fd, (void *)&sin, sizeof(sin)))
		error(1, errno, "bind %d", port);
	for (int i = 0; i < BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int n = poll(&pfd, 1, first ? 1000 : 60000);

		if (n < 0)
			error(1, errno, "poll");
		if (!n)
			break;
		n = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
		if (n < 0 && errno != EAGAIN)
			error(1, errno, "recvmmsg");
		if (n <= 0)
			continue;
		last = now();
		if (!first)
			first = last;
		got += n;
		if (last - first >= secs)
			break;
	}
	printf("received %llu pps %.0f\n", got,
	       last > first ? got / (last - first) : 0.0);
}

int main(int argc, char **argv)
{
	const char *dst = NULL;
	int c, port = 5300, len = 64, segs = 0, server = 0;
	double secs = 5;
	int fd;

	while ((c = getopt(argc, argv, "c:sp:l:t:g:")) != -1) {
		if (c == 'c')
			dst = optarg;
		else if (c == 's')
			server = 1;
		else if (c == 'p')
			port = atoi(optarg);
		else if (c == 'l')
			len = atoi(optarg);
		else if (c == 't')
			secs = atof(optarg);
		else if (c == 'g')
			segs = atoi(optarg);
		else
			error(1, 0, "usage: %s -c IPV4 | -s [-p PORT] [-l LEN] [-t SECS] [-g SEGS]",
			      argv[0]);
	}
	if (!server == !dst)
		error(1, 0, "one of -c IPV4 and -s");
	if (len < 1 || len > 1472 || segs < 0 || segs > MAX_SEGS || secs <= 0 ||
	    (long)len * segs > 65507)
		error(1, 0, "-l 1..1472, -g 0..%d, LEN x SEGS <= 65507, -t > 0",
		      MAX_SEGS);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		error(1, errno, "socket");
	if (server)
		do_recv(fd, port, secs);
	else
		do_send(fd, dst, port, len, secs, segs);
	return 0;
}
