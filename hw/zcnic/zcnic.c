/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic: a zero-copy PCIe NIC model (the QOM/PCI shell).
 *
 * The programming interface is include/zcnic/zcnic_hw.h; the normative
 * description is docs/spec.rst of the zcnic project.  As QEMU's igb.c is to
 * igb_core.c, this file holds what QOM, PCI and the net layer see (realize,
 * reset, properties, net client callbacks, VMState); the device itself is
 * the core, zcnic_core.h.
 */

#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "net/eth.h"
#include "net/net.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pcie.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "system/system.h"
#include "qom/object.h"

#include "zcnic_core.h"

#define TYPE_ZCNIC "zcnic"
OBJECT_DECLARE_SIMPLE_TYPE(ZcnicState, ZCNIC)

struct ZcnicState {
    PCIDevice parent_obj;

    NICState *nic;
    NICConf conf;

    MemoryRegion mmio;
    MemoryRegion msix;

    ZcnicCore core;
};

static uint64_t zcnic_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    ZcnicState *s = opaque;

    return zcnic_core_read(&s->core, addr, size);
}

static void zcnic_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    ZcnicState *s = opaque;

    zcnic_core_write(&s->core, addr, val, size);
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

/* The NIC's opaque is the core (the TX path's sent callback needs it). */
static bool zcnic_nc_can_receive(NetClientState *nc)
{
    return zcnic_core_can_receive(qemu_get_nic_opaque(nc));
}

static ssize_t zcnic_nc_receive(NetClientState *nc, const uint8_t *buf,
                                size_t size)
{
    return zcnic_core_receive(qemu_get_nic_opaque(nc), buf, size);
}

static void zcnic_nc_link_status_changed(NetClientState *nc)
{
    zcnic_core_set_link(qemu_get_nic_opaque(nc));
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

    if (s->core.arp_entries < 1 ||
        s->core.arp_entries > ZCNIC_ARP_ENTRIES_MAX) {
        error_setg(errp, "zcnic: arp-entries must be between 1 and %d",
                   ZCNIC_ARP_ENTRIES_MAX);
        return;
    }
    if (s->core.num_queues < 1 || s->core.num_queues > ZCNIC_QUEUES_MAX) {
        error_setg(errp, "zcnic: queues must be between 1 and %d",
                   ZCNIC_QUEUES_MAX);
        return;
    }
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

    ret = msix_init(pci_dev, ZCNIC_MSIX_VECTORS(s->core.num_queues),
                    &s->msix, ZCNIC_BAR_MSIX, ZCNIC_MSIX_TABLE_OFFSET,
                    &s->msix, ZCNIC_BAR_MSIX, ZCNIC_MSIX_PBA_OFFSET,
                    0x70, errp);
    if (ret < 0) {
        pcie_cap_exit(pci_dev);
        return;
    }
    for (int i = 0; i < ZCNIC_MSIX_VECTORS(s->core.num_queues); i++) {
        msix_vector_use(pci_dev, i);
    }

    s->core.owner = pci_dev;
    s->core.permanent_mac = s->conf.macaddr.a;
    zcnic_core_realize(&s->core);

    qemu_macaddr_default_if_unset(&s->conf.macaddr);
    s->nic = qemu_new_nic(&zcnic_net_info, &s->conf,
                          object_get_typename(OBJECT(s)), dev->id,
                          &dev->mem_reentrancy_guard, &s->core);
    s->core.owner_nic = s->nic;
    qemu_format_nic_info_str(qemu_get_queue(s->nic), s->conf.macaddr.a);
    zcnic_core_vnet_init(&s->core);
}

static void zcnic_exit(PCIDevice *pci_dev)
{
    ZcnicState *s = ZCNIC(pci_dev);

    qemu_del_nic(s->nic);
    zcnic_core_unrealize(&s->core);
    msix_unuse_all_vectors(pci_dev);
    msix_uninit(pci_dev, &s->msix, &s->msix);
    pcie_cap_exit(pci_dev);
}

static void zcnic_reset_hold(Object *obj, ResetType type)
{
    zcnic_core_pci_reset(&ZCNIC(obj)->core);
}

