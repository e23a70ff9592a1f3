/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QTest testcases for the zcnic register interface (docs/spec.rst), one
 * file a topic (zcnic-*-test.c) over a shared harness (zcnic-qtest.c).
 * Run one with
 *   QTEST_QEMU_BINARY=./qemu-system-x86_64 ./tests/qtest/zcnic-test \
 *       --tap -p /x86_64/zcnic/link/set-link
 */

#include "zcnic-qtest.h"

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    zcnic_qtest_add_regs();
    zcnic_qtest_add_rxtx();
    zcnic_qtest_add_offload();
    zcnic_qtest_add_arp();
    zcnic_qtest_add_migration();
    zcnic_qtest_add_robust();
    zcnic_qtest_add_mq();

    return g_test_run();
}
