//! The `store` import: the host keeps the tracker's records in any engine
//! store (the SQLite store for the demo). Records cross as JSON documents in
//! the engine's serde forms and dates as day numbers; this module only
//! converts, the store keeps the data and the tracker inside the component
//! makes every decision.

use licence_core::error::{Error, Failure, Result};
use licence_core::store::Store;
use licence_core::{Day, Window};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::bindings::store::{self as wit, Host, RecordKind};
use crate::error::{from_store_kind, to_store_error};

/// The host side of the `store` import: an engine store, and whether the
/// component left a transaction open.
pub struct StoreHost {
    store: Box<dyn Store>,
    in_transaction: bool,
}

impl std::fmt::Debug for StoreHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreHost")
            .field("in_transaction", &self.in_transaction)
            .finish_non_exhaustive()
    }
}

type Answer<T> = std::result::Result<T, wit::Error>;

fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    Failure::encode("a record", value)
}

fn parse<T: DeserializeOwned>(what: &str, text: &str) -> Result<T> {
    serde_json::from_str(text)
        .map_err(|e| Error::invalid(what, format!("is not a valid record: {e}")))
}

fn day(field: &str, number: wit::Day) -> Result<Day> {
    Day::from_number(field, number)
}

impl StoreHost {
    /// The host side over `store`.
    pub fn new(store: Box<dyn Store>) -> Self {
        Self {
            store,
            in_transaction: false,
        }
    }

    /// Undoes a transaction that a discarded instance left open, so the
    /// records are as they were before its call.
    pub fn recover(&mut self) -> Result<()> {
        if self.in_transaction {
            self.in_transaction = false;
            self.store.rollback()?;
        }
        Ok(())
    }

    fn with<R>(&mut self, f: impl FnOnce(&mut dyn Store) -> Result<R>) -> Answer<R> {
        f(&mut *self.store).map_err(to_store_error)
    }

    fn one<R: Serialize>(
        &mut self,
        f: impl FnOnce(&mut dyn Store) -> Result<Option<R>>,
    ) -> Answer<Option<String>> {
        self.with(|s| f(s)?.map(|r| json(&r)).transpose())
    }

    fn all<R: Serialize>(&mut self, f: impl FnOnce(&mut dyn Store) -> Result<R>) -> Answer<String> {
        self.with(|s| json(&f(s)?))
    }
}

impl Host for StoreHost {
    fn begin(&mut self) -> Answer<()> {
        self.with(|s| s.begin())?;
        self.in_transaction = true;
        Ok(())
    }

    fn commit(&mut self) -> Answer<()> {
        self.with(|s| s.commit())?;
        self.in_transaction = false;
        Ok(())
    }

    fn rollback(&mut self) -> Answer<()> {
        self.in_transaction = false;
        self.with(|s| s.rollback())
    }

    fn settings(&mut self) -> Answer<Option<String>> {
        self.one(|s| s.settings())
    }

    fn put_settings(&mut self, settings: String) -> Answer<()> {
        self.with(|s| s.put_settings(&parse("settings", &settings)?))
    }

    fn person(&mut self, id: String) -> Answer<Option<String>> {
        self.one(|s| s.person(&id))
    }

    fn put_people(&mut self, people: String) -> Answer<()> {
        self.with(|s| s.put_people(&parse::<Vec<_>>("people", &people)?))
    }

    fn people(&mut self, query: String) -> Answer<String> {
        self.all(|s| s.people(&parse("query", &query)?))
    }

    fn people_with_ids(&mut self, ids: Vec<String>) -> Answer<String> {
        self.all(|s| s.people_with_ids(&ids))
    }

    fn existing_ids(&mut self, record_kind: RecordKind, ids: Vec<String>) -> Answer<Vec<String>> {
        self.with(|s| s.existing_ids(from_store_kind(record_kind), &ids))
    }

    fn licence_type(&mut self, id: String) -> Answer<Option<String>> {
        self.one(|s| s.licence_type(&id))
    }

    fn licence_type_named(&mut self, name: String) -> Answer<Option<String>> {
        self.one(|s| s.licence_type_named(&name))
    }

    fn put_licence_type(&mut self, licence_type: String) -> Answer<()> {
        self.with(|s| s.put_licence_type(&parse("licence_type", &licence_type)?))
    }

    fn licence_types(&mut self) -> Answer<String> {
        self.all(|s| s.licence_types())
    }

    fn licence(&mut self, id: String) -> Answer<Option<String>> {
        self.one(|s| s.licence(&id))
    }

    fn put_licences(&mut self, records: String) -> Answer<()> {
        self.with(|s| s.put_licences(&parse::<Vec<_>>("records", &records)?))
    }

