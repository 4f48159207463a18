//! Constants of the batch records that core keeps outside the records'
//! own types, with the values C sees (each checked against core's below).

/// `days_left` of an `lt_evaluation` for a licence without expiry.
pub const LT_NO_DAYS_LEFT: i32 = i32::MIN;
/// `acknowledged_through` of an `lt_reminder_input` with nothing
/// acknowledged yet.
pub const LT_NOTHING_ACKNOWLEDGED: i32 = i32::MIN;
/// `flags` bit of an `lt_reminder_input`: a newer licence renewed this one.
pub const LT_REMINDER_SUPERSEDED: u32 = 1;
/// `flags` bit of an `lt_reminder_input`: the licence is deleted.
pub const LT_REMINDER_DELETED: u32 = 2;
/// `flags` bit of an `lt_reminder_input`: the holder is inactive.
pub const LT_REMINDER_HOLDER_INACTIVE: u32 = 4;
/// The expiring window, in days, that the engine uses by default.
pub const LT_DEFAULT_WINDOW_DAYS: u32 = 90;
/// The most records one batch call accepts; more is
/// `LT_RESULT_LIMIT_EXCEEDED`.
pub const LT_MAX_BATCH: usize = 1 << 24;

#[cfg(test)]
mod tests {
    use licence_core::expiry::{DEFAULT_WINDOW_DAYS, MAX_BATCH, NO_DAYS_LEFT};
    use licence_core::reminders::{NOTHING_ACKNOWLEDGED, flags};

    use super::*;

    #[test]
    fn the_values_are_cores() {
        assert_eq!(LT_NO_DAYS_LEFT, NO_DAYS_LEFT);
        assert_eq!(LT_NOTHING_ACKNOWLEDGED, NOTHING_ACKNOWLEDGED);
        assert_eq!(LT_REMINDER_SUPERSEDED, flags::SUPERSEDED);
        assert_eq!(LT_REMINDER_DELETED, flags::DELETED);
        assert_eq!(LT_REMINDER_HOLDER_INACTIVE, flags::HOLDER_INACTIVE);
        assert_eq!(LT_DEFAULT_WINDOW_DAYS, DEFAULT_WINDOW_DAYS);
        assert_eq!(LT_MAX_BATCH, MAX_BATCH);
    }
}
