"""The engine's JSON documents to and from the generated records, so that
the conformance vectors drive the typed methods by operation name.

Documents become records guided by the operations' JSON Schema
(`schema/operations.schema.json`, the same one the typed WIT and the
records are made from): a field the document leaves out takes the schema's
default. Records become documents by their Python types."""

import base64
import enum
import json
import os
import pathlib

import licence

SCHEMA = json.loads(
    pathlib.Path(os.environ.get("LICENCE_SCHEMA", "schema/operations.schema.json")).read_text()
)
DEFS = SCHEMA["$defs"]


class Unfit(ValueError):
    """A document that no record can hold: the engine's invalid input."""


def camel(name):
    """`scope_kind` or `ScopeKind` as the generated class name `ScopeKind`."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def member(cls, name):
    """The enum member or variant class of `cls` named `name` in a document."""
    try:
        return getattr(cls, name.upper()) if not issubclass_enum(cls) else cls[name.upper()]
    except (AttributeError, KeyError):
        raise Unfit(f"`{name}` is not a case of {cls.__name__}") from None


def issubclass_enum(cls):
    return isinstance(cls, type) and issubclass(cls, enum.Enum)


def reference(schema):
    ref = schema.get("$ref", "")
    return ref.removeprefix("#/$defs/") if ref else None


def record(schema, value, context):
    """The record (or plain value) of the document `value` for `schema`;
    an inline record is the class named `context`."""
    name = reference(schema)
    if name:
        return defined(name, DEFS[name], value)
    if "anyOf" in schema:
        inner = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return None if value is None else record(inner[0], value, context)
    kind = schema.get("type")
    if isinstance(kind, list):
        if value is None:
            return None
        kind = next(k for k in kind if k != "null")
    if value is None:
        raise Unfit("a value is missing")
    if kind == "array":
        if not isinstance(value, list):
            raise Unfit(f"{value!r} is not a list")
        return [record(schema.get("items", {}), v, context) for v in value]
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return {k: record(schema["additionalProperties"], v, context) for k, v in value.items()}
    if kind == "object" and "properties" in schema:
        cls = getattr(licence, context)
        return cls(**fields(context, schema["properties"], value))
    return value


def fields(name, properties, value, skip=(), optional=()):
    """The constructor arguments of the record `name` for the document
    `value`; a field left out takes the schema's default, or none when it
    is `optional`."""
    if not isinstance(value, dict):
        raise Unfit(f"{value!r} is not an object")
    args = {}
    for field, prop in properties.items():
        if field in skip:
            continue
        if field in optional and field not in value:
            args[field] = None
            continue
        found = value.get(field, prop.get("default"))
        try:
            args[field] = record(prop, found, name + camel(field))
        except Unfit as why:
            raise Unfit(f"{name}.{field}: {why}") from None
    return args


def defined(name, schema, value):
    """The record of the definition `name` for the document `value`."""
    if name == "Date":
        try:
            year, month, day = (int(p) for p in value.split("-"))
        except (AttributeError, ValueError):
            raise Unfit(f"{value!r} is not a date") from None
        return licence.Date(year=year, month=month, day=day)
    if name == "Period":
        try:
            amount, unit = value.split()
            unit = unit if unit.endswith("s") else unit + "s"
            return licence.Period(amount=int(amount), unit=licence.PeriodUnit[unit.upper()])
        except (AttributeError, ValueError, KeyError):
            raise Unfit(f"{value!r} is not a period") from None
    if "contentEncoding" in schema:
        try:
            return bytes(value) if isinstance(value, list) else base64.b64decode(value, validate=True)
        except (TypeError, ValueError):
            raise Unfit(f"{value!r} is not base64") from None
    cls = getattr(licence, name, None)
    cases = schema.get("oneOf")
    if cases:
        if all("const" in c for c in cases):
            return member(cls, value)
        one_key = all("const" in c or len(c.get("properties", {})) == 1 for c in cases)
        if one_key:
            if isinstance(value, str):
                return member(cls, value)()
            if not isinstance(value, dict) or len(value) != 1:
                raise Unfit(f"{value!r} is not a case of {name}")
            (label, data), = value.items()
            case = next((c for c in cases if label in c.get("properties", {})), None)
            if case is None:
                raise Unfit(f"`{label}` is not a case of {name}")
            return member(cls, label)(record(case["properties"][label], data, name + camel(label)))
        # Objects told apart by a constant property: one record, the tag an enum.
        tag = next(k for k, v in cases[0]["properties"].items() if "const" in v)
        merged = properties(schema)
        everywhere = set.intersection(*(set(c.get("required", [])) for c in cases))
        optional = set(merged) - everywhere - set(schema.get("required", []))
        args = fields(name, merged, value, skip=(tag,), optional=optional)
        args[tag] = member(getattr(licence, name + camel(tag)), value.get(tag, ""))
        return cls(**args)
    if schema.get("type") == "object" and "properties" in schema:
        return cls(**fields(name, schema["properties"], value))
    if schema.get("type") == "array" and "enum" in schema.get("items", {}):
        singular = getattr(licence, name.rstrip("s"))
        return [member(singular, v) for v in value]
    return record(schema, value, name)


def resolved(schema):
    """`schema` with its reference followed and an option unwrapped."""
    while schema:
        name = reference(schema)
        if name:
            schema = DEFS[name]
        elif "anyOf" in schema:
            schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
        else:
            return schema
    return {}


def properties(schema):
    """Every property a record of `schema` may have, its cases' included."""
    found = dict(schema.get("properties", {}))
    for case in schema.get("oneOf", []):
        for key, prop in case.get("properties", {}).items():
            found.setdefault(key, prop)
    return found


