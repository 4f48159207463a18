//! The organisation's settings and its people.

use serde::{Deserialize, Serialize};

use crate::model::{Person, Seat};
use crate::operations::{TrackerOperation, operation};
use crate::settings::Settings;
use crate::store::{Page, PeopleQuery};
use crate::tracker::{Context, Erasure, Tracker};
use crate::{Day, Result};

operation! {
    /// The organisation's settings: default reminder policy, expiring
    /// window, retention and attachment limit.
    pub struct SettingsInput as "settings" -> Settings {}
}

impl TrackerOperation for SettingsInput {
    fn run(self, t: &Tracker) -> Result<Settings> {
        t.settings()
    }
}

operation! {
    /// Replaces the organisation's settings; the reminder dates of every
    /// current licence are recomputed.
    pub struct UpdateSettingsInput as "update_settings" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The new settings.
        pub settings: Settings,
    }
}

impl TrackerOperation for UpdateSettingsInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.update_settings(&self.ctx, &self.settings)
    }
}

/// Seats given by the allocation rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SeatList {
    /// The seats.
    pub seats: Vec<Seat>,
}

operation! {
    /// Registers a person; the allocation rules that match them give them
    /// their seats.
    pub struct RegisterPersonInput as "register_person" (writes) -> SeatList {
        /// Who acts, and when.
        pub ctx: Context,
        /// The person.
        pub person: Person,
    }
}

impl TrackerOperation for RegisterPersonInput {
    fn run(self, t: &Tracker) -> Result<SeatList> {
        let seats = t.register_person(&self.ctx, &self.person)?;
        Ok(SeatList { seats })
    }
}

operation! {
    /// Changes a person; moving into a rule's scope gives its seats.
    pub struct UpdatePersonInput as "update_person" (writes) -> SeatList {
        /// Who acts, and when.
        pub ctx: Context,
        /// The person as they are now.
        pub person: Person,
        /// The date of the change.
        pub today: Day,
    }
}

impl TrackerOperation for UpdatePersonInput {
    fn run(self, t: &Tracker) -> Result<SeatList> {
        let seats = t.update_person(&self.ctx, &self.person, self.today)?;
        Ok(SeatList { seats })
    }
}

operation! {
    /// Marks a person inactive: no more reminders or allocations, history
    /// kept.
    pub struct DeactivatePersonInput as "deactivate_person" (writes) -> () {
        /// Who acts, and when.
        pub ctx: Context,
        /// The person.
        pub id: String,
    }
}

impl TrackerOperation for DeactivatePersonInput {
    fn run(self, t: &Tracker) -> Result<()> {
        t.deactivate_person(&self.ctx, &self.id)
    }
}

operation! {
    /// Erases a person and everything they hold (the right to erasure):
    /// their licences, attachments, seats and site associations, and the
    /// personal data in earlier audit entries about them, leaving one entry
    /// that records the erasure.
    pub struct ErasePersonInput as "erase_person" (writes) -> Erasure {
        /// Who acts, and when.
        pub ctx: Context,
        /// The person.
        pub id: String,
    }
}

impl TrackerOperation for ErasePersonInput {
    fn run(self, t: &Tracker) -> Result<Erasure> {
        t.erase_person(&self.ctx, &self.id)
    }
}

operation! {
    /// One person.
    pub struct PersonInput as "person" -> Person {
        /// The person's id.
        pub id: String,
    }
}

impl TrackerOperation for PersonInput {
    fn run(self, t: &Tracker) -> Result<Person> {
        t.person(&self.id)
    }
}

/// People, by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PersonList {
    /// The people.
    pub people: Vec<Person>,
    /// Where the next page starts; absent on the last page.
    #[serde(default)]
    pub next_offset: Option<u32>,
}

operation! {
    /// The people matching a query, by id.
    pub struct PeopleInput as "people" -> PersonList {
        /// Which people (everyone by default).
        #[serde(default)]
        pub query: PeopleQuery,
        /// The page (the first 1,000 by default, at most 10,000).
        #[serde(default)]
        pub page: Page,
    }
}

impl TrackerOperation for PeopleInput {
    fn run(self, t: &Tracker) -> Result<PersonList> {
        let listing = t.people(&self.query, self.page)?;
        Ok(PersonList {
            people: listing.items,
            next_offset: listing.next_offset,
        })
    }
}
