/* SPDX-License-Identifier: GPL-2.0-or-later OR MIT */
/*
 * zcnic hardware contract: register offsets, field positions, constants.
 *
 * This is the one description of the device's programming interface; the
 * QEMU device (hw/zcnic), the Linux driver (guest-driver), the qtests and the
 * guest tests all include it.  Macros only: no QEMU or Linux types.  The
 * normative text is docs/spec.rst; section numbers below refer to it.
 * Registers are listed by address; ZCNIC_REGISTERS at the end is the
 * register map the device and the tests share.
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

/*
 * Queue pairs (spec 4.10): the "queues" property, 1..ZCNIC_QUEUES_MAX
 */
#define ZCNIC_QUEUES_MAX            16
#define ZCNIC_QUEUES_DEFAULT        4

/*
 * MSI-X vectors (spec 5): vector 0 for link, errors and the ARP block; then
 * an RX and a TX vector a queue pair: 1 + 2 * QUEUES vectors in all.
 */
#define ZCNIC_VEC_MISC              0       /* link change, errors, ARP */
#define ZCNIC_VEC_Q_RX(q)           (1 + 2 * (q))
#define ZCNIC_VEC_Q_TX(q)           (2 + 2 * (q))
#define ZCNIC_VEC_RX                ZCNIC_VEC_Q_RX(0)
#define ZCNIC_VEC_TX                ZCNIC_VEC_Q_TX(0)
#define ZCNIC_MSIX_VECTORS(queues)  (1 + 2 * (queues))
#define ZCNIC_MSIX_VECTORS_MAX      ZCNIC_MSIX_VECTORS(ZCNIC_QUEUES_MAX)

/* Device version implemented by this header (spec 3.2) */
#define ZCNIC_VERSION_MAJOR         2
#define ZCNIC_VERSION_MINOR         1

/*
 * Global registers (spec 3)
 */
#define ZCNIC_REG_ID                0x0000  /* RO: ZCNIC_ID_MAGIC */
#define   ZCNIC_ID_MAGIC            0x434e435au /* "ZCNC" in memory order */

#define ZCNIC_REG_VERSION           0x0004  /* RO */
#define   ZCNIC_VERSION_MINOR_SHIFT 0
#define   ZCNIC_VERSION_MINOR_WIDTH 16
#define   ZCNIC_VERSION_MAJOR_SHIFT 16
#define   ZCNIC_VERSION_MAJOR_WIDTH 16

#define ZCNIC_REG_FEATURES          0x0008  /* RO: capability bits */
#define   ZCNIC_FEAT_SG             (1u << 0)   /* multi-buffer frames */
#define   ZCNIC_FEAT_TX_CSUM        (1u << 1)   /* start/offset checksum */
#define   ZCNIC_FEAT_RX_CSUM        (1u << 2)   /* IPv4, TCP/UDP verified */
#define   ZCNIC_FEAT_JUMBO          (1u << 3)   /* frames to ZCNIC_MAX_FRAME */
#define   ZCNIC_FEAT_ITR            (1u << 4)   /* interrupt moderation */
#define   ZCNIC_FEAT_HDR_SPLIT      (1u << 5)   /* header split (spec 4.5) */
#define   ZCNIC_FEATURES_1_1        (ZCNIC_FEAT_SG | ZCNIC_FEAT_TX_CSUM | \
ZCNIC_FEAT_RX_CSUM | ZCNIC_FEAT_JUMBO | \
ZCNIC_FEAT_ITR)
#define   ZCNIC_FEAT_ARP            (1u << 6)   /* ARP offload (spec 8) */
#define   ZCNIC_FEATURES_1_2        (ZCNIC_FEATURES_1_1 | ZCNIC_FEAT_HDR_SPLIT)
#define   ZCNIC_FEATURES_1_3        (ZCNIC_FEATURES_1_2 | ZCNIC_FEAT_ARP)
#define   ZCNIC_FEAT_TSO            (1u << 7)   /* TCP segmentation, 4.6 */
#define   ZCNIC_FEAT_USO            (1u << 8)   /* UDP segmentation, 4.6 */
#define   ZCNIC_FEAT_RX_GRO         (1u << 9)   /* receive coalescing (4.7) */
#define   ZCNIC_FEATURES_1_4        (ZCNIC_FEATURES_1_3 | ZCNIC_FEAT_TSO | \
ZCNIC_FEAT_USO | ZCNIC_FEAT_RX_GRO)
#define   ZCNIC_FEAT_INT_AUTOCLR    (1u << 10)  /* INT_AUTOCLR (spec 5.1) */
#define   ZCNIC_FEATURES_1_5        (ZCNIC_FEATURES_1_4 | \
ZCNIC_FEAT_INT_AUTOCLR)
#define   ZCNIC_FEAT_TX_SHADOW      (1u << 11)  /* TX tail in memory (4.3.1) */
#define   ZCNIC_FEATURES_1_6        (ZCNIC_FEATURES_1_5 | ZCNIC_FEAT_TX_SHADOW)
#define   ZCNIC_FEAT_RSS_HASH       (1u << 12)  /* RSS hash (spec 4.8) */
#define   ZCNIC_FEATURES_1_7        (ZCNIC_FEATURES_1_6 | ZCNIC_FEAT_RSS_HASH)
#define   ZCNIC_FEAT_NTUPLE         (1u << 13)  /* ntuple rules (spec 4.9) */
#define   ZCNIC_FEATURES_1_8        (ZCNIC_FEATURES_1_7 | ZCNIC_FEAT_NTUPLE)
#define   ZCNIC_FEAT_MQ             (1u << 14)  /* queue pairs (spec 4.10) */
#define   ZCNIC_FEATURES_2_0        (ZCNIC_FEATURES_1_8 | ZCNIC_FEAT_MQ)
#define   ZCNIC_FEAT_LOOPBACK       (1u << 15)  /* RX_CTRL.LOOPBACK (4.11) */
#define   ZCNIC_FEATURES_2_1        (ZCNIC_FEATURES_2_0 | ZCNIC_FEAT_LOOPBACK)

#define ZCNIC_REG_CTRL              0x0010  /* RW */
#define   ZCNIC_CTRL_RESET          (1u << 0)   /* self-clearing, reads 0 */
#define   ZCNIC_CTRL_RX_EN          (1u << 1)   /* receive into the RX ring */
#define   ZCNIC_CTRL_TX_EN          (1u << 2)   /* transmit from the TX ring */
#define   ZCNIC_CTRL_RW_MASK        (ZCNIC_CTRL_RX_EN | ZCNIC_CTRL_TX_EN)

#define ZCNIC_REG_STATUS            0x0014  /* RO */
#define   ZCNIC_STATUS_LINK_UP      (1u << 0)

#define ZCNIC_REG_MAC_LO            0x0018  /* RW: MAC bytes 0..3, 0 in 7:0 */
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
#define ZCNIC_REG_INT_MASK_SET      0x002c  /* WO: INT_MASK |= value */
#define ZCNIC_REG_INT_MASK_CLR      0x0030  /* WO: INT_MASK &= ~value */
#define   ZCNIC_INT_LINK            (1u << 0)   /* vector ZCNIC_VEC_MISC */
#define   ZCNIC_INT_RX              (1u << 1)   /* vector ZCNIC_VEC_RX */
#define   ZCNIC_INT_TX              (1u << 2)   /* vector ZCNIC_VEC_TX */
#define   ZCNIC_INT_ERR             (1u << 3)   /* vector ZCNIC_VEC_MISC */
#define   ZCNIC_INT_ARP             (1u << 4)   /* vector ZCNIC_VEC_MISC */
#define   ZCNIC_INT_ALL             (ZCNIC_INT_LINK | ZCNIC_INT_RX | \
ZCNIC_INT_TX | ZCNIC_INT_ERR | \
ZCNIC_INT_ARP)

/*
 * Error status (spec 6): sticky bits, cleared only by reset.  A set bit
 * stops the queue it names; INT_ERR is raised when a bit becomes set.
 */
#define ZCNIC_REG_ERR_STATUS        0x0034  /* RO */
#define   ZCNIC_ERR_TX_RING         (1u << 0)   /* bad TX ring base/size/tail */
#define   ZCNIC_ERR_TX_DESC         (1u << 1)   /* bad TX descriptor */
#define   ZCNIC_ERR_TX_DMA          (1u << 2)   /* TX DMA failed */
#define   ZCNIC_ERR_RX_RING         (1u << 8)   /* bad RX ring base/size/tail */
#define   ZCNIC_ERR_RX_DESC         (1u << 9)   /* bad RX descriptor */
#define   ZCNIC_ERR_RX_DMA          (1u << 10)  /* RX DMA failed */
/* bad ARP register value: the write is ignored and nothing stops */
#define   ZCNIC_ERR_ARP             (1u << 16)
/* bad MTU, RX_GRO_* or NT_* value: the write is ignored, nothing stops */
#define   ZCNIC_ERR_CFG             (1u << 17)
/* bad test register use, or TEST_DMA failed: stops nothing (spec 11) */
#define   ZCNIC_ERR_TEST            (1u << 18)
#define   ZCNIC_ERR_ALL             (ZCNIC_ERR_TX_RING | ZCNIC_ERR_TX_DESC | \
ZCNIC_ERR_TX_DMA | ZCNIC_ERR_RX_RING | \
ZCNIC_ERR_RX_DESC | ZCNIC_ERR_RX_DMA | \
ZCNIC_ERR_ARP | ZCNIC_ERR_CFG | \
ZCNIC_ERR_TEST)
#define   ZCNIC_ERR_TX_MASK         0x000000ffu
#define   ZCNIC_ERR_RX_MASK         0x0000ff00u

