//! Manual allocation (SPEC §4.1): who may be given a course, and giving it
//! to a list of people.

use serde::{Deserialize, Serialize};

use super::{Allocation, Catalogue, Outcome, SeatIndex, index_people};
use crate::calendar::Day;
use crate::error::Result;
use crate::expiry::check_batch_len;
use crate::fields::place_passes;
use crate::model::{Person, SeatSource};
use crate::validate;

/// Narrows the list of eligible people; an absent field matches everyone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PersonFilter {
    /// Part of the name, compared case-insensitively.
    #[serde(default)]
    pub name: Option<String>,
    /// The location, compared ignoring case and surrounding spaces.
    #[serde(default)]
    pub location: Option<String>,
    /// The department, compared ignoring case and surrounding spaces.
    #[serde(default)]
    pub department: Option<String>,
}

impl PersonFilter {
    fn validate(&self) -> Result<()> {
        validate::optional("filter.name", self.name.as_deref(), validate::short_text)?;
        validate::optional(
            "filter.location",
            self.location.as_deref(),
            validate::short_text,
        )?;
        validate::optional(
            "filter.department",
            self.department.as_deref(),
            validate::short_text,
        )
    }

    /// Whether `person` matches, given the name part already lowercased.
    fn matches(&self, person: &Person, name_part: Option<&str>) -> bool {
        place_passes(self.location.as_deref(), person.location.as_deref())
            && place_passes(self.department.as_deref(), person.department.as_deref())
            && name_part.is_none_or(|part| person.name.to_lowercase().contains(part))
    }
}

/// The people who may be given `course_id`: active, without an open seat for
/// it, and matching `filter`, in input order.
pub fn eligible<'a>(
    catalogue: &Catalogue,
    course_id: &str,
    people: &'a [Person],
    seats: &SeatIndex,
    filter: &PersonFilter,
) -> Result<Vec<&'a Person>> {
    validate::id("course_id", course_id)?;
    catalogue.course(course_id)?;
    filter.validate()?;
    index_people(people)?;
    let name_part = filter.name.as_deref().map(str::to_lowercase);
    Ok(people
        .iter()
        .filter(|p| p.active && !seats.has_open(&p.id, course_id))
        .filter(|p| filter.matches(p, name_part.as_deref()))
        .collect())
}

