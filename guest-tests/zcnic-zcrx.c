// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-zcrx: receive a TCP stream with TCP_ZEROCOPY_RECEIVE (payload pages
 * mapped into this process, as tools/testing/selftests/net/tcp_mmap.c
 * does), check every byte against zcnic-gen's stream, and report how much
 * was mapped rather than copied.
 *
 * Usage: zcnic-zcrx [-p PORT] [-s SEED] [-r] [-n]
 *   -r: plain read(), no mmap; -n: count bytes only, no check (to measure
 *   the receive path's own CPU time); -c: mapping window / read() size in
 *   KiB (default 512, a multiple of 4, at most 4096)
 * Prints "bytes B mapped M copied C mapped% P cpu_ms T" and exits 0 if the
 * data matched.
 */
#include <errno.h>
#include <error.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/tcp.h>

#include "zcnic-gen.h"

/* the mapping window and read() size; at most CHUNK */
#define CHUNK	(4 << 20)
static size_t cfg_chunk = 512 * 1024;

static int cfg_port = 5010;
static uint64_t cfg_seed = 7;
static int cfg_read_only, cfg_no_check;

static struct zcheck chk;

int main(int argc, char **argv)
{
	static uint8_t buf[CHUNK];
	struct sockaddr_in sin = { .sin_family = AF_INET };
	uint64_t mapped = 0, copied = 0;
	struct rusage ru;
	int lfd, fd, c, one = 1, rcvbuf = 64 << 20;
	void *addr = NULL;

	while ((c = getopt(argc, argv, "p:s:rnc:")) != -1) {
		if (c == 'p')
			cfg_port = atoi(optarg);
		else if (c == 's')
			cfg_seed = strtoull(optarg, NULL, 0);
		else if (c == 'r')
			cfg_read_only = 1;
		else if (c == 'n')
			cfg_no_check = 1;
		else if (c == 'c')
			cfg_chunk = strtoul(optarg, NULL, 0) << 10;
		else
			error(1, 0, "usage: %s [-p PORT] [-s SEED] [-r] [-n] [-c KIB]", argv[0]);
	}
	if (!cfg_chunk || cfg_chunk > CHUNK || cfg_chunk % 4096)
		error(1, 0, "-c: a multiple of 4 KiB up to %d KiB", CHUNK >> 10);
	zcheck_init(&chk, cfg_seed, cfg_no_check);

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		error(1, errno, "socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/*
	 * A receive queue that overflows its budget is collapsed into copied,
	 * linear skbs that cannot be mapped: give it room (tcp_mmap.c -r).
	 */
	if (setsockopt(lfd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		error(1, errno, "SO_RCVBUFFORCE");
	sin.sin_port = htons(cfg_port);
	if (bind(lfd, (void *)&sin, sizeof(sin)) || listen(lfd, 1))
		error(1, errno, "bind/listen %d", cfg_port);
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		error(1, errno, "accept");

	if (!cfg_read_only) {
		addr = mmap(NULL, cfg_chunk, PROT_READ, MAP_SHARED, fd, 0);
		if (addr == MAP_FAILED)
			error(1, errno, "mmap on the TCP socket");
	}
	for (;;) {
		ssize_t n;

		if (!cfg_read_only) {
			struct tcp_zerocopy_receive zc = {
				.address = (uint64_t)(unsigned long)addr,
				.length = cfg_chunk,
			};
			socklen_t zl = sizeof(zc);

			if (getsockopt(fd, IPPROTO_TCP, TCP_ZEROCOPY_RECEIVE,
				       &zc, &zl)) {
				/* EIO: nothing queued and the peer closed */
				if (errno == EIO)
					break;
				error(1, errno, "TCP_ZEROCOPY_RECEIVE");
			}
			if (zc.length) {
				zcheck(&chk, addr, zc.length);
				mapped += zc.length;
				madvise(addr, zc.length, MADV_DONTNEED);
			}
			if (zc.recv_skip_hint) {
				/* bytes that are not whole pages: read them */
				n = read(fd, buf, zc.recv_skip_hint < cfg_chunk ?
					 zc.recv_skip_hint : cfg_chunk);
				if (n < 0)
					error(1, errno, "read");
				zcheck(&chk, buf, n);
				copied += n;
			}
			if (zc.length || zc.recv_skip_hint)
				continue;
			/*
			 * Nothing queued yet.  Wait for data rather than
			 * read(): a read now would copy every page that
			 * arrives meanwhile (tcp_mmap.c polls as well).
			 */
			struct pollfd pfd = { .fd = fd, .events = POLLIN };

			c = poll(&pfd, 1, 60000);
			if (c < 0)
				error(1, errno, "poll");
			if (!c)
				error(1, 0, "no data for 60 s");
			continue;
		}
		n = read(fd, buf, cfg_chunk);
		if (n < 0)
			error(1, errno, "read");
		if (!n)
			break;
		zcheck(&chk, buf, n);
		copied += n;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("bytes %llu mapped %llu copied %llu mapped%% %.1f cpu_ms %ld\n",
	       (unsigned long long)chk.total, (unsigned long long)mapped,
	       (unsigned long long)copied,
	       chk.total ? 100.0 * mapped / chk.total : 0.0,
	       (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000);
	if (chk.bad_at != UINT64_MAX)
		error(1, 0, "data differs from zcnic-gen %llu at byte %llu",
		      (unsigned long long)cfg_seed,
		      (unsigned long long)chk.bad_at);
	return 0;
}