/* "arp-table" property: the valid records, one "IP MAC TTL" line each */
static char *zcnic_get_arp_table(Object *obj, Error **errp)
{
    return zcnic_core_arp_table(&ZCNIC(obj)->core);
}

/*
 * spec 9: migration.  The stream is guest-controlled input: the core's
 * post_load functions refuse every value the device itself cannot hold.
 * Each subsection goes only when its part of the device is in use.
 */
static const VMStateDescription zcnic_vmstate_ring = {
    .name = "zcnic-ring",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(base, ZcnicRing),
        VMSTATE_UINT32(size, ZcnicRing),
        VMSTATE_UINT32(head, ZcnicRing),
        VMSTATE_UINT32(tail, ZcnicRing),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription zcnic_vmstate_itr = {
    .name = "zcnic-itr",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(interval_us, ZcnicItr),
        VMSTATE_INT64(next_ns, ZcnicItr),
        VMSTATE_BOOL(pending, ZcnicItr),
        VMSTATE_TIMER_PTR(timer, ZcnicItr),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription zcnic_vmstate_arp_entry = {
    .name = "zcnic-arp-entry",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ip, ZcnicArpEntry),
        VMSTATE_UINT8_ARRAY(mac, ZcnicArpEntry, ETH_ALEN),
        VMSTATE_INT64(expire_ns, ZcnicArpEntry),
        VMSTATE_END_OF_LIST()
    }
};

/*
 * spec 8, 9: always sent, also while the ARP block is idle: it carries the
 * check that both sides have the same "arp-entries".
 */
static bool zcnic_arp_needed(void *opaque)
{
    return true;
}

/*
 * spec 4.6, 4.7: sent once segmentation or coalescing has been used; until
 * then the destination's reset values are the source's
 */
static bool zcnic_seg_needed(void *opaque)
{
    ZcnicCore *s = opaque;
    static const uint32_t zero_stats[ZCNIC_SEG_STAT_NUM];

    return s->mtu != ZCNIC_RESET_MTU || s->gro.ctrl != ZCNIC_RESET_RX_GRO ||
           s->gro.timeout_us != ZCNIC_RESET_RX_GRO_TIMEOUT ||
           s->gro.max_segs != ZCNIC_RESET_RX_GRO_MAX_SEGS || s->gro.len ||
           memcmp(s->seg_stats, zero_stats, sizeof(zero_stats));
}

/* spec 8: the ARP block, a subsection since device 1.3 */
static const VMStateDescription zcnic_vmstate_arp = {
    .name = "zcnic/arp",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zcnic_core_arp_post_load,
    .needed = zcnic_arp_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(arp.ctrl, ZcnicCore),
        VMSTATE_UINT32(arp.ttl_s, ZcnicCore),
        VMSTATE_UINT32_ARRAY(arp.host_ip, ZcnicCore, ZCNIC_ARP_HOST_IPS),
        VMSTATE_UINT32(arp.query_ip, ZcnicCore),
        VMSTATE_UINT32(arp.status, ZcnicCore),
        VMSTATE_UINT32(arp.result_lo, ZcnicCore),
        VMSTATE_UINT32(arp.result_hi, ZcnicCore),
        VMSTATE_BOOL(arp.pending, ZcnicCore),
        VMSTATE_UINT32(arp.tbl_index, ZcnicCore),
        VMSTATE_UINT32_ARRAY(arp.stats, ZcnicCore, ZCNIC_ARP_STAT_NUM),
        VMSTATE_TIMER_PTR(arp.query_timer, ZcnicCore),
        VMSTATE_UINT32_EQUAL(arp.cache.n, ZcnicCore,
                             "arp-entries must match on both sides"),
        VMSTATE_STRUCT_VARRAY_POINTER_UINT32(arp.cache.e, ZcnicCore,
                                             arp.cache.n,
                                             zcnic_vmstate_arp_entry,
                                             ZcnicArpEntry),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription zcnic_vmstate_seg = {
    .name = "zcnic/seg",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zcnic_core_seg_post_load,
    .needed = zcnic_seg_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(mtu, ZcnicCore),
        VMSTATE_UINT32(gro.ctrl, ZcnicCore),
        VMSTATE_UINT32(gro.timeout_us, ZcnicCore),
        VMSTATE_UINT32(gro.max_segs, ZcnicCore),
        VMSTATE_UINT32_ARRAY(seg_stats, ZcnicCore, ZCNIC_SEG_STAT_NUM),
        VMSTATE_UINT32(gro.segs, ZcnicCore),
        VMSTATE_UINT32(gro.mss, ZcnicCore),
        VMSTATE_UINT32(gro.next_seq, ZcnicCore),
        VMSTATE_UINT32(gro.limit, ZcnicCore),
        VMSTATE_BOOL(gro.psh, ZcnicCore),
        VMSTATE_TIMER_PTR(gro.timer, ZcnicCore),
        VMSTATE_UINT32(gro.len, ZcnicCore),
        VMSTATE_VALIDATE("zcnic gro_len", zcnic_core_gro_len_valid),
        VMSTATE_VBUFFER_UINT32(gro.buf, ZcnicCore, 1, NULL, gro.len),
        VMSTATE_END_OF_LIST()
    }
};

