/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libqos driver for zcnic, as libqos/igb.c is for igb: the qgraph node
 * "zcnic" on a PCI bus, BAR 0 mapped, MSI-X on, and a TX and an RX ring
 * of QZCNIC_RING descriptors from the guest allocator.  The register
 * interface is include/zcnic/zcnic_hw.h (docs/spec.rst of the project).
 */
#ifndef QGRAPH_ZCNIC_H
#define QGRAPH_ZCNIC_H

#include "qgraph.h"
#include "pci.h"
#include "libqos-malloc.h"
#include "zcnic/zcnic_hw.h"

#define QZCNIC_RING     64

typedef struct QZcnic {
    QOSGraphObject obj;
    QPCIDevice pci_dev;
    QPCIBar bar;
    QGuestAllocator *alloc;
    uint64_t tx_ring;
    uint64_t rx_ring;
    uint32_t tx_next;       /* the descriptor the next TX post fills */
    uint32_t rx_next;
} QZcnic;

uint32_t qzcnic_read(QZcnic *d, uint32_t reg);
void qzcnic_write(QZcnic *d, uint32_t reg, uint32_t val);

/* A descriptor of a ring: write, and read word 1 */
void qzcnic_desc_write(QZcnic *d, uint64_t ring, uint32_t idx,
                       uint64_t addr, uint64_t cmd);
uint64_t qzcnic_desc_cmd(QZcnic *d, uint64_t ring, uint32_t idx);

/*
 * Post one buffer, as a whole frame (TX) or to receive into (RX), and ring
 * the doorbell; returns the descriptor's index.
 */
uint32_t qzcnic_tx_post(QZcnic *d, uint64_t buf, uint32_t len);
uint32_t qzcnic_rx_post(QZcnic *d, uint64_t buf, uint32_t len);

/* Word 1 of descriptor IDX once the device has written it back (DONE) */
uint64_t qzcnic_wait_done(QZcnic *d, uint64_t ring, uint32_t idx);

/* Wait for MSI-X vector VEC to be pending */
void qzcnic_wait_msix(QZcnic *d, unsigned vec);

#endif
