//! A small .xlsx writer (Office Open XML SpreadsheetML, ECMA-376 part 1):
//! sheets of text, numbers and dates under a bold heading row that stays in
//! view, with an autofilter over each sheet.
//!
//! Text is written inline (no shared-string table) and the package carries
//! no timestamp, so the same rows give the same bytes through every door —
//! the WebAssembly component included, which has no clock to read.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::calendar::Day;
use crate::error::{Error, Failure, Result};

/// The most rows a sheet holds, its heading row included (Excel's limit).
pub const MAX_ROWS: u32 = 1_048_576;
/// The most characters a cell's text holds (Excel's limit).
pub const MAX_TEXT: usize = 32_767;
/// The most columns a sheet holds (Excel's limit).
const MAX_COLUMNS: usize = 16_384;

/// Excel's serial number of 1970-01-01 (day 0).
const EPOCH_SERIAL: i32 = 25_569;
/// 1900-03-01, the first day whose Excel serial number is right: Excel
/// counts a 29 February 1900 that never was. Earlier dates are written as
/// `YYYY-MM-DD` text.
const FIRST_SERIAL_DAY: i32 = -25_508;

/// The cell formats of `styles.xml`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Bold,
    Date,
}

impl Style {
    /// A cell's `s` attribute: the format's index in `styles.xml` (none
    /// for a plain cell).
    fn attribute(self) -> &'static str {
        match self {
            Self::Plain => "",
            Self::Bold => r#" s="1""#,
            Self::Date => r#" s="2""#,
        }
    }
}

/// One cell's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Nothing: no cell is written.
    Empty,
    /// Text, kept as written (empty text is no cell).
    Text(&'a str),
    /// A number (a non-finite one is written as text).
    Number(f64),
    /// A date, shown as `yyyy-mm-dd`.
    Date(Day),
}

/// A workbook being written: [`Workbook::sheet`] adds sheets,
/// [`Sheet::row`] their rows, and [`Workbook::finish`] packs the file.
#[derive(Debug, Default)]
pub struct Workbook {
    sheets: Vec<Sheet>,
}

/// One sheet: its name, its columns and the XML of the rows written so far.
#[derive(Debug)]
pub struct Sheet {
    name: String,
    columns: usize,
    rows: u32,
    xml: String,
}

impl Workbook {
    /// An empty workbook.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a sheet called `name` whose first row is `headings`, in bold.
    /// A name Excel refuses (empty, over 31 characters, one of `[]:*?/\`,
    /// or a repeat) is an internal error: names come from the engine.
    pub fn sheet(&mut self, name: &str, headings: &[&str]) -> Result<&mut Sheet> {
        let refused = name.is_empty()
            || name.chars().count() > 31
            || name.contains(['[', ']', ':', '*', '?', '/', '\\'])
            || name.starts_with('\'')
            || name.ends_with('\'')
            || self
                .sheets
                .iter()
                .any(|s| s.name.to_lowercase() == name.to_lowercase());
        if refused || headings.is_empty() || headings.len() > MAX_COLUMNS {
            return Err(Error::internal(format!(
                "a workbook cannot have a sheet `{name}` of {} columns",
                headings.len()
            )));
        }
        let mut sheet = Sheet {
            name: name.to_owned(),
            columns: headings.len(),
            rows: 0,
            xml: String::new(),
        };
        let headings: Vec<Cell> = headings.iter().map(|h| Cell::Text(h)).collect();
        sheet.write_row(&headings, Style::Bold)?;
        self.sheets.push(sheet);
        let last = self.sheets.len() - 1;
        Ok(&mut self.sheets[last])
    }

    /// The .xlsx file.
    pub fn finish(self) -> Result<Vec<u8>> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut part = |path: &str, content: &str| -> Result<()> {
            zip.start_file(path, options).map_err(Failure::Zip)?;
            zip.write_all(content.as_bytes())
                .map_err(|e| Failure::Zip(e.into()))?;
            Ok(())
        };
        part("[Content_Types].xml", &self.content_types())?;
        part("_rels/.rels", ROOT_RELATIONSHIPS)?;
        part("xl/workbook.xml", &self.workbook_xml())?;
        part("xl/_rels/workbook.xml.rels", &self.relationships())?;
        part("xl/styles.xml", STYLES)?;
        for (index, sheet) in self.sheets.iter().enumerate() {
            part(
                &format!("xl/worksheets/sheet{}.xml", index + 1),
                &sheet.worksheet_xml(),
            )?;
        }
        let file = zip.finish().map_err(Failure::Zip)?;
        Ok(file.into_inner())
    }

    fn content_types(&self) -> String {
        let mut xml = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
            r#"<Default Extension="xml" ContentType="application/xml"/>"#,
            r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
            r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
        ));
        for index in 1..=self.sheets.len() {
            let _ = write!(
                xml,
                r#"<Override PartName="/xl/worksheets/sheet{index}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
            );
        }
        xml.push_str("</Types>");
        xml
    }

    fn workbook_xml(&self) -> String {
        let mut xml = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
            r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
            r#"<bookViews><workbookView/></bookViews><sheets>"#,
        ));
        for (index, sheet) in self.sheets.iter().enumerate() {
            let _ = write!(
                xml,
                r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
                escaped(&sheet.name),
                n = index + 1
            );
        }
        xml.push_str("</sheets><definedNames>");
        for (index, sheet) in self.sheets.iter().enumerate() {
            let _ = write!(
                xml,
                r#"<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'{}'!{}</definedName>"#,
                escaped(&sheet.name.replace('\'', "''")),
                sheet.range(true)
            );
        }
        xml.push_str("</definedNames></workbook>");
        xml
    }

    fn relationships(&self) -> String {
        let mut xml = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        ));
        for index in 1..=self.sheets.len() {
            let _ = write!(
                xml,
                r#"<Relationship Id="rId{index}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{index}.xml"/>"#
            );
        }
        let _ = write!(
            xml,
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
            self.sheets.len() + 1
        );
        xml.push_str("</Relationships>");
        xml
    }
}

