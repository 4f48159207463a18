//! The batch hot path: the status of many licences in one call. Day numbers
//! and statuses cross the boundary packed as bytes, so a large batch is
//! copied once each way instead of item by item. Each language sees typed
//! lists (see `uniffi.toml`): `IntArray` and `List<Status>` in Kotlin,
//! `[Int32]` and `[Status]` in Swift, lists of `int` and `Status` in Python.

use licence_core::expiry::{self, Expiry, Window};
use licence_core::{Day, Error};
use uniffi::deps::anyhow::{Context as _, anyhow};

use crate::error::LicenceError;
use crate::records::Status;

/// Day numbers (days since 1970-01-01; `i32::MIN` for a licence that never
/// expires), carried as packed little-endian 32-bit integers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayNumbers(pub Vec<i32>);

uniffi::custom_type!(DayNumbers, Vec<u8>, {
    lower: |days| days.0.iter().flat_map(|d| d.to_le_bytes()).collect(),
    try_lift: |bytes| unpack(&bytes)
        .map(DayNumbers)
        .ok_or_else(|| anyhow!("{} bytes are not whole day numbers", bytes.len())),
});

/// Statuses, carried as one byte each: the engine's status codes (0 active,
/// 1 expiring, 2 expired).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statuses(pub Vec<Status>);

/// The statuses in the order of their codes.
const BY_CODE: [Status; 3] = [Status::Active, Status::Expiring, Status::Expired];

uniffi::custom_type!(Statuses, Vec<u8>, {
    lower: |statuses| statuses.0.into_iter().map(code).collect(),
    try_lift: |codes| codes
        .into_iter()
        .map(|c| BY_CODE.get(usize::from(c)).copied().context("status code"))
        .collect::<uniffi::Result<_>>()
        .map(Statuses),
});

/// The code of a status.
fn code(status: Status) -> u8 {
    BY_CODE.iter().position(|s| *s == status).unwrap_or(0) as u8
}

/// The bindings' status for the engine's.
fn status(status: expiry::Status) -> Status {
    BY_CODE[status as usize]
}

/// Little-endian 32-bit integers from `bytes`, unless its length is not a
/// multiple of four.
fn unpack(bytes: &[u8]) -> Option<Vec<i32>> {
    let words = bytes.chunks_exact(4);
    words.remainder().is_empty().then(|| {
        words
            .map(|w| i32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect()
    })
}

fn statuses(days: Vec<i32>, today: i32, window_days: u32) -> Result<Statuses, LicenceError> {
    let today = Day::from_number("today", today)?;
    let expiries: Vec<Expiry> = days.into_iter().map(Expiry).collect();
    let evaluations = expiry::evaluate_all(&expiries, today, Window::new(window_days)?)?;
    Ok(Statuses(
        evaluations.iter().map(|e| status(e.status)).collect(),
    ))
}

/// The status of each licence of a batch on `today`, in order. Dates are day
/// numbers (see `day_number`); an expiry of `i32::MIN` (Kotlin's
/// `Int.MIN_VALUE`) means the licence never expires. `window_days` is the
/// expiring window (the engine's default is 90).
#[uniffi::export]
pub fn expiry_statuses(
    expiries: DayNumbers,
    today: i32,
    window_days: u32,
) -> Result<Statuses, LicenceError> {
    statuses(expiries.0, today, window_days)
}

/// [`expiry_statuses`] with the expiries already packed as little-endian
/// 32-bit day numbers, read in place without a copy: a direct `ByteBuffer`
/// in Kotlin (`ByteBuffer.allocateDirect(4 * n).order(LITTLE_ENDIAN)`),
/// `Data` in Swift, `bytes` in Python (`array('i', days).tobytes()`). For
/// the largest batches.
#[uniffi::export]
pub fn expiry_statuses_packed(
    expiries: &[u8],
    today: i32,
    window_days: u32,
) -> Result<Statuses, LicenceError> {
    let days = unpack(expiries).ok_or_else(|| {
        Error::invalid(
            "expiries",
            format!("{} bytes are not whole 4-byte day numbers", expiries.len()),
        )
    })?;
    statuses(days, today, window_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(days: &[i32]) -> Vec<u8> {
        days.iter().flat_map(|d| d.to_le_bytes()).collect()
    }

    #[test]
    fn packed_day_numbers_are_little_endian_words() {
        assert_eq!(
            unpack(&pack(&[1, -2, i32::MIN])),
            Some(vec![1, -2, i32::MIN])
        );
        assert_eq!(unpack(&[]), Some(vec![]));
        assert_eq!(unpack(&[0; 6]), None);
    }

    #[test]
    fn statuses_of_a_packed_batch() {
        let today = 20_485;
        let days = pack(&[today - 1, today, today + 90, today + 91, i32::MIN]);
        assert_eq!(
            expiry_statuses_packed(&days, today, 90),
            Ok(Statuses(vec![
                Status::Expired,
                Status::Expiring,
                Status::Expiring,
                Status::Active,
                Status::Active
            ]))
        );
        let odd = expiry_statuses_packed(&[0; 5], today, 90);
        assert!(
            matches!(odd, Err(LicenceError::InvalidInput { field, .. }) if field == "expiries")
        );
        let far = expiry_statuses(DayNumbers(vec![3_000_000]), today, 90);
        assert!(
            matches!(far, Err(LicenceError::InvalidInput { field, .. }) if field == "expiries[0]")
        );
    }

    #[test]
    fn status_codes_are_the_engines() {
        let engine = [
            expiry::Status::Active,
            expiry::Status::Expiring,
            expiry::Status::Expired,
        ];
        for (number, engine) in engine.into_iter().enumerate() {
            assert_eq!(engine as usize, number);
            assert_eq!(usize::from(code(status(engine))), number);
        }
    }
}
