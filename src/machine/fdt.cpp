// SPDX-License-Identifier: Apache-2.0
// The device tree lvzemu hands a directly booted kernel (docs/machine.md, "Device tree"):
// built with libfdt, describing exactly the devices this machine models, at the addresses
// QEMU's loongarch `virt` uses. No random seed (DEVELOPERS.md, "Determinism").
#include <fmt/format.h>

extern "C" {
#include <libfdt.h>
}

#include "lvzemu/machine/boot.h"
#include "lvzemu/machine/machine.h"

namespace la::machine {

namespace {

// libfdt's sequential-write calls return negative error codes; collect the first.
class Fdt {
public:
    explicit Fdt(size_t size) : buf_(size) { check(fdt_create(buf_.data(), static_cast<int>(size))); }
    void check(int r) {
        if (r < 0 && err_ == 0) err_ = r;
    }
    void begin(const std::string& name) { check(fdt_begin_node(buf_.data(), name.c_str())); }
    void end() { check(fdt_end_node(buf_.data())); }
    void prop(const char* name, const std::string& s) { check(fdt_property_string(buf_.data(), name, s.c_str())); }
    void prop_empty(const char* name) { check(fdt_property(buf_.data(), name, nullptr, 0)); }
    void u32(const char* name, uint32_t v) { check(fdt_property_u32(buf_.data(), name, v)); }
    void u64(const char* name, uint64_t v) { check(fdt_property_u64(buf_.data(), name, v)); }
    void cells(const char* name, std::initializer_list<uint32_t> v) {
        std::vector<fdt32_t> be;
        for (uint32_t x : v) be.push_back(cpu_to_fdt32(x));
        check(fdt_property(buf_.data(), name, be.data(), static_cast<int>(be.size() * sizeof(fdt32_t))));
    }
    // reg = <addr-hi addr-lo size-hi size-lo> (#address-cells = #size-cells = 2)
    void reg(uint64_t addr, uint64_t size) {
        cells("reg", {uint32_t(addr >> 32), uint32_t(addr), uint32_t(size >> 32), uint32_t(size)});
    }
    void* data() { return buf_.data(); }
    int error() const { return err_; }
    std::vector<uint8_t>& bytes() { return buf_; }

private:
    std::vector<uint8_t> buf_;
    int err_ = 0;
};

constexpr uint32_t kPhandleCpuIntc = 1, kPhandleGed = 2, kPhandleEiointc = 3, kPhandlePchPic = 4,
                   kPhandlePchMsi = 5;

}  // namespace

Result<std::vector<uint8_t>> build_fdt(const Machine& m, const std::string& cmdline, uint64_t initrd_start,
                                       uint64_t initrd_end) {
    Fdt f(64 * 1024);
    f.check(fdt_finish_reservemap(f.data()));
    f.begin("");
    f.prop("compatible", "linux,dummy-loongson3");
    f.prop("model", "lvzemu virt (QEMU loongarch virt compatible)");
    f.u32("#address-cells", 2);
    f.u32("#size-cells", 2);

    f.begin("chosen");
    f.prop("stdout-path", fmt::format("/serial@{:x}", Machine::kUartBase));
    if (!cmdline.empty()) f.prop("bootargs", cmdline);
    if (initrd_end > initrd_start) {
        f.u64("linux,initrd-start", initrd_start);
        f.u64("linux,initrd-end", initrd_end);
    }
    f.end();

    f.begin("memory@0");
    f.prop("device_type", "memory");
    f.reg(0, m.low_ram());
    f.end();
    if (m.high_ram()) {
        f.begin(fmt::format("memory@{:x}", Machine::kHighRamBase));
        f.prop("device_type", "memory");
        f.reg(Machine::kHighRamBase, m.high_ram());
        f.end();
    }

    f.begin("cpus");
    f.u32("#address-cells", 1);
    f.u32("#size-cells", 0);
    for (unsigned i = 0; i < m.num_harts(); ++i) {
        f.begin(fmt::format("cpu@{}", i));
        f.prop("device_type", "cpu");
        f.prop("compatible", "loongson,la464");
        f.u32("reg", i);
        f.end();
    }
    f.end();

    // The core's interrupt lines (ESTAT.IS), parent of the platform interrupt controllers.
    f.begin("cpuic");
    f.prop("compatible", "loongson,cpu-interrupt-controller");
    f.prop_empty("interrupt-controller");
    f.u32("#interrupt-cells", 1);
    f.u32("phandle", kPhandleCpuIntc);
    f.end();

    // The platform interrupt controllers (docs/interrupts.md §2; QEMU's
    // hw/loongarch/virt-fdt-build.c): EIOINTC on the cores' HWI1, PCH-PIC and PCH-MSI on it.
    f.begin("interrupt-controller@1400");
    f.prop("compatible", "loongson,ls2k2000-eiointc");
    f.reg(dev::Eiointc::kIocsrBase, dev::Eiointc::kFdtRegSize);
    f.prop_empty("interrupt-controller");
    f.u32("#interrupt-cells", 1);
    f.u32("interrupt-parent", kPhandleCpuIntc);
    f.u32("interrupts", 3);
    f.u32("phandle", kPhandleEiointc);
    f.end();
    f.begin(fmt::format("interrupt-controller@{:x}", dev::PchPic::kBase));
    f.prop("compatible", "loongson,pch-pic-1.0");
    f.reg(dev::PchPic::kBase, dev::PchPic::kSize);
    f.prop_empty("interrupt-controller");
    f.u32("#interrupt-cells", 2);
    f.u32("interrupt-parent", kPhandleEiointc);
    f.u32("loongson,pic-base-vec", 0);
    f.u32("phandle", kPhandlePchPic);
    f.end();
    f.begin(fmt::format("msi-controller@{:x}", dev::PchMsi::kBase));
    f.prop("compatible", "loongson,pch-msi-1.0");
    f.reg(dev::PchMsi::kBase, 8);
    f.prop_empty("interrupt-controller");
    f.prop_empty("msi-controller");
    f.u32("interrupt-parent", kPhandleEiointc);
    f.u32("loongson,msi-base-vec", 32);
    f.u32("loongson,msi-num-vecs", 224);
    f.u32("phandle", kPhandlePchMsi);
    f.end();

    // The LS7A RTC on virtual time. No `interrupts` yet: with one, Linux also reads
    // 0x100d0010, which this board does not decode (docs/interrupts.md).
    f.begin(fmt::format("rtc@{:x}", dev::Ls7aRtc::kBase));
    f.prop("compatible", "loongson,ls7a-rtc");
    f.reg(dev::Ls7aRtc::kBase, 0x100);
    f.end();

    // The ns16550a console (input clock 100 MHz as on QEMU virt), PCH-PIC input 2, level.
    f.begin(fmt::format("serial@{:x}", Machine::kUartBase));
    f.prop("compatible", "ns16550a");
    f.reg(Machine::kUartBase, 0x100);
    f.u32("clock-frequency", 100000000);
    f.u32("interrupt-parent", kPhandlePchPic);
    f.cells("interrupts", {dev::PchPic::kUartIrq, 4});
    f.end();

    // Power-off and reboot through the ACPI GED registers (docs/machine.md).
    f.begin("ged@100e001c");
    f.prop("compatible", "syscon");
    f.reg(0x100e001c, 4);
    f.u32("reg-io-width", 1);
    f.u32("phandle", kPhandleGed);
    f.end();
    f.begin("poweroff");
    f.prop("compatible", "syscon-poweroff");
    f.u32("regmap", kPhandleGed);
    f.u32("offset", 0);
    f.u32("value", 0x34);
    f.u32("mask", 0xff);
    f.end();
    f.begin("reboot");
    f.prop("compatible", "syscon-reboot");
    f.u32("regmap", kPhandleGed);
    f.u32("offset", 2);
    f.u32("value", 0x42);
    f.u32("mask", 0xff);
    f.end();

    f.end();
    f.check(fdt_finish(f.data()));
    if (f.error() != 0) return Error{fmt::format("building the device tree: {}", fdt_strerror(f.error()))};
    std::vector<uint8_t>& b = f.bytes();
    b.resize(fdt_totalsize(f.data()));
    return std::move(b);
}

}  // namespace la::machine
