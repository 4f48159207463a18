//! C library of the licence tracking engine.
