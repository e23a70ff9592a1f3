/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic ntuple rules (spec 4.9): QEMU-independent, unit-tested
 * (unit/test-steer.c), fuzzable.  A rule is its ZCNIC_NT_WORDS register
 * words, as software wrote them to the staging registers.
 */
#ifndef ZCNIC_STEER_H
#define ZCNIC_STEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zcnic/zcnic_hw.h"
#include "zcnic_parse.h"

typedef struct ZcnicNtRule {
    uint32_t w[ZCNIC_NT_WORDS];
} ZcnicNtRule;

/*
 * Whether R can be a rule of a device with QUEUES queues; if not, *WHY says
 * which field is wrong (a static string).
 */
bool zcnic_nt_rule_check(const ZcnicNtRule *r, unsigned queues,
                         const char **why);

/* Whether FRAME (LEN bytes, parsed into PI) matches rule R. */
bool zcnic_nt_match(const ZcnicNtRule *r, const uint8_t *frame, size_t len,
                    const ZcnicPktInfo *pi);

/*
 * The lowest-numbered of the N rules whose bit is set in VALID (a bitmap
 * of N bits) that FRAME matches, or -1.
 */
int zcnic_nt_lookup(const ZcnicNtRule *rules, const uint64_t *valid,
                    unsigned n, const uint8_t *frame, size_t len,
                    const ZcnicPktInfo *pi);

#endif /* ZCNIC_STEER_H */