/*
 * spec 4.6: the largest IP packet a segment may carry (IP header included);
 * MSS and HDR_LEN are checked against it.  Received frames are not.
 */
#define ZCNIC_REG_MTU               0x0038  /* RW: 68..9000 */
#define   ZCNIC_MTU_MIN             68
#define   ZCNIC_MTU_MAX             9000

/* spec 5.1: causes the device clears when it sends their vector */
#define ZCNIC_REG_INT_AUTOCLR       0x003c  /* RW: causes cleared on send */
#define   ZCNIC_INT_AUTOCLR_MASK    (ZCNIC_INT_RX | ZCNIC_INT_TX)

/*
 * Statistics (spec 7): 32-bit counters that wrap, cleared by reset.
 */
#define ZCNIC_REG_STAT_TX_FRAMES    0x0040
#define ZCNIC_REG_STAT_TX_BYTES     0x0044
#define ZCNIC_REG_STAT_RX_FRAMES    0x0048
#define ZCNIC_REG_STAT_RX_BYTES     0x004c
#define ZCNIC_REG_STAT_RX_DROP_DISABLED 0x0050  /* RX_EN clear or link down */
#define ZCNIC_REG_STAT_RX_DROP_FILTER   0x0054  /* not our MAC */
#define ZCNIC_REG_STAT_RX_DROP_SIZE     0x0058  /* runt or above the maximum */
#define ZCNIC_REG_STAT_RX_CSUM_BAD      0x005c  /* delivered, flagged bad */
#define ZCNIC_REG_STAT_TX_BOUNCED       0x0060  /* TX buffers copied */
#define ZCNIC_REG_STAT_TX_CSUM          0x0064  /* TX checksums inserted */
#define ZCNIC_REG_STAT_LAST             ZCNIC_REG_STAT_TX_CSUM

/*
 * Receive filter (spec 4.4): own MAC and broadcast always; multicast when
 * ALLMULTI or its hash bit is set; everything with PROMISC.  The hash of a
 * multicast address is the top 6 bits of its little-endian CRC-32 (the
 * Ethernet FCS polynomial), selecting a bit of MC_HASH_HI:MC_HASH_LO.
 */
#define ZCNIC_REG_RX_CTRL           0x0070  /* RW */
#define   ZCNIC_RX_CTRL_PROMISC     (1u << 0)
#define   ZCNIC_RX_CTRL_ALLMULTI    (1u << 1)
#define   ZCNIC_RX_CTRL_LOOPBACK    (1u << 2)   /* TX to own RX (4.11) */
#define   ZCNIC_RX_CTRL_RW_MASK     (ZCNIC_RX_CTRL_PROMISC | \
ZCNIC_RX_CTRL_ALLMULTI | \
ZCNIC_RX_CTRL_LOOPBACK)
#define ZCNIC_REG_MC_HASH_LO        0x0074  /* RW: hash values 0..31 */
#define ZCNIC_REG_MC_HASH_HI        0x0078  /* RW: hash values 32..63 */
#define ZCNIC_MC_HASH_SHIFT         26      /* crc32_le(addr) >> 26 */

/*
 * Interrupt moderation (spec 5.2): a vector fires at most once per ITR
 * interval, in microseconds of the virtual clock; 0 disables moderation.
 */
#define ZCNIC_REG_ITR_RX            0x0080  /* RW */
#define ZCNIC_REG_ITR_TX            0x0084  /* RW */
#define ZCNIC_ITR_MAX               100000  /* us; larger values are clamped */

/* Header split counters (spec 7), cleared by reset */
#define ZCNIC_REG_STAT_SPLIT        0x0090  /* frames split */
#define ZCNIC_REG_STAT_NOSPLIT_NOTIP    0x0094  /* not IP */
#define ZCNIC_REG_STAT_NOSPLIT_FRAG     0x0098  /* non-first IP fragment */
#define ZCNIC_REG_STAT_NOSPLIT_OVERFLOW 0x009c  /* headers > RX_HDR_SIZE */
#define ZCNIC_REG_STAT_NOSPLIT_BADLEN   0x00a0  /* lengths beyond the frame */
#define ZCNIC_REG_STAT_SPLIT_LAST   ZCNIC_REG_STAT_NOSPLIT_BADLEN

/* spec 4.6, 4.7: segmentation and coalescing counters */
#define ZCNIC_REG_STAT_TSO_FRAMES   0x00c0  /* TX frames TCP-segmented */
#define ZCNIC_REG_STAT_TSO_SEGS     0x00c4  /* segments they became */
#define ZCNIC_REG_STAT_USO_FRAMES   0x00c8  /* TX frames UDP-segmented */
#define ZCNIC_REG_STAT_USO_SEGS     0x00cc
#define ZCNIC_REG_STAT_GRO_FRAMES   0x00d0  /* coalesced frames delivered */
#define ZCNIC_REG_STAT_GRO_SEGS     0x00d4  /* segments joined in them */
#define ZCNIC_REG_STAT_GRO_FLUSH_TIMER 0x00d8 /* RX_GRO_TIMEOUT ran out */
#define ZCNIC_REG_STAT_GRO_FLUSH_FULL  0x00dc /* segment or size limit */
#define ZCNIC_REG_STAT_GRO_FLUSH_END   0x00e0 /* PSH or a short segment */
#define ZCNIC_REG_STAT_GRO_FLUSH_FLAGS 0x00e4 /* segment not coalescible */
#define ZCNIC_REG_STAT_GRO_FLUSH_OOO   0x00e8 /* sequence not the next */
#define ZCNIC_REG_STAT_GRO_FLUSH_HDR   0x00ec /* other ack/window/options/id */
#define ZCNIC_REG_STAT_GRO_FLUSH_OTHER 0x00f0 /* another frame, a register */
#define ZCNIC_REG_STAT_SEG_PASSED   0x00f4  /* TSO/USO sent whole (tap) */
#define ZCNIC_REG_STAT_SEG_LAST     ZCNIC_REG_STAT_SEG_PASSED

/*
 * Rings (spec 4).  Software writes the tail, hardware writes the head; the
 * ring is empty when head == tail and holds at most SIZE - 1 descriptors.
 * BASE is 64-bit, ZCNIC_RING_ALIGN-aligned; SIZE is a power of two in
 * [ZCNIC_RING_MIN, ZCNIC_RING_MAX]; HEAD and TAIL are indexes < SIZE.
 * Ring registers are read when the queue is enabled in CTRL and at every
 * TAIL write.
 */
#define ZCNIC_REG_TX_BASE_LO        0x0100
#define ZCNIC_REG_TX_BASE_HI        0x0104
#define ZCNIC_REG_TX_SIZE           0x0108
#define ZCNIC_REG_TX_HEAD           0x010c  /* RO */
#define ZCNIC_REG_TX_TAIL           0x0110  /* doorbell */
#define ZCNIC_REG_TX_SHADOW_LO      0x0118  /* RW: 0 = no shadow block */
#define ZCNIC_REG_TX_SHADOW_HI      0x011c  /* RW */
#define ZCNIC_REG_RX_BASE_LO        0x0200
#define ZCNIC_REG_RX_BASE_HI        0x0204
#define ZCNIC_REG_RX_SIZE           0x0208
#define ZCNIC_REG_RX_HEAD           0x020c  /* RO */
#define ZCNIC_REG_RX_TAIL           0x0210  /* doorbell */

/*
 * Header split (spec 4.5): with RX_SPLIT.EN, the headers of a frame that
 * RX descriptor i receives go to header buffer i, at RX_HDR_BASE +
 * i * RX_HDR_SIZE; its payload goes to the descriptors' data buffers,
 * starting at offset 0 of the first.
 */
#define ZCNIC_REG_RX_SPLIT          0x0220  /* RW */
#define   ZCNIC_RX_SPLIT_EN         (1u << 0)
#define ZCNIC_REG_RX_HDR_SIZE       0x0224  /* RW: bytes per header buffer */
#define ZCNIC_REG_RX_HDR_BASE_LO    0x0228  /* RW */
#define ZCNIC_REG_RX_HDR_BASE_HI    0x022c  /* RW */
#define ZCNIC_HDR_SIZE_MIN          64
#define ZCNIC_HDR_SIZE_MAX          1024    /* multiple of 64 */

/* spec 4.7: receive coalescing */
#define ZCNIC_REG_RX_GRO            0x0230  /* RW */
#define   ZCNIC_RX_GRO_EN           (1u << 0)
#define ZCNIC_REG_RX_GRO_TIMEOUT    0x0234  /* RW: us a frame may wait */
#define   ZCNIC_GRO_TIMEOUT_MAX     1000
#define ZCNIC_REG_RX_GRO_MAX_SEGS   0x0238  /* RW: segments per frame */
#define   ZCNIC_GRO_SEGS_MIN        2
#define   ZCNIC_GRO_SEGS_MAX        64

/*
 * ARP offload (spec 8): the ARP buffer (a cache of IPv4 -> MAC records
 * with a time-to-live) and the ARP control block (answers requests for the
 * host addresses, learns from the wire, resolves on request).  IPv4
 * addresses are numbers in host order: 192.0.2.1 is 0xc0000201.
 */
