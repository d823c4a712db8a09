// SPDX-License-Identifier: Apache-2.0
// zone_root: a small hypervisor that boots hvisor's root zone the way hvisor's LoongArch
// port does, on `lvzemu run --machine ls3a5000 --smp 4 -m 8G zone_root.elf
// --load root-kernel.bin@0x200000` (docs/ls3a5000.md). It is our stand-in for the
// unmodified hvisor ELF inside the test suite (hvisor's code stays out of the project):
// the same entry, addresses, secondary start, LVZ set-up and exit kinds, much less code.
//
// Core 0: banner, wakes cores 1-3 through their MMIO IPI blocks (they check in and idle),
// builds the zone's stage-2 table (GPA -> HPA, 4 KiB pages, three levels walked by the
// LDDIR/LDPTE refill handler in zone.S; the board file's RAM and passthrough regions,
// GPA 0..0x1_0000 backed by HPA 0x1000 as hvisor does), enables LVZ as hvisor does
// (GCFG, GTLBC.USETGID/TGID = zone id + 1, GINTC.HWIP = 0xFF, INVTLB 0) and enters the
// kernel at the entry its image header names (PA 0x20_0008) with every GPR 0, from the
// reset guest CSRs. Exits it handles: GSPR (cpucfg as the host's, IOCSR turned into an
// MMIO access at 0x1FE0_0000 + address, idle, cacop, CSRs outside the guest bank),
// HVC, and page-invalid exits at unmapped GPAs (the load/store decoded from BADI: the
// ACPI page is emulated that way, so the zone's power-off ends the run through an exit;
// elsewhere reads give 0 and writes are dropped). `--trace exc` counts the exits.
#include "board.h"

#define KERNEL_PA 0x200000ull
#define ZONE_ID 0

#define CSR_ESTAT 0x5
#define CSR_ERA 0x6
#define CSR_BADV 0x7
#define CSR_BADI 0x8
#define CSR_EENTRY 0xc
#define CSR_TLBRENTRY 0x88
#define CSR_PGDL 0x19
#define CSR_PGDH 0x1a
#define CSR_PWCL 0x1c
#define CSR_PWCH 0x1d
#define CSR_STLBPS 0x1e
#define CSR_GTLBC 0x15
#define CSR_GSTAT 0x50
#define CSR_GCFG 0x51
#define CSR_GINTC 0x52
#define CSR_ECFG 0x4

#define csrrd(n) ({ uint64_t v_; __asm__ volatile("csrrd %0, %1" : "=r"(v_) : "i"(n)); v_; })
#define csrwr(n, v) ({ uint64_t v_ = (v); __asm__ volatile("csrwr %0, %1" : "+r"(v_) : "i"(n)); v_; })

static __attribute__((noreturn)) void fail(const char* what, uint64_t v) {
    puts_("FAIL zone_root: ");
    puts_(what);
    puts_(" ");
    puthex(v);
    puts_("\n");
    exit_failed();
}

// ---- secondary cores ------------------------------------------------------------------------
static volatile uint32_t checked_in;

// ---- stage 2: GPA -> HPA, four levels of 4 KiB tables (PWCL/PWCH below) ---------------------
// PT = GPA[20:12], Dir1 = GPA[29:21], Dir2 = GPA[38:30], Dir3 = GPA[47:39]; tables live in a
// pool after the image (like hvisor's frame pool). PGDL and every directory entry hold the
// table's cached-window virtual address with a valid flag in bit 0, as hvisor's do: the
// walk must use the low 48 bits, and the refill handler clears the flag (zone.S).
#define PWCL_VALUE (12u | 9u << 5 | 21u << 10 | 9u << 15 | 30u << 20 | 9u << 25)
#define PWCH_VALUE (39u | 9u << 6)
#define POOL_PA 0x1f1000000ull
#define POOL_PAGES 4096u  // 16 MiB
#define PTE_V (1ull << 0)
#define PTE_D (1ull << 1)
#define PTE_MAT_CC (1ull << 4)
#define PTE_G (1ull << 6)
#define PTE_P (1ull << 7)
#define PTE_W (1ull << 8)

static uint64_t pool_used;
static uint64_t* s2_root;  // the Dir3 table

