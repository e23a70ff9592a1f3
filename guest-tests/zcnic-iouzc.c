// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-iouzc: receive one TCP stream with io_uring zero-copy receive
 * (IORING_REGISTER_ZCRX_IFQ, IORING_OP_RECV_ZC), as the kernel's iou-zcrx
 * selftest does, but of any length: the payload lands in an area of this
 * process that is RX queue QUEUE's memory provider, each piece is checked
 * against zcnic-gen's stream where it lies and given back through the
 * refill ring.  The flow must be steered to QUEUE (ethtool -N), header
 * split on.
 *
 * Usage: zcnic-iouzc -i IFACE -q QUEUE [-p PORT] [-s SEED] [-n] [-a KIB]
 *   -n: count bytes only, no check (the receive path's own CPU time)
 *   -a: the area's size in KiB (default 32768; a small one makes the
 *       provider run dry while buffers are in flight)
 * Prints "listening" once the area is registered, then "bytes B pieces N
 * cpu_ms T", and exits 0 if the data matched.
 */
#include <errno.h>
#include <error.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <liburing.h>

#include "zcnic-gen.h"

#define RQ_ENTRIES	4096

static struct zcheck chk;
static int cfg_no_check;

static void add_recvzc(struct io_uring *ring, int fd)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	io_uring_prep_rw(IORING_OP_RECV_ZC, sqe, fd, NULL, 0, 0);
	sqe->ioprio |= IORING_RECV_MULTISHOT;
	sqe->user_data = 2;
}

