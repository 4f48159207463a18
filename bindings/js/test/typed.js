// The engine's JSON documents to and from jco's values for the WIT
// records, so that the conformance vectors drive the typed functions and
// methods by operation name. It mirrors tests/python/typed.py (which does
// the same for uniffi's records), with jco's forms of the WIT types:
//
//   record         object with camelCase fields (`licence_id` -> `licenceId`)
//   enum           its case in kebab-case (`once_expired` -> 'once-expired')
//   variant        { tag: 'site', val: 's1' }, { tag: 'candidate' }
//   option<T>      the value, or undefined
//   list<u8>       Uint8Array (bytes: base64 in the document)
//   s64, u64       bigint
//   map            list<tuple<string, T>>: an array of [key, value]
//   date, period   { year, month, day }, { amount, unit: 'months' }
//   tagged cases   one record: the tag as an enum, the other fields options
//   result err     thrown; the error variant in the exception's `payload`
//
// Documents become values guided by the operations' JSON Schema
// (`schema/operations.schema.json`, the one the WIT is generated from): a
// field the document leaves out takes the schema's default. Values become
// documents guided by the same schema (jco's values do not say which WIT
// type they are, as Python's classes do).

import { readFileSync } from 'node:fs';

/** A document that no WIT value can hold: the engine's invalid input. */
export class Unfit extends Error {
  constructor(message) {
    super(message);
    this.name = 'Unfit';
  }
}

