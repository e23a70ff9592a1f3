/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic: a zero-copy PCIe NIC model (QOM/PCI shell).
 *
 * The programming interface is include/zcnic/zcnic_hw.h; the normative
 * description is docs/spec.rst of the zcnic project.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "net/net.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pcie.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "system/system.h"
#include "migration/vmstate.h"
#include "qom/object.h"

#include "zcnic/zcnic_hw.h"
#include "trace.h"

#define TYPE_ZCNIC "zcnic"
OBJECT_DECLARE_SIMPLE_TYPE(ZcnicState, ZCNIC)

struct ZcnicState {
    PCIDevice parent_obj;

    NICState *nic;
    NICConf conf;

    MemoryRegion mmio;
    MemoryRegion msix;

    /* registers (spec 3) */
    uint32_t status;
    uint32_t mac_lo;
    uint32_t mac_hi;
    uint32_t int_cause;
    uint32_t int_mask;

    /* properties */
    uint16_t version_major;
};

/* spec 5: an interrupt is signalled when a cause bit is set and enabled. */
static void zcnic_update_irq(ZcnicState *s, uint32_t newly_set)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint32_t pending = s->int_cause & s->int_mask;

    trace_zcnic_irq_update(s->int_cause, s->int_mask);
    if (msix_enabled(d)) {
        if (newly_set & s->int_mask & ZCNIC_INT_LINK) {
            trace_zcnic_irq_msix(ZCNIC_VEC_MISC, newly_set & s->int_mask);
            msix_notify(d, ZCNIC_VEC_MISC);
        }
        return;
    }
    pci_set_irq(d, pending != 0);
}

static void zcnic_set_cause(ZcnicState *s, uint32_t cause)
{
    uint32_t newly_set = cause & ~s->int_cause;

    s->int_cause |= cause;
    zcnic_update_irq(s, newly_set);
}

static void zcnic_load_mac(ZcnicState *s)
{
    const uint8_t *m = s->conf.macaddr.a;

    s->mac_lo = ldl_le_p(m);
    s->mac_hi = lduw_le_p(m + 4);
}

static void zcnic_update_link(ZcnicState *s)
{
    NetClientState *nc = qemu_get_queue(s->nic);

    if (nc->link_down) {
        s->status &= ~ZCNIC_STATUS_LINK_UP;
    } else {
        s->status |= ZCNIC_STATUS_LINK_UP;
    }
}

/* spec 3.4: CTRL.RESET puts every register back to its "On reset" value. */
static void zcnic_soft_reset(ZcnicState *s)
{
    trace_zcnic_reset();
    s->int_cause = ZCNIC_RESET_INT_CAUSE;
    s->int_mask = ZCNIC_RESET_INT_MASK;
    zcnic_load_mac(s);
    zcnic_update_link(s);
    zcnic_update_irq(s, 0);
}

static uint64_t zcnic_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    ZcnicState *s = opaque;
    uint32_t val = 0;

    switch (addr) {
    case ZCNIC_REG_ID:
        val = ZCNIC_ID_MAGIC;
        break;
    case ZCNIC_REG_VERSION:
        val = deposit32(ZCNIC_VERSION_MINOR, ZCNIC_VERSION_MAJOR_SHIFT,
                        ZCNIC_VERSION_MAJOR_WIDTH, s->version_major);
        break;
    case ZCNIC_REG_FEATURES:
    case ZCNIC_REG_CTRL:
    case ZCNIC_REG_INT_SET:
        val = 0;
        break;
    case ZCNIC_REG_STATUS:
        val = s->status;
        break;
    case ZCNIC_REG_MAC_LO:
        val = s->mac_lo;
        break;
    case ZCNIC_REG_MAC_HI:
        val = s->mac_hi;
        break;
    case ZCNIC_REG_INT_CAUSE:
        val = s->int_cause;
        break;
    case ZCNIC_REG_INT_MASK:
        val = s->int_mask;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "zcnic: read of reserved register 0x%" HWADDR_PRIx "\n",
                      addr);
        break;
    }
    trace_zcnic_mmio_read(addr, val);
    return val;
}

