//! libFuzzer's driver of [`licence_fuzz::custody`].

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| licence_fuzz::custody(data));
