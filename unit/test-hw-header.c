/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit test of the hardware contract header: it must compile on its own as
 * strict C11, and its numbers must be self-consistent (no two registers at
 * one offset, no overlapping fields, vectors within the MSI-X table).
 * g_test cases, TAP (zcnic-unit.h).
 */
#include <stdint.h>
#include <stdio.h>

#include "zcnic/zcnic_hw.h"
#include "zcnic-unit.h"


/* the register map, as the device and the qtests use it */
#define X(name, off, acc, reset) { off, #name, acc, reset },
static const struct {
    uint32_t off;
    const char *name;
    uint32_t acc;
    uint32_t reset;
} regs[] = {
    ZCNIC_REGISTERS(X)
};
#undef X
#define NREGS (sizeof(regs) / sizeof(regs[0]))

static int is_pow2(uint64_t v)
{
    return v && !(v & (v - 1));
}

static void test_contract(void)
{
    static const uint32_t ints[] = {
        ZCNIC_INT_LINK, ZCNIC_INT_RX, ZCNIC_INT_TX, ZCNIC_INT_ERR,
        ZCNIC_INT_ARP,
    };
    static const uint32_t vecs[] = {
        ZCNIC_VEC_MISC, ZCNIC_VEC_RX, ZCNIC_VEC_TX,
    };
    uint32_t seen = 0;
    int ok;

    ok = 1;
    for (unsigned i = 0; i < NREGS; i++) {
        if (regs[i].off % 4 || regs[i].off >= ZCNIC_BAR_REGS_SIZE) {
            printf("# %s at 0x%x\n", regs[i].name, regs[i].off);
            ok = 0;
        }
    }
    check(ok, "registers are 32-bit aligned and inside BAR0");

    ok = 1;
    for (unsigned i = 0; i < NREGS; i++) {
        for (unsigned j = i + 1; j < NREGS; j++) {
            if (regs[i].off == regs[j].off) {
                printf("# %s and %s share 0x%x\n", regs[i].name,
                       regs[j].name, regs[i].off);
                ok = 0;
            }
        }
    }
    check(ok, "no two registers share an offset");

    ok = 1;
    for (unsigned i = 0; i < NREGS; i++) {
        uint32_t a = regs[i].acc;

        if ((i && regs[i].off <= regs[i - 1].off) ||
            regs[i].off >= ZCNIC_REG_SPACE || !(a & ~ZCNIC_ACC_CFG) ||
            (a & ~(ZCNIC_ACC_R | ZCNIC_ACC_W | ZCNIC_ACC_W1C |
                   ZCNIC_ACC_CFG | ZCNIC_ACC_KEEP)) ||
            (!(a & ZCNIC_ACC_R) && regs[i].reset)) {
            printf("# %s at 0x%x: access 0x%x reset 0x%x\n", regs[i].name,
                   regs[i].off, a, regs[i].reset);
            ok = 0;
        }
    }
    check(ok, "the register map is ordered by address, below "
          "ZCNIC_REG_SPACE, with defined access bits; write-only "
          "registers reset to 0");

    check(ZCNIC_REG_TX_SIZE - ZCNIC_REG_TX_BASE_LO ==
          ZCNIC_REG_RX_SIZE - ZCNIC_REG_RX_BASE_LO &&
          ZCNIC_REG_TX_TAIL - ZCNIC_REG_TX_BASE_LO ==
          ZCNIC_REG_RX_TAIL - ZCNIC_REG_RX_BASE_LO &&
          ZCNIC_REG_TX_HEAD - ZCNIC_REG_TX_BASE_LO ==
          ZCNIC_REG_RX_HEAD - ZCNIC_REG_RX_BASE_LO,
          "TX and RX ring register blocks have the same layout");

    ok = 1;
    for (unsigned i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        ok &= is_pow2(ints[i]) && !(seen & ints[i]);
        seen |= ints[i];
    }
    check(ok && seen == ZCNIC_INT_ALL,
          "interrupt causes are distinct bits and INT_ALL is their union");

    ok = 1;
    for (unsigned i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
        ok &= vecs[i] < ZCNIC_MSIX_VECTORS(1);
        for (unsigned j = i + 1; j < sizeof(vecs) / sizeof(vecs[0]); j++) {
            ok &= vecs[i] != vecs[j];
        }
    }
    check(ok, "MSI-X vectors are distinct and inside the table");

    check(ZCNIC_MSIX_PBA_OFFSET >= ZCNIC_MSIX_TABLE_OFFSET +
          16 * ZCNIC_MSIX_VECTORS_MAX &&
          ZCNIC_MSIX_PBA_OFFSET + 8 <= ZCNIC_BAR_MSIX_SIZE,
          "MSI-X table and PBA fit in their BAR without overlap");

    check((ZCNIC_ERR_TX_RING | ZCNIC_ERR_TX_DESC | ZCNIC_ERR_TX_DMA) ==
          ((ZCNIC_ERR_TX_RING | ZCNIC_ERR_TX_DESC | ZCNIC_ERR_TX_DMA) &
           ZCNIC_ERR_TX_MASK) &&
          (ZCNIC_ERR_RX_RING | ZCNIC_ERR_RX_DESC | ZCNIC_ERR_RX_DMA) ==
          ((ZCNIC_ERR_RX_RING | ZCNIC_ERR_RX_DESC | ZCNIC_ERR_RX_DMA) &
           ZCNIC_ERR_RX_MASK) &&
          !(ZCNIC_ERR_TX_MASK & ZCNIC_ERR_RX_MASK),
          "error bits sit inside their queue's mask, masks disjoint");

    check(ZCNIC_DESC_SIZE == 16 && ZCNIC_DESC_CMD == 8 &&
          ZCNIC_DESC_ADDR == 0,
          "descriptor is two 64-bit words");

    check(ZCNIC_DESC_LEN_SHIFT + ZCNIC_DESC_LEN_WIDTH <= 16 &&
          !(((1ull << ZCNIC_DESC_LEN_WIDTH) - 1) << ZCNIC_DESC_LEN_SHIFT &
            (ZCNIC_DESC_EOP | ZCNIC_DESC_DONE)) &&
          ZCNIC_DESC_EOP != ZCNIC_DESC_DONE,
          "descriptor LEN, EOP and DONE do not overlap");

    {
        uint64_t len = ((1ull << ZCNIC_DESC_LEN_WIDTH) - 1)
                       << ZCNIC_DESC_LEN_SHIFT;
        uint64_t start = ((1ull << ZCNIC_TXD_CSUM_START_WIDTH) - 1)
                         << ZCNIC_TXD_CSUM_START_SHIFT;
        uint64_t off = ((1ull << ZCNIC_TXD_CSUM_OFFSET_WIDTH) - 1)
                       << ZCNIC_TXD_CSUM_OFFSET_SHIFT;
        uint64_t flags = ZCNIC_DESC_EOP | ZCNIC_DESC_DONE | ZCNIC_TXD_CSUM;
        uint64_t rx = ZCNIC_RXD_IPV4 | ZCNIC_RXD_IP_CSUM_OK |
                      ZCNIC_RXD_L4_TCP | ZCNIC_RXD_L4_UDP |
                      ZCNIC_RXD_L4_CSUM_OK | ZCNIC_RXD_CSUM_BAD |
                      ZCNIC_RXD_IPV6 | ZCNIC_RXD_SPLIT |
                      ZCNIC_RXD_HDR_OVERFLOW;
        uint64_t hlen = ((1ull << ZCNIC_RXD_HDR_LEN_WIDTH) - 1)
                        << ZCNIC_RXD_HDR_LEN_SHIFT;

        check(!(len & start) && !(len & off) && !(start & off) &&
              !((len | start | off) & flags) &&
              ZCNIC_TXD_CSUM_OFFSET_SHIFT + ZCNIC_TXD_CSUM_OFFSET_WIDTH < 63,
              "TX descriptor fields LEN, CSUM_START, CSUM_OFFSET and flags "
              "do not overlap");
        check(!(rx & (len | hlen | ZCNIC_DESC_EOP | ZCNIC_DESC_DONE)) &&
              !(hlen & (len | ZCNIC_DESC_EOP | ZCNIC_DESC_DONE)) &&
              __builtin_popcountll(rx) == 9 &&
              ZCNIC_HDR_SIZE_MAX < (1u << ZCNIC_RXD_HDR_LEN_WIDTH),
              "RX status bits and HDR_LEN are distinct, clear of LEN, EOP, "
              "DONE; HDR_LEN holds the largest header buffer");
    }

    check(ZCNIC_MAX_FRAME < (1u << ZCNIC_DESC_LEN_WIDTH) &&
          ZCNIC_MIN_FRAME < ZCNIC_MAX_FRAME,
          "the largest frame fits in one descriptor's LEN");

    check(is_pow2(ZCNIC_RING_MIN) && is_pow2(ZCNIC_RING_MAX) &&
          is_pow2(ZCNIC_RING_ALIGN) && ZCNIC_RING_MIN <= ZCNIC_RING_MAX &&
          ZCNIC_RING_ALIGN % ZCNIC_DESC_SIZE == 0 &&
          is_pow2(ZCNIC_RESET_TX_SIZE) && is_pow2(ZCNIC_RESET_RX_SIZE),
          "ring limits are powers of two, descriptors tile the alignment");

    check(ZCNIC_VERSION_MINOR_SHIFT + ZCNIC_VERSION_MINOR_WIDTH <=
          ZCNIC_VERSION_MAJOR_SHIFT &&
          ZCNIC_VERSION_MAJOR_SHIFT + ZCNIC_VERSION_MAJOR_WIDTH <= 32 &&
          ZCNIC_VERSION_MINOR < (1u << ZCNIC_VERSION_MINOR_WIDTH) &&
          (ZCNIC_CTRL_RESET & ZCNIC_CTRL_RW_MASK) == 0,
          "VERSION fields fit; CTRL.RESET never reads back");

    check(ZCNIC_ARP_ST_IDLE == 0 && ZCNIC_ARP_ST_RESULT == 1 &&
          ZCNIC_ARP_ST_NO_RESULT == 2 && ZCNIC_ARP_ST_OVERFLOW == 3 &&
          ZCNIC_ARP_ST_BUSY == 7 &&
          ZCNIC_ARP_ST_BUSY < (1u << ZCNIC_ARP_STATUS_WIDTH),
          "ARP status codes are the paper's 000/001/010/011/111");
    check(!(ZCNIC_ERR_ARP & (ZCNIC_ERR_TX_MASK | ZCNIC_ERR_RX_MASK)) &&
          ZCNIC_REG_STAT_ARP_LAST - ZCNIC_REG_STAT_ARP_ANSWERED == 8 * 4 &&
          ZCNIC_REG_ARP_HOST_IP(ZCNIC_ARP_HOST_IPS - 1) <
          ZCNIC_REG_ARP_QUERY_IP &&
          ZCNIC_ARP_TTL_DEFAULT <= ZCNIC_ARP_TTL_MAX &&
          ZCNIC_ARP_ENTRIES_DEFAULT <= ZCNIC_ARP_ENTRIES_MAX &&
          (ZCNIC_FEATURES_1_3 & ZCNIC_FEAT_ARP),
          "ARP errors stop no queue; ARP counters and host table are contiguous");

    check(ZCNIC_TXD_CSUM_OFFSET_SHIFT + ZCNIC_TXD_CSUM_OFFSET_WIDTH <=
          ZCNIC_TXD_SEG_MSS_SHIFT &&
          ZCNIC_TXD_SEG_MSS_SHIFT + ZCNIC_TXD_SEG_MSS_WIDTH <=
          ZCNIC_TXD_SEG_HDR_LEN_SHIFT &&
          ZCNIC_TXD_SEG_HDR_LEN_SHIFT + ZCNIC_TXD_SEG_HDR_LEN_WIDTH <=
          ZCNIC_TXD_SEG_SHIFT &&
          ZCNIC_TXD_SEG_SHIFT + ZCNIC_TXD_SEG_WIDTH <= 63 &&
          (1u << ZCNIC_TXD_SEG_MSS_WIDTH) > ZCNIC_MTU_MAX,
          "TX segmentation fields follow the checksum fields, below DONE");
    check(ZCNIC_RXD_GRO > ZCNIC_RXD_HDR_OVERFLOW &&
          ZCNIC_RXD_GRO < (1ull << ZCNIC_RXD_HDR_LEN_SHIFT) &&
          ZCNIC_RXD_GRO_MSS_SHIFT >= ZCNIC_RXD_GRO_SEGS_WIDTH &&
          ZCNIC_GRO_SEGS_MAX < (1u << ZCNIC_RXD_GRO_SEGS_WIDTH) &&
          !(ZCNIC_ERR_CFG & (ZCNIC_ERR_TX_MASK | ZCNIC_ERR_RX_MASK)) &&
          ZCNIC_REG_STAT_SEG_LAST - ZCNIC_REG_STAT_TSO_FRAMES == 13 * 4 &&
          ZCNIC_REG_STAT_SEG_LAST < ZCNIC_REG_TX_BASE_LO &&
          (ZCNIC_FEATURES_1_4 & ZCNIC_FEAT_TSO) &&
          (ZCNIC_FEATURES_1_4 & ZCNIC_FEATURES_1_3) == ZCNIC_FEATURES_1_3,
          "GRO write-back bits are free; CFG stops no queue; counters fit");
    check((ZCNIC_INT_AUTOCLR_MASK & ~(ZCNIC_INT_RX | ZCNIC_INT_TX)) == 0 &&
          (ZCNIC_FEATURES_1_5 & ZCNIC_FEATURES_1_4) == ZCNIC_FEATURES_1_4 &&
          (ZCNIC_FEATURES_1_5 & ZCNIC_FEAT_INT_AUTOCLR) &&
          !(ZCNIC_FEATURES_1_4 & ZCNIC_FEAT_INT_AUTOCLR),
          "INT_AUTOCLR covers only the auto-masked causes; 1.5 adds it");
    check((ZCNIC_FEATURES_1_6 & ZCNIC_FEATURES_1_5) == ZCNIC_FEATURES_1_5 &&
          (ZCNIC_FEATURES_1_6 & ZCNIC_FEAT_TX_SHADOW) &&
          !(ZCNIC_FEATURES_1_5 & ZCNIC_FEAT_TX_SHADOW) &&
          ZCNIC_REG_TX_SHADOW_LO > ZCNIC_REG_TX_TAIL &&
          ZCNIC_REG_TX_SHADOW_HI == ZCNIC_REG_TX_SHADOW_LO + 4 &&
          ZCNIC_REG_TX_SHADOW_HI < ZCNIC_REG_RX_BASE_LO &&
          ZCNIC_SHADOW_TX_KICK + 4 <= ZCNIC_SHADOW_SIZE &&
          ZCNIC_SHADOW_TX_TAIL != ZCNIC_SHADOW_TX_KICK &&
          ZCNIC_SHADOW_ALIGN >= ZCNIC_SHADOW_SIZE,
          "TX shadow block: 1.6 adds it; registers past TX_TAIL; words fit");
    check((ZCNIC_FEATURES_1_7 & ZCNIC_FEATURES_1_6) == ZCNIC_FEATURES_1_6 &&
          (ZCNIC_FEATURES_1_7 & ZCNIC_FEAT_RSS_HASH) &&
          (ZCNIC_FEATURES_1_8 & ZCNIC_FEATURES_1_7) == ZCNIC_FEATURES_1_7 &&
          (ZCNIC_FEATURES_1_8 & ZCNIC_FEAT_NTUPLE) &&
          !(ZCNIC_FEATURES_1_7 & ZCNIC_FEAT_NTUPLE) &&
          /* RSS_TYPE lies between HDR_LEN and DONE, and holds 0..6 */
          ZCNIC_RXD_HDR_LEN_SHIFT + ZCNIC_RXD_HDR_LEN_WIDTH <=
          ZCNIC_RXD_RSS_TYPE_SHIFT &&
          ZCNIC_RXD_RSS_TYPE_SHIFT + ZCNIC_RXD_RSS_TYPE_WIDTH < 63 &&
          ZCNIC_RSS_TYPE_IPV6_UDP < (1u << ZCNIC_RXD_RSS_TYPE_WIDTH) &&
          /* the hash in word 0 is above GRO's count and MSS */
          ZCNIC_RXD_GRO_MSS_SHIFT + ZCNIC_RXD_GRO_MSS_WIDTH <=
          ZCNIC_RXD_RSS_HASH_SHIFT &&
          ZCNIC_RXD_RSS_HASH_SHIFT + ZCNIC_RXD_RSS_HASH_WIDTH == 64 &&
          /* the key's words, then the rule window, without overlap */
          ZCNIC_RSS_KEY_WORDS * 4 == ZCNIC_RSS_KEY_LEN &&
          ZCNIC_RSS_INPUT_MAX + 4 <= ZCNIC_RSS_KEY_LEN &&
          ZCNIC_REG_RSS_KEY(ZCNIC_RSS_KEY_WORDS) <= ZCNIC_REG_NT_INDEX &&
          ZCNIC_REG_NT_WORD(ZCNIC_NT_WORDS) == ZCNIC_REG_NT_HITS &&
          ZCNIC_NT_W_DST_MASK + 4 == ZCNIC_NT_WORDS &&
          ZCNIC_REG_STAT_RX_DROP_NTUPLE < ZCNIC_REG_SPACE &&
          ZCNIC_RSS_FIELDS_SHIFT(ZCNIC_RSS_FT_NUM) <= 32 &&
          (ZCNIC_RESET_RSS_FIELDS & ~ZCNIC_RSS_FIELDS_RW_MASK) == 0,
          "RSS and ntuple: 1.7 and 1.8 add them; fields and registers fit");
    check((ZCNIC_FEATURES_2_0 & ZCNIC_FEATURES_1_8) == ZCNIC_FEATURES_1_8 &&
          (ZCNIC_FEATURES_2_0 & ZCNIC_FEAT_MQ) &&
          !(ZCNIC_FEATURES_1_8 & ZCNIC_FEAT_MQ) &&
          ZCNIC_VERSION_MAJOR == 2 &&
          /* a 4-bit entry, a rule's queue field, and QINT hold any queue */
          ZCNIC_QUEUES_MAX <= (1u << ZCNIC_RSS_INDIR_WIDTH) &&
          ZCNIC_QUEUES_MAX <= (1u << ZCNIC_NT_QUEUE_WIDTH) &&
          ZCNIC_QINT_TX(ZCNIC_QUEUES_MAX - 1) == 1u << 31 &&
          ZCNIC_RSS_INDIR_WORDS * ZCNIC_RSS_INDIR_PER_WORD ==
          ZCNIC_RSS_INDIR_ENTRIES &&
          ZCNIC_RSS_INDIR_PER_WORD * ZCNIC_RSS_INDIR_WIDTH == 32 &&
          ZCNIC_REG_RSS_INDIR(0) >= ZCNIC_REG_RSS_KEY(ZCNIC_RSS_KEY_WORDS) &&
          ZCNIC_REG_RSS_INDIR(ZCNIC_RSS_INDIR_WORDS) <= ZCNIC_REG_NT_INDEX &&
          ZCNIC_REG_QINT_AUTOCLR < ZCNIC_REG_SPACE &&
          ZCNIC_REG_SPACE <= ZCNIC_REG_QUEUE_BASE &&
          ZCNIC_REG_QUEUE_END <= ZCNIC_BAR_REGS_SIZE &&
          ZCNIC_Q_STAT_LAST < ZCNIC_REG_QUEUE_STRIDE &&
          /* queue 0's block and the 1.x addresses keep the same order */
          ZCNIC_REG_TX_BASE_LO + ZCNIC_Q_TX_SHADOW_HI ==
          ZCNIC_REG_TX_SHADOW_HI &&
          ZCNIC_REG_RX_BASE_LO + ZCNIC_Q_RX_TAIL - ZCNIC_Q_RX_BASE_LO ==
          ZCNIC_REG_RX_TAIL &&
          ZCNIC_VEC_Q_TX(ZCNIC_QUEUES_MAX - 1) + 1 == ZCNIC_MSIX_VECTORS_MAX &&
          ZCNIC_MSIX_VECTORS_MAX * 16 <= ZCNIC_MSIX_PBA_OFFSET,
          "2.0: queue pairs; blocks, vectors, table and QINT bits fit");
    check(ZCNIC_FEATURES_2_1 == (ZCNIC_FEATURES_2_0 | ZCNIC_FEAT_LOOPBACK) &&
          !(ZCNIC_FEATURES_2_0 & ZCNIC_FEAT_LOOPBACK) &&
          ZCNIC_VERSION_MINOR == 1 &&
          (ZCNIC_RESET_RX_CTRL & ~ZCNIC_RX_CTRL_RW_MASK) == 0 &&
          ZCNIC_RX_CTRL_LOOPBACK & ZCNIC_RX_CTRL_RW_MASK,
          "2.1: loopback, a FEATURES bit and an RX_CTRL bit of its own");

    check(ZCNIC_ERR_ALL == (ZCNIC_ERR_TX_RING | ZCNIC_ERR_TX_DESC |
                            ZCNIC_ERR_TX_DMA | ZCNIC_ERR_RX_RING |
                            ZCNIC_ERR_RX_DESC | ZCNIC_ERR_RX_DMA |
                            ZCNIC_ERR_ARP | ZCNIC_ERR_CFG | ZCNIC_ERR_TEST) &&
          ZCNIC_LIE_MAX < (1u << ZCNIC_LIE_KIND_WIDTH) &&
          ZCNIC_LIE_KIND_SHIFT + ZCNIC_LIE_KIND_WIDTH <=
          ZCNIC_LIE_EVERY_SHIFT &&
          ZCNIC_LIE_EVERY_SHIFT + ZCNIC_LIE_EVERY_WIDTH <= 32 &&
          ZCNIC_REG_FAULT_FIRED == ZCNIC_REG_FAULT + 4 &&
          ZCNIC_REG_TEST_LIE == ZCNIC_REG_FAULT_FIRED + 4 &&
          (ZCNIC_FAULT_ALL >> 4) == 0,
          "ERR_ALL is every error bit; TEST_LIE's fields fit; FAULT_FIRED "
          "has a byte a fault");

}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hw-header/contract", test_contract);
    return g_test_run();
}