static uint64_t* va_of(uint64_t pa) { return (uint64_t*)(CACHED | pa); }
static uint64_t* alloc_table(void) {
    if (pool_used == POOL_PAGES) fail("stage-2 pool exhausted", pool_used);
    uint64_t* t = va_of(POOL_PA + 4096 * pool_used++);
    for (int i = 0; i < 512; ++i) t[i] = 0;
    return t;
}
// The table a directory entry points to, made on first use (entry = VA | valid).
static uint64_t* next_level(uint64_t* table, unsigned index) {
    if (table[index] == 0) table[index] = (uint64_t)alloc_table() | 1;
    return (uint64_t*)(table[index] & ~0xfffull);
}
// Maps [gpa, gpa+size) onto [hpa, ...): RAM cached, devices strongly-ordered uncached.
static void map(uint64_t gpa, uint64_t hpa, uint64_t size, int device) {
    const uint64_t flags = PTE_V | PTE_D | PTE_G | PTE_P | PTE_W | (device ? 0 : PTE_MAT_CC);
    for (uint64_t off = 0; off < size; off += 4096) {
        const uint64_t g = gpa + off;
        uint64_t* dir2 = next_level(s2_root, (unsigned)((g >> 39) & 511));
        uint64_t* dir1 = next_level(dir2, (unsigned)((g >> 30) & 511));
        uint64_t* pt = next_level(dir1, (unsigned)((g >> 21) & 511));
        pt[(g >> 12) & 511] = (hpa + off) | flags;
    }
}

// hvisor's ls3a5000 root zone (reference ls3a5000-board.md, "Root zone").
static void build_stage2(void) {
    s2_root = alloc_table();
    map(0x0, 0x1000, 0x10000, 0);                 // firmware window: GPA 0 -> HPA 0x1000
    map(0xf0000, 0xf0000, 0x10000, 0);            // identity, below the kernel
    map(0x200000, 0x200000, 0xee00000, 0);        // RAM, the kernel at its start
    map(0x90000000, 0x90000000, 0x70000000, 0);   // RAM 0x9000_0000 - 0x1_0000_0000
    map(0x100000000, 0x100000000, 0x20000000, 0); // RAM 0x1_0000_0000 - 0x1_2000_0000
    map(0x140000000, 0x140000000, 0x800000, 0);   // hvisor-tool's shared area
    map(0x160000000, 0x160000000, 0x10000000, 0); // RAM 0x1_6000_0000 - 0x1_7000_0000
    map(0x1fe00000, 0x1fe00000, 0x1000, 1);       // UART0 and the chip-config page
    map(0x10080000, 0x10080000, 0x1000, 1);       // UART1
    // 0x100D_0000 (ACPI + RTC) stays unmapped: emulated from exits (mmio()).
    map(0x10000000, 0x10000000, 0x1000, 1);       // PCH-PIC
}

// ---- exits ------------------------------------------------------------------------------------
struct frame {
    uint64_t r[32];
    uint64_t era;
};
struct frame zone_vcpu;
static uint64_t exits[64], gspr_kind[6], mmio_exits;
enum { G_CPUCFG, G_IOCSR, G_IDLE, G_CACOP, G_CSR, G_OTHER };

static void set_rd(struct frame* f, unsigned rd, uint64_t v) {
    if (rd != 0) f->r[rd] = v;
}

// IOCSR through the chip-configuration window, as hvisor does (the 3A5000 aliases them).
static void gspr_iocsr(struct frame* f, uint32_t insn) {
    const unsigned rd = insn & 31, rj = (insn >> 5) & 31, op = (insn >> 10) & 7;
    const uint64_t a = CHIP_CFG + (f->r[rj] & 0xffff);
    switch (op) {  // iocsrrd.b/h/w/d = 0..3, iocsrwr.b/h/w/d = 4..7 (manual Vol. 1 §4.2.2)
        case 0: set_rd(f, rd, *(volatile uint8_t*)a); break;
        case 1: set_rd(f, rd, *(volatile uint16_t*)a); break;
        case 2: set_rd(f, rd, (uint64_t)(int64_t)*(volatile int32_t*)a); break;
        case 3: set_rd(f, rd, *(volatile uint64_t*)a); break;
        case 4: *(volatile uint8_t*)a = (uint8_t)f->r[rd]; break;
        case 5: *(volatile uint16_t*)a = (uint16_t)f->r[rd]; break;
        case 6: *(volatile uint32_t*)a = (uint32_t)f->r[rd]; break;
        case 7: *(volatile uint64_t*)a = f->r[rd]; break;
    }
}

