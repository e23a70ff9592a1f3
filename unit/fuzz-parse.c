/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for hw/zcnic/zcnic_parse.c, zcnic_arp.c and zcnic_seg.c
 * (TSO header checks, GRO classification and finishing): any byte
 * string is a frame.  Beyond ASan/UBSan it checks the parser's promise that
 * every offset it reports lies inside the frame, and that an ARP frame the
 * device would learn from makes a record that a lookup finds.  Built and
 * run by tools/fuzz-parse.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zcnic_parse.h"
#include "zcnic_arp.h"
#include "zcnic_seg.h"

/* ARP: learn from the frame into a small cache; the record must be found */
static void fuzz_arp(const uint8_t *frame, size_t len)
{
    static ZcnicArpEntry e[4];
    static int64_t now = 1;
    ZcnicArpCache c = { e, 4 };
    ZcnicArpPkt pkt;
    int idx;

    now += ZCNIC_ARP_NS_PER_S / 2;
    zcnic_arp_expire(&c, now, NULL, NULL);
    if (zcnic_arp_parse(frame, len, &pkt) != ZCNIC_ARP_OK) {
        return;
    }
    if (zcnic_arp_write(&c, pkt.spa, pkt.sha, 1 + (len & 3), now, &idx) !=
        ZCNIC_ARP_OVERFLOW &&
        (zcnic_arp_lookup(&c, pkt.spa, now) != idx ||
         memcmp(e[idx].mac, pkt.sha, 6))) {
        abort();
    }
}

/* TSO/GRO: header checks never read past HDR_LEN; a coalescible frame
 * finishes into one whose checksums verify */
static void fuzz_seg(uint8_t *frame, size_t len, const ZcnicPktInfo *pi)
{
    ZcnicSegInfo si;
    ZcnicGroSeg g;
    ZcnicPktInfo pi2;

    if (zcnic_seg_parse(frame, len < 255 ? len : 255, len & 1, &si) ==
        ZCNIC_SEG_OK) {
        uint8_t *gso;

        if (si.hdr_len > len) {
            abort();
        }
        gso = malloc(si.hdr_len);       /* exact: ASan sees any overrun */
        zcnic_seg_build_gso(&si, frame, gso, len - si.hdr_len);
        free(gso);
    }
    if (zcnic_gro_classify(frame, len, pi, &g) != ZCNIC_GRO_OK) {
        return;
    }
    if (!zcnic_gro_same_flow(frame, &g, frame, &g) ||
        g.hdr_len + g.payload != len) {
        abort();
    }
    zcnic_gro_finish(frame, &g, g.payload, g.payload_sum, g.psh);
    zcnic_parse(frame, len, &pi2);
    if (zcnic_l4_csum(frame, &pi2) != ZCNIC_CSUM_OK) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    ZcnicPktInfo pi;
    uint8_t *frame;
    size_t hdr;

    if (len > 65536) {
        return 0;
    }
    /* An exact-size copy: ASan then sees any read past the frame. */
    frame = malloc(len ? len : 1);
    memcpy(frame, data, len);
    zcnic_parse(frame, len, &pi);
    zcnic_ip_csum(frame, &pi);
    zcnic_l4_csum(frame, &pi);
    if (pi.l3 != ZCNIC_L3_NONE &&
        (pi.l3_off >= len || pi.l3_end > len || pi.l3_end < pi.l3_off)) {
        abort();
    }
    if ((pi.l4 == ZCNIC_L4_TCP || pi.l4 == ZCNIC_L4_UDP) &&
        pi.l4_off + pi.l4_hdr_len > pi.l3_end) {
        abort();
    }
    if (zcnic_split_point(&pi, &hdr) == ZCNIC_SPLIT_OK && hdr > len) {
        abort();
    }
    fuzz_arp(frame, len);
    fuzz_seg(frame, len, &pi);
    free(frame);
    return 0;
}
