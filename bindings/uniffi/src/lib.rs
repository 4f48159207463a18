//! Kotlin, Swift and Python bindings of the licence tracking engine.
