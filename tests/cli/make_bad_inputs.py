#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Derives malformed inputs from a good LoongArch ELF: make_bad_inputs.py GOOD.elf OUTDIR"""
import os
import struct
import sys

good, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
data = open(good, "rb").read()


def put(name, blob):
    with open(os.path.join(out, name), "wb") as fh:
        fh.write(blob)


put("truncated-header.elf", data[:40])          # cut inside the ELF header
e_shoff = struct.unpack_from("<Q", data, 0x28)[0]
put("truncated-body.elf", data[:e_shoff // 2])  # section headers and contents cut off
bad = bytearray(data)
struct.pack_into("<Q", bad, 0x28, 0x7fff_ffff_0000)  # e_shoff far outside the file
put("corrupt-shoff.elf", bytes(bad))
bad = bytearray(data)
struct.pack_into("<H", bad, 0x3c, 0xffff)           # e_shnum absurd
put("corrupt-shnum.elf", bytes(bad))
bad = bytearray(data)
struct.pack_into("<H", bad, 0x12, 62)               # e_machine = EM_X86_64
put("x86-64.elf", bytes(bad))
bad = bytearray(data)
bad[4] = 1                                           # EI_CLASS = ELFCLASS32
put("class32.elf", bytes(bad))
put("not-an-elf.bin", b"#!/bin/sh\necho this is not an ELF\n")
put("empty.bin", b"")
