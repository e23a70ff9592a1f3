/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic: interrupt causes, MSI-X and INTx, moderation (spec 5).
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "qemu/timer.h"
#include "qemu/units.h"
#include "hw/pci/msix.h"

#include "zcnic_core.h"
#include "trace.h"

/*
 * spec 5, 4.10: the causes vector V signals, the registers they are in, and
 * its moderation.  Vector 0: INT_CAUSE's LINK, ERR and ARP; queue 0's RX
 * and TX vectors: INT_CAUSE's RX and TX (QINT bits 0 and 1); queue q's
 * from 1 on: QINT bits 2q and 2q + 1.
 */
typedef struct ZcnicVec {
    uint32_t *cause;
    uint32_t *mask;
    uint32_t *autoclr;
    uint32_t bits;
    ZcnicItr *itr;
} ZcnicVec;

static ZcnicVec zcnic_vec(ZcnicCore *s, unsigned v)
{
    unsigned qi = (v - 1) / 2;
    bool tx = (v - 1) & 1;

    if (v == ZCNIC_VEC_MISC) {
        return (ZcnicVec) { &s->int_cause, &s->int_mask, &s->int_autoclr,
                            ZCNIC_INT_LINK | ZCNIC_INT_ERR | ZCNIC_INT_ARP,
                            NULL };
    }
    if (qi == 0) {
        return (ZcnicVec) { &s->int_cause, &s->int_mask, &s->int_autoclr,
                            tx ? ZCNIC_INT_TX : ZCNIC_INT_RX,
                            &s->q[0].itr[tx ? ZCNIC_ITR_TX : ZCNIC_ITR_RX] };
    }
    return (ZcnicVec) { &s->qcause, &s->qmask, &s->qautoclr, 1u << (v - 1),
                        &s->q[qi].itr[tx ? ZCNIC_ITR_TX : ZCNIC_ITR_RX] };
}

/* spec 4.10: the QINT bits of the queues the device has */
uint32_t zcnic_qint_valid(ZcnicCore *s)
{
    return s->num_queues >= 16 ? UINT32_MAX :
           (1u << (2 * s->num_queues)) - 1;
}

static void zcnic_msix_send(ZcnicCore *s, unsigned v)
{
    ZcnicVec vec = zcnic_vec(s, v);
    uint32_t fire = *vec.cause & *vec.mask & vec.bits;

    if (!fire) {
        return;
    }
    if (vec.itr) {
        ZcnicItr *itr = vec.itr;
        int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

        if (itr->interval_us && now < itr->next_ns) {
            /* spec 5.2: too early: send when the interval has passed */
            if (!itr->pending) {
                itr->pending = true;
                timer_mod(itr->timer, itr->next_ns);
                trace_zcnic_irq_moderated(v, itr->next_ns - now);
            }
            return;
        }
        itr->pending = false;
        itr->next_ns = now + (int64_t)itr->interval_us * SCALE_US;
        *vec.mask &= ~vec.bits;
    }
    if (zcnic_fault(s, ZCNIC_FAULT_LOSE_IRQ)) {
        return;     /* spec 11: auto-masked, and the message is lost */
    }
    /* spec 5.1: INT_AUTOCLR (QINT_AUTOCLR) causes are acknowledged */
    *vec.cause &= ~(fire & *vec.autoclr);
    trace_zcnic_irq_msix(v, fire);
    msix_notify(s->owner, v);
}

/* INTx: the line is the OR of enabled causes */
static void zcnic_intx_update(ZcnicCore *s, bool newly_set)
{
    bool pending = (s->int_cause & s->int_mask) || (s->qcause & s->qmask);

    if (pending && newly_set && zcnic_fault(s, ZCNIC_FAULT_LOSE_IRQ)) {
        return;     /* spec 11: the line stays as it was */
    }
    pci_set_irq(s->owner, pending);
}

/*
 * spec 5: an interrupt is signalled when a cause bit becomes set while it is
 * enabled, or is enabled while set.  With MSI-X each such event sends the
 * cause's vector once; with INTx the line is the OR of enabled causes.
 * NEWLY_SET: INT_CAUSE bits; NEWLY_Q: QINT bits of queues from 1 on.
 */
void zcnic_update_irqs(ZcnicCore *s, uint32_t newly_set, uint32_t newly_q)
{
    trace_zcnic_irq_update(s->int_cause, s->int_mask);
    if (!msix_enabled(s->owner)) {
        zcnic_intx_update(s, newly_set || newly_q);    /* one line, once */
        return;
    }
    for (unsigned v = 0; v <= ZCNIC_VEC_TX; v++) {
        ZcnicVec vec = zcnic_vec(s, v);

        if (newly_set & *vec.mask & vec.bits) {
            zcnic_msix_send(s, v);
        }
    }
    newly_q &= s->qmask & zcnic_qint_valid(s) &
               ~(ZCNIC_QINT_RX(0) | ZCNIC_QINT_TX(0));
    while (newly_q) {
        unsigned b = ctz32(newly_q);

        newly_q &= newly_q - 1;
        zcnic_msix_send(s, b + 1);
    }
}

void zcnic_update_irq(ZcnicCore *s, uint32_t newly_set)
{
    zcnic_update_irqs(s, newly_set, 0);
}

void zcnic_update_qirq(ZcnicCore *s, uint32_t newly_set)
{
    zcnic_update_irqs(s, 0, newly_set);
}

/* spec 5.2: a moderated vector's interval has passed */
void zcnic_itr_timer(void *opaque)
{
    ZcnicItr *itr = opaque;
    ZcnicCore *s = itr->core;
    bool g = zcnic_guard_enter(s);

    if (itr->pending && msix_enabled(s->owner)) {
        itr->pending = false;
        itr->next_ns = 0;
        zcnic_msix_send(s, itr->vector);
    }
    zcnic_guard_exit(s, g);
}

void zcnic_set_cause(ZcnicCore *s, uint32_t cause)
{
    uint32_t newly_set = cause & ~s->int_cause;

    s->int_cause |= cause;
    zcnic_update_irq(s, newly_set);
}

/* spec 4.10: queue QI's RX or TX cause */
void zcnic_set_qcause(ZcnicCore *s, unsigned qi, bool tx)
{
    uint32_t bit, newly_set;

    if (qi == 0) {
        zcnic_set_cause(s, tx ? ZCNIC_INT_TX : ZCNIC_INT_RX);
        return;
    }
    bit = tx ? ZCNIC_QINT_TX(qi) : ZCNIC_QINT_RX(qi);
    newly_set = bit & ~s->qcause;
    s->qcause |= bit;
    zcnic_update_qirq(s, newly_set);
}

/*
 * spec 11.1, lie IRQ: every vector is sent and INT_CAUSE.ERR set with
 * nothing done and no ERR_STATUS bit behind it.
 */
void zcnic_lie_irq(ZcnicCore *s)
{
    PCIDevice *d = s->owner;

    if (!zcnic_lie(s, ZCNIC_LIE_IRQ)) {
        return;
    }
    s->int_cause |= ZCNIC_INT_ERR;
    if (msix_enabled(d)) {
        for (int v = 0; v < ZCNIC_MSIX_VECTORS(s->num_queues); v++) {
            msix_notify(d, v);
        }
    } else {
        zcnic_intx_update(s, false);    /* INTx: the line follows ERR */
    }
}