/* spec 11: only sent while a test register or a fault is in use */
static bool zcnic_test_needed(void *opaque)
{
    ZcnicCore *s = opaque;

    return s->test.reg || s->test.dma_addr || s->test.dma_size ||
           s->test.fault || s->test.fault_fired || s->test.lie;
}

static bool zcnic_irq_needed(void *opaque)
{
    ZcnicCore *s = opaque;

    return s->int_autoclr != ZCNIC_RESET_INT_AUTOCLR;
}

static bool zcnic_rss_needed(void *opaque)
{
    ZcnicCore *s = opaque;
    static const uint32_t key[ZCNIC_RSS_KEY_WORDS] = {
        ZCNIC_RESET_RSS_KEY0, ZCNIC_RESET_RSS_KEY1, ZCNIC_RESET_RSS_KEY2,
        ZCNIC_RESET_RSS_KEY3, ZCNIC_RESET_RSS_KEY4, ZCNIC_RESET_RSS_KEY5,
        ZCNIC_RESET_RSS_KEY6, ZCNIC_RESET_RSS_KEY7, ZCNIC_RESET_RSS_KEY8,
        ZCNIC_RESET_RSS_KEY9,
    };

    return s->rss.ctrl != ZCNIC_RESET_RSS_CTRL ||
           s->rss.fields != ZCNIC_RESET_RSS_FIELDS ||
           memcmp(s->rss.key, key, sizeof(key));
}

static const VMStateDescription zcnic_vmstate_rss = {
    .name = "zcnic/rss",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zcnic_core_rss_post_load,
    .needed = zcnic_rss_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(rss.ctrl, ZcnicCore),
        VMSTATE_UINT32(rss.fields, ZcnicCore),
        VMSTATE_UINT32_ARRAY(rss.key, ZcnicCore, ZCNIC_RSS_KEY_WORDS),
        VMSTATE_END_OF_LIST()
    }
};

static bool zcnic_nt_needed(void *opaque)
{
    ZcnicCore *s = opaque;
    static const ZcnicNtRule zero;

    return s->nt.valid || s->nt.index || s->nt.drops ||
           memcmp(&s->nt.staging, &zero, sizeof(zero));
}

static const VMStateDescription zcnic_vmstate_nt_rule = {
    .name = "zcnic/nt-rule",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(w, ZcnicNtRule, ZCNIC_NT_WORDS),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription zcnic_vmstate_nt = {
    .name = "zcnic/ntuple",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zcnic_core_nt_post_load,
    .needed = zcnic_nt_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(nt.index, ZcnicCore),
        VMSTATE_UINT64(nt.valid, ZcnicCore),
        VMSTATE_UINT32(nt.drops, ZcnicCore),
        VMSTATE_STRUCT(nt.staging, ZcnicCore, 0, zcnic_vmstate_nt_rule,
                       ZcnicNtRule),
        VMSTATE_STRUCT_ARRAY(nt.rules, ZcnicCore, ZCNIC_NT_RULES, 0,
                             zcnic_vmstate_nt_rule, ZcnicNtRule),
        VMSTATE_UINT32_ARRAY(nt.hits, ZcnicCore, ZCNIC_NT_RULES),
        VMSTATE_END_OF_LIST()
    }
};

