//! Turns a core WebAssembly module built by the guest crate into a
//! component, using the WIT world that wit-bindgen embedded in the module.
//!
//! `licence-componentize <core-module.wasm> <component.wasm>`

use std::process::ExitCode;

use wit_component::ComponentEncoder;

fn componentize(input: &str, output: &str) -> Result<usize, String> {
    let module = std::fs::read(input).map_err(|e| format!("reading `{input}`: {e}"))?;
    let component = ComponentEncoder::default()
        .module(&module)
        .and_then(|encoder| encoder.validate(true).encode())
        .map_err(|e| format!("componentizing `{input}`: {e:#}"))?;
    std::fs::write(output, &component).map_err(|e| format!("writing `{output}`: {e}"))?;
    Ok(component.len())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: licence-componentize <core-module.wasm> <component.wasm>");
        return ExitCode::from(2);
    };
    match componentize(input, output) {
        Ok(size) => {
            println!("{output}: {size} bytes");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("licence-componentize: {message}");
            ExitCode::FAILURE
        }
    }
}