#define ZCNIC_REG_ARP_CTRL          0x0300  /* RW */
#define   ZCNIC_ARP_CTRL_ANSWER     (1u << 0)   /* answer for host addresses */
#define   ZCNIC_ARP_CTRL_DELIVER    (1u << 1)   /* deliver answered ones too */
#define   ZCNIC_ARP_CTRL_RW_MASK    (ZCNIC_ARP_CTRL_ANSWER | \
ZCNIC_ARP_CTRL_DELIVER)
#define ZCNIC_REG_ARP_TTL           0x0304  /* RW: seconds for new records */
#define   ZCNIC_ARP_TTL_DEFAULT     1200
#define   ZCNIC_ARP_TTL_MAX         86400
#define ZCNIC_REG_ARP_FLUSH         0x0308  /* WO: 1 invalidates every record */
#define ZCNIC_REG_ARP_ENTRIES       0x030c  /* RO: records in the ARP buffer */
#define   ZCNIC_ARP_ENTRIES_DEFAULT 64
#define   ZCNIC_ARP_ENTRIES_MAX     1024
#define ZCNIC_REG_ARP_HOST_IP(i)    (0x0310 + 4 * (i))  /* RW: 0 = unused */
#define   ZCNIC_ARP_HOST_IPS        8
#define ZCNIC_REG_ARP_QUERY_IP      0x0330  /* RW: writing starts a query */
#define ZCNIC_REG_ARP_QUERY_STATUS  0x0334  /* RO */
#define   ZCNIC_ARP_STATUS_SHIFT    0
#define   ZCNIC_ARP_STATUS_WIDTH    3
#define   ZCNIC_ARP_ST_IDLE         0x0     /* "000" */
#define   ZCNIC_ARP_ST_RESULT       0x1     /* "001": MAC in RESULT_MAC */
#define   ZCNIC_ARP_ST_NO_RESULT    0x2     /* "010": request sent */
#define   ZCNIC_ARP_ST_OVERFLOW     0x3     /* "011": result not cached */
#define   ZCNIC_ARP_ST_BUSY         0x7     /* "111" */
#define ZCNIC_REG_ARP_RESULT_MAC_LO 0x0338  /* RO: as MAC_LO */
#define ZCNIC_REG_ARP_RESULT_MAC_HI 0x033c  /* RO: as MAC_HI */
#define ZCNIC_ARP_QUERY_NS          1000    /* a lookup takes 1 us */
/* read window into the ARP buffer: write INDEX, read the record */
#define ZCNIC_REG_ARP_TBL_INDEX     0x0340  /* RW: < ARP_ENTRIES */
#define ZCNIC_REG_ARP_TBL_IP        0x0344  /* RO */
#define ZCNIC_REG_ARP_TBL_MAC_LO    0x0348  /* RO */
#define ZCNIC_REG_ARP_TBL_MAC_HI    0x034c  /* RO */
#define ZCNIC_REG_ARP_TBL_TTL       0x0350  /* RO: seconds left, 0 = invalid */
/* ARP counters (spec 7), cleared by reset */
#define ZCNIC_REG_STAT_ARP_ANSWERED 0x0360  /* requests answered */
#define ZCNIC_REG_STAT_ARP_LEARNED  0x0364  /* records written to free ones */
#define ZCNIC_REG_STAT_ARP_UPDATED  0x0368  /* valid records rewritten */
#define ZCNIC_REG_STAT_ARP_EXPIRED  0x036c  /* records whose TTL ran out */
#define ZCNIC_REG_STAT_ARP_OVERFLOW 0x0370  /* records discarded: buffer full */
#define ZCNIC_REG_STAT_ARP_QUERY_HIT  0x0374
#define ZCNIC_REG_STAT_ARP_QUERY_MISS 0x0378
#define ZCNIC_REG_STAT_ARP_REQ_SENT 0x037c  /* broadcast requests sent */
#define ZCNIC_REG_STAT_ARP_MALFORMED 0x0380 /* ARP frames never learned */
#define ZCNIC_REG_STAT_ARP_LAST     ZCNIC_REG_STAT_ARP_MALFORMED

/*
 * Receive-side scaling hash (spec 4.8): the Toeplitz hash of a received
 * frame's addresses and ports, with a 40-byte key, written back in the
 * EOP descriptor.  RSS_FIELDS selects the fields per flow type: a nibble
 * per type, in ZCNIC_RSS_FT_* order, of ZCNIC_RSS_F_* bits.
 */
#define ZCNIC_REG_RSS_CTRL          0x0500  /* RW */
#define   ZCNIC_RSS_CTRL_HASH       (1u << 0)   /* write the hash back */
#define   ZCNIC_RSS_CTRL_RW_MASK    ZCNIC_RSS_CTRL_HASH
#define ZCNIC_REG_RSS_FIELDS        0x0504  /* RW */
#define   ZCNIC_RSS_F_IP_SRC        (1u << 0)
#define   ZCNIC_RSS_F_IP_DST        (1u << 1)
#define   ZCNIC_RSS_F_L4_SRC        (1u << 2)   /* TCP and UDP types only */
#define   ZCNIC_RSS_F_L4_DST        (1u << 3)
#define   ZCNIC_RSS_F_IP            (ZCNIC_RSS_F_IP_SRC | ZCNIC_RSS_F_IP_DST)
#define   ZCNIC_RSS_F_ALL           (ZCNIC_RSS_F_IP | ZCNIC_RSS_F_L4_SRC | \
ZCNIC_RSS_F_L4_DST)
#define   ZCNIC_RSS_FT_TCP4         0   /* TCP over IPv4, not a fragment */
#define   ZCNIC_RSS_FT_UDP4         1
#define   ZCNIC_RSS_FT_IP4          2   /* other IPv4, and fragments */
#define   ZCNIC_RSS_FT_TCP6         3
#define   ZCNIC_RSS_FT_UDP6         4
#define   ZCNIC_RSS_FT_IP6          5
#define   ZCNIC_RSS_FT_NUM          6
#define   ZCNIC_RSS_FIELDS_SHIFT(ft) (4 * (ft))
#define   ZCNIC_RSS_FIELDS_WIDTH    4
/* the L4 bits exist for the TCP and UDP types only */
#define   ZCNIC_RSS_FIELDS_RW_MASK  0x003ff3ffu
#define ZCNIC_REG_RSS_KEY(i)        (0x0510 + 4 * (i))  /* RW, i < 10 */
#define   ZCNIC_RSS_KEY_LEN         40  /* bytes; byte 4i + j: bits 8j+7:8j */
#define   ZCNIC_RSS_KEY_WORDS       10
#define ZCNIC_RSS_INPUT_MAX         36  /* two IPv6 addresses, two ports */

/*
 * Ntuple rules (spec 4.9): ZCNIC_NT_RULES rules, each matching fields of a
 * received frame under masks, with an action: drop it, or deliver it to a
 * queue.  The lowest-numbered valid rule that matches wins.  Software
 * writes a rule into the staging registers NT_ACTION..NT_DST_MASK3 and
 * commits it with NT_CMD WRITE to rule NT_INDEX; READ copies rule NT_INDEX
 * back into them; CLEAR invalidates it.  The staging words in order are a
 * rule's ZCNIC_NT_WORDS words (ZCNIC_NT_W_*).  IP address words hold four
 * address bytes as a big-endian number, the first four in word 0 (IPv4:
 * word 0 only; 192.0.2.1 is 0xc0000201).
 */
#define ZCNIC_REG_NT_INDEX          0x0600  /* RW: < ZCNIC_NT_RULES */
#define ZCNIC_REG_NT_CMD            0x0604  /* WO */
#define   ZCNIC_NT_CMD_WRITE        1
#define   ZCNIC_NT_CMD_READ         2
#define   ZCNIC_NT_CMD_CLEAR        3
#define ZCNIC_REG_NT_WORD(i)        (0x0608 + 4 * (i))  /* RW staging */
#define   ZCNIC_NT_W_ACTION         0
#define     ZCNIC_NT_QUEUE_SHIFT    0
#define     ZCNIC_NT_QUEUE_WIDTH    4
#define     ZCNIC_NT_DROP           (1u << 8)
/* READ sets it if the rule is in use; WRITE ignores it */
#define     ZCNIC_NT_VALID          (1u << 31)
#define   ZCNIC_NT_W_L3             1
#define     ZCNIC_NT_IPV_SHIFT      0   /* 0: any frame, 4: IPv4, 6: IPv6 */
#define     ZCNIC_NT_IPV_WIDTH      4
#define     ZCNIC_NT_PROTO_SHIFT    8   /* L4 protocol, under ... */
#define     ZCNIC_NT_PROTO_WIDTH    8
#define     ZCNIC_NT_PROTO_MASK_SHIFT 16    /* ... this mask */
#define     ZCNIC_NT_PROTO_MASK_WIDTH 8
#define   ZCNIC_NT_W_ETYPE          2   /* value 15:0, mask 31:16 */
#define   ZCNIC_NT_W_VLAN           3   /* VID 11:0, mask 27:16 */
#define   ZCNIC_NT_W_PORTS          4   /* source 15:0, destination 31:16 */
#define   ZCNIC_NT_W_PORTS_MASK     5
#define   ZCNIC_NT_W_SRC            6   /* 4 words */
#define   ZCNIC_NT_W_SRC_MASK       10
#define   ZCNIC_NT_W_DST            14
#define   ZCNIC_NT_W_DST_MASK       18
#define   ZCNIC_NT_WORDS            22
#define ZCNIC_REG_NT_HITS           0x0660  /* RO: frames rule NT_INDEX took */
#define ZCNIC_REG_NT_RULES          0x0664  /* RO: ZCNIC_NT_RULES */
#define ZCNIC_REG_STAT_RX_DROP_NTUPLE 0x0668 /* RO: dropped by a rule */
#define ZCNIC_NT_RULES              64

