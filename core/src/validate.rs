//! Field checks shared by every record: ids, names, e-mail addresses, text.

use crate::error::{Error, Result, echo};

/// The longest id accepted, in bytes.
pub const MAX_ID_BYTES: usize = 128;
/// The longest name or title accepted, in bytes.
pub const MAX_NAME_BYTES: usize = 200;
/// The longest free text (notes) accepted, in bytes.
pub const MAX_TEXT_BYTES: usize = 10_000;
/// The longest e-mail address accepted, in bytes (RFC 5321).
pub const MAX_EMAIL_BYTES: usize = 254;

/// Checks a host-assigned id: non-empty, at most [`MAX_ID_BYTES`], no
/// control characters and no surrounding whitespace.
pub fn id(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.len() > MAX_ID_BYTES {
        return Err(Error::invalid(
            field,
            format!("is {} bytes long, more than {MAX_ID_BYTES}", value.len()),
        ));
    }
    if value.chars().any(char::is_control) || value.trim() != value {
        return Err(Error::invalid(
            field,
            format!(
                "`{}` has control characters or surrounding spaces",
                echo(value).escape_debug()
            ),
        ));
    }
    Ok(())
}

/// Checks a display name or title: non-blank, at most [`MAX_NAME_BYTES`],
/// no control characters.
pub fn name(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "must not be blank"));
    }
    short_text(field, value)
}

