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
 *        zcnic-xdp attach IFACE PROG PORT
 *          attach and exit, leaving it attached (ip link set IFACE xdp
 *          off detaches)
 *        zcnic-xdp echo DST PORT COUNT LEN
 *          send COUNT UDP datagrams of LEN bytes to DST:PORT, at most 8
 *          unanswered, each numbered and filled from its number; print
 *          "sent N echoed M intact K" (K: answers equal to what was sent)
 *        zcnic-xdp recv PORT SECS
 *          count the UDP datagrams a socket bound to PORT receives in SECS
 *          seconds; print "listening", then "received N"
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

/* zcnic-xdp.bpf.o, built by the Makefile, in this binary */
__asm__(".section .rodata\n"
	".global zcnic_xdp_obj\n"
	"zcnic_xdp_obj:\n"
	".incbin \"" XDP_OBJ "\"\n"
	".global zcnic_xdp_obj_end\n"
	"zcnic_xdp_obj_end:\n"
	".previous\n");
extern const char zcnic_xdp_obj[], zcnic_xdp_obj_end[];

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
	struct bpf_program *prog, *p;
	struct bpf_map *rodata;
	int err, fd, key = 0;

	obj = bpf_object__open_mem(zcnic_xdp_obj,
				   zcnic_xdp_obj_end - zcnic_xdp_obj, NULL);
	if (!obj)
		error(1, errno, "bpf_object__open_mem");
	prog = bpf_object__find_program_by_name(obj, name);
	if (!prog)
		error(1, 0, "no program %s", name);
	/* only the one asked for is loaded */
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, p == prog);
	bpf_object__for_each_map(rodata, obj)
		if (strstr(bpf_map__name(rodata), ".rodata"))
			break;
	if (!rodata)
		error(1, 0, "no .rodata map for the test port");
	{
		/* test_port is .rodata's only variable */
		size_t sz;
		const void *v = bpf_map__initial_value(rodata, &sz);
		char buf[64];
		uint16_t p = port;

		if (!v || sz < sizeof(p) || sz > sizeof(buf))
			error(1, 0, "bad .rodata");
		memcpy(buf, v, sz);
		memcpy(buf, &p, sizeof(p));
		if (bpf_map__set_initial_value(rodata, buf, sz))
			error(1, 0, "cannot set the test port");
	}
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

static int run(int argc, char **argv, int keep)
{
	int ifindex = if_nametoindex(argv[0]), fd;
	double end;
	uint64_t count = argc > 4 ? strtoull(argv[4], NULL, 0) : 0;

	if (!ifindex)
		error(1, errno, "%s", argv[0]);
	fd = attach(ifindex, argv[1], atoi(argv[2]));
	printf("attached\n");
	fflush(stdout);
	if (keep)
		return 0;
	end = now() + atof(argv[3]);
	while (now() < end && (!count || stat(fd, ST_MATCHED) < count))
		usleep(20000);
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

static void fill(unsigned char *b, size_t len, uint32_t seq)
{
	size_t i;

	memcpy(b, &seq, sizeof(seq));
	for (i = sizeof(seq); i < len; i++)
		b[i] = (unsigned char)(seq * 131 + i * 7);
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
			fill(out, len, sent);
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
		fill(out, len, seq);
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
	unsigned long n = 0;
	struct pollfd pfd;
	char buf[65536];
	int s;

	a.sin_port = htons(atoi(argv[0]));
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || bind(s, (void *)&a, sizeof(a)))
		error(1, errno, "UDP port %s", argv[0]);
	printf("listening\n");
	fflush(stdout);
	pfd.fd = s;
	pfd.events = POLLIN;
	while (now() < end) {
		if (poll(&pfd, 1, 100) > 0 && recv(s, buf, sizeof(buf), 0) >= 0)
			n++;
	}
	printf("received %lu\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 6 && !strcmp(argv[1], "run"))
		return run(argc - 2, argv + 2, 0);
	if (argc == 5 && !strcmp(argv[1], "attach"))
		return run(argc - 2, argv + 2, 1);
	if (argc == 6 && !strcmp(argv[1], "echo"))
		return echo(argv + 2);
	if (argc == 4 && !strcmp(argv[1], "recv"))
		return recv_count(argv + 2);
	fprintf(stderr,
		"usage: zcnic-xdp run IFACE PROG PORT SECS [COUNT]\n"
		"       zcnic-xdp attach IFACE PROG PORT\n"
		"       zcnic-xdp echo DST PORT COUNT LEN\n"
		"       zcnic-xdp recv PORT SECS\n");
	return 2;
}
