/* SPDX-License-Identifier: GPL-2.0-or-later OR MIT */
/*
 * zcnic hardware contract: register offsets, field positions, constants.
 *
 * This is the one description of the device's programming interface; the
 * QEMU device (hw/zcnic), the Linux driver (guest-driver), the qtests and the
 * guest tests all include it.  Macros only: no QEMU or Linux types.  The
 * normative text is docs/spec.rst; section numbers below refer to it.
 *
 * Conventions (spec 1): registers are 32 bits wide, little-endian, and only
 * aligned 32-bit accesses are defined.  Multi-bit fields are given as
 * _SHIFT/_WIDTH pairs, single-bit flags as masks.
 */
#ifndef ZCNIC_HW_H
#define ZCNIC_HW_H

/* PCI identity (spec 2) */
#define ZCNIC_PCI_VENDOR_ID         0x1af4  /* Red Hat, experimental range */
#define ZCNIC_PCI_DEVICE_ID         0x10f0
#define ZCNIC_PCI_REVISION          0x01

/* BARs (spec 2) */
#define ZCNIC_BAR_REGS              0       /* registers, 32-bit memory BAR */
#define ZCNIC_BAR_REGS_SIZE         0x10000
#define ZCNIC_BAR_MSIX              2       /* MSI-X table and PBA */
#define ZCNIC_BAR_MSIX_SIZE         0x1000
#define ZCNIC_MSIX_TABLE_OFFSET     0x0000
#define ZCNIC_MSIX_PBA_OFFSET       0x0800

/* MSI-X vectors (spec 5) */
#define ZCNIC_VEC_MISC              0       /* link change, errors */
#define ZCNIC_VEC_RX                1       /* reserved for the RX queue */
#define ZCNIC_VEC_TX                2       /* reserved for the TX queue */
#define ZCNIC_MSIX_VECTORS          3

/* Device version implemented by this header (spec 3.2) */
#define ZCNIC_VERSION_MAJOR         1
#define ZCNIC_VERSION_MINOR         0

/*
 * Global registers (spec 3)
 */
#define ZCNIC_REG_ID                0x0000  /* RO: ZCNIC_ID_MAGIC */
#define   ZCNIC_ID_MAGIC            0x434e435au /* bytes "ZCNC" in memory order */

#define ZCNIC_REG_VERSION           0x0004  /* RO */
#define   ZCNIC_VERSION_MINOR_SHIFT 0
#define   ZCNIC_VERSION_MINOR_WIDTH 16
#define   ZCNIC_VERSION_MAJOR_SHIFT 16
#define   ZCNIC_VERSION_MAJOR_WIDTH 16

#define ZCNIC_REG_FEATURES          0x0008  /* RO: capability bits, 0 in 1.0 */

#define ZCNIC_REG_CTRL              0x0010  /* RW */
#define   ZCNIC_CTRL_RESET          (1u << 0)   /* self-clearing */

#define ZCNIC_REG_STATUS            0x0014  /* RO */
#define   ZCNIC_STATUS_LINK_UP      (1u << 0)

#define ZCNIC_REG_MAC_LO            0x0018  /* RW: MAC bytes 0..3, byte 0 in 7:0 */
#define ZCNIC_REG_MAC_HI            0x001c  /* RW: MAC bytes 4..5 in 15:0 */
#define   ZCNIC_MAC_HI_MASK         0x0000ffffu

/*
 * Interrupts (spec 5): a cause bit is set by an event; it signals while its
 * INT_MASK bit is 1.  INT_CAUSE is write-1-to-clear; INT_SET sets causes
 * (software-generated interrupts, for self-test).
 */
#define ZCNIC_REG_INT_CAUSE         0x0020  /* RW1C */
#define ZCNIC_REG_INT_MASK          0x0024  /* RW: 1 = enabled */
#define ZCNIC_REG_INT_SET           0x0028  /* WO, reads 0 */
#define   ZCNIC_INT_LINK            (1u << 0)   /* vector ZCNIC_VEC_MISC */
#define   ZCNIC_INT_ALL             (ZCNIC_INT_LINK)

/* Register reset values (spec 3, "On reset" column) */
#define ZCNIC_RESET_CTRL            0x00000000u
#define ZCNIC_RESET_INT_CAUSE       0x00000000u
#define ZCNIC_RESET_INT_MASK        0x00000000u

/* Everything above 0x002c up to ZCNIC_BAR_REGS_SIZE is reserved in 1.0. */
#define ZCNIC_REG_LAST              ZCNIC_REG_INT_SET

#endif /* ZCNIC_HW_H */