static void zcnic_mmio_write(void *opaque, hwaddr addr, uint64_t val64,
                             unsigned size)
{
    ZcnicState *s = opaque;
    uint32_t val = val64;

    trace_zcnic_mmio_write(addr, val);
    switch (addr) {
    case ZCNIC_REG_CTRL:
        if (val & ZCNIC_CTRL_RESET) {
            zcnic_soft_reset(s);
        }
        break;
    case ZCNIC_REG_MAC_LO:
        s->mac_lo = val;
        trace_zcnic_mac_set(s->mac_lo, s->mac_hi);
        break;
    case ZCNIC_REG_MAC_HI:
        s->mac_hi = val & ZCNIC_MAC_HI_MASK;
        trace_zcnic_mac_set(s->mac_lo, s->mac_hi);
        break;
    case ZCNIC_REG_INT_CAUSE:
        s->int_cause &= ~val;
        zcnic_update_irq(s, 0);
        break;
    case ZCNIC_REG_INT_MASK: {
        /* spec 5: enabling a pending cause signals it. */
        uint32_t enabled = val & ~s->int_mask;

        s->int_mask = val & ZCNIC_INT_ALL;
        zcnic_update_irq(s, enabled & s->int_cause);
        break;
    }
    case ZCNIC_REG_INT_SET:
        zcnic_set_cause(s, val & ZCNIC_INT_ALL);
        break;
    case ZCNIC_REG_ID:
    case ZCNIC_REG_VERSION:
    case ZCNIC_REG_FEATURES:
    case ZCNIC_REG_STATUS:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "zcnic: write 0x%x to read-only register 0x%"
                      HWADDR_PRIx " ignored\n", val, addr);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "zcnic: write 0x%x to reserved register 0x%"
                      HWADDR_PRIx " ignored\n", val, addr);
        break;
    }
}

static const MemoryRegionOps zcnic_mmio_ops = {
    .read = zcnic_mmio_read,
    .write = zcnic_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static bool zcnic_nc_can_receive(NetClientState *nc)
{
    return true;
}

static ssize_t zcnic_nc_receive(NetClientState *nc, const uint8_t *buf,
                                size_t size)
{
    /* No receive queue in version 1.0: the frame is consumed and dropped. */
    trace_zcnic_rx_drop(size);
    return size;
}

static void zcnic_nc_link_status_changed(NetClientState *nc)
{
    ZcnicState *s = qemu_get_nic_opaque(nc);
    uint32_t old = s->status;

    zcnic_update_link(s);
    trace_zcnic_link_status(!nc->link_down);
    if (old != s->status) {
        zcnic_set_cause(s, ZCNIC_INT_LINK);
    }
}

static NetClientInfo zcnic_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .can_receive = zcnic_nc_can_receive,
    .receive = zcnic_nc_receive,
    .link_status_changed = zcnic_nc_link_status_changed,
};

static void zcnic_realize(PCIDevice *pci_dev, Error **errp)
{
    ZcnicState *s = ZCNIC(pci_dev);
    DeviceState *dev = DEVICE(pci_dev);
    int ret;

    pci_dev->config[PCI_INTERRUPT_PIN] = 1;

    memory_region_init_io(&s->mmio, OBJECT(s), &zcnic_mmio_ops, s,
                          "zcnic-mmio", ZCNIC_BAR_REGS_SIZE);
    pci_register_bar(pci_dev, ZCNIC_BAR_REGS, PCI_BASE_ADDRESS_SPACE_MEMORY,
                     &s->mmio);

    memory_region_init(&s->msix, OBJECT(s), "zcnic-msix",
                       ZCNIC_BAR_MSIX_SIZE);
    pci_register_bar(pci_dev, ZCNIC_BAR_MSIX, PCI_BASE_ADDRESS_SPACE_MEMORY,
                     &s->msix);

    ret = pcie_endpoint_cap_init(pci_dev, 0xa0);
    if (ret < 0) {
        error_setg(errp, "zcnic: cannot add the PCIe capability");
        return;
    }

    ret = msix_init(pci_dev, ZCNIC_MSIX_VECTORS,
                    &s->msix, ZCNIC_BAR_MSIX, ZCNIC_MSIX_TABLE_OFFSET,
                    &s->msix, ZCNIC_BAR_MSIX, ZCNIC_MSIX_PBA_OFFSET,
                    0x70, errp);
    if (ret < 0) {
        pcie_cap_exit(pci_dev);
        return;
    }
    for (int i = 0; i < ZCNIC_MSIX_VECTORS; i++) {
        msix_vector_use(pci_dev, i);
    }

    qemu_macaddr_default_if_unset(&s->conf.macaddr);
    s->nic = qemu_new_nic(&zcnic_net_info, &s->conf,
                          object_get_typename(OBJECT(s)), dev->id,
                          &dev->mem_reentrancy_guard, s);
    qemu_format_nic_info_str(qemu_get_queue(s->nic), s->conf.macaddr.a);
}