/*
 * RSS indirection table (spec 4.8, 4.10): with RSS_CTRL.HASH, a hashed
 * frame goes to queue INDIR[hash % 128]; others (and all without HASH) to
 * queue 0, unless an ntuple rule took it.  Entry j is the 4-bit field at
 * bit 4 * (j % 8) of RSS_INDIR(j / 8).  An entry >= QUEUES is refused:
 * the write is ignored with ERR_CFG.
 */
#define ZCNIC_REG_RSS_INDIR(i)      (0x0540 + 4 * (i))  /* RW, i < 16 */
#define   ZCNIC_RSS_INDIR_ENTRIES   128
#define   ZCNIC_RSS_INDIR_WORDS     16
#define   ZCNIC_RSS_INDIR_PER_WORD  8
#define   ZCNIC_RSS_INDIR_WIDTH     4
#define   ZCNIC_RSS_INDIR_SHIFT(j)  (4 * ((j) % 8))

/*
 * Queue pairs (spec 4.10).  QUEUES reads the "queues" property.  Queue q's
 * interrupt causes are bits 2q (RX) and 2q + 1 (TX) of QINT_CAUSE, with
 * QINT_MASK, QINT_MASK_SET/CLR and QINT_AUTOCLR as INT_MASK, INT_MASK_SET/
 * CLR and INT_AUTOCLR are to INT_CAUSE; bits 0 and 1 are INT_CAUSE.RX and
 * .TX (and their INT_MASK and INT_AUTOCLR bits) under another name.  Bits
 * of queues >= QUEUES read 0 and ignore writes.
 */
#define ZCNIC_REG_QUEUES            0x0700  /* RO: queue pairs */
#define ZCNIC_REG_QINT_CAUSE        0x0704  /* RW1C */
#define ZCNIC_REG_QINT_MASK         0x0708  /* RW */
#define ZCNIC_REG_QINT_MASK_SET     0x070c  /* WO */
#define ZCNIC_REG_QINT_MASK_CLR     0x0710  /* WO */
#define ZCNIC_REG_QINT_AUTOCLR      0x0714  /* RW */
#define   ZCNIC_QINT_RX(q)          (1u << (2 * (q)))
#define   ZCNIC_QINT_TX(q)          (1u << (2 * (q) + 1))

/*
 * Queue q's registers (spec 4.10): a block of ZCNIC_REG_QUEUE_STRIDE bytes
 * at ZCNIC_REG_QUEUE(q), the ZCNIC_Q_* offsets into it.  Queue 0's block
 * is another name for the rings' registers at 0x0100 and 0x0200, RX_HDR_
 * BASE and ITR_RX/TX: both addresses reach the same register.  Q_CTRL's
 * RX_EN and TX_EN enable the queue's rings as CTRL's do queue 0's (queue
 * 0's Q_CTRL is CTRL's two bits).  A block of a queue >= QUEUES is
 * reserved.
 */
#define ZCNIC_REG_QUEUE_BASE        0x1000
#define ZCNIC_REG_QUEUE_STRIDE      0x0080
#define ZCNIC_REG_QUEUE(q)          (ZCNIC_REG_QUEUE_BASE + \
ZCNIC_REG_QUEUE_STRIDE * (q))
#define ZCNIC_REG_QUEUE_END         ZCNIC_REG_QUEUE(ZCNIC_QUEUES_MAX)
#define ZCNIC_Q_TX_BASE_LO          0x00
#define ZCNIC_Q_TX_BASE_HI          0x04
#define ZCNIC_Q_TX_SIZE             0x08
#define ZCNIC_Q_TX_HEAD             0x0c    /* RO */
#define ZCNIC_Q_TX_TAIL             0x10    /* doorbell */
#define ZCNIC_Q_CTRL                0x14    /* RW: ZCNIC_CTRL_RX_EN, _TX_EN */
#define   ZCNIC_Q_CTRL_RW_MASK      ZCNIC_CTRL_RW_MASK
#define ZCNIC_Q_TX_SHADOW_LO        0x18
#define ZCNIC_Q_TX_SHADOW_HI        0x1c
#define ZCNIC_Q_RX_BASE_LO          0x20
#define ZCNIC_Q_RX_BASE_HI          0x24
#define ZCNIC_Q_RX_SIZE             0x28
#define ZCNIC_Q_RX_HEAD             0x2c    /* RO */
#define ZCNIC_Q_RX_TAIL             0x30    /* doorbell */
#define ZCNIC_Q_RX_HDR_BASE_LO      0x38
#define ZCNIC_Q_RX_HDR_BASE_HI      0x3c
#define ZCNIC_Q_ITR_RX              0x40
#define ZCNIC_Q_ITR_TX              0x44
/* spec 7: the queue's counters (32-bit, wrap, cleared by reset) */
#define ZCNIC_Q_STAT_TX_FRAMES      0x50
#define ZCNIC_Q_STAT_TX_BYTES       0x54
#define ZCNIC_Q_STAT_RX_FRAMES      0x58
#define ZCNIC_Q_STAT_RX_BYTES       0x5c
/* steered to this queue while its RX_EN was clear */
#define ZCNIC_Q_STAT_RX_DROP        0x60
#define ZCNIC_Q_STAT_LAST           ZCNIC_Q_STAT_RX_DROP

/*
 * Hash types (spec 4.8): what the hash covers, in RX word 1 RSS_TYPE.  An
 * L4 type: the ports were hashed (with the addresses RSS_FIELDS selects).
 */
#define ZCNIC_RSS_TYPE_NONE         0   /* no hash: word 0 bits 63:32 are 0 */
#define ZCNIC_RSS_TYPE_IPV4         1
#define ZCNIC_RSS_TYPE_IPV4_TCP     2
#define ZCNIC_RSS_TYPE_IPV4_UDP     3
#define ZCNIC_RSS_TYPE_IPV6         4
#define ZCNIC_RSS_TYPE_IPV6_TCP     5
#define ZCNIC_RSS_TYPE_IPV6_UDP     6

/*
 * Test registers and fault injection (spec 11), as QEMU's rocker has:
 * for driver self-tests and for tests of a driver's error recovery.
 */
#define ZCNIC_REG_TEST_REG          0x0400  /* RW: reads twice the value */
#define ZCNIC_REG_TEST_IRQ          0x0404  /* WO: send this MSI-X vector */
#define ZCNIC_REG_TEST_DMA_ADDR_LO  0x0408
#define ZCNIC_REG_TEST_DMA_ADDR_HI  0x040c
#define ZCNIC_REG_TEST_DMA_SIZE     0x0410  /* 1..ZCNIC_TEST_DMA_MAX bytes */
#define ZCNIC_REG_TEST_DMA_CTRL     0x0414  /* WO: an operation, done at once */
#define   ZCNIC_TEST_DMA_CLEAR      1       /* write zeros */
#define   ZCNIC_TEST_DMA_FILL       2       /* write ZCNIC_TEST_DMA_PATTERN */
#define   ZCNIC_TEST_DMA_INVERT     3       /* read, invert every bit, write */
#define   ZCNIC_TEST_DMA_PATTERN    0x96
#define   ZCNIC_TEST_DMA_MAX        65536
#define ZCNIC_REG_FAULT             0x0418  /* RW: faults armed (reset: 0) */
#define   ZCNIC_FAULT_TX_DMA        (1u << 0)   /* next TX desc. read fails */
#define   ZCNIC_FAULT_RX_DMA        (1u << 1)   /* next RX buffer write fails */
#define   ZCNIC_FAULT_LOSE_IRQ      (1u << 2)   /* next interrupt is not sent */
#define   ZCNIC_FAULT_TX_STALL      (1u << 3)   /* TX ignores doorbells */
#define   ZCNIC_FAULT_ALL           0x0000000fu
/*
 * Faults taken since power-on or a PCI reset, one 8-bit wrapping counter a
 * fault: bits 7:0 TX_DMA, 15:8 RX_DMA, 23:16 LOSE_IRQ, 31:24 TX_STALL (the
 * doorbells it ignored).  CTRL.RESET leaves it: a driver's recovery does
 * not hide that the fault fired.
 */
#define ZCNIC_REG_FAULT_FIRED       0x041c  /* RO */
/*
 * The hostile device (spec 11.1): write-backs that lie, so that a driver's
 * checks of what the device reports can be tested.  KIND picks the lie;
 * the device lies at one chance in EVERY + 1 (a chance: a received frame,
 * a completed TX frame, a doorbell).  CTRL.RESET leaves it, so that a
 * driver's reset meets the same device.
 */
#define ZCNIC_REG_TEST_LIE          0x0420  /* RW */
#define   ZCNIC_LIE_KIND_SHIFT      0
#define   ZCNIC_LIE_KIND_WIDTH      8
#define   ZCNIC_LIE_EVERY_SHIFT     16
#define   ZCNIC_LIE_EVERY_WIDTH     16
#define   ZCNIC_LIE_NONE            0
#define   ZCNIC_LIE_LEN_OVER        1   /* RX LEN beyond the buffer posted */
#define   ZCNIC_LIE_LEN_ZERO        2   /* RX LEN 0 in a frame's first */
#define   ZCNIC_LIE_NO_EOP          3   /* RX frame's last without EOP */
#define   ZCNIC_LIE_EARLY_EOP       4   /* RX EOP on the first, short LEN */
#define   ZCNIC_LIE_UNPOSTED        5   /* DONE on the descriptor at TAIL */
#define   ZCNIC_LIE_DUP_DONE        6   /* the descriptor before done again */
#define   ZCNIC_LIE_GRO             7   /* impossible GRO count and MSS */
#define   ZCNIC_LIE_SPLIT           8   /* impossible SPLIT and HDR_LEN */
#define   ZCNIC_LIE_CSUM            9   /* contradictory checksum status */
#define   ZCNIC_LIE_IRQ             10  /* interrupts with nothing done */
#define   ZCNIC_LIE_MAX             ZCNIC_LIE_IRQ