impl Sheet {
    /// Appends a row: `cells` from the first column on, at most one per
    /// heading. Past [`MAX_ROWS`] rows, or with text longer than
    /// [`MAX_TEXT`], nothing is written and the error is `limit_exceeded`.
    pub fn row(&mut self, cells: &[Cell]) -> Result<()> {
        if cells.len() > self.columns {
            return Err(Error::internal(format!(
                "a row of {} cells on the sheet `{}` of {} columns",
                cells.len(),
                self.name,
                self.columns
            )));
        }
        self.write_row(cells, Style::Plain)
    }

    fn write_row(&mut self, cells: &[Cell], style: Style) -> Result<()> {
        if self.rows == MAX_ROWS {
            return Err(Error::LimitExceeded {
                what: format!("the rows of the .xlsx sheet `{}`", self.name),
                limit: u64::from(MAX_ROWS),
            });
        }
        if let Some(long) = cells.iter().find_map(|cell| match cell {
            Cell::Text(text) if text.chars().count() > MAX_TEXT => Some(text),
            _ => None,
        }) {
            return Err(Error::LimitExceeded {
                what: format!("a cell's text in the .xlsx export (`{}…`)", prefix(long)),
                limit: MAX_TEXT as u64,
            });
        }
        let line = self.rows + 1;
        let _ = write!(self.xml, r#"<row r="{line}">"#);
        for (column, cell) in cells.iter().enumerate() {
            let at = format!("{}{line}", column_name(column));
            let date = match cell {
                Cell::Date(day) if day.number() >= FIRST_SERIAL_DAY => Some(day.number()),
                _ => None,
            };
            let _ = match (cell, date) {
                (Cell::Empty | Cell::Text(""), _) => Ok(()),
                (Cell::Date(_), Some(number)) => write!(
                    self.xml,
                    r#"<c r="{at}"{}><v>{}</v></c>"#,
                    Style::Date.attribute(),
                    number + EPOCH_SERIAL
                ),
                (Cell::Number(number), _) if number.is_finite() => write!(
                    self.xml,
                    r#"<c r="{at}"{}><v>{number}</v></c>"#,
                    style.attribute()
                ),
                (Cell::Date(day), None) => self.text(&at, &day.to_string(), style),
                (Cell::Number(number), _) => self.text(&at, &number.to_string(), style),
                (Cell::Text(text), _) => self.text(&at, text, style),
            };
        }
        self.xml.push_str("</row>");
        self.rows += 1;
        Ok(())
    }

    /// An inline-string cell.
    fn text(&mut self, at: &str, text: &str, style: Style) -> std::fmt::Result {
        let space = if text.trim() != text {
            r#" xml:space="preserve""#
        } else {
            ""
        };
        write!(
            self.xml,
            r#"<c r="{at}"{} t="inlineStr"><is><t{space}>{}</t></is></c>"#,
            style.attribute(),
            escaped(text)
        )
    }

    /// The sheet's cells as `A1:M9`, absolute (`$A$1:$M$9`) when asked.
    fn range(&self, absolute: bool) -> String {
        let last = column_name(self.columns - 1);
        let rows = self.rows.max(1);
        if absolute {
            format!("$A$1:${last}${rows}")
        } else {
            format!("A1:{last}{rows}")
        }
    }

    fn worksheet_xml(&self) -> String {
        let range = self.range(false);
        let mut xml = String::with_capacity(self.xml.len() + 1024);
        let _ = write!(
            xml,
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
                r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
                r#"<dimension ref="{range}"/>"#,
                r#"<sheetViews><sheetView workbookViewId="0">"#,
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#,
                r#"</sheetView></sheetViews><sheetData>"#,
            ),
            range = range
        );
        xml.push_str(&self.xml);
        let _ = write!(
            xml,
            r#"</sheetData><autoFilter ref="{range}"/></worksheet>"#
        );
        xml
    }
}