/// Gives `course_id` on `today` to each of `person_ids`, looked up in
/// `people`, with a result per id: an unknown or inactive person, or one
/// who already holds an open seat, does not stop the others.
pub fn allocate(
    catalogue: &Catalogue,
    course_id: &str,
    person_ids: &[String],
    people: &[Person],
    seats: &mut SeatIndex,
    today: Day,
) -> Result<Allocation> {
    validate::id("course_id", course_id)?;
    catalogue.course(course_id)?;
    check_batch_len(person_ids.len())?;
    for (i, id) in person_ids.iter().enumerate() {
        validate::id(&format!("person_ids[{i}]"), id)?;
    }
    let by_id = index_people(people)?;
    let mut allocation = Allocation::default();
    for id in person_ids {
        match by_id.get(id.as_str()) {
            None => allocation.skip(id, Outcome::UnknownPerson),
            Some(person) if !person.active => allocation.skip(id, Outcome::InactivePerson),
            Some(_) => {
                let seat = seats.give(id, course_id, || SeatSource::Manual, today);
                allocation.record(id, seat, Outcome::AlreadyAllocated);
            }
        }
    }
    Ok(allocation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allocation::PersonResult;
    use crate::error::{Error, ErrorKind, RecordKind};
    use crate::fixtures::{course, day, person, seat};
    use crate::model::{Course, SeatState};

    fn courses() -> Vec<Course> {
        vec![course("c1")]
    }

    fn people() -> Vec<Person> {
        let mut ana = person("ana", Some("London"), Some("IT"));
        ana.name = "Ana López".into();
        let mut bo = person("bo", Some("Leeds"), Some("IT"));
        bo.name = "Bo Anand".into();
        let mut cy = person("cy", Some("London"), Some("Sales"));
        cy.name = "Cy Banana".into();
        let mut dee = person("dee", Some("London"), Some("IT"));
        dee.active = false;
        vec![ana, bo, cy, dee]
    }

    fn ids(people: Result<Vec<&Person>>) -> Result<Vec<&str>> {
        people.map(|p| p.iter().map(|p| p.id.as_str()).collect())
    }

    #[test]
    fn eligible_skips_inactive_and_open_seats_and_filters() {
        let (courses, people) = (courses(), people());
        let catalogue = Catalogue::new(&courses, &[]).unwrap();
        let seats = SeatIndex::new(&[seat("s1", "cy", "c1", SeatState::Allocated)]).unwrap();
        let run = |filter: PersonFilter| ids(eligible(&catalogue, "c1", &people, &seats, &filter));
        assert_eq!(run(PersonFilter::default()), Ok(vec!["ana", "bo"]));
        let by_name = PersonFilter {
            name: Some("AN".into()),
            ..PersonFilter::default()
        };
        assert_eq!(run(by_name), Ok(vec!["ana", "bo"]));
        let by_place = PersonFilter {
            location: Some("London".into()),
            department: Some("IT".into()),
            ..PersonFilter::default()
        };
        assert_eq!(run(by_place), Ok(vec!["ana"]));
        let folded_place = PersonFilter {
            location: Some(" LONDON ".into()),
            department: Some("it".into()),
            ..PersonFilter::default()
        };
        assert_eq!(run(folded_place), Ok(vec!["ana"]));
        let elsewhere = PersonFilter {
            location: Some("Londonderry".into()),
            ..PersonFilter::default()
        };
        assert_eq!(run(elsewhere), Ok(vec![]));
    }

    #[test]
    fn eligible_needs_a_known_course() {
        let (courses, people) = (courses(), people());
        let catalogue = Catalogue::new(&courses, &[]).unwrap();
        let seats = SeatIndex::default();
        let filter = PersonFilter::default();
        assert_eq!(
            eligible(&catalogue, "c9", &people, &seats, &filter).err(),
            Some(Error::not_found(RecordKind::Course, "c9"))
        );
        assert_eq!(
            eligible(&catalogue, "", &people, &seats, &filter)
                .err()
                .map(|e| e.kind()),
            Some(ErrorKind::InvalidInput)
        );
    }

    #[test]
    fn allocate_reports_each_person() {
        let (courses, people) = (courses(), people());
        let catalogue = Catalogue::new(&courses, &[]).unwrap();
        let mut seats = SeatIndex::new(&[seat("s1", "cy", "c1", SeatState::Allocated)]).unwrap();
        let ids: Vec<String> = ["ana", "nobody", "dee", "cy", "ana", "bo"]
            .map(String::from)
            .into();
        let today = day("2026-02-01");
        let got = allocate(&catalogue, "c1", &ids, &people, &mut seats, today).unwrap();
        let outcomes: Vec<(&str, Outcome)> = got
            .results
            .iter()
            .map(|PersonResult { person_id, outcome }| (person_id.as_str(), *outcome))
            .collect();
        assert_eq!(
            outcomes,
            [
                ("ana", Outcome::Allocated),
                ("nobody", Outcome::UnknownPerson),
                ("dee", Outcome::InactivePerson),
                ("cy", Outcome::AlreadyAllocated),
                ("ana", Outcome::AlreadyAllocated),
                ("bo", Outcome::Allocated),
            ]
        );
        let given: Vec<(&str, &SeatSource, Day)> = got
            .seats
            .iter()
            .map(|s| (s.person_id.as_str(), &s.source, s.given_on))
            .collect();
        assert_eq!(
            given,
            [
                ("ana", &SeatSource::Manual, today),
                ("bo", &SeatSource::Manual, today)
            ]
        );
        assert!(seats.has_open("bo", "c1"));
    }

    #[test]
    fn allocate_rejects_bad_input_before_deciding() {
        let (courses, people) = (courses(), people());
        let catalogue = Catalogue::new(&courses, &[]).unwrap();
        let mut seats = SeatIndex::default();
        let today = day("2026-02-01");
        let ids = vec!["ana".to_owned(), String::new()];
        let err = allocate(&catalogue, "c1", &ids, &people, &mut seats, today).err();
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some("invalid person_ids[1]: must not be empty")
        );
        assert_eq!(seats, SeatIndex::default());
        let twice = [people[0].clone(), people[0].clone()];
        assert_eq!(
            allocate(&catalogue, "c1", &ids[..1], &twice, &mut seats, today).err(),
            Some(Error::already_exists(RecordKind::Person, "ana"))
        );
        assert_eq!(
            allocate(&catalogue, "c2", &ids[..1], &people, &mut seats, today).err(),
            Some(Error::not_found(RecordKind::Course, "c2"))
        );
    }
}