int main(int argc, char **argv)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	const char *ifname = NULL;
	int port = 5010, queue = -1, c, lfd, fd, one = 1, done = 0;
	uint64_t seed = 7, pieces = 0;
	size_t area_len = 32 << 20, ring_len;
	long page = sysconf(_SC_PAGESIZE);
	struct io_uring ring;
	struct io_uring_zcrx_rq rq;
	unsigned int ifindex;
	void *area, *rq_mem;
	struct rusage ru;

	while ((c = getopt(argc, argv, "i:q:p:s:na:")) != -1) {
		if (c == 'i')
			ifname = optarg;
		else if (c == 'q')
			queue = atoi(optarg);
		else if (c == 'p')
			port = atoi(optarg);
		else if (c == 's')
			seed = strtoull(optarg, NULL, 0);
		else if (c == 'n')
			cfg_no_check = 1;
		else if (c == 'a')
			area_len = strtoull(optarg, NULL, 0) << 10;
		else
			error(1, 0, "usage: %s -i IFACE -q QUEUE [-p PORT] [-s SEED] [-n] [-a KIB]",
			      argv[0]);
	}
	if (!ifname || queue < 0)
		error(1, 0, "-i IFACE and -q QUEUE are needed");
	ifindex = if_nametoindex(ifname);
	if (!ifindex)
		error(1, errno, "%s", ifname);
	if (!area_len || area_len % page)
		error(1, 0, "-a: whole pages");
	zcheck_init(&chk, seed, cfg_no_check);

	/* room for many pieces a wait: a full CQ ends the multishot receive */
	struct io_uring_params params = {
		.flags = IORING_SETUP_COOP_TASKRUN | IORING_SETUP_SINGLE_ISSUER |
			 IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SUBMIT_ALL |
			 IORING_SETUP_CQE32 | IORING_SETUP_CQSIZE,
		.cq_entries = 4096,
	};

	c = io_uring_queue_init_params(64, &ring, &params);
	if (c)
		error(1, -c, "io_uring_queue_init");

	area = mmap(NULL, area_len, PROT_READ | PROT_WRITE,
		    MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	ring_len = (RQ_ENTRIES * sizeof(struct io_uring_zcrx_rqe) + 2 * page - 1) &
		   ~(page - 1);
	rq_mem = mmap(NULL, ring_len, PROT_READ | PROT_WRITE,
		      MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	if (area == MAP_FAILED || rq_mem == MAP_FAILED)
		error(1, errno, "mmap");

	struct io_uring_region_desc region = {
		.size = ring_len,
		.user_addr = (uint64_t)(unsigned long)rq_mem,
		.flags = IORING_MEM_REGION_TYPE_USER,
	};
	struct io_uring_zcrx_area_reg area_reg = {
		.addr = (uint64_t)(unsigned long)area,
		.len = area_len,
	};
	struct io_uring_zcrx_ifq_reg reg = {
		.if_idx = ifindex,
		.if_rxq = queue,
		.rq_entries = RQ_ENTRIES,
		.area_ptr = (uint64_t)(unsigned long)&area_reg,
		.region_ptr = (uint64_t)(unsigned long)&region,
	};

	c = io_uring_register_ifq(&ring, &reg);
	if (c)
		error(1, -c, "io_uring_register_ifq(%s, queue %d)", ifname, queue);
	rq.khead = (unsigned int *)((char *)rq_mem + reg.offsets.head);
	rq.ktail = (unsigned int *)((char *)rq_mem + reg.offsets.tail);
	rq.rqes = (struct io_uring_zcrx_rqe *)((char *)rq_mem + reg.offsets.rqes);
	rq.rq_tail = 0;
	rq.ring_entries = reg.rq_entries;

	lfd = socket(AF_INET6, SOCK_STREAM, 0);
	if (lfd < 0)
		error(1, errno, "socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sin6.sin6_port = htons(port);
	if (bind(lfd, (void *)&sin6, sizeof(sin6)) || listen(lfd, 1))
		error(1, errno, "bind/listen %d", port);
	printf("listening\n");
	fflush(stdout);
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		error(1, errno, "accept");

	add_recvzc(&ring, fd);
	while (!done) {
		struct io_uring_cqe *cqe;
		unsigned int head, n = 0;

		c = io_uring_submit_and_wait(&ring, 1);
		if (c < 0 && c != -EINTR)
			error(1, -c, "io_uring_submit_and_wait");
		io_uring_for_each_cqe(&ring, head, cqe) {
			struct io_uring_zcrx_cqe *zc = (void *)(cqe + 1);
			uint64_t off = zc->off & ((1ULL << IORING_ZCRX_AREA_SHIFT) - 1);
			struct io_uring_zcrx_rqe *rqe;

			n++;
			/* the CQ was full: the data waits in the socket */
			if (cqe->res == -ENOSPC) {
				if (!(cqe->flags & IORING_CQE_F_MORE))
					add_recvzc(&ring, fd);
				continue;
			}
			if (cqe->res < 0)
				error(1, -cqe->res, "recvzc");
			if (!cqe->res) {
				if (!(cqe->flags & IORING_CQE_F_MORE))
					done = 1;
				continue;
			}
			/* bounded by the area this process registered */
			if (off + cqe->res > area_len)
				error(1, 0, "a piece beyond the area: %llu + %d",
				      (unsigned long long)off, cqe->res);
			zcheck(&chk, (uint8_t *)area + off, cqe->res);
			pieces++;
			rqe = &rq.rqes[rq.rq_tail & (rq.ring_entries - 1)];
			rqe->off = (zc->off & ~IORING_ZCRX_AREA_MASK) |
				   area_reg.rq_area_token;
			rqe->len = cqe->res;
			io_uring_smp_store_release(rq.ktail, ++rq.rq_tail);
			if (!(cqe->flags & IORING_CQE_F_MORE))
				add_recvzc(&ring, fd);
		}
		io_uring_cq_advance(&ring, n);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("bytes %llu pieces %llu cpu_ms %ld\n",
	       (unsigned long long)chk.total, (unsigned long long)pieces,
	       (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000);
	if (chk.bad_at != UINT64_MAX)
		error(1, 0, "data differs from zcnic-gen %llu at byte %llu",
		      (unsigned long long)seed, (unsigned long long)chk.bad_at);
	return 0;
}
