/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QTest testcases for the zcnic register interface (docs/spec.rst).
 *
 * Each test path names the spec section it checks.  Run one with
 *   QTEST_QEMU_BINARY=./qemu-system-x86_64 ./tests/qtest/zcnic-test \
 *       --tap -p /x86_64/zcnic/link/set-link
 */

#include "qemu/osdep.h"
#include <sys/socket.h>
#include "libqtest.h"
#include "qobject/qdict.h"
#include "libqos/pci.h"
#include "libqos/pci-pc.h"
#include "hw/pci/pci_regs.h"
#include "zcnic/zcnic_hw.h"

#define ZCNIC_DEVFN     QPCI_DEVFN(4, 0)
#define TEST_MAC        "02:11:22:33:44:55"

typedef struct ZcnicTest {
    QTestState *qts;
    QPCIBus *bus;
    QPCIDevice *dev;
    QPCIBar bar;
    int sock[2];            /* [0] the netdev's end, [1] the test's "wire" */
    char *log_path;
} ZcnicTest;

static void zt_start(ZcnicTest *t, const char *dev_opts)
{
    int fd;

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, t->sock), ==, 0);
    fd = g_file_open_tmp("zcnic-test-XXXXXX.log", &t->log_path, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);

    t->qts = qtest_initf("-M pc -nodefaults -d guest_errors -D %s "
                         "-netdev socket,fd=%d,id=n0 "
                         "-device zcnic,netdev=n0,id=zc0,addr=04.0%s%s",
                         t->log_path, t->sock[0],
                         dev_opts ? "," : "", dev_opts ? dev_opts : "");
    t->bus = qpci_new_pc(t->qts, NULL);
    t->dev = qpci_device_find(t->bus, ZCNIC_DEVFN);
    g_assert_nonnull(t->dev);
    qpci_device_enable(t->dev);
    t->bar = qpci_iomap(t->dev, ZCNIC_BAR_REGS, NULL);
}

static void zt_stop(ZcnicTest *t)
{
    if (t->dev->msix_enabled) {
        qpci_msix_disable(t->dev);
    }
    g_free(t->dev);
    qpci_free_pc(t->bus);
    qtest_quit(t->qts);
    close(t->sock[0]);
    close(t->sock[1]);
    unlink(t->log_path);
    g_free(t->log_path);
}

/* The guest-error log, read after QEMU flushed it. */
static char *zt_log(ZcnicTest *t)
{
    char *text = NULL;

    /* qemu_log is line buffered per message; a QMP round trip orders us. */
    qtest_qmp_assert_success(t->qts, "{'execute': 'query-status'}");
    g_assert_true(g_file_get_contents(t->log_path, &text, NULL, NULL));
    return text;
}

static uint32_t rd(ZcnicTest *t, uint32_t reg)
{
    return qpci_io_readl(t->dev, t->bar, reg);
}

static void wr(ZcnicTest *t, uint32_t reg, uint32_t val)
{
    qpci_io_writel(t->dev, t->bar, reg, val);
}

static void set_link(ZcnicTest *t, bool up)
{
    qtest_qmp_assert_success(t->qts,
        "{'execute': 'set_link', 'arguments': {'name': 'n0', 'up': %i}}", up);
}

/* spec 2: identity in configuration space */
static void test_pci_ids(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, NULL);
    g_assert_cmphex(qpci_config_readw(t.dev, PCI_VENDOR_ID), ==,
                    ZCNIC_PCI_VENDOR_ID);
    g_assert_cmphex(qpci_config_readw(t.dev, PCI_DEVICE_ID), ==,
                    ZCNIC_PCI_DEVICE_ID);
    g_assert_cmphex(qpci_config_readb(t.dev, PCI_REVISION_ID), ==,
                    ZCNIC_PCI_REVISION);
    g_assert_cmphex(qpci_config_readw(t.dev, PCI_CLASS_DEVICE), ==, 0x0200);
    g_assert_cmphex(qpci_find_capability(t.dev, PCI_CAP_ID_EXP, 0), !=, 0);
    g_assert_cmphex(qpci_find_capability(t.dev, PCI_CAP_ID_MSIX, 0), !=, 0);
    g_assert_cmpuint(qpci_msix_table_size(t.dev), ==, ZCNIC_MSIX_VECTORS);
    zt_stop(&t);
}

/* spec 3: the "On reset" column of every register */
static void test_reset_values(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, NULL);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ID), ==, ZCNIC_ID_MAGIC);
    g_assert_cmphex(rd(&t, ZCNIC_REG_VERSION), ==,
                    (ZCNIC_VERSION_MAJOR << ZCNIC_VERSION_MAJOR_SHIFT) |
                    ZCNIC_VERSION_MINOR);
    g_assert_cmphex(rd(&t, ZCNIC_REG_FEATURES), ==, 0);
    g_assert_cmphex(rd(&t, ZCNIC_REG_CTRL), ==, ZCNIC_RESET_CTRL);
    g_assert_cmphex(rd(&t, ZCNIC_REG_STATUS), ==, ZCNIC_STATUS_LINK_UP);
    /* default MAC of the first NIC: 52:54:00:12:34:56 */
    g_assert_cmphex(rd(&t, ZCNIC_REG_MAC_LO), ==, 0x12005452);
    g_assert_cmphex(rd(&t, ZCNIC_REG_MAC_HI), ==, 0x5634);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE), ==, ZCNIC_RESET_INT_CAUSE);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_MASK), ==, ZCNIC_RESET_INT_MASK);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_SET), ==, 0);
    zt_stop(&t);
}

