//! Writes the seed inputs of every target, made from the conformance
//! vectors, into `<folder>/<target>/` (`make fuzz` starts from them):
//! `cargo run -p licence-fuzz --example seeds -- <folder>`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(folder) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: seeds <folder>");
        return ExitCode::FAILURE;
    };
    for (name, _) in licence_fuzz::TARGETS {
        let dir = folder.join(name);
        let written = std::fs::create_dir_all(&dir).and_then(|()| {
            licence_fuzz::seeds::seeds(name)
                .iter()
                .enumerate()
                .try_for_each(|(i, seed)| std::fs::write(dir.join(format!("seed-{i:04}")), seed))
        });
        if let Err(error) = written {
            eprintln!("{}: {error}", dir.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
