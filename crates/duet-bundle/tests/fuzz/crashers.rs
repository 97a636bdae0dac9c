//! Inputs that once crashed or hung the bundler, kept as plain regression tests.

use duet_bundle::diagnostics::Diagnostics;

use super::parse;

const FRONT: &str = "+++\ntitle = \"T\"\ndescription = \"D\"\ndate = 2026-01-01\n+++\n";

/// The first error's `(line, message)` for `body` under a valid front matter.
fn first_error(body: &str) -> (Option<usize>, String) {
    let mut diagnostics = Diagnostics::default();
    let document = parse(&format!("{FRONT}{body}"), &mut diagnostics);
    assert!(document.is_none(), "expected an error");
    let error = diagnostics.sorted()[0].clone();
    (error.line, error.message)
}

/// Guards the stack overflow (an abort, not even a panic) that 100,000 nested `>`
/// caused: the block reader recursed once per level.
#[test]
fn quotes_nested_100_000_deep_are_an_error_not_a_stack_overflow() {
    let (line, message) = first_error(&format!("{}deep\n", "> ".repeat(100_000)));
    assert_eq!(line, Some(6));
    assert!(message.contains("nested"), "{message}");
}

/// Guards bundles the app could not open: a list nested 50 deep was written out,
/// and serde_json's recursion limit of 128 then refused the article file.
#[test]
fn lists_nested_50_deep_are_an_error_not_an_undecodable_bundle() {
    let body: String = (0..50)
        .map(|level| format!("{}- level {level}\n", "  ".repeat(level)))
        .collect();
    let (line, message) = first_error(&body);
    assert!(message.contains("(level 17 starts here)"), "{message}");
    assert_eq!(line, Some(6 + 16));
}

/// Guards three quadratic slowdowns that made a 1 MB paragraph take 3 to 13 s per
/// file in a release build: comparing spans by copying them (with their whole text)
/// when merging (`[`), cutting sentences by copying the whole span each time
/// (Chinese), and looking up code spans and line breaks linearly for every sentence
/// end. The largest input is at the size limit.
///
/// It checks growth, not a time: four times the input must take well under sixteen
/// times as long (what a quadratic pass takes). The best of three runs of each size
/// is compared, so a busy machine slows both sides alike instead of failing the test
/// (a fixed 2.5 s bound failed under load).
#[test]
fn paragraph_parsing_grows_linearly_up_to_the_size_limit() {
    let fill = |unit: &str, bytes: usize| unit.repeat(bytes / unit.len());
    let best_of_three = |body: &str| {
        (0..3)
            .map(|_| {
                let started = std::time::Instant::now();
                let mut diagnostics = Diagnostics::default();
                let document = parse(&format!("{FRONT}{body}"), &mut diagnostics);
                assert!(document.is_some());
                started.elapsed()
            })
            .min()
            .expect("three runs")
    };
    for (name, unit) in [
        ("`[`", "["),
        ("Chinese sentences", "中文。"),
        ("code spans and sentence ends", "`a`. "),
        ("<br> and sentence ends", "a.<br>\n"),
    ] {
        let quarter = best_of_three(&fill(unit, 250_000));
        let whole = best_of_three(&fill(unit, 1_000_000));
        // Linear is 4×; quadratic 16×. A little slack for a small quarter.
        let bound = quarter * 8 + std::time::Duration::from_millis(20);
        assert!(
            whole < bound,
            "1 MB of {name} took {whole:?}, 250 KB took {quarter:?}: more than linear growth"
        );
    }
}

/// Guards `h-a`, `h-a-2`, … numbering that re-tried every earlier number for each
/// heading, quadratic over an article of many equal headings.
#[test]
fn many_equal_headings_get_distinct_ids_quickly() {
    let body = "# a\n\n".repeat(duet_bundle::markdown::MAX_BLOCKS);
    let mut diagnostics = Diagnostics::default();
    let document = parse(&format!("{FRONT}{body}"), &mut diagnostics).expect("within limits");
    let documents = duet_core::Bilingual {
        zh: None,
        en: Some(document),
    };
    let article = duet_bundle::article::assemble("a", &documents, &mut diagnostics);
    let ids: std::collections::BTreeSet<&str> =
        article.pairs.iter().map(|pair| pair.id.as_str()).collect();
    assert_eq!(ids.len(), duet_bundle::markdown::MAX_BLOCKS);
    assert!(ids.contains("h-a") && ids.contains("h-a-3000"));
}
