// SPDX-License-Identifier: MIT
/* compiler.c - the one global the model headers share: see spin_relax(). */
#include "compiler.h"

int spin_yield;