#define ZCNIC_RING_ALIGN            64
#define ZCNIC_RING_MIN              8
#define ZCNIC_RING_MAX              4096

/*
 * TX shadow block (spec 4.3.1): ZCNIC_SHADOW_SIZE bytes of guest memory at
 * TX_SHADOW, ZCNIC_SHADOW_ALIGN-aligned.  Software stores the TX tail in
 * SHADOW_TX_TAIL and rings TX_TAIL only while the device has stored 1 in
 * SHADOW_TX_KICK (it went idle); while it is 0 the device reads the tail
 * itself before it stops.  Little-endian 32-bit words.
 */
#define ZCNIC_SHADOW_SIZE           64
#define ZCNIC_SHADOW_ALIGN          64
#define ZCNIC_SHADOW_TX_TAIL        0x00    /* software writes */
#define ZCNIC_SHADOW_TX_KICK        0x04    /* the device writes: 0 or 1 */

/*
 * Descriptors (spec 4.2): 16 bytes, two little-endian 64-bit words.  Word 0
 * is the buffer address, word 1 its length and flags.  The device writes
 * word 1 back with DONE set, after everything else the descriptor reports.
 */
#define ZCNIC_DESC_SIZE             16
#define ZCNIC_DESC_ADDR             0       /* byte offset of word 0 */
#define ZCNIC_DESC_CMD              8       /* byte offset of word 1 */
#define   ZCNIC_DESC_LEN_SHIFT      0
#define   ZCNIC_DESC_LEN_WIDTH      16
#define   ZCNIC_DESC_EOP            (1ull << 16)
#define   ZCNIC_DESC_DONE           (1ull << 63)

/*
 * TX descriptor, word 1, as software writes it (spec 4.3, 4.6): LEN bytes
 * to send, EOP on a frame's last buffer.  The rest is read from a frame's
 * first descriptor only.
 *
 *   bits   field
 *   15:0   LEN
 *   16     EOP
 *   17     CSUM: the 16-bit ones' complement sum of the bytes from
 *          CSUM_START to the end of the frame goes to CSUM_START +
 *          CSUM_OFFSET (0 sent as 0xffff)
 *   27:18  CSUM_START
 *   35:28  CSUM_OFFSET
 *   49:36  SEG_MSS: payload bytes a segment
 *   57:50  SEG_HDR_LEN: bytes copied to each segment (Ethernet to L4)
 *   59:58  SEG: none, TCP or UDP segmentation of a frame of up to
 *          ZCNIC_TSO_MAX_LEN bytes; CSUM is then ignored
 *   63     DONE, written back by the device
 */
#define   ZCNIC_TXD_CSUM            (1ull << 17)
#define   ZCNIC_TXD_CSUM_START_SHIFT  18
#define   ZCNIC_TXD_CSUM_START_WIDTH  10
#define   ZCNIC_TXD_CSUM_OFFSET_SHIFT 28
#define   ZCNIC_TXD_CSUM_OFFSET_WIDTH 8
#define   ZCNIC_TXD_SEG_MSS_SHIFT   36
#define   ZCNIC_TXD_SEG_MSS_WIDTH   14
#define   ZCNIC_TXD_SEG_HDR_LEN_SHIFT 50
#define   ZCNIC_TXD_SEG_HDR_LEN_WIDTH 8
#define   ZCNIC_TXD_SEG_SHIFT       58
#define   ZCNIC_TXD_SEG_WIDTH       2
#define   ZCNIC_TXD_SEG_NONE        0
#define   ZCNIC_TXD_SEG_TCP         1
#define   ZCNIC_TXD_SEG_UDP         2

/*
 * RX descriptor, word 1 (spec 4.4, 4.5, 4.7).  Software writes LEN, the
 * buffer's size; the device writes back LEN, the bytes it wrote there, and
 * the flags below.  Status bits are valid in a frame's EOP descriptor,
 * split bits in its first.
 *
 *   bits   field
 *   15:0   LEN
 *   16     EOP
 *   24     IPV4         IPv4 header found
 *   25     IP_CSUM_OK   its checksum is good
 *   26     L4_TCP       TCP found
 *   27     L4_UDP       UDP found
 *   28     L4_CSUM_OK   its checksum is good
 *   29     CSUM_BAD     a checked sum failed
 *   30     IPV6         IPv6 header found
 *   31     SPLIT        headers in the header buffer (first descriptor)
 *   32     HDR_OVERFLOW too long to split (first descriptor)
 *   33     GRO          several TCP segments joined (EOP descriptor)
 *   46:36  HDR_LEN      header bytes split off, up to 1024
 *   50:48  RSS_TYPE     what the hash in word 0 covers (EOP descriptor)
 *   63     DONE
 */
#define   ZCNIC_RXD_IPV4            (1ull << 24)
#define   ZCNIC_RXD_IP_CSUM_OK      (1ull << 25)
#define   ZCNIC_RXD_L4_TCP          (1ull << 26)
#define   ZCNIC_RXD_L4_UDP          (1ull << 27)
#define   ZCNIC_RXD_L4_CSUM_OK      (1ull << 28)
#define   ZCNIC_RXD_CSUM_BAD        (1ull << 29)
#define   ZCNIC_RXD_IPV6            (1ull << 30)
#define   ZCNIC_RXD_SPLIT           (1ull << 31)
#define   ZCNIC_RXD_HDR_OVERFLOW    (1ull << 32)
#define   ZCNIC_RXD_GRO             (1ull << 33)
#define   ZCNIC_RXD_HDR_LEN_SHIFT   36
#define   ZCNIC_RXD_HDR_LEN_WIDTH   11
#define   ZCNIC_RXD_RSS_TYPE_SHIFT  48
#define   ZCNIC_RXD_RSS_TYPE_WIDTH  3

/*
 * RX descriptor, word 0 of the EOP descriptor, written back with GRO
 * (spec 4.7) or with RSS_CTRL.HASH (spec 4.8): the buffer address is gone
 * (software writes it again when it posts the descriptor); the segment
 * count and the MSS (0 without GRO) and the RSS hash are there instead.
 */
#define   ZCNIC_RXD_GRO_SEGS_SHIFT  0
#define   ZCNIC_RXD_GRO_SEGS_WIDTH  16
#define   ZCNIC_RXD_GRO_MSS_SHIFT   16
#define   ZCNIC_RXD_GRO_MSS_WIDTH   16
#define   ZCNIC_RXD_RSS_HASH_SHIFT  32
#define   ZCNIC_RXD_RSS_HASH_WIDTH  32

/* Frame and segmentation limits (spec 4.3, 4.6, 4.7) */
#define ZCNIC_MAX_FRAME             9022    /* 9000 MTU + 14 + 4 (VLAN) + 4 */
#define ZCNIC_MIN_FRAME             14
#define ZCNIC_TX_MAX_FRAGS          32      /* descriptors in one TX frame */
#define ZCNIC_TSO_MAX_LEN           65536   /* bytes in a segmented frame */
#define ZCNIC_TSO_MAX_SEGS          1024    /* segments it may become */
#define ZCNIC_GRO_MAX_IP_LEN        65535   /* IP length, coalesced frame */

/* Register reset values (spec 3, "On reset" column) */
#define ZCNIC_RESET_CTRL            0x00000000u
#define ZCNIC_RESET_INT_CAUSE       0x00000000u
#define ZCNIC_RESET_INT_MASK        0x00000000u
#define ZCNIC_RESET_INT_AUTOCLR     0x00000000u

#define ZCNIC_RESET_RX_CTRL         0x00000000u
#define ZCNIC_RESET_ARP_CTRL        0x00000000u
#define ZCNIC_RESET_ARP_TTL         ZCNIC_ARP_TTL_DEFAULT
#define ZCNIC_RESET_RX_HDR_SIZE     256
#define ZCNIC_RESET_MTU             1500
#define ZCNIC_RESET_RX_GRO          0x00000000u
#define ZCNIC_RESET_RX_GRO_TIMEOUT  50
#define ZCNIC_RESET_RX_GRO_MAX_SEGS ZCNIC_GRO_SEGS_MAX
#define ZCNIC_RESET_TX_SIZE         ZCNIC_RING_MIN
#define ZCNIC_RESET_RX_SIZE         ZCNIC_RING_MIN
#define ZCNIC_RESET_RSS_CTRL        0x00000000u
/* addresses for every type, and the ports of TCP (spec 4.8) */
#define ZCNIC_RESET_RSS_FIELDS      0x0033f33fu
/* the key of Microsoft's RSS verification suite, little-endian words */
#define ZCNIC_RESET_RSS_KEY0        0xda565a6du
#define ZCNIC_RESET_RSS_KEY1        0xc20e5b25u
#define ZCNIC_RESET_RSS_KEY2        0x3d256741u
#define ZCNIC_RESET_RSS_KEY3        0xb08fa343u
#define ZCNIC_RESET_RSS_KEY4        0xcb2bcad0u
#define ZCNIC_RESET_RSS_KEY5        0xb4307baeu
#define ZCNIC_RESET_RSS_KEY6        0xa32dcb77u
#define ZCNIC_RESET_RSS_KEY7        0x0cf23080u
#define ZCNIC_RESET_RSS_KEY8        0x3bb7426au
#define ZCNIC_RESET_RSS_KEY9        0xfa01acbeu

/*
 * The register map (spec 3): every register, by address, as
 * X(NAME, OFFSET, ACCESS, RESET).  The device dispatches MMIO through it,
 * and the qtests and unit/test-hw-header check reset values, read-only
 * and reserved offsets with it.  ACCESS is a combination of:
 */
