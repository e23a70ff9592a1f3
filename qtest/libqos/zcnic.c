/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libqos driver for zcnic (see zcnic.h).
 */

#include "qemu/osdep.h"
#include "../libqtest.h"
#include "qemu/module.h"
#include "zcnic.h"

#define QZCNIC_TIMEOUT_NS   (5 * NANOSECONDS_PER_SECOND)

uint32_t qzcnic_read(QZcnic *d, uint32_t reg)
{
    return qpci_io_readl(&d->pci_dev, d->bar, reg);
}

void qzcnic_write(QZcnic *d, uint32_t reg, uint32_t val)
{
    qpci_io_writel(&d->pci_dev, d->bar, reg, val);
}

void qzcnic_desc_write(QZcnic *d, uint64_t ring, uint32_t idx,
                       uint64_t addr, uint64_t cmd)
{
    QTestState *qts = d->pci_dev.bus->qts;
    uint64_t at = ring + (uint64_t)idx * ZCNIC_DESC_SIZE;

    qtest_writeq(qts, at + ZCNIC_DESC_ADDR, addr);
    qtest_writeq(qts, at + ZCNIC_DESC_CMD, cmd);
}

uint64_t qzcnic_desc_cmd(QZcnic *d, uint64_t ring, uint32_t idx)
{
    return qtest_readq(d->pci_dev.bus->qts,
                       ring + (uint64_t)idx * ZCNIC_DESC_SIZE +
                       ZCNIC_DESC_CMD);
}

uint32_t qzcnic_tx_post(QZcnic *d, uint64_t buf, uint32_t len)
{
    uint32_t idx = d->tx_next;

    qzcnic_desc_write(d, d->tx_ring, idx, buf, len | ZCNIC_DESC_EOP);
    d->tx_next = (idx + 1) % QZCNIC_RING;
    qzcnic_write(d, ZCNIC_REG_TX_TAIL, d->tx_next);
    return idx;
}

uint32_t qzcnic_rx_post(QZcnic *d, uint64_t buf, uint32_t len)
{
    uint32_t idx = d->rx_next;

    qzcnic_desc_write(d, d->rx_ring, idx, buf, len);
    d->rx_next = (idx + 1) % QZCNIC_RING;
    qzcnic_write(d, ZCNIC_REG_RX_TAIL, d->rx_next);
    return idx;
}

uint64_t qzcnic_wait_done(QZcnic *d, uint64_t ring, uint32_t idx)
{
    QTestState *qts = d->pci_dev.bus->qts;
    gint64 end = g_get_monotonic_time() + 5 * G_TIME_SPAN_SECOND;
    uint64_t cmd;

    while (!((cmd = qzcnic_desc_cmd(d, ring, idx)) & ZCNIC_DESC_DONE)) {
        g_assert_cmpint(g_get_monotonic_time(), <, end);
        qtest_clock_step(qts, 10000);
        g_usleep(100);
    }
    return cmd;
}

void qzcnic_wait_msix(QZcnic *d, unsigned vec)
{
    QTestState *qts = d->pci_dev.bus->qts;
    gint64 end = g_get_monotonic_time() + 5 * G_TIME_SPAN_SECOND;

    while (!qpci_msix_pending(&d->pci_dev, vec)) {
        g_assert_cmpint(g_get_monotonic_time(), <, end);
        qtest_clock_step(qts, 10000);
        g_usleep(100);
    }
}

static void qzcnic_foreach_callback(QPCIDevice *dev, int devfn, void *data)
{
    memcpy(data, dev, sizeof(QPCIDevice));
    g_free(dev);
}

static void qzcnic_destructor(QOSGraphObject *obj)
{
    QZcnic *d = (QZcnic *)obj;

    if (d->pci_dev.msix_enabled) {
        qpci_msix_disable(&d->pci_dev);
    }
    qpci_iounmap(&d->pci_dev, d->bar);
    guest_free(d->alloc, d->tx_ring);
    guest_free(d->alloc, d->rx_ring);
}

