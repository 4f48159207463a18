//! Course allocation: manual allocation, rules by scope, recertification (SPEC §4).
