//! libFuzzer's driver of [`licence_fuzz::c_abi`].

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| licence_fuzz::c_abi(data));
