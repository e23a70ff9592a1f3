/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for hw/zcnic/zcnic_parse.c: any byte string is a frame.
 * Beyond ASan/UBSan it checks the parser's promise that every offset it
 * reports lies inside the frame.  Built and run by tools/fuzz-parse.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zcnic_parse.h"

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
    free(frame);
    return 0;
}
