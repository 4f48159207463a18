//! Gives the shared library its soname, so that programs linked against an
//! installed copy keep loading it across compatible releases.
//!
//! The soname names the versions that share one ABI: `liblicence.so.0.MINOR`
//! while the version is 0.x (each minor release may change the ABI), and
//! `liblicence.so.MAJOR` from 1.0 on. `make install` reads it back from the
//! library to name the links it installs.

use std::env;

fn main() {
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux") {
        return;
    }
    let major = env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
    let minor = env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
    let abi = if major == "0" {
        format!("0.{minor}")
    } else {
        major
    };
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,liblicence.so.{abi}");
}