    fn licences(&mut self, query: String) -> Answer<String> {
        self.all(|s| s.licences(&parse("query", &query)?))
    }

    fn remove_licence(&mut self, id: String) -> Answer<()> {
        self.with(|s| s.remove_licence(&id))
    }

    fn reminder_candidates(
        &mut self,
        today: wit::Day,
        earliest_expiry: wit::Day,
        latest_expiry: wit::Day,
    ) -> Answer<String> {
        self.all(|s| {
            s.reminder_candidates(
                day("today", today)?,
                day("earliest_expiry", earliest_expiry)?,
                day("latest_expiry", latest_expiry)?,
            )
        })
    }

    fn purge_candidates(
        &mut self,
        expired_before: wit::Day,
        deleted_before: wit::Day,
    ) -> Answer<String> {
        self.all(|s| {
            s.purge_candidates(
                day("expired_before", expired_before)?,
                day("deleted_before", deleted_before)?,
            )
        })
    }

    fn put_acknowledgement(&mut self, acknowledgement: String) -> Answer<()> {
        self.with(|s| s.put_acknowledgement(&parse("acknowledgement", &acknowledgement)?))
    }

    fn acknowledgements(&mut self, licence_id: String) -> Answer<String> {
        self.all(|s| s.acknowledgements(&licence_id))
    }

    fn attachment(&mut self, id: String) -> Answer<Option<String>> {
        self.one(|s| s.attachment(&id))
    }

    fn attachment_content(&mut self, id: String) -> Answer<Option<Vec<u8>>> {
        self.with(|s| s.attachment_content(&id))
    }

    fn put_attachment(&mut self, attachment: String, content: Vec<u8>) -> Answer<()> {
        self.with(|s| s.put_attachment(&parse("attachment", &attachment)?, &content))
    }

    fn attachments(&mut self, licence_id: String) -> Answer<String> {
        self.all(|s| s.attachments(&licence_id))
    }

    fn remove_attachment(&mut self, id: String) -> Answer<()> {
        self.with(|s| s.remove_attachment(&id))
    }

    fn course(&mut self, id: String) -> Answer<Option<String>> {
        self.one(|s| s.course(&id))
    }

    fn put_course(&mut self, course: String) -> Answer<()> {
        self.with(|s| s.put_course(&parse("course", &course)?))
    }

    fn courses(&mut self) -> Answer<String> {
        self.all(|s| s.courses())
    }

    fn seat(&mut self, id: String) -> Answer<Option<String>> {
        self.one(|s| s.seat(&id))
    }

    fn put_seats(&mut self, seats: String) -> Answer<()> {
        self.with(|s| s.put_seats(&parse::<Vec<_>>("seats", &seats)?))
    }

    fn seats(&mut self, query: String) -> Answer<String> {
        self.all(|s| s.seats(&parse("query", &query)?))
    }

    fn put_rule(&mut self, rule: String) -> Answer<()> {
        self.with(|s| s.put_rule(&parse("rule", &rule)?))
    }

    fn remove_rule(&mut self, id: String) -> Answer<()> {
        self.with(|s| s.remove_rule(&id))
    }

    fn rules(&mut self) -> Answer<String> {
        self.all(|s| s.rules())
    }

    fn site(&mut self, id: String) -> Answer<Option<String>> {
        self.one(|s| s.site(&id))
    }

    fn put_site(&mut self, site: String) -> Answer<()> {
        self.with(|s| s.put_site(&parse("site", &site)?))
    }

    fn sites(&mut self) -> Answer<String> {
        self.all(|s| s.sites())
    }

    fn associations(&mut self, candidate_id: String) -> Answer<String> {
        self.all(|s| s.associations(&candidate_id))
    }

    fn put_associations(&mut self, candidate_id: String, associations: String) -> Answer<()> {
        self.with(|s| {
            s.put_associations(
                &candidate_id,
                &parse::<Vec<_>>("associations", &associations)?,
            )
        })
    }

    fn append_audit(&mut self, entry: String) -> Answer<u64> {
        self.with(|s| s.append_audit(&parse("entry", &entry)?))
    }

    fn audit(&mut self, query: String) -> Answer<String> {
        self.all(|s| s.audit(&parse("query", &query)?))
    }

    fn overview(&mut self, query: String, today: wit::Day, window_days: u32) -> Answer<String> {
        self.all(|s| {
            s.overview(
                &parse("query", &query)?,
                day("today", today)?,
                Window::new(window_days)?,
            )
        })
    }

    fn status_counts(
        &mut self,
        filter: String,
        today: wit::Day,
        window_days: u32,
    ) -> Answer<String> {
        self.all(|s| {
            s.status_counts(
                &parse("filter", &filter)?,
                day("today", today)?,
                Window::new(window_days)?,
            )
        })
    }
}
