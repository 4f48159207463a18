//! WebAssembly component guest of the licence tracking engine.