static bool zcnic_tx_shadow_needed(void *opaque)
{
    ZcnicCore *s = opaque;

    return s->q[0].tx_shadow != 0;
}

static const VMStateDescription zcnic_vmstate_tx_shadow = {
    .name = "zcnic/tx-shadow",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = zcnic_tx_shadow_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(q[0].tx_shadow, ZcnicCore),
        VMSTATE_BOOL(q[0].tx_kick, ZcnicCore),
        VMSTATE_END_OF_LIST()
    }
};

/* spec 4.10: queues from 1 on, as queue 0 in the core's fields */
static const VMStateDescription zcnic_vmstate_queue = {
    .name = "zcnic-queue",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctrl, ZcnicQueue),
        VMSTATE_STRUCT(tx, ZcnicQueue, 0, zcnic_vmstate_ring, ZcnicRing),
        VMSTATE_STRUCT(rx, ZcnicQueue, 0, zcnic_vmstate_ring, ZcnicRing),
        VMSTATE_UINT64(tx_shadow, ZcnicQueue),
        VMSTATE_BOOL(tx_kick, ZcnicQueue),
        VMSTATE_UINT64(hdr_base, ZcnicQueue),
        VMSTATE_STRUCT_ARRAY(itr, ZcnicQueue, ZCNIC_ITR_NUM, 0,
                             zcnic_vmstate_itr, ZcnicItr),
        VMSTATE_UINT32_ARRAY(stats, ZcnicQueue, ZCNIC_QSTAT_NUM),
        VMSTATE_END_OF_LIST()
    }
};

/* spec 4.10: always sent: the destination must have as many queues */
static const VMStateDescription zcnic_vmstate_mq = {
    .name = "zcnic/mq",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zcnic_core_mq_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_EQUAL(num_queues, ZcnicCore,
                             "the destination's zcnic needs the same queues"),
        VMSTATE_UINT32(qcause, ZcnicCore),
        VMSTATE_UINT32(qmask, ZcnicCore),
        VMSTATE_UINT32(qautoclr, ZcnicCore),
        VMSTATE_UINT32_ARRAY(rss.indir, ZcnicCore, ZCNIC_RSS_INDIR_WORDS),
        VMSTATE_UINT32(gro.queue, ZcnicCore),
        VMSTATE_UINT32_ARRAY(q[0].stats, ZcnicCore, ZCNIC_QSTAT_NUM),
        VMSTATE_STRUCT_SUB_ARRAY(q, ZcnicCore, 1, ZCNIC_QUEUES_MAX - 1, 0,
                                 zcnic_vmstate_queue, ZcnicQueue),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription zcnic_vmstate_irq = {
    .name = "zcnic/irq",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zcnic_core_irq_post_load,
    .needed = zcnic_irq_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(int_autoclr, ZcnicCore),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription zcnic_vmstate_test = {
    .name = "zcnic/test",
    .version_id = 2,
    .minimum_version_id = 1,
    .post_load = zcnic_core_test_post_load,
    .needed = zcnic_test_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(test.reg, ZcnicCore),
        VMSTATE_UINT64(test.dma_addr, ZcnicCore),
        VMSTATE_UINT32(test.dma_size, ZcnicCore),
        VMSTATE_UINT32(test.fault, ZcnicCore),
        VMSTATE_UINT32_V(test.fault_fired, ZcnicCore, 2),
        VMSTATE_UINT32_V(test.lie, ZcnicCore, 2),
        VMSTATE_UINT32_V(test.lie_chance, ZcnicCore, 2),
        VMSTATE_UINT32_V(test.lies, ZcnicCore, 2),
        VMSTATE_END_OF_LIST()
    }
};

/*
 * The core, inline after the PCI state: named "zcnic" as its subsections
 * ("zcnic/arp", ...) must be, and laid out as the device has always sent.
 */
static const VMStateDescription zcnic_vmstate_core = {
    .name = TYPE_ZCNIC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zcnic_core_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctrl, ZcnicCore),
        VMSTATE_UINT32(status, ZcnicCore),
        VMSTATE_UINT32(mac_lo, ZcnicCore),
        VMSTATE_UINT32(mac_hi, ZcnicCore),
        VMSTATE_UINT32(int_cause, ZcnicCore),
        VMSTATE_UINT32(int_mask, ZcnicCore),
        VMSTATE_UINT32(err_status, ZcnicCore),
        VMSTATE_UINT32_ARRAY(stats, ZcnicCore, ZCNIC_STAT_NUM),
        VMSTATE_STRUCT(q[0].tx, ZcnicCore, 0, zcnic_vmstate_ring, ZcnicRing),
        VMSTATE_STRUCT(q[0].rx, ZcnicCore, 0, zcnic_vmstate_ring, ZcnicRing),
        VMSTATE_UINT32(rx_ctrl, ZcnicCore),
        VMSTATE_UINT64(mc_hash, ZcnicCore),
        VMSTATE_STRUCT_ARRAY(q[0].itr, ZcnicCore, ZCNIC_ITR_NUM, 0,
                             zcnic_vmstate_itr, ZcnicItr),
        VMSTATE_UINT32(split.ctrl, ZcnicCore),
        VMSTATE_UINT32(split.hdr_size, ZcnicCore),
        VMSTATE_UINT64(q[0].hdr_base, ZcnicCore),
        VMSTATE_UINT32_ARRAY(split.stats, ZcnicCore, ZCNIC_SPLIT_STAT_NUM),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &zcnic_vmstate_arp,
        &zcnic_vmstate_seg,
        &zcnic_vmstate_test,
        &zcnic_vmstate_irq,
        &zcnic_vmstate_tx_shadow,
        &zcnic_vmstate_rss,
        &zcnic_vmstate_nt,
        &zcnic_vmstate_mq,
        NULL
    }
};