#define ZCNIC_ACC_R                 (1u << 0)   /* reads the register */
#define ZCNIC_ACC_W                 (1u << 1)   /* takes writes */
#define ZCNIC_ACC_W1C               (1u << 2)   /* write 1 to clear */
/* reset value from a property or the link: RESET is the default's */
#define ZCNIC_ACC_CFG               (1u << 3)
#define ZCNIC_ACC_KEEP              (1u << 4)   /* CTRL.RESET leaves it */
#define ZCNIC_ACC_RO                ZCNIC_ACC_R
#define ZCNIC_ACC_RW                (ZCNIC_ACC_R | ZCNIC_ACC_W)
#define ZCNIC_ACC_WO                ZCNIC_ACC_W    /* reads 0 */
#define ZCNIC_ACC_RW1C              (ZCNIC_ACC_R | ZCNIC_ACC_W1C)

/*
 * Offsets from ZCNIC_REG_SPACE to ZCNIC_REG_QUEUE_BASE, and from
 * ZCNIC_REG_QUEUE(QUEUES) on, are reserved, as are those not listed.
 */
#define ZCNIC_REG_SPACE             0x0800
/* MAC_LO/MAC_HI with QEMU's first default address, 52:54:00:12:34:56 */
#define ZCNIC_MAC_DEFAULT_LO        0x12005452u
#define ZCNIC_MAC_DEFAULT_HI        0x00005634u

