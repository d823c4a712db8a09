// SPDX-License-Identifier: Apache-2.0
// The IOCSR address space as QEMU's loongarch `virt` machine shows it to a la464 core: the
// misc/feature/vendor registers (0x0..0x427), the per-hart IPI block (0x1000..0x1047) and
// the MAIL_SEND/ANY_SEND command registers (0x1048, 0x1158). Other ranges (the EIOINTC at
// 0x1400, ...) are filled by devices registered with `map()`. Every address not decoded
// reads 0 and ignores writes; nothing a guest writes can crash the host. Register table,
// sources and deviations from QEMU: docs/iocsr.md.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace la::dev {

/// A device living in IOCSR space (the EIOINTC is the first). Offsets are relative to the
/// base the device was mapped at; `hart` is the requesting hart, always < Iocsr::harts();
/// `size` is 1, 2, 4 or 8 and the access lies wholly inside the mapped range. Return false
/// for an access the device does not decode: the read then yields 0, the write is dropped.
class IocsrDevice {
public:
    virtual ~IocsrDevice() = default;
    virtual const char* name() const = 0;
    virtual bool read(unsigned hart, uint64_t offset, unsigned size, uint64_t& value) = 0;
    virtual bool write(unsigned hart, uint64_t offset, unsigned size, uint64_t value) = 0;
};

class Iocsr {
public:
    // --- misc registers (QEMU include/hw/loongarch/virt.h) -------------------------------
    static constexpr uint64_t kVersion = 0x0, kFeature = 0x8, kVendor = 0x10, kCpuName = 0x20;
    static constexpr uint64_t kMiscFunc = 0x420;
    static constexpr uint64_t kMiscEnd = 0x428;  // QEMU's "iocsr_misc" region is 0x428 bytes

    static constexpr uint64_t kVersionValue = 0x11;
    // FEATURE_REG bits (IOCSRF_*).
    static constexpr uint64_t kFeatTemp = 1u << 0, kFeatNodeCnt = 1u << 1, kFeatMsi = 1u << 2,
                              kFeatExtioi = 1u << 3, kFeatCsrIpi = 1u << 4,
                              kFeatFreqCsr = 1u << 5, kFeatFreqScale = 1u << 6,
                              kFeatDvfsV1 = 1u << 7, kFeatGmod = 1u << 9, kFeatVm = 1u << 11,
                              kFeatDmsi = 1u << 15;
    /// What QEMU virt answers under TCG for a la464: MSI | EXTIOI | CSRIPI (no VM: KVM only;
    /// no DMSI: needs a core with message interrupts).
    static constexpr uint64_t kFeatureValue = kFeatMsi | kFeatExtioi | kFeatCsrIpi;  // 0x1c
    static constexpr uint64_t kVendorValue = 0x6e6f73676e6f6f4cull;   // "Loongson", LE bytes
    static constexpr uint64_t kCpuNameValue = 0x303030354133ull;      // "3A5000"
    // MISC_FUNC_REG bits (IOCSRM_*).
    static constexpr uint64_t kMiscExtioiEn = 1ull << 48, kMiscExtioiIntEncode = 1ull << 49;
    /// QEMU virt under TCG (no virtual-EIOINTC extension): ext-IOI always on, writes ignored.
    static constexpr uint64_t kMiscFuncValue = kMiscExtioiEn;

    // --- the IPI block of the requesting hart (QEMU loongson_ipi_common.h) ---------------
    static constexpr uint64_t kIpiBase = 0x1000;
    static constexpr uint64_t kIpiStatus = 0x1000, kIpiEnable = 0x1004, kIpiSet = 0x1008,
                              kIpiClear = 0x100c, kMailbox0 = 0x1020, kIpiSend = 0x1040;
    static constexpr uint64_t kMailSend = 0x1048, kAnySend = 0x1158;
    static constexpr uint64_t kSendEnd = 0x1160;  // end of QEMU's "ipi64" region (0x1048+0x118)

    // Offsets inside one hart's IPI block (read_core/write_core; the 3A5000's per-core
    // blocks at 0x1FE0_1000 + 0x100 * n use the same layout).
    static constexpr uint64_t kCoreStatus = 0x00, kCoreEnable = 0x04, kCoreSet = 0x08,
                              kCoreClear = 0x0c, kCoreBuf = 0x20, kCoreIpiSend = 0x40;
    static constexpr uint64_t kCoreBlockSize = 0x48;  // QEMU's "ipi_iocsr" region
    static constexpr unsigned kMailboxes = 4;

    // IPI_SEND / MAIL_SEND / ANY_SEND fields.
    static constexpr unsigned kSendCpuShift = 16, kSendCpuBits = 10;  // cpu id, bits 25:16
    static constexpr uint64_t kSendVectorMask = 0x1f;                 // IPI_SEND bits 4:0
    static constexpr uint64_t kSendBlocking = 1u << 31;               // accepted, no effect
    static constexpr unsigned kSendMaskShift = 27;                    // bits 30:27, 1 = keep byte
    static constexpr uint64_t kMailSendWordMask = 0x1c;               // bits 4:2: 32-bit word
    static constexpr uint64_t kAnySendAddrMask = 0xffff;              // bits 15:0: IOCSR address