/** `scope_kind` or `due-reminders` as jco's camelCase name `scopeKind`. */
export function camel(name) {
  return name.replace(/[-_]([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** A snake_case name of the engine as its WIT kebab-case. */
export function kebab(name) {
  return name.replace(/_/g, '-');
}

/** A WIT kebab-case name as the engine's snake_case. */
export function snake(name) {
  return name.replace(/-/g, '_');
}

function show(value) {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function reference(schema) {
  const ref = schema?.$ref;
  return ref ? ref.replace(/^#\/\$defs\//, '') : null;
}

/** The integer formats of the schema, as the WIT types' ranges. */
const INTEGERS = {
  uint8: [0, 0xff],
  uint16: [0, 0xffff],
  uint32: [0, 0xffffffff],
  int8: [-0x80, 0x7f],
  int16: [-0x8000, 0x7fff],
  int32: [-0x80000000, 0x7fffffff],
  uint64: [0n, 0xffffffffffffffffn],
  int64: [-0x8000000000000000n, 0x7fffffffffffffffn],
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The conversions for one schema document. */
export class Typed {
  constructor(schema) {
    this.schema = schema;
    this.defs = schema.$defs;
    this.rules = schema.operations.rules;
    this.tracker = schema.operations.tracker;
  }

  static load(path = process.env.LICENCE_SCHEMA ?? 'schema/operations.schema.json') {
    return new Typed(JSON.parse(readFileSync(path, 'utf8')));
  }

  // ---- documents to jco values ----

  /** The value (or plain value) of the document `value` for `schema`. */
  value(schema, value) {
    const name = reference(schema);
    if (name) return this.defined(name, this.defs[name], value);
    if (schema.anyOf) {
      const inner = schema.anyOf.filter((s) => s.type !== 'null');
      return value == null ? undefined : this.value(inner[0], value);
    }
    let kind = schema.type;
    if (Array.isArray(kind)) {
      if (value == null) return undefined;
      kind = kind.find((k) => k !== 'null');
    }
    if (value == null) throw new Unfit('a value is missing');
    switch (kind) {
      case 'array': {
        if (!Array.isArray(value)) throw new Unfit(`${show(value)} is not a list`);
        const items = schema.items ?? {};
        if (items.format === 'uint8' && items.type === 'integer') {
          return Uint8Array.from(value.map((v) => this.value(items, v)));
        }
        return value.map((v) => this.value(items, v));
      }
      case 'object':
        if (isObject(schema.additionalProperties)) {
          if (!isObject(value)) throw new Unfit(`${show(value)} is not an object`);
          return Object.entries(value).map(([k, v]) => [k, this.value(schema.additionalProperties, v)]);
        }
        if (schema.properties) return this.fields(schema.properties, value);
        return value;
      case 'string':
        if (typeof value !== 'string') throw new Unfit(`${show(value)} is not text`);
        return value;
      case 'boolean':
        if (typeof value !== 'boolean') throw new Unfit(`${show(value)} is not true or false`);
        return value;
      case 'number':
        if (typeof value !== 'number') throw new Unfit(`${show(value)} is not a number`);
        return value;
      case 'integer':
        return integer(schema.format, value);
      default:
        return value;
    }
  }

  /**
   * The record of `properties` for the document `value`: a field left out
   * takes the schema's default, or none when it is `optional`.
   */
  fields(properties, value, { skip = [], optional = new Set(), context = '' } = {}) {
    if (!isObject(value)) throw new Unfit(`${show(value)} is not an object`);
    const out = {};
    for (const [field, prop] of Object.entries(properties)) {
      if (skip.includes(field)) continue;
      if (optional.has(field) && !(field in value)) {
        out[camel(field)] = undefined;
        continue;
      }
      const found = field in value ? value[field] : prop.default;
      try {
        out[camel(field)] = this.value(prop, found);
      } catch (why) {
        if (why instanceof Unfit) throw new Unfit(`${context}${field}: ${why.message}`);
        throw why;
      }
    }
    return out;
  }

  /** The value of the definition `name` for the document `value`. */
  defined(name, schema, value) {
    if (name === 'Date') return date(value);
    if (name === 'Period') return period(value);
    if ('contentEncoding' in schema) return bytes(value);
    const cases = schema.oneOf;
    if (cases) {
      if (cases.every((c) => 'const' in c)) return member(name, cases.map((c) => c.const), value);
      if (cases.every((c) => 'const' in c || oneKey(c))) return this.variant(name, cases, value);
      return this.tagged(name, schema, cases, value);
    }
    if (schema.type === 'object' && schema.properties) {
      return this.fields(schema.properties, value, { context: `${name}.` });
    }
    if (schema.type === 'array' && schema.items?.enum) {
      if (!Array.isArray(value)) throw new Unfit(`${show(value)} is not a list`);
      return value.map((v) => member(name, schema.items.enum, v));
    }
    return this.value(schema, value);
  }

  /** A variant: a case without data is its name, one with data a one-key object. */
  variant(name, cases, value) {
    if (typeof value === 'string') {
      const labels = cases.filter((c) => 'const' in c).map((c) => c.const);
      return { tag: member(name, labels, value) };
    }
    if (!isObject(value) || Object.keys(value).length !== 1) {
      throw new Unfit(`${show(value)} is not a case of ${name}`);
    }
    const [[label, data]] = Object.entries(value);
    const found = cases.find((c) => !('const' in c) && label in (c.properties ?? {}));
    if (!found) throw new Unfit(`\`${label}\` is not a case of ${name}`);
    return { tag: kebab(label), val: this.value(found.properties[label], data) };
  }

  /** Objects told apart by a constant property: one record, the tag an enum. */
  tagged(name, schema, cases, value) {
    const tag = tagOf(cases);
    const merged = properties(schema);
    const everywhere = cases
      .map((c) => new Set(c.required ?? []))
      .reduce((all, next) => new Set([...all].filter((k) => next.has(k))));
    const required = new Set([...everywhere, ...(schema.required ?? [])]);
    const optional = new Set(Object.keys(merged).filter((k) => !required.has(k)));
    const out = this.fields(merged, value, { skip: [tag], optional, context: `${name}.` });
    const labels = cases.map((c) => c.properties[tag].const);
    out[camel(tag)] = member(`${name}.${tag}`, labels, value[tag] ?? '');
    return out;
  }

  // ---- jco values to documents ----

  /**
   * The engine's JSON document of the jco value `value` of `schema`.
   */
  document(value, schema) {
    if (value === undefined || value === null) return null;
    const name = reference(schema);
    if (name) return this.documentOf(name, this.defs[name], value);
    if (schema?.anyOf) {
      return this.document(value, schema.anyOf.find((s) => s.type !== 'null'));
    }
    let kind = schema?.type;
    if (Array.isArray(kind)) kind = kind.find((k) => k !== 'null');
    if (kind === 'array') return Array.from(value, (v) => this.document(v, schema.items));
    if (kind === 'object') {
      if (isObject(schema.additionalProperties)) {
        return Object.fromEntries(
          Array.from(value, ([k, v]) => [k, this.document(v, schema.additionalProperties)]),
        );
      }
      if (schema.properties) return this.record(schema.properties, value);
    }
    return plain(value);
  }

  documentOf(name, schema, value) {
    if (name === 'Date') {
      const pad = (n, w) => String(n).padStart(w, '0');
      return `${pad(value.year, 4)}-${pad(value.month, 2)}-${pad(value.day, 2)}`;
    }
    if (name === 'Period') {
      const unit = value.amount === 1 ? value.unit.replace(/s$/, '') : value.unit;
      return `${value.amount} ${unit}`;
    }
    if ('contentEncoding' in schema) return Buffer.from(value).toString('base64');
    const cases = schema.oneOf;
    if (cases) {
      if (cases.every((c) => 'const' in c)) return label(cases.map((c) => c.const), value);
      if (cases.every((c) => 'const' in c || oneKey(c))) {
        const constant = cases.find((c) => 'const' in c && kebab(c.const) === value.tag);
        if (constant) return constant.const;
        const found = cases.find(
          (c) => !('const' in c) && kebab(Object.keys(c.properties)[0]) === value.tag,
        );
        if (!found) throw new Error(`${show(value)} is not a case of ${name}`);
        const [key] = Object.keys(found.properties);
        return { [key]: this.document(value.val, found.properties[key]) };
      }
      const tag = tagOf(cases);
      const out = this.record(properties(schema), value, tag);
      out[tag] = label(cases.map((c) => c.properties[tag].const), value[camel(tag)]);
      return out;
    }
    if (schema.type === 'object' && schema.properties) return this.record(schema.properties, value);
    if (schema.type === 'array' && schema.items?.enum) {
      return Array.from(value, (v) => label(schema.items.enum, v));
    }
    return this.document(value, schema);
  }

  /** A record as its document: every field, a missing option as null. */
  record(props, value, skip) {
    const out = {};
    for (const [field, prop] of Object.entries(props)) {
      if (field === skip) continue;
      out[field] = this.document(value[camel(field)], prop);
    }
    return out;
  }

  // ---- calls ----

  /**
   * Runs `op` on `target` (the tracker resource, or the `ruleOperations`
   * namespace) through its typed function with the document `input`, and
   * answers the output document. An operation the schema does not list is
   * run by name through `execute` (which refuses it); a document that no
   * value holds throws `Unfit`, the engine's invalid input.
   */
  call(target, op, operations, input, execute) {
    const operation = operations[op];
    if (!operation) return JSON.parse(execute(op, JSON.stringify(input)));
    const inputName = reference(operation.input);
    const method = target[camel(op)];
    if (typeof method !== 'function') throw new Error(`no typed function \`${camel(op)}\` for \`${op}\``);
    const inputSchema = this.defs[inputName];
    let output;
    if (!('properties' in inputSchema) && !('oneOf' in inputSchema)) {
      output = method.call(target);
    } else {
      const argument = this.defined(inputName, inputSchema, input);
      output = method.call(target, argument);
    }
    return this.document(output, operation.output);
  }
}

function integer(format, value) {
  const range = INTEGERS[format];
  const whole = typeof value === 'number' && Number.isInteger(value);
  if (!whole && typeof value !== 'bigint') throw new Unfit(`${show(value)} is not a whole number`);
  if (!range) return value;
  if (typeof range[0] === 'bigint') {
    const big = BigInt(value);
    if (big < range[0] || big > range[1]) throw new Unfit(`${value} is out of range for ${format}`);
    return big;
  }
  const n = Number(value);
  if (n < range[0] || n > range[1]) throw new Unfit(`${value} is out of range for ${format}`);
  return n;
}

const WHOLE = /^\s*[+-]?[0-9]+\s*$/;

function date(value) {
  const parts = typeof value === 'string' ? value.split('-') : [];
  if (parts.length !== 3 || !parts.every((p) => WHOLE.test(p))) {
    throw new Unfit(`${show(value)} is not a date`);
  }
  const [year, month, day] = parts.map(Number);
  if (year < -0x80000000 || year > 0x7fffffff || month < 0 || month > 255 || day < 0 || day > 255) {
    throw new Unfit(`${show(value)} is not a date`);
  }
  return { year, month, day };
}

const UNITS = ['days', 'weeks', 'months', 'years'];

function period(value) {
  const parts = typeof value === 'string' ? value.trim().split(/\s+/) : [];
  if (parts.length !== 2 || !WHOLE.test(parts[0])) throw new Unfit(`${show(value)} is not a period`);
  const amount = Number(parts[0]);
  let unit = parts[1].toLowerCase();
  unit = unit.endsWith('s') ? unit : `${unit}s`;
  if (!UNITS.includes(unit) || amount < 0 || amount > 0xffff) {
    throw new Unfit(`${show(value)} is not a period`);
  }
  return { amount, unit };
}

function bytes(value) {
  if (Array.isArray(value)) {
    if (!value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
      throw new Unfit(`${show(value)} is not bytes`);
    }
    return Uint8Array.from(value);
  }
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) {
    throw new Unfit(`${show(value)} is not base64`);
  }
  return new Uint8Array(Buffer.from(value, 'base64'));
}

/** The case of `labels` named `value` (ignoring case, as typed.py), in kebab-case. */
function member(name, labels, value) {
  if (typeof value === 'string') {
    const found = labels.find((l) => l.toUpperCase() === value.toUpperCase());
    if (found !== undefined) return kebab(found);
  }
  throw new Unfit(`\`${value}\` is not a case of ${name}`);
}

/** The engine's label (snake_case) of a jco enum case. */
function label(labels, value) {
  const found = labels.find((l) => kebab(l) === value);
  if (found === undefined) throw new Error(`${show(value)} is not one of ${labels.join(', ')}`);
  return found;
}

/** Whether a case is a one-key object (a variant's case with data in the WIT). */
function oneKey(c) {
  return Object.keys(c.properties ?? {}).length === 1 && c.additionalProperties === false;
}

function tagOf(cases) {
  return Object.entries(cases[0].properties).find(([, v]) => 'const' in v)[0];
}

/** Every property a record of `schema` may have, its cases' included. */
function properties(schema) {
  const found = { ...(schema.properties ?? {}) };
  for (const c of schema.oneOf ?? []) {
    for (const [key, prop] of Object.entries(c.properties ?? {})) {
      if (!(key in found)) found[key] = prop;
    }
  }
  return found;
}

/** A plain value as JSON: a bigint as a number, bytes as numbers. */
function plain(value) {
  if (typeof value === 'bigint') return Number(value);
  if (ArrayBuffer.isView(value)) return Array.from(value);
  return value;
}

/** Where `actual` differs from the subset `expected`, or null. */
export function mismatch(expected, actual, path = '') {
  if (isObject(expected) && isObject(actual)) {
    for (const [key, value] of Object.entries(expected)) {
      if (!(key in actual)) return `${path}.${key}: missing`;
      const found = mismatch(value, actual[key], `${path}.${key}`);
      if (found) return found;
    }
    return null;
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    for (let i = 0; i < expected.length; i++) {
      const found = mismatch(expected[i], actual[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (expected === null ? actual === null : typeof expected === typeof actual && expected === actual) {
    return null;
  }
  return `${path}: expected ${show(expected)}, got ${show(actual)}`;
}