/*
 * spec 3.4, 4.1: reset, MSI-X, both rings programmed and enabled, every
 * cause enabled; the link is up.
 */
static void qzcnic_start_hw(QOSGraphObject *obj)
{
    QZcnic *d = (QZcnic *)obj;

    qpci_device_enable(&d->pci_dev);
    qzcnic_write(d, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
    qpci_msix_enable(&d->pci_dev);
    qzcnic_write(d, ZCNIC_REG_TX_BASE_LO, d->tx_ring);
    qzcnic_write(d, ZCNIC_REG_TX_BASE_HI, d->tx_ring >> 32);
    qzcnic_write(d, ZCNIC_REG_TX_SIZE, QZCNIC_RING);
    qzcnic_write(d, ZCNIC_REG_RX_BASE_LO, d->rx_ring);
    qzcnic_write(d, ZCNIC_REG_RX_BASE_HI, d->rx_ring >> 32);
    qzcnic_write(d, ZCNIC_REG_RX_SIZE, QZCNIC_RING);
    qzcnic_write(d, ZCNIC_REG_CTRL, ZCNIC_CTRL_TX_EN | ZCNIC_CTRL_RX_EN);
    qzcnic_write(d, ZCNIC_REG_INT_MASK, ZCNIC_INT_ALL);
    d->tx_next = d->rx_next = 0;
    g_assert_cmphex(qzcnic_read(d, ZCNIC_REG_STATUS) & ZCNIC_STATUS_LINK_UP,
                    ==, ZCNIC_STATUS_LINK_UP);
    g_assert_cmphex(qzcnic_read(d, ZCNIC_REG_ERR_STATUS), ==, 0);
}

static void *qzcnic_get_driver(void *obj, const char *interface)
{
    QZcnic *d = obj;

    if (!g_strcmp0(interface, "zcnic-if")) {
        return d;
    }
    if (!g_strcmp0(interface, "pci-device")) {
        return &d->pci_dev;
    }
    fprintf(stderr, "%s not present in zcnic\n", interface);
    g_assert_not_reached();
}

static void *qzcnic_create(void *pci_bus, QGuestAllocator *alloc, void *addr)
{
    QZcnic *d = g_new0(QZcnic, 1);
    QPCIAddress *address = addr;

    qpci_device_foreach(pci_bus, address->vendor_id, address->device_id,
                        qzcnic_foreach_callback, &d->pci_dev);
    d->bar = qpci_iomap(&d->pci_dev, ZCNIC_BAR_REGS, NULL);
    d->alloc = alloc;
    /* rings from the guest allocator: pages, so ZCNIC_RING_ALIGN-aligned */
    d->tx_ring = guest_alloc(alloc, QZCNIC_RING * ZCNIC_DESC_SIZE);
    d->rx_ring = guest_alloc(alloc, QZCNIC_RING * ZCNIC_DESC_SIZE);
    g_assert(d->tx_ring && d->rx_ring);
    g_assert_cmphex(d->tx_ring % ZCNIC_RING_ALIGN, ==, 0);
    g_assert_cmphex(d->rx_ring % ZCNIC_RING_ALIGN, ==, 0);
    d->obj.get_driver = qzcnic_get_driver;
    d->obj.start_hw = qzcnic_start_hw;
    d->obj.destructor = qzcnic_destructor;
    return &d->obj;
}

static void qzcnic_register_nodes(void)
{
    QPCIAddress addr = {
        .vendor_id = ZCNIC_PCI_VENDOR_ID,
        .device_id = ZCNIC_PCI_DEVICE_ID,
    };
    /* every test of this node gives a -netdev with id hs0 (zcnic-qos-test) */
    QOSGraphEdgeOptions opts = {
        .extra_device_opts = "netdev=hs0",
    };

    add_qpci_address(&opts, &addr);
    qos_node_create_driver("zcnic", qzcnic_create);
    qos_node_consumes("zcnic", "pci-bus", &opts);
}

libqos_init(qzcnic_register_nodes);