/* spec 3.5: MAC_LO/MAC_HI reset to the mac= property */
static void test_mac_property(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, "mac=" TEST_MAC);
    g_assert_cmphex(rd(&t, ZCNIC_REG_MAC_LO), ==, 0x33221102);
    g_assert_cmphex(rd(&t, ZCNIC_REG_MAC_HI), ==, 0x5544);

    /* writable, and CTRL.RESET restores the property's value */
    wr(&t, ZCNIC_REG_MAC_LO, 0xaabbccdd);
    wr(&t, ZCNIC_REG_MAC_HI, 0xffff0eff);
    g_assert_cmphex(rd(&t, ZCNIC_REG_MAC_LO), ==, 0xaabbccdd);
    g_assert_cmphex(rd(&t, ZCNIC_REG_MAC_HI), ==, 0x0eff);
    wr(&t, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
    g_assert_cmphex(rd(&t, ZCNIC_REG_MAC_LO), ==, 0x33221102);
    g_assert_cmphex(rd(&t, ZCNIC_REG_MAC_HI), ==, 0x5544);
    zt_stop(&t);
}

/* spec 3.4: CTRL.RESET is self-clearing and restores every register */
static void test_ctrl_reset(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, NULL);
    wr(&t, ZCNIC_REG_INT_MASK, ZCNIC_INT_ALL);
    wr(&t, ZCNIC_REG_INT_SET, ZCNIC_INT_LINK);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_MASK), ==, ZCNIC_INT_ALL);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE), ==, ZCNIC_INT_LINK);

    wr(&t, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
    g_assert_cmphex(rd(&t, ZCNIC_REG_CTRL), ==, 0);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_MASK), ==, ZCNIC_RESET_INT_MASK);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE), ==, ZCNIC_RESET_INT_CAUSE);
    g_assert_cmphex(rd(&t, ZCNIC_REG_STATUS), ==, ZCNIC_STATUS_LINK_UP);
    zt_stop(&t);
}

/* spec 5: set_link changes STATUS and raises LINK on the misc vector */
static void test_set_link(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, NULL);
    qpci_msix_enable(t.dev);
    wr(&t, ZCNIC_REG_INT_MASK, ZCNIC_INT_LINK);
    g_assert_false(qpci_msix_pending(t.dev, ZCNIC_VEC_MISC));

    set_link(&t, false);
    g_assert_cmphex(rd(&t, ZCNIC_REG_STATUS) & ZCNIC_STATUS_LINK_UP, ==, 0);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE), ==, ZCNIC_INT_LINK);
    /* table entries are masked after reset: the message is left pending */
    g_assert_true(qpci_msix_pending(t.dev, ZCNIC_VEC_MISC));
    g_assert_false(qpci_msix_pending(t.dev, ZCNIC_VEC_RX));
    g_assert_false(qpci_msix_pending(t.dev, ZCNIC_VEC_TX));

    /* write-1-to-clear */
    wr(&t, ZCNIC_REG_INT_CAUSE, ZCNIC_INT_LINK);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE), ==, 0);

    set_link(&t, true);
    g_assert_cmphex(rd(&t, ZCNIC_REG_STATUS), ==, ZCNIC_STATUS_LINK_UP);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE), ==, ZCNIC_INT_LINK);
    zt_stop(&t);
}

/* spec 5: a masked cause is latched, and signals when it is enabled */
static void test_link_masked(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, NULL);
    qpci_msix_enable(t.dev);
    set_link(&t, false);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE), ==, ZCNIC_INT_LINK);
    g_assert_false(qpci_msix_pending(t.dev, ZCNIC_VEC_MISC));

    wr(&t, ZCNIC_REG_INT_MASK, ZCNIC_INT_LINK);
    g_assert_true(qpci_msix_pending(t.dev, ZCNIC_VEC_MISC));
    zt_stop(&t);
}

/* spec 5: set_link to the state the link already has raises nothing */
static void test_link_no_change(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, NULL);
    qpci_msix_enable(t.dev);
    wr(&t, ZCNIC_REG_INT_MASK, ZCNIC_INT_LINK);
    set_link(&t, true);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE), ==, 0);
    g_assert_false(qpci_msix_pending(t.dev, ZCNIC_VEC_MISC));
    zt_stop(&t);
}

