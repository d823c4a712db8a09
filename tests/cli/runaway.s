# An infinite loop: `lvzemu run --max-insns` must stop it (exit code 4).
    .text
    .globl _start
_start:
1:  addi.d  $a0, $a0, 1
    b       1b