/// Checks an optional short text (reference, issuer, location): at most
/// [`MAX_NAME_BYTES`], no control characters.
pub fn short_text(field: &str, value: &str) -> Result<()> {
    if value.len() > MAX_NAME_BYTES {
        return Err(Error::invalid(
            field,
            format!("is {} bytes long, more than {MAX_NAME_BYTES}", value.len()),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(())
}

/// Checks free text such as notes: at most [`MAX_TEXT_BYTES`].
pub fn text(field: &str, value: &str) -> Result<()> {
    if value.len() > MAX_TEXT_BYTES {
        return Err(Error::invalid(
            field,
            format!("is {} bytes long, more than {MAX_TEXT_BYTES}", value.len()),
        ));
    }
    Ok(())
}

/// Whether `c` is a Unicode bidirectional embedding, override, isolate or
/// mark (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C): characters
/// that make text display in another order than it reads.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Checks an e-mail address: one bare address, at most
/// [`MAX_EMAIL_BYTES`], with one `@` between a non-empty local part and a
/// dotted domain. Lists (`,` `;`), display names and angle brackets
/// (`Ann <ann@x.org>`), groups (`:`), comments (`(` `)`), quotes and
/// backslashes, spaces, control characters and bidirectional controls are
/// refused.
pub fn email(field: &str, value: &str) -> Result<()> {
    let bad = |why: &str| {
        let shown = echo(value);
        Err(Error::invalid(
            field,
            format!("`{}` {why}", shown.escape_debug()),
        ))
    };
    if value.len() > MAX_EMAIL_BYTES {
        return bad("is longer than 254 bytes");
    }
    if value.contains([',', ';']) {
        return bad("is a list: give one address");
    }
    if value.contains(['<', '>', '(', ')', ':']) {
        return bad("has a display name, brackets or a group: give the bare address");
    }
    if value.contains(['"', '\\']) {
        return bad("contains quotes or backslashes");
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("contains spaces or control characters");
    }
    if value.chars().any(is_bidi_control) {
        return bad("contains bidirectional control characters");
    }
    let Some((local, domain)) = value.split_once('@') else {
        return bad("is not an e-mail address");
    };
    let labels_ok = domain.split('.').all(|label| !label.is_empty());
    if local.is_empty() || domain.contains('@') || !domain.contains('.') || !labels_ok {
        return bad("is not an e-mail address");
    }
    Ok(())
}

/// Checks an attachment's file name: a [`name`] that is one path segment
/// (not `.` or `..`, no `/` or `\\`) without bidirectional controls, which
/// can show `cod.exe` as `exe.doc`.
pub fn file_name(field: &str, value: &str) -> Result<()> {
    name(field, value)?;
    if matches!(value, "." | "..") || value.contains(['/', '\\']) {
        return Err(Error::invalid(
            field,
            format!("`{}` is a path, not a file name", echo(value)),
        ));
    }
    if value.chars().any(is_bidi_control) {
        return Err(Error::invalid(
            field,
            "must not contain bidirectional control characters",
        ));
    }
    Ok(())
}

/// Applies `check` to the value of an optional field.
pub fn optional(
    field: &str,
    value: Option<&str>,
    check: fn(&str, &str) -> Result<()>,
) -> Result<()> {
    value.map_or(Ok(()), |v| check(field, v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn kind(r: Result<()>) -> Option<ErrorKind> {
        r.err().map(|e| e.kind())
    }

    #[test]
    fn ids() {
        assert_eq!(id("id", "p-1"), Ok(()));
        assert_eq!(id("id", &"x".repeat(128)), Ok(()));
        assert_eq!(
            kind(id("id", &"x".repeat(129))),
            Some(ErrorKind::InvalidInput)
        );
        assert_eq!(kind(id("id", "")), Some(ErrorKind::InvalidInput));
        assert_eq!(kind(id("id", " p")), Some(ErrorKind::InvalidInput));
        assert_eq!(kind(id("id", "a\nb")), Some(ErrorKind::InvalidInput));
    }

    #[test]
    fn id_messages_cut_long_input() {
        let message = |value: &str| id("person.id", value).map_err(|e| e.to_string());
        let huge = "x".repeat(10 * 1024 * 1024);
        assert_eq!(
            message(&huge),
            Err("invalid person.id: is 10485760 bytes long, more than 128".into())
        );
        assert_eq!(
            message(&format!(" {}", "x".repeat(100))),
            Err(format!(
                "invalid person.id: ` {}…` has control characters or surrounding spaces",
                "x".repeat(63)
            ))
        );
    }

    #[test]
    fn emails() {
        assert_eq!(email("email", "ana.lopez@example.org"), Ok(()));
        assert_eq!(email("email", "o'brien+tag@example.org"), Ok(()));
        for bad in [
            "ana",
            "@example.org",
            "ana@",
            "ana@example",
            "a b@example.org",
            "a@b@example.org",
            "ana@example..org",
        ] {
            assert_eq!(
                kind(email("email", bad)),
                Some(ErrorKind::InvalidInput),
                "{bad}"
            );
        }
    }

    #[test]
    fn emails_are_one_bare_address() {
        let reason = |value: &str| match email("person.email", value) {
            Err(Error::InvalidInput { field, reason }) => {
                assert_eq!(field, "person.email");
                reason
            }
            other => panic!("{value:?} gave {other:?}"),
        };
        assert_eq!(
            reason("ann@x.org,bo@x.org"),
            "`ann@x.org,bo@x.org` is a list: give one address"
        );
        assert_eq!(
            reason("ann@x.org; bo@x.org"),
            "`ann@x.org; bo@x.org` is a list: give one address"
        );
        assert_eq!(
            reason("Ann <ann@x.org>"),
            "`Ann <ann@x.org>` has a display name, brackets or a group: give the bare address"
        );
        for named in [
            "Ann <ann@x.org>",
            "Ann<ann@x.org>",
            "<ann@x.org>",
            "ann@x.org(Ann)",
        ] {
            assert!(reason(named).ends_with("give the bare address"), "{named}");
        }
        assert_eq!(
            reason("\"ann\"@x.org"),
            "`\\\"ann\\\"@x.org` contains quotes or backslashes"
        );
        for control in ["ann@x.org\n", "ann\u{7}@x.org", "ann@x.org\u{85}"] {
            assert!(reason(control).ends_with("spaces or control characters"));
        }
        for bidi in [
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            assert!(
                reason(&format!("ann{bidi}@x.org")).ends_with("bidirectional control characters"),
                "{bidi:?}"
            );
        }
        let long = format!("{}@example.org", "a".repeat(300));
        assert_eq!(
            reason(&long),
            format!("`{}…` is longer than 254 bytes", "a".repeat(64))
        );
    }

    #[test]
    fn file_names_are_one_segment_without_controls() {
        assert_eq!(file_name("f", "card.jpg"), Ok(()));
        assert_eq!(file_name("f", "..card.jpg"), Ok(()));
        let reason = |value: &str| match file_name("f", value) {
            Err(Error::InvalidInput { reason, .. }) => reason,
            other => panic!("{value:?} gave {other:?}"),
        };
        assert_eq!(reason("."), "`.` is a path, not a file name");
        assert_eq!(reason(".."), "`..` is a path, not a file name");
        assert_eq!(reason("a/b.pdf"), "`a/b.pdf` is a path, not a file name");
        assert_eq!(
            reason("..\\b.pdf"),
            "`..\\b.pdf` is a path, not a file name"
        );
        assert_eq!(reason("a\0.pdf"), "must not contain control characters");
        assert_eq!(reason("a\r.pdf"), "must not contain control characters");
        assert_eq!(reason(" "), "must not be blank");
        assert_eq!(
            reason("cod\u{202E}cod.exe"),
            "must not contain bidirectional control characters"
        );
        assert_eq!(
            reason("a\u{2066}b.pdf"),
            "must not contain bidirectional control characters"
        );
    }

    #[test]
    fn names() {
        assert_eq!(name("name", "Ana López"), Ok(()));
        assert_eq!(kind(name("name", "   ")), Some(ErrorKind::InvalidInput));
        assert_eq!(
            kind(name("name", &"n".repeat(201))),
            Some(ErrorKind::InvalidInput)
        );
    }
}
