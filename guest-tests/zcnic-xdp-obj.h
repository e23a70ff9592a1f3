/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * zcnic-xdp.bpf.o, which the Makefile builds, inside the program that
 * includes this (zcnic-xdp, zcnic-xsk), and its opening.
 */
#ifndef ZCNIC_XDP_OBJ_H
#define ZCNIC_XDP_OBJ_H

#include <errno.h>
#include <error.h>
#include <stdint.h>
#include <string.h>
#include <bpf/libbpf.h>

__asm__(".section .rodata\n"
	".global zcnic_xdp_obj\n"
	"zcnic_xdp_obj:\n"
	".incbin \"" XDP_OBJ "\"\n"
	".global zcnic_xdp_obj_end\n"
	"zcnic_xdp_obj_end:\n"
	".previous\n");
extern const char zcnic_xdp_obj[], zcnic_xdp_obj_end[];

/*
 * The object with only program NAME to load, acting on UDP to PORT (its
 * test_port, .rodata's only variable); the program in *PROG.  Exits on
 * failure.
 */
static inline struct bpf_object *zcnic_xdp_open(const char *name, int port,
						struct bpf_program **prog)
{
	struct bpf_object *obj;
	struct bpf_program *p;
	struct bpf_map *rodata;
	const void *v;
	char buf[64];
	uint16_t p16 = port;
	size_t sz;

	obj = bpf_object__open_mem(zcnic_xdp_obj,
				   zcnic_xdp_obj_end - zcnic_xdp_obj, NULL);
	if (!obj)
		error(1, errno, "bpf_object__open_mem");
	*prog = bpf_object__find_program_by_name(obj, name);
	if (!*prog)
		error(1, 0, "no program %s", name);
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, p == *prog);
	bpf_object__for_each_map(rodata, obj)
		if (strstr(bpf_map__name(rodata), ".rodata"))
			break;
	if (!rodata)
		error(1, 0, "no .rodata map for the test port");
	v = bpf_map__initial_value(rodata, &sz);
	if (!v || sz < sizeof(p16) || sz > sizeof(buf))
		error(1, 0, "bad .rodata");
	memcpy(buf, v, sz);
	memcpy(buf, &p16, sizeof(p16));
	if (bpf_map__set_initial_value(rodata, buf, sz))
		error(1, 0, "cannot set the test port");
	return obj;
}

/*
 * The test payload: datagram SEQ (its first 4 bytes, little-endian) and a
 * pattern of it after, LEN bytes in all.
 */
static inline void zcnic_fill(unsigned char *b, size_t len, uint32_t seq)
{
	size_t i;

	memcpy(b, &seq, sizeof(seq));
	for (i = sizeof(seq); i < len; i++)
		b[i] = (unsigned char)(seq * 131 + i * 7);
}

/* B (LEN bytes) is a test payload */
static inline int zcnic_payload_ok(const unsigned char *b, size_t len)
{
	uint32_t seq;
	size_t i;

	if (len < sizeof(seq))
		return 0;
	memcpy(&seq, b, sizeof(seq));
	for (i = sizeof(seq); i < len; i++)
		if (b[i] != (unsigned char)(seq * 131 + i * 7))
			return 0;
	return 1;
}

#endif
