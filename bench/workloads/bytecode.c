/* SPDX-License-Identifier: Apache-2.0 — a small stack-machine interpreter loop. */
#include "common.h"

enum { PUSH, ADD, SUB, MUL, DUP, SWAP, JNZ, DEC, POP, HALT };
/* counter=N; acc=1; loop: acc = acc*3 + counter; counter--; while counter */
static const int64_t prog[] = {PUSH, 1, PUSH, 4000000, /* acc counter */
                               SWAP, PUSH, 3, MUL, SWAP, DUP, SWAP, POP, /* acc*3, counter */
                               SWAP, PUSH, 7, ADD, SWAP, DEC, DUP, JNZ, 4, POP, HALT};

int main(void) {
    int64_t st[64];
    int sp = 0;
    long pc = 0;
    uint64_t steps = 0;
    for (;;) {
        steps++;
        switch (prog[pc++]) {
            case PUSH: st[sp++] = prog[pc++]; break;
            case ADD: sp--; st[sp - 1] += st[sp]; break;
            case SUB: sp--; st[sp - 1] -= st[sp]; break;
            case MUL: sp--; st[sp - 1] *= st[sp]; break;
            case DUP: st[sp] = st[sp - 1]; sp++; break;
            case SWAP: { int64_t t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; break; }
            case JNZ: { int64_t t = st[--sp]; long to = prog[pc++]; if (t) pc = to; break; }
            case DEC: st[sp - 1]--; break;
            case POP: sp--; break;
            default: return bench_done("bytecode", (uint64_t)st[0] ^ steps);
        }
    }
}