static void zcnic_exit(PCIDevice *pci_dev)
{
    ZcnicState *s = ZCNIC(pci_dev);

    qemu_del_nic(s->nic);
    msix_unuse_all_vectors(pci_dev);
    msix_uninit(pci_dev, &s->msix, &s->msix);
    pcie_cap_exit(pci_dev);
}

static void zcnic_reset_hold(Object *obj, ResetType type)
{
    zcnic_soft_reset(ZCNIC(obj));
}

static int zcnic_post_load(void *opaque, int version_id)
{
    ZcnicState *s = opaque;

    /* The link belongs to the destination's netdev, not to the stream. */
    zcnic_nc_link_status_changed(qemu_get_queue(s->nic));
    return 0;
}

static const VMStateDescription zcnic_vmstate = {
    .name = TYPE_ZCNIC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zcnic_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, ZcnicState),
        VMSTATE_MSIX(parent_obj, ZcnicState),
        VMSTATE_UINT32(status, ZcnicState),
        VMSTATE_UINT32(mac_lo, ZcnicState),
        VMSTATE_UINT32(mac_hi, ZcnicState),
        VMSTATE_UINT32(int_cause, ZcnicState),
        VMSTATE_UINT32(int_mask, ZcnicState),
        VMSTATE_END_OF_LIST()
    }
};

static const Property zcnic_properties[] = {
    DEFINE_NIC_PROPERTIES(ZcnicState, conf),
    DEFINE_PROP_UINT16("x-version-major", ZcnicState, version_major,
                       ZCNIC_VERSION_MAJOR),
};

static void zcnic_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = zcnic_realize;
    k->exit = zcnic_exit;
    k->vendor_id = ZCNIC_PCI_VENDOR_ID;
    k->device_id = ZCNIC_PCI_DEVICE_ID;
    k->revision = ZCNIC_PCI_REVISION;
    k->class_id = PCI_CLASS_NETWORK_ETHERNET;

    rc->phases.hold = zcnic_reset_hold;

    dc->desc = "zcnic zero-copy NIC (scatter/gather, header split, ARP offload)";
    dc->vmsd = &zcnic_vmstate;
    device_class_set_props(dc, zcnic_properties);
    object_class_property_set_description(klass, "mac",
        "MAC address, reset value of MAC_LO/MAC_HI (default: 52:54:00:12:34:5x)");
    object_class_property_set_description(klass, "netdev",
        "the network backend the NIC is connected to");
    object_class_property_set_description(klass, "x-version-major",
        "major number in the VERSION register (testing drivers only)");
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static void zcnic_instance_init(Object *obj)
{
    ZcnicState *s = ZCNIC(obj);

    device_add_bootindex_property(obj, &s->conf.bootindex, "bootindex",
                                  "/ethernet-phy@0", DEVICE(obj));
}

static const TypeInfo zcnic_info = {
    .name = TYPE_ZCNIC,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(ZcnicState),
    .class_init = zcnic_class_init,
    .instance_init = zcnic_instance_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void zcnic_register_types(void)
{
    type_register_static(&zcnic_info);
}

type_init(zcnic_register_types)
