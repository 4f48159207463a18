//! libFuzzer's driver of [`licence_fuzz::calendar`].

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| licence_fuzz::calendar(data));
