// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-rr: TCP request/response latency, one byte each way (as netperf's
 * TCP_RR): the client writes a byte, waits for the server's byte, again,
 * for SECS seconds, and reports transactions per second and the round-trip
 * percentiles.
 *
 * Usage: zcnic-rr -c IPV4 [-p PORT] [-t SECS]
 *        zcnic-rr -s [-p PORT]
 * The client prints "trans N tps T p50_us A p99_us B"; the server answers
 * one connection and exits.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <error.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_RTTS	(1 << 20)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return x < y ? -1 : x > y;
}

static void serve(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int lfd, fd, one = 1;
	char b;

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		error(1, errno, "socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sin.sin_port = htons(port);
	if (bind(lfd, (void *)&sin, sizeof(sin)) || listen(lfd, 1))
		error(1, errno, "bind/listen %d", port);
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		error(1, errno, "accept");
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	while (read(fd, &b, 1) == 1)
		if (write(fd, &b, 1) != 1)
			error(1, errno, "write");
}

static void client(const char *dst, int port, double secs)
{
	static float rtt[MAX_RTTS];
	struct sockaddr_in sin = { .sin_family = AF_INET };
	double start, t;
	size_t n = 0;
	int fd, one = 1;
	char b = 'x';

	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, dst, &sin.sin_addr) != 1)
		error(1, 0, "-c: not an IPv4 address: %s", dst);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		error(1, errno, "socket");
	if (connect(fd, (void *)&sin, sizeof(sin)))
		error(1, errno, "connect");
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	start = now();
	do {
		t = now();
		if (write(fd, &b, 1) != 1 || read(fd, &b, 1) != 1)
			error(1, errno, "transaction %zu", n);
		rtt[n++] = (now() - t) * 1e6;
	} while (n < MAX_RTTS && t < start + secs);
	t = now() - start;
	qsort(rtt, n, sizeof(rtt[0]), cmp);
	/* the k-th percentile: the ceil(k n / 100)-th smallest */
	printf("trans %zu tps %.0f p50_us %.0f p99_us %.0f\n", n, n / t,
	       rtt[(n + 1) / 2 - 1], rtt[(n * 99 + 99) / 100 - 1]);
}

int main(int argc, char **argv)
{
	const char *dst = NULL;
	int c, port = 5400, server = 0;
	double secs = 5;

	while ((c = getopt(argc, argv, "c:sp:t:")) != -1) {
		if (c == 'c')
			dst = optarg;
		else if (c == 's')
			server = 1;
		else if (c == 'p')
			port = atoi(optarg);
		else if (c == 't')
			secs = atof(optarg);
		else
			error(1, 0, "usage: %s -c IPV4 | -s [-p PORT] [-t SECS]",
			      argv[0]);
	}
	if (!server == !dst)
		error(1, 0, "one of -c IPV4 and -s");
	if (secs <= 0)
		error(1, 0, "-t must be positive");
	if (server)
		serve(port);
	else
		client(dst, port, secs);
	return 0;
}
