// What the two components' wrappers share: their core modules compiled
// once, and a synchronous instantiation of the code jco generated with
// `--instantiation sync`.

import { readdir, readFile } from 'node:fs/promises';

/** The core modules in `folder` (a URL), compiled, by file name. */
export async function compileFolder(folder) {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.wasm'));
  return new Map(
    await Promise.all(
      names.map(async (name) => [name, await WebAssembly.compile(await readFile(new URL(name, folder)))]),
    ),
  );
}

/**
 * A new instance of a component: `instantiate` is the function jco
 * generated, `modules` its compiled core modules.
 */
export function instantiateWith(instantiate, modules, imports) {
  const coreModule = (path) => {
    const module = modules.get(path);
    if (!module) throw new Error(`the component has no core module ${path}`);
    return module;
  };
  // jco 1.35's instantiation wraps every export with WebAssembly.promising
  // (JSPI), catching the TypeError where it is missing (Node 20); V8
  // re-parses the generated function for each of those messages, which
  // took 0.8 s per tracker instance. The synchronous mode never uses the
  // wrapped functions, so an identity stands in while the instance is made.
  const shim = typeof WebAssembly.promising !== 'function';
  if (shim) WebAssembly.promising = (fn) => fn;
  try {
    return instantiate(coreModule, imports);
  } finally {
    if (shim) delete WebAssembly.promising;
  }
}