static void gspr(struct frame* f, uint32_t insn) {
    if ((insn >> 10) == 0x1b) {  // cpucfg rd, rj
        // As hvisor: the host's word for indexes below 21, else 0 (so no KVM paravirt
        // signature at 0x4000_0000). LVZ stays visible, as with hvisor: a root-zone kernel
        // must not try to be a KVM host (tools/linux builds it without KVM).
        const uint32_t w = (uint32_t)f->r[(insn >> 5) & 31];
        set_rd(f, insn & 31, w < 21 ? cpucfg(w) : 0);
        ++gspr_kind[G_CPUCFG];
    } else if ((insn >> 13) == 0x3240) {  // iocsrrd.b 0x06480000 .. iocsrwr.d 0x06481c00
        gspr_iocsr(f, insn);
        ++gspr_kind[G_IOCSR];
    } else if ((insn >> 15) == 0xc91) {  // idle level: the guest waits for its interrupt
        ++gspr_kind[G_IDLE];
    } else if ((insn >> 22) == 0x18) {  // cacop
        ++gspr_kind[G_CACOP];
    } else if ((insn >> 24) == 0x4) {  // csrrd/csrwr/csrxchg of a CSR the guest bank lacks
        set_rd(f, insn & 31, 0);
        ++gspr_kind[G_CSR];
    } else {
        ++gspr_kind[G_OTHER];
        fail("GSPR from an unexpected instruction", insn);
    }
    f->era += 4;
}

// A load or store at an unmapped GPA (page-invalid exit), decoded from BADI as hvisor's
// MMIO emulation does: ld.{b,h,w,d,bu,hu,wu} / st.{b,h,w,d} (12-bit offset) and the
// ldx/stx forms. The ACPI page (0x100D_0000) is deliberately not mapped: the zone's
// accesses to it (its power-off among them) are emulated by doing them on the device;
// anywhere else reads give 0 and writes are dropped.
#define EMULATED_PAGE 0x100d0000ull
static void mmio(struct frame* f, uint32_t insn, uint64_t gpa) {
    unsigned size = 0, is_store = 0, is_signed = 0;
    const unsigned op12 = insn >> 22, opx = insn >> 15;
    if (op12 >= 0xa0 && op12 <= 0xaa && op12 != 0xab) {  // ld.b .. ld.wu (12-bit offset)
        static const unsigned char sz[] = {1, 2, 4, 8, 1, 2, 4, 8, 1, 2, 4};
        size = sz[op12 - 0xa0];
        is_store = op12 >= 0xa4 && op12 <= 0xa7;
        is_signed = op12 <= 0xa3;
    } else if (opx >= 0x7000 && opx <= 0x7050 && (opx & 7) == 0) {  // ldx.b 0x38000000 .. ldx.wu
        static const unsigned char sz[] = {1, 2, 4, 8, 1, 2, 4, 8, 1, 2, 4};
        const unsigned k = (opx - 0x7000) >> 3;
        size = sz[k];
        is_store = k >= 4 && k <= 7;
        is_signed = k <= 3;
    } else {
        fail("MMIO exit from an instruction hvisor does not decode", insn);
    }
    const unsigned rd = insn & 31;
    ++mmio_exits;
    if ((gpa & ~0xfffull) == EMULATED_PAGE) {
        const uint64_t a = UNCACHED | gpa;
        if (is_store) {
            const uint64_t v = f->r[rd];
            if (size == 1) *(volatile uint8_t*)a = (uint8_t)v;
            else if (size == 2) *(volatile uint16_t*)a = (uint16_t)v;
            else if (size == 4) *(volatile uint32_t*)a = (uint32_t)v;
            else *(volatile uint64_t*)a = v;
        } else {
            uint64_t v = size == 1 ? *(volatile uint8_t*)a
                         : size == 2 ? *(volatile uint16_t*)a
                         : size == 4 ? *(volatile uint32_t*)a
                                     : *(volatile uint64_t*)a;
            if (is_signed && size < 8) v = (uint64_t)((int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size));
            set_rd(f, rd, v);
        }
        if (mmio_exits <= 8) {
            puts_("zone_root: emulated ");
            puts_(is_store ? "store" : "load");
            puts_(" at GPA ");
            puthex(gpa);
            puts_("\n");
        }
    } else {
        if (!is_store) set_rd(f, rd, 0);
        if (mmio_exits <= 8) {
            puts_("zone_root: unmapped GPA ");
            puthex(gpa);
            puts_(is_store ? " write dropped\n" : " read as 0\n");
        }
    }
    f->era += 4;
}