#define ZCNIC_REGISTERS(X) \
X(ID, ZCNIC_REG_ID, ZCNIC_ACC_RO, ZCNIC_ID_MAGIC) \
X(VERSION, ZCNIC_REG_VERSION, ZCNIC_ACC_RO | ZCNIC_ACC_CFG, \
(ZCNIC_VERSION_MAJOR << ZCNIC_VERSION_MAJOR_SHIFT) | \
ZCNIC_VERSION_MINOR) \
X(FEATURES, ZCNIC_REG_FEATURES, ZCNIC_ACC_RO, ZCNIC_FEATURES_2_1) \
X(CTRL, ZCNIC_REG_CTRL, ZCNIC_ACC_RW, ZCNIC_RESET_CTRL) \
X(STATUS, ZCNIC_REG_STATUS, ZCNIC_ACC_RO | ZCNIC_ACC_CFG, \
ZCNIC_STATUS_LINK_UP) \
X(MAC_LO, ZCNIC_REG_MAC_LO, ZCNIC_ACC_RW | ZCNIC_ACC_CFG, \
ZCNIC_MAC_DEFAULT_LO) \
X(MAC_HI, ZCNIC_REG_MAC_HI, ZCNIC_ACC_RW | ZCNIC_ACC_CFG, \
ZCNIC_MAC_DEFAULT_HI) \
X(INT_CAUSE, ZCNIC_REG_INT_CAUSE, ZCNIC_ACC_RW1C, \
ZCNIC_RESET_INT_CAUSE) \
X(INT_MASK, ZCNIC_REG_INT_MASK, ZCNIC_ACC_RW, ZCNIC_RESET_INT_MASK) \
X(INT_SET, ZCNIC_REG_INT_SET, ZCNIC_ACC_WO, 0) \
X(INT_MASK_SET, ZCNIC_REG_INT_MASK_SET, ZCNIC_ACC_WO, 0) \
X(INT_MASK_CLR, ZCNIC_REG_INT_MASK_CLR, ZCNIC_ACC_WO, 0) \
X(ERR_STATUS, ZCNIC_REG_ERR_STATUS, ZCNIC_ACC_RO, 0) \
X(MTU, ZCNIC_REG_MTU, ZCNIC_ACC_RW, ZCNIC_RESET_MTU) \
X(INT_AUTOCLR, ZCNIC_REG_INT_AUTOCLR, ZCNIC_ACC_RW, \
ZCNIC_RESET_INT_AUTOCLR) \
X(STAT_TX_FRAMES, ZCNIC_REG_STAT_TX_FRAMES, ZCNIC_ACC_RO, 0) \
X(STAT_TX_BYTES, ZCNIC_REG_STAT_TX_BYTES, ZCNIC_ACC_RO, 0) \
X(STAT_RX_FRAMES, ZCNIC_REG_STAT_RX_FRAMES, ZCNIC_ACC_RO, 0) \
X(STAT_RX_BYTES, ZCNIC_REG_STAT_RX_BYTES, ZCNIC_ACC_RO, 0) \
X(STAT_RX_DROP_DISABLED, ZCNIC_REG_STAT_RX_DROP_DISABLED, \
ZCNIC_ACC_RO, 0) \
X(STAT_RX_DROP_FILTER, ZCNIC_REG_STAT_RX_DROP_FILTER, ZCNIC_ACC_RO, 0) \
X(STAT_RX_DROP_SIZE, ZCNIC_REG_STAT_RX_DROP_SIZE, ZCNIC_ACC_RO, 0) \
X(STAT_RX_CSUM_BAD, ZCNIC_REG_STAT_RX_CSUM_BAD, ZCNIC_ACC_RO, 0) \
X(STAT_TX_BOUNCED, ZCNIC_REG_STAT_TX_BOUNCED, ZCNIC_ACC_RO, 0) \
X(STAT_TX_CSUM, ZCNIC_REG_STAT_TX_CSUM, ZCNIC_ACC_RO, 0) \
X(RX_CTRL, ZCNIC_REG_RX_CTRL, ZCNIC_ACC_RW, ZCNIC_RESET_RX_CTRL) \
X(MC_HASH_LO, ZCNIC_REG_MC_HASH_LO, ZCNIC_ACC_RW, 0) \
X(MC_HASH_HI, ZCNIC_REG_MC_HASH_HI, ZCNIC_ACC_RW, 0) \
X(ITR_RX, ZCNIC_REG_ITR_RX, ZCNIC_ACC_RW, 0) \
X(ITR_TX, ZCNIC_REG_ITR_TX, ZCNIC_ACC_RW, 0) \
X(STAT_SPLIT, ZCNIC_REG_STAT_SPLIT, ZCNIC_ACC_RO, 0) \
X(STAT_NOSPLIT_NOTIP, ZCNIC_REG_STAT_NOSPLIT_NOTIP, ZCNIC_ACC_RO, 0) \
X(STAT_NOSPLIT_FRAG, ZCNIC_REG_STAT_NOSPLIT_FRAG, ZCNIC_ACC_RO, 0) \
X(STAT_NOSPLIT_OVERFLOW, ZCNIC_REG_STAT_NOSPLIT_OVERFLOW, \
ZCNIC_ACC_RO, 0) \
X(STAT_NOSPLIT_BADLEN, ZCNIC_REG_STAT_NOSPLIT_BADLEN, ZCNIC_ACC_RO, 0) \
X(STAT_TSO_FRAMES, ZCNIC_REG_STAT_TSO_FRAMES, ZCNIC_ACC_RO, 0) \
X(STAT_TSO_SEGS, ZCNIC_REG_STAT_TSO_SEGS, ZCNIC_ACC_RO, 0) \
X(STAT_USO_FRAMES, ZCNIC_REG_STAT_USO_FRAMES, ZCNIC_ACC_RO, 0) \
X(STAT_USO_SEGS, ZCNIC_REG_STAT_USO_SEGS, ZCNIC_ACC_RO, 0) \
X(STAT_GRO_FRAMES, ZCNIC_REG_STAT_GRO_FRAMES, ZCNIC_ACC_RO, 0) \
X(STAT_GRO_SEGS, ZCNIC_REG_STAT_GRO_SEGS, ZCNIC_ACC_RO, 0) \
X(STAT_GRO_FLUSH_TIMER, ZCNIC_REG_STAT_GRO_FLUSH_TIMER, \
ZCNIC_ACC_RO, 0) \
X(STAT_GRO_FLUSH_FULL, ZCNIC_REG_STAT_GRO_FLUSH_FULL, ZCNIC_ACC_RO, 0) \
X(STAT_GRO_FLUSH_END, ZCNIC_REG_STAT_GRO_FLUSH_END, ZCNIC_ACC_RO, 0) \
X(STAT_GRO_FLUSH_FLAGS, ZCNIC_REG_STAT_GRO_FLUSH_FLAGS, \
ZCNIC_ACC_RO, 0) \
X(STAT_GRO_FLUSH_OOO, ZCNIC_REG_STAT_GRO_FLUSH_OOO, ZCNIC_ACC_RO, 0) \
X(STAT_GRO_FLUSH_HDR, ZCNIC_REG_STAT_GRO_FLUSH_HDR, ZCNIC_ACC_RO, 0) \
X(STAT_GRO_FLUSH_OTHER, ZCNIC_REG_STAT_GRO_FLUSH_OTHER, \
ZCNIC_ACC_RO, 0) \
X(STAT_SEG_PASSED, ZCNIC_REG_STAT_SEG_PASSED, ZCNIC_ACC_RO, 0) \
X(TX_BASE_LO, ZCNIC_REG_TX_BASE_LO, ZCNIC_ACC_RW, 0) \
X(TX_BASE_HI, ZCNIC_REG_TX_BASE_HI, ZCNIC_ACC_RW, 0) \
X(TX_SIZE, ZCNIC_REG_TX_SIZE, ZCNIC_ACC_RW, ZCNIC_RESET_TX_SIZE) \
X(TX_HEAD, ZCNIC_REG_TX_HEAD, ZCNIC_ACC_RO, 0) \
X(TX_TAIL, ZCNIC_REG_TX_TAIL, ZCNIC_ACC_RW, 0) \
X(TX_SHADOW_LO, ZCNIC_REG_TX_SHADOW_LO, ZCNIC_ACC_RW, 0) \
X(TX_SHADOW_HI, ZCNIC_REG_TX_SHADOW_HI, ZCNIC_ACC_RW, 0) \
X(RX_BASE_LO, ZCNIC_REG_RX_BASE_LO, ZCNIC_ACC_RW, 0) \
X(RX_BASE_HI, ZCNIC_REG_RX_BASE_HI, ZCNIC_ACC_RW, 0) \
X(RX_SIZE, ZCNIC_REG_RX_SIZE, ZCNIC_ACC_RW, ZCNIC_RESET_RX_SIZE) \
X(RX_HEAD, ZCNIC_REG_RX_HEAD, ZCNIC_ACC_RO, 0) \
X(RX_TAIL, ZCNIC_REG_RX_TAIL, ZCNIC_ACC_RW, 0) \
X(RX_SPLIT, ZCNIC_REG_RX_SPLIT, ZCNIC_ACC_RW, 0) \
X(RX_HDR_SIZE, ZCNIC_REG_RX_HDR_SIZE, ZCNIC_ACC_RW, \
ZCNIC_RESET_RX_HDR_SIZE) \
X(RX_HDR_BASE_LO, ZCNIC_REG_RX_HDR_BASE_LO, ZCNIC_ACC_RW, 0) \
X(RX_HDR_BASE_HI, ZCNIC_REG_RX_HDR_BASE_HI, ZCNIC_ACC_RW, 0) \
X(RX_GRO, ZCNIC_REG_RX_GRO, ZCNIC_ACC_RW, ZCNIC_RESET_RX_GRO) \
X(RX_GRO_TIMEOUT, ZCNIC_REG_RX_GRO_TIMEOUT, ZCNIC_ACC_RW, \
ZCNIC_RESET_RX_GRO_TIMEOUT) \
X(RX_GRO_MAX_SEGS, ZCNIC_REG_RX_GRO_MAX_SEGS, ZCNIC_ACC_RW, \
ZCNIC_RESET_RX_GRO_MAX_SEGS) \
X(ARP_CTRL, ZCNIC_REG_ARP_CTRL, ZCNIC_ACC_RW, ZCNIC_RESET_ARP_CTRL) \
X(ARP_TTL, ZCNIC_REG_ARP_TTL, ZCNIC_ACC_RW, ZCNIC_RESET_ARP_TTL) \
X(ARP_FLUSH, ZCNIC_REG_ARP_FLUSH, ZCNIC_ACC_WO, 0) \
X(ARP_ENTRIES, ZCNIC_REG_ARP_ENTRIES, ZCNIC_ACC_RO | ZCNIC_ACC_CFG, \
ZCNIC_ARP_ENTRIES_DEFAULT) \
X(ARP_HOST_IP0, ZCNIC_REG_ARP_HOST_IP(0), ZCNIC_ACC_RW, 0) \
X(ARP_HOST_IP1, ZCNIC_REG_ARP_HOST_IP(1), ZCNIC_ACC_RW, 0) \
X(ARP_HOST_IP2, ZCNIC_REG_ARP_HOST_IP(2), ZCNIC_ACC_RW, 0) \
X(ARP_HOST_IP3, ZCNIC_REG_ARP_HOST_IP(3), ZCNIC_ACC_RW, 0) \
X(ARP_HOST_IP4, ZCNIC_REG_ARP_HOST_IP(4), ZCNIC_ACC_RW, 0) \
X(ARP_HOST_IP5, ZCNIC_REG_ARP_HOST_IP(5), ZCNIC_ACC_RW, 0) \
X(ARP_HOST_IP6, ZCNIC_REG_ARP_HOST_IP(6), ZCNIC_ACC_RW, 0) \
X(ARP_HOST_IP7, ZCNIC_REG_ARP_HOST_IP(7), ZCNIC_ACC_RW, 0) \
X(ARP_QUERY_IP, ZCNIC_REG_ARP_QUERY_IP, ZCNIC_ACC_RW, 0) \
X(ARP_QUERY_STATUS, ZCNIC_REG_ARP_QUERY_STATUS, ZCNIC_ACC_RO, \
ZCNIC_ARP_ST_IDLE) \
X(ARP_RESULT_MAC_LO, ZCNIC_REG_ARP_RESULT_MAC_LO, ZCNIC_ACC_RO, 0) \
X(ARP_RESULT_MAC_HI, ZCNIC_REG_ARP_RESULT_MAC_HI, ZCNIC_ACC_RO, 0) \
X(ARP_TBL_INDEX, ZCNIC_REG_ARP_TBL_INDEX, ZCNIC_ACC_RW, 0) \
X(ARP_TBL_IP, ZCNIC_REG_ARP_TBL_IP, ZCNIC_ACC_RO, 0) \
X(ARP_TBL_MAC_LO, ZCNIC_REG_ARP_TBL_MAC_LO, ZCNIC_ACC_RO, 0) \
X(ARP_TBL_MAC_HI, ZCNIC_REG_ARP_TBL_MAC_HI, ZCNIC_ACC_RO, 0) \
X(ARP_TBL_TTL, ZCNIC_REG_ARP_TBL_TTL, ZCNIC_ACC_RO, 0) \
X(STAT_ARP_ANSWERED, ZCNIC_REG_STAT_ARP_ANSWERED, ZCNIC_ACC_RO, 0) \
X(STAT_ARP_LEARNED, ZCNIC_REG_STAT_ARP_LEARNED, ZCNIC_ACC_RO, 0) \
X(STAT_ARP_UPDATED, ZCNIC_REG_STAT_ARP_UPDATED, ZCNIC_ACC_RO, 0) \
X(STAT_ARP_EXPIRED, ZCNIC_REG_STAT_ARP_EXPIRED, ZCNIC_ACC_RO, 0) \
X(STAT_ARP_OVERFLOW, ZCNIC_REG_STAT_ARP_OVERFLOW, ZCNIC_ACC_RO, 0) \
X(STAT_ARP_QUERY_HIT, ZCNIC_REG_STAT_ARP_QUERY_HIT, ZCNIC_ACC_RO, 0) \
X(STAT_ARP_QUERY_MISS, ZCNIC_REG_STAT_ARP_QUERY_MISS, ZCNIC_ACC_RO, 0) \
X(STAT_ARP_REQ_SENT, ZCNIC_REG_STAT_ARP_REQ_SENT, ZCNIC_ACC_RO, 0) \
X(STAT_ARP_MALFORMED, ZCNIC_REG_STAT_ARP_MALFORMED, ZCNIC_ACC_RO, 0) \
X(TEST_REG, ZCNIC_REG_TEST_REG, ZCNIC_ACC_RW, 0) \
X(TEST_IRQ, ZCNIC_REG_TEST_IRQ, ZCNIC_ACC_WO, 0) \
X(TEST_DMA_ADDR_LO, ZCNIC_REG_TEST_DMA_ADDR_LO, ZCNIC_ACC_RW, 0) \
X(TEST_DMA_ADDR_HI, ZCNIC_REG_TEST_DMA_ADDR_HI, ZCNIC_ACC_RW, 0) \
X(TEST_DMA_SIZE, ZCNIC_REG_TEST_DMA_SIZE, ZCNIC_ACC_RW, 0) \
X(TEST_DMA_CTRL, ZCNIC_REG_TEST_DMA_CTRL, ZCNIC_ACC_WO, 0) \
X(FAULT, ZCNIC_REG_FAULT, ZCNIC_ACC_RW, 0) \
X(FAULT_FIRED, ZCNIC_REG_FAULT_FIRED, ZCNIC_ACC_RO | ZCNIC_ACC_KEEP, 0) \
X(TEST_LIE, ZCNIC_REG_TEST_LIE, ZCNIC_ACC_RW | ZCNIC_ACC_KEEP, 0) \
X(RSS_CTRL, ZCNIC_REG_RSS_CTRL, ZCNIC_ACC_RW, ZCNIC_RESET_RSS_CTRL) \
X(RSS_FIELDS, ZCNIC_REG_RSS_FIELDS, ZCNIC_ACC_RW, ZCNIC_RESET_RSS_FIELDS) \
X(RSS_KEY0, ZCNIC_REG_RSS_KEY(0), ZCNIC_ACC_RW, ZCNIC_RESET_RSS_KEY0) \
X(RSS_KEY1, ZCNIC_REG_RSS_KEY(1), ZCNIC_ACC_RW, ZCNIC_RESET_RSS_KEY1) \
X(RSS_KEY2, ZCNIC_REG_RSS_KEY(2), ZCNIC_ACC_RW, ZCNIC_RESET_RSS_KEY2) \
X(RSS_KEY3, ZCNIC_REG_RSS_KEY(3), ZCNIC_ACC_RW, ZCNIC_RESET_RSS_KEY3) \
X(RSS_KEY4, ZCNIC_REG_RSS_KEY(4), ZCNIC_ACC_RW, ZCNIC_RESET_RSS_KEY4) \
X(RSS_KEY5, ZCNIC_REG_RSS_KEY(5), ZCNIC_ACC_RW, ZCNIC_RESET_RSS_KEY5) \
X(RSS_KEY6, ZCNIC_REG_RSS_KEY(6), ZCNIC_ACC_RW, ZCNIC_RESET_RSS_KEY6) \
X(RSS_KEY7, ZCNIC_REG_RSS_KEY(7), ZCNIC_ACC_RW, ZCNIC_RESET_RSS_KEY7) \
X(RSS_KEY8, ZCNIC_REG_RSS_KEY(8), ZCNIC_ACC_RW, ZCNIC_RESET_RSS_KEY8) \
X(RSS_KEY9, ZCNIC_REG_RSS_KEY(9), ZCNIC_ACC_RW, ZCNIC_RESET_RSS_KEY9) \
X(RSS_INDIR0, ZCNIC_REG_RSS_INDIR(0), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR1, ZCNIC_REG_RSS_INDIR(1), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR2, ZCNIC_REG_RSS_INDIR(2), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR3, ZCNIC_REG_RSS_INDIR(3), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR4, ZCNIC_REG_RSS_INDIR(4), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR5, ZCNIC_REG_RSS_INDIR(5), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR6, ZCNIC_REG_RSS_INDIR(6), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR7, ZCNIC_REG_RSS_INDIR(7), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR8, ZCNIC_REG_RSS_INDIR(8), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR9, ZCNIC_REG_RSS_INDIR(9), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR10, ZCNIC_REG_RSS_INDIR(10), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR11, ZCNIC_REG_RSS_INDIR(11), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR12, ZCNIC_REG_RSS_INDIR(12), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR13, ZCNIC_REG_RSS_INDIR(13), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR14, ZCNIC_REG_RSS_INDIR(14), ZCNIC_ACC_RW, 0) \
X(RSS_INDIR15, ZCNIC_REG_RSS_INDIR(15), ZCNIC_ACC_RW, 0) \
X(NT_INDEX, ZCNIC_REG_NT_INDEX, ZCNIC_ACC_RW, 0) \
X(NT_CMD, ZCNIC_REG_NT_CMD, ZCNIC_ACC_WO, 0) \
X(NT_ACTION, ZCNIC_REG_NT_WORD(0), ZCNIC_ACC_RW, 0) \
X(NT_L3, ZCNIC_REG_NT_WORD(1), ZCNIC_ACC_RW, 0) \
X(NT_ETYPE, ZCNIC_REG_NT_WORD(2), ZCNIC_ACC_RW, 0) \
X(NT_VLAN, ZCNIC_REG_NT_WORD(3), ZCNIC_ACC_RW, 0) \
X(NT_PORTS, ZCNIC_REG_NT_WORD(4), ZCNIC_ACC_RW, 0) \
X(NT_PORTS_MASK, ZCNIC_REG_NT_WORD(5), ZCNIC_ACC_RW, 0) \
X(NT_SRC0, ZCNIC_REG_NT_WORD(6), ZCNIC_ACC_RW, 0) \
X(NT_SRC1, ZCNIC_REG_NT_WORD(7), ZCNIC_ACC_RW, 0) \
X(NT_SRC2, ZCNIC_REG_NT_WORD(8), ZCNIC_ACC_RW, 0) \
X(NT_SRC3, ZCNIC_REG_NT_WORD(9), ZCNIC_ACC_RW, 0) \
X(NT_SRC_MASK0, ZCNIC_REG_NT_WORD(10), ZCNIC_ACC_RW, 0) \
X(NT_SRC_MASK1, ZCNIC_REG_NT_WORD(11), ZCNIC_ACC_RW, 0) \
X(NT_SRC_MASK2, ZCNIC_REG_NT_WORD(12), ZCNIC_ACC_RW, 0) \
X(NT_SRC_MASK3, ZCNIC_REG_NT_WORD(13), ZCNIC_ACC_RW, 0) \
X(NT_DST0, ZCNIC_REG_NT_WORD(14), ZCNIC_ACC_RW, 0) \
X(NT_DST1, ZCNIC_REG_NT_WORD(15), ZCNIC_ACC_RW, 0) \
X(NT_DST2, ZCNIC_REG_NT_WORD(16), ZCNIC_ACC_RW, 0) \
X(NT_DST3, ZCNIC_REG_NT_WORD(17), ZCNIC_ACC_RW, 0) \
X(NT_DST_MASK0, ZCNIC_REG_NT_WORD(18), ZCNIC_ACC_RW, 0) \
X(NT_DST_MASK1, ZCNIC_REG_NT_WORD(19), ZCNIC_ACC_RW, 0) \
X(NT_DST_MASK2, ZCNIC_REG_NT_WORD(20), ZCNIC_ACC_RW, 0) \
X(NT_DST_MASK3, ZCNIC_REG_NT_WORD(21), ZCNIC_ACC_RW, 0) \
X(NT_HITS, ZCNIC_REG_NT_HITS, ZCNIC_ACC_RO, 0) \
X(NT_RULES, ZCNIC_REG_NT_RULES, ZCNIC_ACC_RO, ZCNIC_NT_RULES) \
X(STAT_RX_DROP_NTUPLE, ZCNIC_REG_STAT_RX_DROP_NTUPLE, ZCNIC_ACC_RO, 0) \
X(QUEUES, ZCNIC_REG_QUEUES, ZCNIC_ACC_RO | ZCNIC_ACC_CFG, \
ZCNIC_QUEUES_DEFAULT) \
X(QINT_CAUSE, ZCNIC_REG_QINT_CAUSE, ZCNIC_ACC_RW1C, 0) \
X(QINT_MASK, ZCNIC_REG_QINT_MASK, ZCNIC_ACC_RW, 0) \
X(QINT_MASK_SET, ZCNIC_REG_QINT_MASK_SET, ZCNIC_ACC_WO, 0) \
X(QINT_MASK_CLR, ZCNIC_REG_QINT_MASK_CLR, ZCNIC_ACC_WO, 0) \
X(QINT_AUTOCLR, ZCNIC_REG_QINT_AUTOCLR, ZCNIC_ACC_RW, 0)

