//! libFuzzer's driver of [`licence_fuzz::csv_import`].

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| licence_fuzz::csv_import(data));
