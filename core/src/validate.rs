//! Field checks shared by every record: ids, names, e-mail addresses, text.

use crate::error::{Error, Result};

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
                value.escape_debug()
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

/// Checks an e-mail address: one `@` between a non-empty local part and a
/// dotted domain, no spaces, at most [`MAX_EMAIL_BYTES`].
pub fn email(field: &str, value: &str) -> Result<()> {
    let bad = |why: &str| Err(Error::invalid(field, format!("`{value}` {why}")));
    if value.len() > MAX_EMAIL_BYTES {
        return bad("is longer than 254 bytes");
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("contains spaces or control characters");
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
    fn emails() {
        assert_eq!(email("email", "ana.lopez@example.org"), Ok(()));
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
    fn names() {
        assert_eq!(name("name", "Ana López"), Ok(()));
        assert_eq!(kind(name("name", "   ")), Some(ErrorKind::InvalidInput));
        assert_eq!(
            kind(name("name", &"n".repeat(201))),
            Some(ErrorKind::InvalidInput)
        );
    }
}