/// The first characters of a long text, for an error message.
fn prefix(text: &str) -> String {
    text.chars().take(20).collect()
}

/// The column's letters: 0 is `A`, 25 `Z`, 26 `AA`.
fn column_name(mut column: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.iter().rev().map(|&b| char::from(b)).collect()
}

/// `text` for XML content or an attribute: markup characters escaped, and
/// the characters XML 1.0 cannot carry (controls other than tab and line
/// breaks) written as SpreadsheetML's `_xHHHH_`; an `_x` that would read as
/// such an escape is itself escaped, so every text reads back as written.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '_' if looks_escaped(&text[at..]) => out.push_str("_x005F_"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                let _ = write!(out, "_x{:04X}_", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` starts with `_xHHHH_`.
fn looks_escaped(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 7
        && bytes[1] == b'x'
        && bytes[2..6].iter().all(u8::is_ascii_hexdigit)
        && bytes[6] == b'_'
}

const ROOT_RELATIONSHIPS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    r#"</Relationships>"#,
);

/// Cell formats: 0 plain, 1 bold, 2 a `yyyy-mm-dd` date.
const STYLES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/></numFmts>"#,
    r#"<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#,
    r#"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>"#,
    r#"<fills count="2"><fill><patternFill patternType="none"/></fill>"#,
    r#"<fill><patternFill patternType="gray125"/></fill></fills>"#,
    r#"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#,
    r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
    r#"<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#,
    r#"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#,
    r#"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#,
    r#"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#,
    r#"</styleSheet>"#,
);

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse("date", text).expect("date")
    }

    #[test]
    fn columns_are_lettered_like_excel() {
        let names: Vec<String> = [0, 25, 26, 51, 52, 701, 702, 16_383]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(names, ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]);
    }

    #[test]
    fn dates_get_excel_serial_numbers_from_1900_03_01() {
        assert_eq!(day("1900-03-01").number(), FIRST_SERIAL_DAY);
        let mut book = Workbook::new();
        let sheet = book.sheet("Dates", &["on"]).expect("sheet");
        for text in [
            "1900-03-01",
            "2026-03-01",
            "9999-12-31",
            "1900-02-28",
            "0001-01-01",
        ] {
            sheet.row(&[Cell::Date(day(text))]).expect("row");
        }
        assert!(sheet.xml.contains(r#"<c r="A2" s="2"><v>61</v></c>"#));
        assert!(sheet.xml.contains(r#"<c r="A3" s="2"><v>46082</v></c>"#));
        assert!(sheet.xml.contains(r#"<c r="A4" s="2"><v>2958465</v></c>"#));
        assert!(
            sheet
                .xml
                .contains(r#"<c r="A5" t="inlineStr"><is><t>1900-02-28</t></is></c>"#)
        );
        assert!(
            sheet
                .xml
                .contains(r#"<c r="A6" t="inlineStr"><is><t>0001-01-01</t></is></c>"#)
        );
    }

    #[test]
    fn text_is_escaped_so_that_it_reads_back_as_written() {
        assert_eq!(escaped("a<b>&\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
        assert_eq!(escaped("bell\u{7} tab\t"), "bell_x0007_ tab\t");
        assert_eq!(escaped("_x0041_ and _x"), "_x005F_x0041_ and _x");
    }

    #[test]
    fn limits_are_refused_with_their_kind_and_nothing_written() {
        let mut book = Workbook::new();
        let sheet = book.sheet("Limits", &["text"]).expect("sheet");
        let long = "x".repeat(MAX_TEXT + 1);
        let refused = sheet.row(&[Cell::Text(&long)]).expect_err("too long");
        assert_eq!(refused.kind(), crate::error::ErrorKind::LimitExceeded);
        assert_eq!(sheet.rows, 1);
        sheet.rows = MAX_ROWS;
        let refused = sheet.row(&[Cell::Number(1.0)]).expect_err("too many");
        assert_eq!(refused.kind(), crate::error::ErrorKind::LimitExceeded);
        assert!(book.sheet("limits", &["again"]).is_err());
        assert!(book.sheet("a/b", &["x"]).is_err());
    }

    #[test]
    fn the_same_rows_give_the_same_bytes() {
        let write = || {
            let mut book = Workbook::new();
            let sheet = book.sheet("Licences", &["id", "expiry"]).expect("sheet");
            sheet
                .row(&[Cell::Text("fl-1"), Cell::Date(day("2026-05-31"))])
                .expect("row");
            book.finish().expect("file")
        };
        let first = write();
        assert_eq!(&first[..2], b"PK");
        assert_eq!(first, write());
    }
}