/* spec 5: INT_SET raises causes by software; it reads as 0 */
static void test_int_set(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, NULL);
    qpci_msix_enable(t.dev);
    wr(&t, ZCNIC_REG_INT_MASK, ZCNIC_INT_LINK);
    wr(&t, ZCNIC_REG_INT_SET, 0xffffffff);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_CAUSE), ==, ZCNIC_INT_ALL);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_SET), ==, 0);
    g_assert_true(qpci_msix_pending(t.dev, ZCNIC_VEC_MISC));
    zt_stop(&t);
}

/* spec 5: INT_MASK bits beyond the defined causes read as 0 */
static void test_int_mask_reserved(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, NULL);
    wr(&t, ZCNIC_REG_INT_MASK, 0xffffffff);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_MASK), ==, ZCNIC_INT_ALL);
    zt_stop(&t);
}

/* spec 1, 3: writes to read-only registers are ignored and logged */
static void test_ro_write_ignored(void)
{
    static const uint32_t ro[] = {
        ZCNIC_REG_ID, ZCNIC_REG_VERSION, ZCNIC_REG_FEATURES, ZCNIC_REG_STATUS,
    };
    ZcnicTest t = { 0 };
    uint32_t before[ARRAY_SIZE(ro)];
    g_autofree char *log = NULL;

    zt_start(&t, NULL);
    for (int i = 0; i < ARRAY_SIZE(ro); i++) {
        before[i] = rd(&t, ro[i]);
        wr(&t, ro[i], ~before[i]);
    }
    for (int i = 0; i < ARRAY_SIZE(ro); i++) {
        g_assert_cmphex(rd(&t, ro[i]), ==, before[i]);
    }
    log = zt_log(&t);
    for (int i = 0; i < ARRAY_SIZE(ro); i++) {
        g_autofree char *msg =
            g_strdup_printf("read-only register 0x%x ignored", ro[i]);
        g_assert_nonnull(strstr(log, msg));
    }
    zt_stop(&t);
}

/* spec 1: reserved offsets read 0, ignore writes, and log both */
static void test_reserved_ignored(void)
{
    static const uint32_t reserved[] = {
        0x000c, ZCNIC_REG_LAST + 4, 0x0100, ZCNIC_BAR_REGS_SIZE - 4,
    };
    ZcnicTest t = { 0 };
    g_autofree char *log = NULL;

    zt_start(&t, NULL);
    for (int i = 0; i < ARRAY_SIZE(reserved); i++) {
        wr(&t, reserved[i], 0xdeadbeef);
        g_assert_cmphex(rd(&t, reserved[i]), ==, 0);
    }
    /* the device is unharmed */
    g_assert_cmphex(rd(&t, ZCNIC_REG_ID), ==, ZCNIC_ID_MAGIC);
    g_assert_cmphex(rd(&t, ZCNIC_REG_INT_MASK), ==, 0);
    log = zt_log(&t);
    g_assert_nonnull(strstr(log, "write 0xdeadbeef to reserved register 0x100 "
                                 "ignored"));
    g_assert_nonnull(strstr(log, "read of reserved register 0xfffc"));
    zt_stop(&t);
}

/* spec 1: accesses other than aligned 32-bit ones are discarded */
static void test_narrow_access_ignored(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, "mac=" TEST_MAC);
    qpci_io_writeb(t.dev, t.bar, ZCNIC_REG_MAC_LO, 0xee);
    qpci_io_writew(t.dev, t.bar, ZCNIC_REG_MAC_LO + 2, 0xeeee);
    g_assert_cmphex(rd(&t, ZCNIC_REG_MAC_LO), ==, 0x33221102);
    g_assert_cmphex(rd(&t, ZCNIC_REG_ID), ==, ZCNIC_ID_MAGIC);
    zt_stop(&t);
}

/* spec 3.2: the VERSION register follows x-version-major (driver tests) */
static void test_version_property(void)
{
    ZcnicTest t = { 0 };

    zt_start(&t, "x-version-major=2");
    g_assert_cmphex(rd(&t, ZCNIC_REG_VERSION) >> ZCNIC_VERSION_MAJOR_SHIFT,
                    ==, 2);
    zt_stop(&t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/zcnic/pci/ids", test_pci_ids);
    qtest_add_func("/zcnic/regs/reset-values", test_reset_values);
    qtest_add_func("/zcnic/regs/mac-property", test_mac_property);
    qtest_add_func("/zcnic/regs/ctrl-reset", test_ctrl_reset);
    qtest_add_func("/zcnic/regs/version-property", test_version_property);
    qtest_add_func("/zcnic/regs/ro-write-ignored", test_ro_write_ignored);
    qtest_add_func("/zcnic/regs/reserved-ignored", test_reserved_ignored);
    qtest_add_func("/zcnic/regs/narrow-access-ignored",
                   test_narrow_access_ignored);
    qtest_add_func("/zcnic/irq/int-set", test_int_set);
    qtest_add_func("/zcnic/irq/int-mask-reserved", test_int_mask_reserved);
    qtest_add_func("/zcnic/link/set-link", test_set_link);
    qtest_add_func("/zcnic/link/masked", test_link_masked);
    qtest_add_func("/zcnic/link/no-change", test_link_no_change);

    return g_test_run();
}
