// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-xdp: attach one of the XDP programs of zcnic-xdp.bpf.c in native
 * (driver) mode, and the UDP client that checks what they send back.
 *
 * Usage: zcnic-xdp run IFACE PROG PORT SECS [COUNT]
 *          attach PROG (pass, drop, aborted, tx, redirect, their _mb
 *          multi-buffer forms, rxhash) to IFACE acting on UDP to PORT;
 *          print "attached", wait SECS seconds or until COUNT datagrams
 *          matched, print the program's counters ("matched N bytes B
 *          hash_ok H hash_err E last_hash 0xX last_type T last_err R"),
 *          detach.  Exit 1 if the attach fails (libbpf prints the
 *          kernel's reason).
 *        zcnic-xdp rate IFACE PROG PORT SECS
 *          the same, for a rate: SECS from the first datagram matched
 *          (30 s at most for it, else exit 1), then also "window W
 *          matched N pps P" for those SECS
 *        zcnic-xdp attach IFACE PROG PORT
 *          attach and exit, leaving it attached (ip link set IFACE xdp
 *          off detaches)
 *        zcnic-xdp echo DST PORT COUNT LEN
 *          send COUNT UDP datagrams of LEN bytes to DST:PORT, at most 8
 *          unanswered, each numbered and filled from its number; print
 *          "sent N echoed M intact K" (K: answers equal to what was sent)
 *        zcnic-xdp recv PORT SECS [COUNT]
 *          count the UDP datagrams a socket bound to PORT receives in SECS
 *          seconds (or until COUNT came); print "listening", then
 *          "received N intact M" (M: test payloads, as echo sends them)
 *        zcnic-xdp send DST PORT COUNT LEN
 *          send COUNT such datagrams of LEN bytes to DST:PORT at once;
 *          print "sent N"
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <error.h>
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
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#ifndef BPF_F_XDP_DEV_BOUND_ONLY
#define BPF_F_XDP_DEV_BOUND_ONLY	(1U << 6)
#endif

#include "zcnic-xdp-obj.h"

enum { ST_MATCHED, ST_HASH_OK, ST_HASH_ERR, ST_LAST_HASH, ST_LAST_TYPE,
	ST_LAST_ERR, ST_BYTES, ST_MAX };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct bpf_object *obj;

/* Load PROG for IFINDEX acting on PORT and attach it; its stats map fd. */
static int attach(int ifindex, const char *name, int port)
{
	struct bpf_program *prog;
	int err, fd, key = 0;

	obj = zcnic_xdp_open(name, port, &prog);
	if (!strcmp(name, "rxhash")) {
		/* the metadata kfuncs are the driver's: bound to the device */
		bpf_program__set_ifindex(prog, ifindex);
		bpf_program__set_flags(prog, bpf_program__flags(prog) |
				       BPF_F_XDP_DEV_BOUND_ONLY);
	}
	err = bpf_object__load(obj);
	if (err)
		error(1, -err, "loading %s", name);
	if (strstr(name, "redirect")) {
		fd = bpf_object__find_map_fd_by_name(obj, "tx_port");
		if (fd < 0 || bpf_map_update_elem(fd, &key, &ifindex, 0))
			error(1, errno, "devmap entry 0");
	}
	err = bpf_xdp_attach(ifindex, bpf_program__fd(prog),
			     XDP_FLAGS_DRV_MODE, NULL);
	if (err)
		error(1, -err, "attaching %s in native mode", name);
	return bpf_object__find_map_fd_by_name(obj, "stats");
}

static uint64_t stat(int fd, uint32_t k)
{
	uint64_t v = 0;

	bpf_map_lookup_elem(fd, &k, &v);
	return v;
}

/* the rate mode: RUN_FIRST_WAIT seconds at most for the first datagram */
#define RUN_FIRST_WAIT	30

static int run(int argc, char **argv, int keep, int rate)
{
	int ifindex = if_nametoindex(argv[0]), fd;
	double end, t0 = 0;
	uint64_t count = argc > 4 ? strtoull(argv[4], NULL, 0) : 0, m0 = 0;

	if (!ifindex)
		error(1, errno, "%s", argv[0]);
	fd = attach(ifindex, argv[1], atoi(argv[2]));
	printf("attached\n");
	fflush(stdout);
	if (keep)
		return 0;
	if (rate) {
		/*
		 * from the first datagram: a NIC may take seconds to get its
		 * link back after the attach
		 */
		end = now() + RUN_FIRST_WAIT;
		while (now() < end && !(m0 = stat(fd, ST_MATCHED)))
			usleep(1000);
		if (!m0) {
			bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
			error(1, 0, "no datagram in %d s", RUN_FIRST_WAIT);
		}
		t0 = now();
	}
	end = now() + atof(argv[3]);
	while (now() < end && (!count || stat(fd, ST_MATCHED) < count))
		usleep(20000);
	if (rate) {
		uint64_t m = stat(fd, ST_MATCHED) - m0;
		double w = now() - t0;

		printf("window %.3f matched %llu pps %.0f\n", w,
		       (unsigned long long)m, m / w);
	}
	printf("matched %llu bytes %llu hash_ok %llu hash_err %llu last_hash 0x%08llx last_type %llu last_err %llu\n",
	       (unsigned long long)stat(fd, ST_MATCHED),
	       (unsigned long long)stat(fd, ST_BYTES),
	       (unsigned long long)stat(fd, ST_HASH_OK),
	       (unsigned long long)stat(fd, ST_HASH_ERR),
	       (unsigned long long)stat(fd, ST_LAST_HASH),
	       (unsigned long long)stat(fd, ST_LAST_TYPE),
	       (unsigned long long)stat(fd, ST_LAST_ERR));
	if (bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL))
		error(1, errno, "detach");
	return 0;
}

