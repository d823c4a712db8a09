# SPDX-License-Identifier: Apache-2.0
# Cross-building LoongArch64 guest programs (C or assembly) with clang-19 + ld.lld-19,
# for tests/isa and bench/. Programs use the runtime in tests/isa/rt (start.S, rt.h).
find_program(CLANG19 clang-19 REQUIRED)
find_program(LD_LLD ld.lld-19 REQUIRED)
set(LVZEMU_GUEST_RT ${CMAKE_SOURCE_DIR}/tests/isa/rt)
# -march=loongarch64: base LA64 + FP, no LSX (QEMU 7.2 and lvzemu have no LSX yet; la464
# would let clang auto-vectorise C loops into LSX).
set(LVZEMU_GUEST_CFLAGS --target=loongarch64-unknown-elf -march=loongarch64 -mabi=lp64d -O2
    -ffreestanding -fno-builtin -nostdlib -fno-pic -Wall -Werror -I${LVZEMU_GUEST_RT})

# lvzemu_guest_elf(TARGET_VAR NAME SRC...): ELF ${CMAKE_CURRENT_BINARY_DIR}/NAME.elf from
# the runtime and the given sources (absolute paths); sets TARGET_VAR to its path.
function(lvzemu_guest_elf out name)
  set(objs)
  # Headers next to the sources (e.g. tests/isa/trap.h) and the runtime's rebuild them.
  file(GLOB guest_headers ${CMAKE_CURRENT_SOURCE_DIR}/*.h ${LVZEMU_GUEST_RT}/*.h)
  foreach(src ${LVZEMU_GUEST_RT}/start.S ${ARGN})
    get_filename_component(base ${src} NAME)
    set(obj ${CMAKE_CURRENT_BINARY_DIR}/obj/${name}/${base}.o)
    add_custom_command(
      OUTPUT ${obj}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/obj/${name}
      COMMAND ${CLANG19} ${LVZEMU_GUEST_CFLAGS} -I${CMAKE_CURRENT_SOURCE_DIR} -c ${src} -o ${obj}
      DEPENDS ${src} ${guest_headers}
      COMMENT "Guest: ${name}/${base}"
      VERBATIM)
    list(APPEND objs ${obj})
  endforeach()
  set(elf ${CMAKE_CURRENT_BINARY_DIR}/${name}.elf)
  add_custom_command(
    OUTPUT ${elf}
    COMMAND ${LD_LLD} -static -T ${LVZEMU_GUEST_RT}/link.ld ${objs} -o ${elf}
    DEPENDS ${objs} ${LVZEMU_GUEST_RT}/link.ld
    VERBATIM)
  add_custom_target(guest_${name} ALL DEPENDS ${elf})
  set(${out} ${elf} PARENT_SCOPE)
endfunction()
