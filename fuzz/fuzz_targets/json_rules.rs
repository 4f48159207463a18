//! libFuzzer's driver of [`licence_fuzz::json_rules`].

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| licence_fuzz::json_rules(data));
