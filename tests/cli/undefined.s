# An undefined instruction with no exception handler (EENTRY = 0): the run stops with
# a message naming INE (Ecode 0xd) and exit code 1, never a host crash.
    .text
    .globl _start
_start:
    .word 0x00000000