void zone_exit(struct frame* f) {
    f->era = csrrd(CSR_ERA);
    const uint64_t estat = csrrd(CSR_ESTAT);
    const unsigned ecode = (unsigned)(estat >> 16) & 0x3f;
    const uint32_t insn = (uint32_t)csrrd(CSR_BADI);
    ++exits[ecode];
    switch (ecode) {
        case 0x16: gspr(f, insn); break;  // GSPR
        case 0x17:                        // HVC: no hypercall is known; a0 = -1
            f->r[4] = (uint64_t)-1;
            f->era += 4;
            break;
        case 0x1: case 0x2: case 0x3:     // PIL, PIS, PIF at an unmapped GPA (BADV = GPA)
            if (ecode == 0x3) fail("instruction fetch from an unmapped GPA", csrrd(CSR_BADV));
            mmio(f, insn, csrrd(CSR_BADV));
            break;
        default:
            puts_("zone_root: exit ESTAT ");
            puthex(estat);
            puts_(" ERA ");
            puthex(f->era);
            puts_(" BADV ");
            puthex(csrrd(CSR_BADV));
            puts_("\n");
            fail("unexpected exit", ecode);
    }
}

void zone_enter(struct frame* f);
extern char zone_exit_entry[], zone_tlbr_entry[];

void board_main(unsigned id) {
    if (id != 0) {
        puts_("Secondary CPU ");
        putdec(id);
        puts_(" has entered.\n");
        __atomic_fetch_add(&checked_in, 1, __ATOMIC_SEQ_CST);
        for (;;) __asm__ volatile("idle 0");
    }
    puts_("zone_root: start at ");
    puthex(ENTRY_PA);
    puts_(" (a stand-in for hvisor, tests/board/zone_root.c)\n");
    puts_("Primary CPU 0 has entered.\n");
    // Cores 1-3 wait in the board's boot ROM: enable all, mailbox 0 = entry, set bit 0.
    for (unsigned c = 1; c < 4; ++c) {
        const uint64_t blk = CHIP_CFG + 0x1000 + 0x100 * c;
        wr32(blk + 0x04, 0xffffffffu);
        wr64(blk + 0x20, ENTRY_PA);
        wr32(blk + 0x08, 1);
    }
    for (unsigned long spin = 0; checked_in < 3; ++spin)
        if (spin > 50000000) fail("secondary cores did not check in", checked_in);

    // The root zone's kernel: a LoongArch Linux image at PA 0x20_0000 ("MZ", then the
    // entry's physical address at +8: arch/loongarch/kernel/head.S).
    const uint64_t* hdr = va_of(KERNEL_PA);
    if ((hdr[0] & 0xffff) != 0x5a4d) fail("no Linux image at 0x200000", hdr[0]);
    const uint64_t entry = CACHED | hdr[1];
    puts_("zone_root: root zone kernel entry ");
    puthex(entry);
    puts_("\n");

    build_stage2();
    csrwr(CSR_EENTRY, (uint64_t)zone_exit_entry);
    csrwr(CSR_TLBRENTRY, (uint64_t)zone_tlbr_entry & 0xffffffffffffull);
    csrwr(CSR_PWCL, PWCL_VALUE);
    csrwr(CSR_PWCH, PWCH_VALUE);
    csrwr(CSR_STLBPS, 12);
    csrwr(CSR_PGDL, (uint64_t)s2_root);
    csrwr(CSR_PGDH, (uint64_t)s2_root);
    csrwr(CSR_ECFG, 0);  // root interrupts stay masked: no INT exits
    // LVZ as hvisor sets it: GCFG.MATC = 1 (root MAT), TOCI = 2 (GCI: cacop of the "hit"
    // kinds trap), traps off; guest ID = zone id + 1; all eight HWI lines to the guest.
    csrwr(CSR_GCFG, (1ull << 4) | (2ull << 20));
    csrwr(CSR_GTLBC, (1ull << 12) | ((uint64_t)(ZONE_ID + 1) << 16));
    csrwr(CSR_GSTAT, (uint64_t)(ZONE_ID + 1) << 16);
    csrwr(CSR_GINTC, 0xffull << 8);
    __asm__ volatile("invtlb 0, $zero, $zero");
    puts_("zone_root: stage 2 built: ");
    putdec(pool_used);
    puts_(" table pages\n");
    puts_("CPU0: Running the VM...\n");
    zone_vcpu.era = entry;  // every GPR 0 (.bss): Linux's non-EFI boot
    zone_enter(&zone_vcpu);
    fail("zone_enter returned", 0);
}
