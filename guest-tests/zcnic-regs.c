// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic-regs: check the device's registers from inside the guest, next to
 * what the driver made of them (MAC, carrier).
 *
 * Usage: zcnic-regs [-i IFNAME]
 *   maps /sys/class/net/IFNAME/device/resource0 read-only and prints TAP.
 */
#include <errno.h>
#include <error.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <zcnic/zcnic_hw.h>

#include "kselftest.h"

static const char *cfg_ifname = "eth0";

static int read_sysfs(const char *attr, char *buf, size_t len)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", cfg_ifname, attr);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int main(int argc, char **argv)
{
	char path[256], mac[32], want[32], carrier[8];
	volatile uint32_t *regs;
	uint32_t lo, hi, status;
	int fd, c;

	while ((c = getopt(argc, argv, "i:")) != -1) {
		if (c == 'i')
			cfg_ifname = optarg;
		else
			error(1, 0, "usage: %s [-i IFNAME]", argv[0]);
	}

	snprintf(path, sizeof(path), "/sys/class/net/%s/device/resource%d",
		 cfg_ifname, ZCNIC_BAR_REGS);
	fd = open(path, O_RDONLY | O_SYNC);
	if (fd < 0)
		error(1, errno, "open %s", path);
	regs = mmap(NULL, ZCNIC_BAR_REGS_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	if (regs == MAP_FAILED)
		error(1, errno, "mmap %s", path);

	ksft_print_header(4);
	ksft_test_result(regs[ZCNIC_REG_ID / 4] == ZCNIC_ID_MAGIC,
			 "ID register reads the zcnic magic (0x%08x)\n",
			 regs[ZCNIC_REG_ID / 4]);
	ksft_test_result(regs[ZCNIC_REG_VERSION / 4] >>
			 ZCNIC_VERSION_MAJOR_SHIFT == ZCNIC_VERSION_MAJOR,
			 "VERSION major is %d\n", ZCNIC_VERSION_MAJOR);

	lo = regs[ZCNIC_REG_MAC_LO / 4];
	hi = regs[ZCNIC_REG_MAC_HI / 4];
	snprintf(want, sizeof(want), "%02x:%02x:%02x:%02x:%02x:%02x",
		 lo & 0xff, (lo >> 8) & 0xff, (lo >> 16) & 0xff, lo >> 24,
		 hi & 0xff, (hi >> 8) & 0xff);
	if (read_sysfs("address", mac, sizeof(mac)))
		error(1, errno, "read %s address", cfg_ifname);
	ksft_test_result(!strcmp(mac, want),
			 "MAC registers (%s) match %s's address (%s)\n",
			 want, cfg_ifname, mac);

	status = regs[ZCNIC_REG_STATUS / 4];
	if (read_sysfs("carrier", carrier, sizeof(carrier)))
		strcpy(carrier, "?");
	ksft_test_result(!!(status & ZCNIC_STATUS_LINK_UP) ==
			 (carrier[0] == '1'),
			 "STATUS.LINK_UP (%u) matches carrier (%s)\n",
			 !!(status & ZCNIC_STATUS_LINK_UP), carrier);
	return ksft_finished();
}
