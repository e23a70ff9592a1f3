# SPDX-License-Identifier: GPL-2.0-or-later
# Device set for zcnic's minimal QEMU build (configs/devices/x86_64-softmmu/zcnic.mak).
CONFIG_I440FX=y
CONFIG_Q35=y
CONFIG_SERIAL_ISA=y
CONFIG_ISA_DEBUG=y
CONFIG_E1000E_PCI_EXPRESS=y
CONFIG_IGB_PCI_EXPRESS=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_NET=y
CONFIG_ZCNIC=y