/*
 * Queue q's block (spec 4.10), as X(NAME, Q_OFFSET, ACCESS, RESET); queue
 * 0's also has the address of LEGACY (0: Q_CTRL, whose bits are CTRL's).
 */
#define ZCNIC_QUEUE_REGISTERS(X) \
X(Q_TX_BASE_LO, ZCNIC_Q_TX_BASE_LO, ZCNIC_ACC_RW, 0, ZCNIC_REG_TX_BASE_LO) \
X(Q_TX_BASE_HI, ZCNIC_Q_TX_BASE_HI, ZCNIC_ACC_RW, 0, ZCNIC_REG_TX_BASE_HI) \
X(Q_TX_SIZE, ZCNIC_Q_TX_SIZE, ZCNIC_ACC_RW, ZCNIC_RESET_TX_SIZE, \
ZCNIC_REG_TX_SIZE) \
X(Q_TX_HEAD, ZCNIC_Q_TX_HEAD, ZCNIC_ACC_RO, 0, ZCNIC_REG_TX_HEAD) \
X(Q_TX_TAIL, ZCNIC_Q_TX_TAIL, ZCNIC_ACC_RW, 0, ZCNIC_REG_TX_TAIL) \
X(Q_CTRL, ZCNIC_Q_CTRL, ZCNIC_ACC_RW, 0, 0) \
X(Q_TX_SHADOW_LO, ZCNIC_Q_TX_SHADOW_LO, ZCNIC_ACC_RW, 0, \
ZCNIC_REG_TX_SHADOW_LO) \
X(Q_TX_SHADOW_HI, ZCNIC_Q_TX_SHADOW_HI, ZCNIC_ACC_RW, 0, \
ZCNIC_REG_TX_SHADOW_HI) \
X(Q_RX_BASE_LO, ZCNIC_Q_RX_BASE_LO, ZCNIC_ACC_RW, 0, ZCNIC_REG_RX_BASE_LO) \
X(Q_RX_BASE_HI, ZCNIC_Q_RX_BASE_HI, ZCNIC_ACC_RW, 0, ZCNIC_REG_RX_BASE_HI) \
X(Q_RX_SIZE, ZCNIC_Q_RX_SIZE, ZCNIC_ACC_RW, ZCNIC_RESET_RX_SIZE, \
ZCNIC_REG_RX_SIZE) \
X(Q_RX_HEAD, ZCNIC_Q_RX_HEAD, ZCNIC_ACC_RO, 0, ZCNIC_REG_RX_HEAD) \
X(Q_RX_TAIL, ZCNIC_Q_RX_TAIL, ZCNIC_ACC_RW, 0, ZCNIC_REG_RX_TAIL) \
X(Q_RX_HDR_BASE_LO, ZCNIC_Q_RX_HDR_BASE_LO, ZCNIC_ACC_RW, 0, \
ZCNIC_REG_RX_HDR_BASE_LO) \
X(Q_RX_HDR_BASE_HI, ZCNIC_Q_RX_HDR_BASE_HI, ZCNIC_ACC_RW, 0, \
ZCNIC_REG_RX_HDR_BASE_HI) \
X(Q_ITR_RX, ZCNIC_Q_ITR_RX, ZCNIC_ACC_RW, 0, ZCNIC_REG_ITR_RX) \
X(Q_ITR_TX, ZCNIC_Q_ITR_TX, ZCNIC_ACC_RW, 0, ZCNIC_REG_ITR_TX) \
X(Q_STAT_TX_FRAMES, ZCNIC_Q_STAT_TX_FRAMES, ZCNIC_ACC_RO, 0, 0) \
X(Q_STAT_TX_BYTES, ZCNIC_Q_STAT_TX_BYTES, ZCNIC_ACC_RO, 0, 0) \
X(Q_STAT_RX_FRAMES, ZCNIC_Q_STAT_RX_FRAMES, ZCNIC_ACC_RO, 0, 0) \
X(Q_STAT_RX_BYTES, ZCNIC_Q_STAT_RX_BYTES, ZCNIC_ACC_RO, 0, 0) \
X(Q_STAT_RX_DROP, ZCNIC_Q_STAT_RX_DROP, ZCNIC_ACC_RO, 0, 0)

#endif /* ZCNIC_HW_H */
