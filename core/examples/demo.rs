//! The engine on a sample organisation: status counts, the expiring list, and
//! the reminders and digests due on a date.
//!
//! `cargo run -p licence-core --example demo -- [--today YYYY-MM-DD] [--people N]`

use std::collections::HashMap;

use licence_core::expiry::{Expiry, Window, count_by_status, evaluate_all};
use licence_core::policy::ReminderPolicy;
use licence_core::reminders::{Roster, digests};
use licence_core::sample::organisation;
use licence_core::{Day, Error, Status};

fn argument(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    let today = Day::parse(
        "--today",
        &argument(&args, "--today").unwrap_or_else(|| "2026-06-01".into()),
    )?;
    let people = match argument(&args, "--people") {
        Some(n) => n
            .parse()
            .map_err(|_| Error::invalid("--people", format!("`{n}` is not a number")))?,
        None => 400,
    };
    let window = Window::default();
    let org = organisation(people, today, 2026);
    let current: Vec<_> = org.licences.iter().filter(|l| !l.is_superseded()).collect();
    println!(
        "Organisation: {} people, {} licence types, {} licences ({} current, {} renewed and kept as history)",
        org.people.len(),
        org.types.len(),
        org.licences.len(),
        current.len(),
        org.licences.len() - current.len(),
    );

    let expiries: Vec<Expiry> = current.iter().map(|l| Expiry::from_day(l.expiry)).collect();
    let evaluations = evaluate_all(&expiries, today, window)?;
    let [active, expiring, expired] = count_by_status(&evaluations);
    println!(
        "\nStatus on {today} (expiring window {} days):",
        window.days()
    );
    println!("  active   {active:>6}\n  expiring {expiring:>6}\n  expired  {expired:>6}");

    let people: HashMap<&str, &str> = org
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let types: HashMap<&str, &str> = org
        .types
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    let mut soon: Vec<_> = current
        .iter()
        .zip(&evaluations)
        .filter(|(_, e)| e.status == Status::Expiring)
        .collect();
    soon.sort_by_key(|(l, e)| (e.days_left, l.id.clone()));
    println!(
        "\nExpiring soonest ({} in the window, first 10):",
        soon.len()
    );
    for (licence, evaluation) in soon.iter().take(10) {
        println!(
            "  {:<20} {:<22} expires {}  days left {:>3}",
            people.get(licence.holder_id.as_str()).unwrap_or(&"?"),
            types.get(licence.type_id.as_str()).unwrap_or(&"?"),
            licence.expiry.map_or_else(String::new, |d| d.to_string()),
            evaluation.days_left,
        );
    }

    let default_policy = ReminderPolicy::default();
    let roster = Roster::new(&org.people, &org.types, &default_policy)?;
    // The host has run every morning for the last 120 days and sent (so
    // acknowledged) everything that was due.
    let mut acknowledgements = Vec::new();
    for offset in (1..=120).rev() {
        let earlier =
            roster.due_reminders(&org.licences, &acknowledgements, today.plus_days(-offset))?;
        acknowledgements.extend(earlier.iter().map(|r| r.acknowledgement()));
    }
    println!(
        "\nThe last 120 mornings sent and acknowledged {} reminders.",
        acknowledgements.len()
    );
    let due = roster.due_reminders(&org.licences, &acknowledgements, today)?;
    let skipped: usize = due.iter().map(|r| usize::from(r.skipped)).sum();
    let after_expiry = due.iter().filter(|r| r.occurrence > 0).count();
    println!(
        "\nReminders due on {today}: {} ({} before expiry, {after_expiry} after expiry; {skipped} earlier reminders skipped as less urgent)",
        due.len(),
        due.len() - after_expiry,
    );
    for reminder in due.iter().take(8) {
        let when = match reminder.lead {
            Some(lead) => format!("lead {lead}"),
            None => format!("after-expiry reminder {}", reminder.occurrence),
        };
        println!(
            "  {:<18} {:<20} expires {} (days left {:>3}), {when}, {} recipients",
            reminder.holder_name,
            reminder.type_name,
            reminder.expiry,
            reminder.days_left,
            reminder.recipients.len(),
        );
    }
    let digests = digests(&due);
    println!(
        "\nDigests: {} recipients, one message each. The largest:",
        digests.len()
    );
    let mut largest: Vec<_> = digests.iter().collect();
    largest.sort_by_key(|d| std::cmp::Reverse(d.reminders.len()));
    for digest in largest.iter().take(5) {
        println!(
            "  {:<40} {:>4} licences",
            digest.recipient,
            digest.reminders.len()
        );
    }
    Ok(())
}
