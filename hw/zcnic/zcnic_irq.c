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

/* spec 5: which MSI-X vector signals each cause */
static const struct {
    uint32_t causes;
    unsigned vector;
    int itr;                /* moderation slot, or -1 */
} zcnic_vec_map[] = {
    { ZCNIC_INT_LINK | ZCNIC_INT_ERR | ZCNIC_INT_ARP, ZCNIC_VEC_MISC, -1 },
    { ZCNIC_INT_RX, ZCNIC_VEC_RX, ZCNIC_ITR_RX },
    { ZCNIC_INT_TX, ZCNIC_VEC_TX, ZCNIC_ITR_TX },
};

static void zcnic_msix_send(ZcnicCore *s, int i)
{
    uint32_t fire = s->int_cause & s->int_mask & zcnic_vec_map[i].causes;

    if (!fire) {
        return;
    }
    if (zcnic_vec_map[i].itr >= 0) {
        ZcnicItr *itr = &s->itr[zcnic_vec_map[i].itr];
        int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

        if (itr->interval_us && now < itr->next_ns) {
            /* spec 5.2: too early: send when the interval has passed */
            if (!itr->pending) {
                itr->pending = true;
                timer_mod(itr->timer, itr->next_ns);
                trace_zcnic_irq_moderated(zcnic_vec_map[i].vector,
                                          itr->next_ns - now);
            }
            return;
        }
        itr->pending = false;
        itr->next_ns = now + (int64_t)itr->interval_us * SCALE_US;
        s->int_mask &= ~zcnic_vec_map[i].causes;
    }
    if (zcnic_fault(s, ZCNIC_FAULT_LOSE_IRQ)) {
        return;     /* spec 11: auto-masked, and the message is lost */
    }
    /* spec 5.1: INT_AUTOCLR causes are acknowledged by sending */
    s->int_cause &= ~(fire & s->int_autoclr);
    trace_zcnic_irq_msix(zcnic_vec_map[i].vector, fire);
    msix_notify(s->owner, zcnic_vec_map[i].vector);
}

/*
 * spec 5: an interrupt is signalled when a cause bit becomes set while it is
 * enabled, or is enabled while set.  With MSI-X each such event sends the
 * cause's vector once; with INTx the line is the OR of enabled causes.
 */
void zcnic_update_irq(ZcnicCore *s, uint32_t newly_set)
{
    PCIDevice *d = s->owner;
    uint32_t pending = s->int_cause & s->int_mask;

    trace_zcnic_irq_update(s->int_cause, s->int_mask);
    if (msix_enabled(d)) {
        for (int i = 0; i < ARRAY_SIZE(zcnic_vec_map); i++) {
            if (newly_set & s->int_mask & zcnic_vec_map[i].causes) {
                zcnic_msix_send(s, i);
            }
        }
        return;
    }
    if (pending && newly_set && zcnic_fault(s, ZCNIC_FAULT_LOSE_IRQ)) {
        return;     /* spec 11: the line stays as it was */
    }
    pci_set_irq(d, pending != 0);
}

static void zcnic_itr_timer(void *opaque, int slot)
{
    ZcnicCore *s = opaque;
    bool g = zcnic_guard_enter(s);

    if (s->itr[slot].pending && msix_enabled(s->owner)) {
        s->itr[slot].pending = false;
        s->itr[slot].next_ns = 0;
        zcnic_msix_send(s, slot + 1);   /* zcnic_vec_map order */
    }
    zcnic_guard_exit(s, g);
}

void zcnic_itr_rx_timer(void *opaque)
{
    zcnic_itr_timer(opaque, ZCNIC_ITR_RX);
}

void zcnic_itr_tx_timer(void *opaque)
{
    zcnic_itr_timer(opaque, ZCNIC_ITR_TX);
}

void zcnic_set_cause(ZcnicCore *s, uint32_t cause)
{
    uint32_t newly_set = cause & ~s->int_cause;

    s->int_cause |= cause;
    zcnic_update_irq(s, newly_set);
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
        for (int v = 0; v < ZCNIC_MSIX_VECTORS; v++) {
            msix_notify(d, v);
        }
    } else {
        zcnic_update_irq(s, 0);     /* INTx: the line follows ERR */
    }
}
