// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-poke: read or write one device register behind the driver's back,
 * to provoke the device errors the driver must recover from.
 *
 * Usage: zcnic-poke [-i IFNAME] REG [VALUE]     (numbers in C syntax)
 *   prints the register's value (before the write, if any)
 */
#include <errno.h>
#include <error.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <zcnic/zcnic_hw.h>

int main(int argc, char **argv)
{
	const char *ifname = "eth0";
	volatile uint32_t *regs;
	unsigned long reg;
	char path[256];
	int fd, c;

	while ((c = getopt(argc, argv, "i:")) != -1) {
		if (c != 'i')
			error(1, 0, "usage: %s [-i IFNAME] REG [VALUE]", argv[0]);
		ifname = optarg;
	}
	if (optind >= argc)
		error(1, 0, "usage: %s [-i IFNAME] REG [VALUE]", argv[0]);
	reg = strtoul(argv[optind], NULL, 0);
	if (reg % 4 || reg >= ZCNIC_BAR_REGS_SIZE)
		error(1, 0, "register 0x%lx is not an aligned BAR0 offset", reg);

	snprintf(path, sizeof(path), "/sys/class/net/%s/device/resource%d",
		 ifname, ZCNIC_BAR_REGS);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0)
		error(1, errno, "open %s", path);
	regs = mmap(NULL, ZCNIC_BAR_REGS_SIZE, PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, 0);
	if (regs == MAP_FAILED)
		error(1, errno, "mmap %s", path);
	printf("0x%08x\n", regs[reg / 4]);
	if (optind + 1 < argc)
		regs[reg / 4] = strtoul(argv[optind + 1], NULL, 0);
	return 0;
}