static int echo(char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET };
	unsigned long count = strtoul(argv[2], NULL, 0);
	size_t len = strtoul(argv[3], NULL, 0);
	unsigned long sent = 0, echoed = 0, intact = 0;
	unsigned char *out, *in;
	struct pollfd pfd;
	int s;

	if (len < 4 || len > 65000)
		error(1, 0, "LEN is 4 to 65000");
	dst.sin_port = htons(atoi(argv[1]));
	if (inet_pton(AF_INET, argv[0], &dst.sin_addr) != 1)
		error(1, 0, "bad address %s", argv[0]);
	out = malloc(len);
	in = malloc(len + 1);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || !out || !in)
		error(1, errno, "socket");
	pfd.fd = s;
	pfd.events = POLLIN;
	while (echoed < count) {
		ssize_t n;
		uint32_t seq;

		while (sent < count && sent - echoed < 8) {
			zcnic_fill(out, len, sent);
			if (sendto(s, out, len, 0, (void *)&dst,
				   sizeof(dst)) != (ssize_t)len)
				error(1, errno, "sendto");
			sent++;
		}
		/* an answer lost: what is out stays unanswered */
		if (poll(&pfd, 1, 3000) <= 0)
			break;
		n = recv(s, in, len + 1, 0);
		if (n < 0)
			error(1, errno, "recv");
		echoed++;
		if ((size_t)n != len)
			continue;
		memcpy(&seq, in, sizeof(seq));
		zcnic_fill(out, len, seq);
		if (seq < sent && !memcmp(in, out, len))
			intact++;
	}
	printf("sent %lu echoed %lu intact %lu\n", sent, echoed, intact);
	return 0;
}

static int recv_count(char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	double end = now() + atof(argv[1]);
	unsigned long n = 0, intact = 0, count = 0;
	unsigned char buf[65536];
	int s, rcvbuf = 64 << 20;
	struct pollfd pfd;
	ssize_t len;

	if (argv[2])
		count = strtoul(argv[2], NULL, 0);

	a.sin_port = htons(atoi(argv[0]));
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || bind(s, (void *)&a, sizeof(a)))
		error(1, errno, "UDP port %s", argv[0]);
	/* a burst from a sender faster than this guest: none lost here */
	setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	printf("listening\n");
	fflush(stdout);
	pfd.fd = s;
	pfd.events = POLLIN;
	while (now() < end && (!count || n < count)) {
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		len = recv(s, buf, sizeof(buf), 0);
		if (len < 0)
			continue;
		n++;
		intact += zcnic_payload_ok(buf, len);
	}
	printf("received %lu intact %lu\n", n, intact);
	return 0;
}

static int send_count(char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET };
	unsigned long count = strtoul(argv[2], NULL, 0), i;
	size_t len = strtoul(argv[3], NULL, 0);
	unsigned char *out = malloc(len);
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0 || !out || len < 4 || len > 65000)
		error(1, errno, "socket, or LEN not 4 to 65000");
	dst.sin_port = htons(atoi(argv[1]));
	if (inet_pton(AF_INET, argv[0], &dst.sin_addr) != 1)
		error(1, 0, "bad address %s", argv[0]);
	for (i = 0; i < count; i++) {
		zcnic_fill(out, len, i);
		while (sendto(s, out, len, 0, (void *)&dst, sizeof(dst)) < 0) {
			if (errno != ENOBUFS && errno != EAGAIN)
				error(1, errno, "sendto");
			usleep(1000);
		}
	}
	printf("sent %lu\n", count);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 6 && !strcmp(argv[1], "run"))
		return run(argc - 2, argv + 2, 0, 0);
	if (argc == 6 && !strcmp(argv[1], "rate"))
		return run(argc - 2, argv + 2, 0, 1);
	if (argc == 5 && !strcmp(argv[1], "attach"))
		return run(argc - 2, argv + 2, 1, 0);
	if (argc == 6 && !strcmp(argv[1], "echo"))
		return echo(argv + 2);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "recv"))
		return recv_count(argv + 2);
	if (argc == 6 && !strcmp(argv[1], "send"))
		return send_count(argv + 2);
	fprintf(stderr,
		"usage: zcnic-xdp run IFACE PROG PORT SECS [COUNT]\n"
		"       zcnic-xdp rate IFACE PROG PORT SECS\n"
		"       zcnic-xdp attach IFACE PROG PORT\n"
		"       zcnic-xdp echo DST PORT COUNT LEN\n"
		"       zcnic-xdp recv PORT SECS [COUNT]\n"
		"       zcnic-xdp send DST PORT COUNT LEN\n");
	return 2;
}