    /// How sub-register accesses behave.
    enum class Access {
        /// QEMU virt: misc and IPI registers take naturally aligned 4- and 8-byte accesses
        /// only (`valid.min_access_size = 4`); a 4-byte read of the upper half of a misc
        /// register (+4) reads 0, as QEMU's misc_read only decodes the register start.
        Qemu,
        /// Byte lanes: every naturally aligned 1/2/4/8-byte access reads or writes the bytes
        /// of the registers it covers (a narrow write merges into the register's value; for
        /// write-only registers that value is 0). For board models such as the 3A5000
        /// chip-configuration window, where firmware reads the version byte at +0.
        ByteLanes,
    };

    /// Called with (hart, level) each time a hart's IPI line changes level; the line is
    /// (status & enable) != 0 and drives ESTAT.IS bit 12.
    using IpiLineFn = std::function<void(unsigned hart, bool level)>;

    /// Largest hart count: the cpu-id fields of the send registers are 10 bits wide.
    static constexpr unsigned kMaxHarts = 1u << kSendCpuBits;

    /// `harts` is clamped to [1, kMaxHarts]. Hart n answers to cpu id n in the send registers.
    explicit Iocsr(unsigned harts, Access access = Access::Qemu);

    unsigned harts() const { return static_cast<unsigned>(cores_.size()); }
    Access access() const { return access_; }
    void set_ipi_line_handler(IpiLineFn fn) { line_fn_ = std::move(fn); }

    /// IOCSRRD/IOCSRWR as hart `hart` issues them. `size` is 1, 2, 4 or 8; the value read is
    /// zero-extended (the instruction sign-extends it). A hart >= harts(), another size, or
    /// an address nothing decodes: the read yields 0, the write is dropped.
    uint64_t read(unsigned hart, uint64_t addr, unsigned size);
    void write(unsigned hart, uint64_t addr, unsigned size, uint64_t value);

    /// Hart `target`'s IPI block with an explicit target, whoever issues the access (the
    /// 3A5000 per-core MMIO blocks; IOCSR 0x1000 + offset is the requester's own block).
    /// `offset` < kCoreBlockSize, same access rules as read()/write().
    uint64_t read_core(unsigned target, uint64_t offset, unsigned size);
    void write_core(unsigned target, uint64_t offset, unsigned size, uint64_t value);

    /// Extension point: routes [base, base+size) to `device` (not owned). Refused (false)
    /// for an empty or wrapping range, or one overlapping a built-in or mapped range.
    bool map(uint64_t base, uint64_t size, IocsrDevice* device);

    // --- state, for the machine (direct-boot secondary start, tracing) and tests ---------
    /// Mailbox n (0..3) of `hart` as a 64-bit value; 0 for an out-of-range hart or n.
    uint64_t mailbox(unsigned hart, unsigned n) const;
    void set_mailbox(unsigned hart, unsigned n, uint64_t value);
    uint32_t status(unsigned hart) const { return hart < harts() ? cores_[hart].status : 0; }
    uint32_t enable(unsigned hart) const { return hart < harts() ? cores_[hart].enable : 0; }
    bool ipi_line(unsigned hart) const { return hart < harts() && cores_[hart].line; }
    /// IPI_SEND's effect from the host side: sets status bit `vector` (0..31) of `hart`.
    void send_ipi(unsigned hart, unsigned vector);
    /// Power-on state: status, enable and mailboxes 0 (lines lowered through the handler).
    void reset();

private:
    struct Core {
        uint32_t status = 0, enable = 0;
        uint32_t buf[2 * kMailboxes] = {};  // mailboxes as 32-bit halves, as QEMU keeps them
        bool line = false;
    };
    struct Mapping {
        uint64_t base, size;
        IocsrDevice* device;
    };

    // Native register accessors: `off` aligned to the register width.
    uint64_t misc_reg(uint64_t addr) const;
    uint32_t core_word(unsigned target, uint64_t off) const;
    void core_word_write(unsigned target, uint64_t off, uint32_t value);

    uint64_t misc_read(uint64_t addr, unsigned size) const;
    uint64_t core_read(unsigned target, uint64_t off, unsigned size) const;
    void core_write(unsigned target, uint64_t off, unsigned size, uint64_t value);
    void send_command(uint64_t addr, uint64_t value);
    void send_data(unsigned target, uint64_t addr, uint64_t value);
    const Mapping* find(uint64_t addr, unsigned size) const;
    bool accepts(uint64_t addr, unsigned size) const;
    void update_line(unsigned hart);

    std::vector<Core> cores_;
    std::vector<Mapping> maps_;
    Access access_;
    IpiLineFn line_fn_;
};

}  // namespace la::dev

// The name the issue uses; the library's namespace is la::dev.
namespace la {
namespace devices = dev;
}