static const VMStateDescription zcnic_vmstate = {
    .name = TYPE_ZCNIC,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, ZcnicState),
        VMSTATE_MSIX(parent_obj, ZcnicState),
        VMSTATE_STRUCT(core, ZcnicState, 0, zcnic_vmstate_core, ZcnicCore),
        VMSTATE_END_OF_LIST()
    },
};

static const Property zcnic_properties[] = {
    DEFINE_NIC_PROPERTIES(ZcnicState, conf),
    DEFINE_PROP_UINT16("x-version-major", ZcnicState, core.version_major,
                       ZCNIC_VERSION_MAJOR),
    DEFINE_PROP_UINT32("arp-entries", ZcnicState, core.arp_entries,
                       ZCNIC_ARP_ENTRIES_DEFAULT),
    DEFINE_PROP_UINT32("queues", ZcnicState, core.num_queues,
                       ZCNIC_QUEUES_DEFAULT),
    DEFINE_PROP_BOOL("vnet-hdr", ZcnicState, core.vnet_hdr, true),
    DEFINE_PROP_ON_OFF_AUTO("host-tso", ZcnicState, core.host_tso,
                            ON_OFF_AUTO_AUTO),
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

    dc->desc = "zcnic zero-copy NIC (scatter/gather, header split, "
               "ARP offload)";
    dc->vmsd = &zcnic_vmstate;
    device_class_set_props(dc, zcnic_properties);
    object_class_property_set_description(klass, "mac",
        "MAC address, reset value of MAC_LO/MAC_HI "
        "(default: 52:54:00:12:34:5x)");
    object_class_property_set_description(klass, "netdev",
        "the network backend the NIC is connected to");
    object_class_property_set_description(klass, "x-version-major",
        "major number in the VERSION register (testing drivers only)");
    object_class_property_set_description(klass, "arp-entries",
        "records in the ARP offload cache, 1..1024 (default 64)");
    object_class_property_set_description(klass, "vnet-hdr",
        "hand TSO/USO frames whole to a backend that takes a virtio-net "
        "header (tap vnet_hdr=on)");
    object_class_property_set_description(klass, "host-tso",
        "send a TCP segmentation frame as one TCP segment to a backend "
        "that is a host's IP stack, not a wire (auto: on for -netdev user)");
    object_class_property_add_str(klass, "arp-table", zcnic_get_arp_table,
                                  NULL);
    object_class_property_set_description(klass, "arp-table",
        "the valid ARP cache records, one 'IP MAC TTL-seconds' line each");
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
