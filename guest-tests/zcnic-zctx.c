// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-zctx: send zcnic-gen's stream over TCP in 64 KB writes, with
 * MSG_ZEROCOPY (as tools/testing/selftests/net/msg_zerocopy.c does) or with
 * plain send(), and account for every zero-copy completion.
 *
 * Usage: zcnic-zctx [-z] [-n] [-a IPV4] [-p PORT] [-s SEED] [-b BYTES]
 *   -z: MSG_ZEROCOPY (else send())
 *   -n: send the same buffers over and over instead of the checkable
 *       stream (to measure the send path's own CPU time)
 * Prints "bytes B sends N completed C copied K cpu_ms T".  Exits 0 when
 * every zero-copy send completed; the caller decides whether "copied"
 * (completions flagged SO_EE_CODE_ZEROCOPY_COPIED) is acceptable.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <error.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/errqueue.h>

#include "zcnic-gen.h"

#ifndef SO_ZEROCOPY
#define SO_ZEROCOPY	60
#endif
#ifndef MSG_ZEROCOPY
#define MSG_ZEROCOPY	0x4000000
#endif

#define WRITE_SIZE	(64 * 1024)
/* buffers in flight: one may be refilled only once its send completed */
#define NBUF		64

static const char *cfg_addr = "192.168.77.2";
static int cfg_port = 5020;
static uint64_t cfg_seed = 11;
static uint64_t cfg_bytes = 64 << 20;
static int cfg_zerocopy, cfg_no_gen;

static uint8_t bufs[NBUF][WRITE_SIZE];
static uint8_t *done;		/* per send id: its completion arrived */
static uint32_t completed, copied;

/* Read zero-copy completions from the error queue; returns how many. */
static int read_completions(int fd, uint32_t nsends)
{
	int got = 0;

	for (;;) {
		char control[128];
		struct msghdr msg = {
			.msg_control = control,
			.msg_controllen = sizeof(control),
		};
		struct sock_extended_err *serr;
		struct cmsghdr *cm;

		if (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) {
			if (errno == EAGAIN)
				return got;
			error(1, errno, "recvmsg(MSG_ERRQUEUE)");
		}
		cm = CMSG_FIRSTHDR(&msg);
		if (!cm || cm->cmsg_level != SOL_IP ||
		    cm->cmsg_type != IP_RECVERR)
			error(1, 0, "unexpected control message");
		serr = (void *)CMSG_DATA(cm);
		if (serr->ee_origin != SO_EE_ORIGIN_ZEROCOPY || serr->ee_errno)
			error(1, 0, "unexpected error queue entry: origin %u errno %u",
			      serr->ee_origin, serr->ee_errno);
		/* ee_info..ee_data: an inclusive range of send ids */
		for (uint32_t id = serr->ee_info;; id++) {
			if (id >= nsends || done[id])
				error(1, 0, "bad completion %u..%u",
				      serr->ee_info, serr->ee_data);
			done[id] = 1;
			completed++;
			if (serr->ee_code & SO_EE_CODE_ZEROCOPY_COPIED)
				copied++;
			if (id == serr->ee_data)
				break;
		}
		got++;
	}
}

static void wait_completions(int fd, uint32_t nsends)
{
	struct pollfd pfd = { .fd = fd, .events = 0 };

	/* the error queue raises POLLERR */
	if (poll(&pfd, 1, 60000) <= 0)
		error(1, 0, "no zero-copy completion for 60 s");
	read_completions(fd, nsends);
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	uint64_t left;
	uint32_t nsends, id = 0;
	struct rusage ru;
	struct zgen gen;
	int fd, c, one = 1;
	time_t until;

	while ((c = getopt(argc, argv, "zna:p:s:b:")) != -1) {
		if (c == 'z')
			cfg_zerocopy = 1;
		else if (c == 'n')
			cfg_no_gen = 1;
		else if (c == 'a')
			cfg_addr = optarg;
		else if (c == 'p')
			cfg_port = atoi(optarg);
		else if (c == 's')
			cfg_seed = strtoull(optarg, NULL, 0);
		else if (c == 'b')
			cfg_bytes = zgen_parse_size(optarg);
		else
			error(1, 0, "usage: %s [-z] [-n] [-a IPV4] [-p PORT] [-s SEED] [-b BYTES]",
			      argv[0]);
	}
	if (inet_pton(AF_INET, cfg_addr, &sin.sin_addr) != 1)
		error(1, 0, "bad address '%s'", cfg_addr);
	sin.sin_port = htons(cfg_port);
	nsends = (cfg_bytes + WRITE_SIZE - 1) / WRITE_SIZE;
	done = calloc(nsends, 1);
	if (!done)
		error(1, errno, "calloc");
	zgen_init(&gen, cfg_seed);

	/* the receiver may not listen yet */
	until = time(NULL) + 60;
	for (;;) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0)
			error(1, errno, "socket");
		if (!connect(fd, (void *)&sin, sizeof(sin)))
			break;
		if (time(NULL) > until)
			error(1, errno, "connect %s:%d", cfg_addr, cfg_port);
		close(fd);
		usleep(200000);
	}
	if (cfg_zerocopy &&
	    setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one)))
		error(1, errno, "SO_ZEROCOPY");

	for (left = cfg_bytes; left; id++) {
		size_t n = left < WRITE_SIZE ? left : WRITE_SIZE;
		uint8_t *b = bufs[id % NBUF];
		size_t off = 0;

		/* a buffer is the kernel's until its send completed */
		while (cfg_zerocopy && id >= NBUF && !done[id - NBUF])
			wait_completions(fd, nsends);
		if (!cfg_no_gen || id < NBUF)
			zgen_fill(&gen, b, n);
		while (off < n) {
			ssize_t w = send(fd, b + off, n - off,
					 cfg_zerocopy ? MSG_ZEROCOPY : 0);

			if (w < 0 && errno == ENOBUFS && cfg_zerocopy) {
				/* notification memory (optmem) is full */
				wait_completions(fd, nsends);
				continue;
			}
			if (w < 0)
				error(1, errno, "send");
			if ((size_t)w != n - off && cfg_zerocopy)
				error(1, 0, "short zero-copy send: %zd of %zu",
				      w, n - off);
			off += w;
		}
		left -= n;
	}
	while (cfg_zerocopy && completed < nsends)
		wait_completions(fd, nsends);
	if (shutdown(fd, SHUT_WR))
		error(1, errno, "shutdown");
	/* wait for the receiver to close: everything arrived */
	while (read(fd, bufs[0], WRITE_SIZE) > 0)
		;
	getrusage(RUSAGE_SELF, &ru);
	printf("bytes %llu sends %u completed %u copied %u cpu_ms %ld\n",
	       (unsigned long long)cfg_bytes, id, completed, copied,
	       (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000);
	return 0;
}
