//! Runs every fuzz target, without the fuzzer, over its saved inputs
//! (`corpus/<target>/` and `regressions/<target>/`) and over its seeds made
//! from the conformance vectors, so that `make test` replays what the
//! fuzzer found.

#![allow(clippy::expect_used, clippy::panic)]

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::Path;

use licence_fuzz::{TARGETS, Target};

/// Runs `target` over `name`'s inputs; a failure names the input.
fn replay(name: &str) {
    let target: Target = TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("no target `{name}`"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for folder in ["corpus", "regressions"] {
        let dir = root.join(folder).join(name);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a folder entry").path();
            let bytes = std::fs::read(&path).expect("a saved input");
            inputs.push((path.display().to_string(), bytes));
        }
    }
    let seeds = licence_fuzz::seeds::seeds(name);
    assert!(!seeds.is_empty(), "`{name}` has no seeds");
    for (i, seed) in seeds.into_iter().enumerate() {
        inputs.push((format!("seed {i}"), seed));
    }
    for (what, bytes) in &inputs {
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| target(bytes))) {
            eprintln!("{name}: {what} failed");
            resume_unwind(panic);
        }
    }
    eprintln!("{name}: {} inputs", inputs.len());
}

macro_rules! replay {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                replay(stringify!($name));
            }
        )*

        #[test]
        fn every_target_is_replayed() {
            let replayed = [$(stringify!($name)),*];
            let binaries = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz_targets"))
                .expect("fuzz_targets/")
                .map(|e| e.expect("an entry").path().file_stem().expect("a name").to_string_lossy().into_owned());
            for name in TARGETS.iter().map(|(n, _)| n.to_string()).chain(binaries) {
                assert!(replayed.contains(&name.as_str()), "`{name}` is not replayed");
            }
        }
    };
}

replay!(
    json_rules,
    json_tracker,
    csv_import,
    calendar,
    custody,
    c_abi
);
