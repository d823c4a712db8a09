// SPDX-License-Identifier: Apache-2.0
// The semantics compiled to LLVM bitcode (build/gen/la_sem.bc) can be loaded with LLVM
// and defines, for every instruction that has an LA_SEM function, the extern "C" entry
// la_h_<insn> the JIT will inline. Paths come from the build (compile definitions).
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>

namespace {

TEST(SemBitcode, DefinesEveryImplementedInstruction) {
    auto buf = llvm::MemoryBuffer::getFile(LVZEMU_SEM_BC);
    ASSERT_TRUE(static_cast<bool>(buf)) << "cannot read " << LVZEMU_SEM_BC;
    llvm::LLVMContext ctx;
    auto mod = llvm::parseBitcodeFile((*buf)->getMemBufferRef(), ctx);
    ASSERT_TRUE(static_cast<bool>(mod)) << llvm::toString(mod.takeError());
    std::ifstream list(LVZEMU_SEM_LIST);
    ASSERT_TRUE(list.good());
    std::string name;
    unsigned n = 0;
    while (std::getline(list, name)) {
        const llvm::Function* fn = (*mod)->getFunction("la_h_" + name);
        ASSERT_NE(fn, nullptr) << "la_h_" << name << " missing from the bitcode";
        EXPECT_FALSE(fn->isDeclaration()) << "la_h_" << name << " is only declared";
        ++n;
    }
    EXPECT_GT(n, 0u);
    // A name that is not an instruction must not be found (the check can fail).
    EXPECT_EQ((*mod)->getFunction("la_h_no_such_insn"), nullptr);
}

}  // namespace
