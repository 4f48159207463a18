//! The courses and licence types that allocation refers to.

use std::collections::HashMap;

use crate::error::{Error, RecordKind, Result};
use crate::expiry::check_batch_len;
use crate::model::{Course, LicenceType};

/// Courses and licence types by id, with the courses that issue each type.
#[derive(Debug, Clone, Default)]
pub struct Catalogue<'a> {
    courses: HashMap<&'a str, &'a Course>,
    types: HashMap<&'a str, &'a LicenceType>,
    issuing: HashMap<&'a str, Vec<&'a Course>>,
}

impl<'a> Catalogue<'a> {
    /// Validates and indexes `courses` and `types`; a repeated id is an
    /// already-exists error, a course issuing an unknown type not found.
    pub fn new(courses: &'a [Course], types: &'a [LicenceType]) -> Result<Self> {
        check_batch_len(courses.len())?;
        check_batch_len(types.len())?;
        let mut catalogue = Self::default();
        for licence_type in types {
            licence_type.validate()?;
            if catalogue
                .types
                .insert(&licence_type.id, licence_type)
                .is_some()
            {
                return Err(Error::already_exists(
                    RecordKind::LicenceType,
                    &licence_type.id,
                ));
            }
        }
        for course in courses {
            course.validate()?;
            if catalogue.courses.insert(&course.id, course).is_some() {
                return Err(Error::already_exists(RecordKind::Course, &course.id));
            }
            if let Some(type_id) = &course.issues_type_id {
                catalogue.licence_type(type_id)?;
                catalogue.issuing.entry(type_id).or_default().push(course);
            }
        }
        Ok(catalogue)
    }

    /// The course with `id`.
    pub fn course(&self, id: &str) -> Result<&'a Course> {
        self.courses
            .get(id)
            .copied()
            .ok_or_else(|| Error::not_found(RecordKind::Course, id))
    }

    /// The licence type with `id`.
    pub fn licence_type(&self, id: &str) -> Result<&'a LicenceType> {
        self.types
            .get(id)
            .copied()
            .ok_or_else(|| Error::not_found(RecordKind::LicenceType, id))
    }

    /// The courses that issue the licence type `type_id`, in catalogue order.
    pub fn courses_issuing(&self, type_id: &str) -> &[&'a Course] {
        self.issuing.get(type_id).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::fixtures::{course, forklift, forklift_course};

    #[test]
    fn indexes_courses_by_id_and_issued_type() {
        let courses = [course("c1"), forklift_course("fl", None)];
        let types = [forklift()];
        let catalogue = Catalogue::new(&courses, &types).unwrap();
        assert_eq!(catalogue.course("c1").map(|c| c.id.as_str()), Ok("c1"));
        assert_eq!(
            catalogue.course("nope").err(),
            Some(Error::not_found(RecordKind::Course, "nope"))
        );
        let issuing: Vec<&str> = catalogue
            .courses_issuing("forklift")
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(issuing, ["fl"]);
        assert!(catalogue.courses_issuing("c1").is_empty());
    }

    #[test]
    fn rejects_repeats_and_unknown_types() {
        let kind = |courses: &[Course], types: &[LicenceType]| {
            Catalogue::new(courses, types).err().map(|e| e.kind())
        };
        assert_eq!(
            kind(&[course("c1"), course("c1")], &[]),
            Some(ErrorKind::AlreadyExists)
        );
        assert_eq!(
            kind(&[forklift_course("fl", None)], &[]),
            Some(ErrorKind::NotFound)
        );
        assert_eq!(
            kind(&[course("")], &[forklift()]),
            Some(ErrorKind::InvalidInput)
        );
    }
}