def document(value, schema=None):
    """The engine's JSON document of a record (or plain value); `schema`
    tells bytes kept as a list of numbers from a file's base64 text."""
    schema = resolved(schema)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bytes):
        if schema.get("type") == "array":
            return list(value)
        return base64.b64encode(value).decode()
    if isinstance(value, list):
        return [document(v, schema.get("items")) for v in value]
    if isinstance(value, dict):
        values = schema.get("additionalProperties")
        return {k: document(v, values if isinstance(values, dict) else None) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.name.lower()
    if isinstance(value, licence.Date):
        return f"{value.year:04}-{value.month:02}-{value.day:02}"
    if isinstance(value, licence.Period):
        unit = value.unit.name.lower()
        return f"{value.amount} {unit[:-1] if value.amount == 1 else unit}"
    qualified = type(value).__qualname__
    if "." in qualified:
        case = qualified.split(".")[-1].lower()
        values = getattr(value, "_values", ())
        return {case: document(values[0])} if values else case
    known = properties(schema)
    return {k: document(v, known.get(k)) for k, v in vars(value).items()}


def call(target, op, operations, input_document):
    """Runs `op` on `target` (a `Tracker` or `Rules`) through its typed
    method, with the document `input_document`, and answers the output
    document. An operation that does not exist is refused by the engine
    (through `execute`); a document that no record holds raises `Unfit`,
    the engine's invalid input."""
    operation = operations.get(op)
    if operation is None:
        return target.execute(op, json.dumps(input_document)) if isinstance(
            target, licence.Tracker) else licence.execute(op, json.dumps(input_document))
    input_name = reference(operation["input"])
    method = getattr(target, op)
    if "properties" not in DEFS[input_name] and "oneOf" not in DEFS[input_name]:
        output = method()
    else:
        try:
            argument = defined(input_name, DEFS[input_name], input_document)
        except TypeError as why:
            raise Unfit(str(why)) from None
        output = method(argument)
    return json.dumps(document(output, operation["output"]))


RULES = SCHEMA["operations"]["rules"]
TRACKER = SCHEMA["operations"]["tracker"]
