// SPDX-License-Identifier: Apache-2.0
// Traps and barriers (manual Vol. 1 §2.2.10). The engine delivers the exception.
#include "sem/sem.h"

namespace la::sem {

LA_SEM(break_) { return trap(h, Ecode::BRK); }
LA_SEM(syscall) { return trap(h, Ecode::SYS); }

}  // namespace la::sem
