//! The .xlsx writer read back by an independent reader: every text comes
//! back as written, dates as dates, numbers as numbers.

#![allow(clippy::expect_used, clippy::panic)]

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use licence_core::Day;
use licence_core::workbook::{Cell, Workbook};

fn day(text: &str) -> Day {
    Day::parse("date", text).expect("date")
}

/// `text` with SpreadsheetML's `_xHHHH_` escapes decoded, as Excel and
/// LibreOffice read them (the reader used here returns them as stored).
fn decoded(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let code = rest
            .get(at + 2..at + 6)
            .filter(|_| rest.get(at + 6..at + 7) == Some("_"));
        match code
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32)
        {
            Some(c) => {
                out.push(c);
                rest = &rest[at + 7..];
            }
            None => {
                out.push_str("_x");
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn texts_dates_and_numbers_read_back_as_written() {
    let texts = [
        "plain",
        "  spaced  ",
        "<tag> & \"quotes\" 'single'",
        "bell\u{7}, escape \u{1b} and null \u{0}",
        "_x0041_ is not an A",
        "Łódź, 東京, emoji 🦺",
        "=SUM(A1:A2)",
    ];
    let mut book = Workbook::new();
    let sheet = book
        .sheet("Cells", &["text", "date", "number"])
        .expect("sheet");
    for (i, text) in texts.iter().enumerate() {
        sheet
            .row(&[
                Cell::Text(text),
                Cell::Date(day("2026-05-31")),
                Cell::Number(i as f64 - 1.5),
            ])
            .expect("row");
    }
    sheet
        .row(&[
            Cell::Empty,
            Cell::Date(day("1899-12-31")),
            Cell::Number(f64::NAN),
        ])
        .expect("row");
    let other = book.sheet("Second sheet", &["only"]).expect("second sheet");
    other.row(&[Cell::Text("there")]).expect("row");
    let bytes = book.finish().expect("file");

    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
    assert_eq!(workbook.sheet_names(), ["Cells", "Second sheet"]);
    let sheet = workbook.worksheet_range("Cells").expect("the sheet");
    assert_eq!(sheet.get_size(), (texts.len() + 2, 3));
    let cell = |row: usize, col: usize| {
        sheet
            .get_value((row as u32, col as u32))
            .cloned()
            .unwrap_or(Data::Empty)
    };
    assert_eq!(cell(0, 1), Data::String("date".into()));
    for (i, text) in texts.iter().enumerate() {
        match cell(i + 1, 0) {
            Data::String(read) => assert_eq!(decoded(&read), *text, "row {i}"),
            other => panic!("not text: {other:?}"),
        }
        match cell(i + 1, 1) {
            Data::DateTime(date) => assert_eq!(date.as_f64(), 46173.0),
            other => panic!("not a date: {other:?}"),
        }
        assert_eq!(cell(i + 1, 2), Data::Float(i as f64 - 1.5));
    }
    let last = texts.len() + 1;
    assert_eq!(cell(last, 0), Data::Empty);
    assert_eq!(cell(last, 1), Data::String("1899-12-31".into()));
    assert_eq!(cell(last, 2), Data::String("NaN".into()));
    let second = workbook.worksheet_range("Second sheet").expect("second");
    assert_eq!(
        second.get_value((1, 0)),
        Some(&Data::String("there".into()))
    );
}
