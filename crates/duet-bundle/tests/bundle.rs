//! Integration tests: the built `duet-bundle` binary run on fixture content folders
//! copied to temporary workspaces (see `harness`).

mod cache;
mod checks;
mod fuzz;
mod harness;
mod hostile;
mod input;
mod search;
mod watch;

use std::collections::BTreeMap;
use std::path::Path;

use duet_bundle::cache::CACHE_DIR;
use duet_core::decode::decode_article;
use duet_core::search::{shard_file, SEARCH_MANIFEST};
use duet_core::test_support::bundle_file_reads_alike;
use duet_core::{article_path, glossary_path, Block, Catalog};
use harness::{extra_entries, snapshot, Workspace};

/// Checks that the app's reader of a parsed file (`FromValue`, what the wasm runs)
/// reads every JSON file of the bundle at `out` as serde's derive does (what native
/// code runs, and what the rest of these tests read with).
fn both_readers_read_every_file(out: &Path) {
    let mut checked = 0;
    for name in snapshot(out).keys() {
        if !(name.ends_with(".json") || name.ends_with(".json.gz")) {
            continue;
        }
        let text = duet_bundle::bundle_file::read_to_string(out.join(name)).expect("bundle file");
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        if let Err(difference) = bundle_file_reads_alike(name, &value) {
            panic!("the app's reader and serde differ on {difference}");
        }
        checked += 1;
    }
    assert!(checked > 2, "{checked} files in {}", out.display());
}

/// Decodes every JSON file of a bundle with the app's own decoder; the catalog read
/// back from its lists, with each article's related reads from its own file.
fn decode_bundle(out: &Path) -> Catalog {
    both_readers_read_every_file(out);
    let mut catalog = duet_bundle::bundle_file::read_catalog(out).expect("catalog decodes");
    let files = snapshot(out);
    let article_files = files
        .keys()
        .filter(|name| name.starts_with("articles/"))
        .count();
    assert_eq!(article_files, catalog.articles.len());
    let cards = catalog.articles.clone();
    for meta in &mut catalog.articles {
        let name = article_path(&meta.slug);
        let text = duet_bundle::bundle_file::read_to_string(out.join(&name)).expect("article file");
        let article = decode_article(&name, &text).expect("article decodes");
        // Lists carry cards: the meta without its related reads.
        assert_eq!(
            &duet_core::listing::card(&article.meta),
            meta,
            "catalog and article agree on {name}"
        );
        // The article carries the cards of its related reads, in their order.
        let related: Vec<_> = article
            .meta
            .related
            .iter()
            .map(|slug| {
                cards
                    .iter()
                    .find(|card| &card.slug == slug)
                    .unwrap()
                    .clone()
            })
            .collect();
        assert_eq!(article.related_cards, related, "related cards of {name}");
        let labels = duet_core::listing::labels_of(
            &catalog.site.tags,
            article.meta.tags.iter().map(String::as_str),
        );
        assert_eq!(article.tag_labels, labels, "tag labels of {name}");
        *meta = article.meta;
    }
    catalog
}

#[test]
fn good_site_builds_cleanly_and_every_file_decodes() {
    let workspace = Workspace::with_fixtures(&["good"]);
    let run = workspace.build();
    run.expect_code(0)
        .expect_stderr("built 3 articles (2 zh, 2 en), 1 image");
    assert!(run.findings("warning").is_empty(), "{}", run.stderr);
    let catalog = decode_bundle(&workspace.out());
    let slugs: Vec<&str> = catalog
        .articles
        .iter()
        .map(|meta| meta.slug.as_str())
        .collect();
    assert_eq!(
        slugs,
        ["agents-at-work", "open-weights", "chips-zh"],
        "newest first"
    );
    assert_eq!(catalog.site.base_path, "/duet/");
    assert!(catalog.site.nav[1].external && !catalog.site.nav[0].external);
    assert!(catalog.articles[1].head.zh.is_none());
    assert!(catalog.articles[2].head.en.is_none());
    assert_eq!(catalog.articles[0].related, ["open-weights", "chips-zh"]);

    let image = workspace.out().join("media/agents-at-work/diagram.png");
    let original = workspace.content().join("agents-at-work/diagram.png");
    assert_eq!(
        std::fs::read(image).unwrap(),
        std::fs::read(original).unwrap()
    );
    let text = duet_bundle::bundle_file::read_to_string(
        workspace.out().join(article_path("agents-at-work")),
    )
    .unwrap();
    let article = decode_article("a", &text).unwrap();
    let blocks = &article.body.zh.as_ref().unwrap().blocks;
    assert!(blocks.iter().any(|block| matches!(
        block,
        Block::Image { src, .. } if src == "media/agents-at-work/diagram.png"
    )));
    assert!(article
        .pairs
        .iter()
        .all(|pair| pair.zh.is_some() && pair.en.is_some()));
}

/// Guards the bundle format: the good fixture must build to exactly the checked-in
/// files. After an intended change, regenerate with `DUET_BLESS=1 cargo test -p duet-bundle`.
/// Compressed files (`*.gz`) are compared inflated, against the golden file without
/// `.gz`: the JSON is the format, the compressor's exact bytes are not (a flate2
/// update may change them; `building_twice_gives_identical_bytes` guards determinism).
#[test]
fn golden_bundle_matches() {
    let workspace = Workspace::with_fixtures(&["good"]);
    workspace.build().expect_code(0);
    let raw = snapshot(&workspace.out());
    let compressed: Vec<&str> = raw
        .keys()
        .filter(|name| name.ends_with(".gz"))
        .map(String::as_str)
        .collect();
    // Exactly the files the app fetches per article or per query are stored compressed.
    let expected: Vec<String> = {
        let mut names: Vec<String> = ["agents-at-work", "chips-zh", "open-weights"]
            .iter()
            .map(|slug| article_path(slug))
            .chain(
                ["agents-at-work", "chips-zh"]
                    .iter()
                    .map(|slug| glossary_path(slug)),
            )
            .chain([SEARCH_MANIFEST.to_string(), shard_file(0), shard_file(1)])
            // Every list page and the facets (the head, catalog.json, stays plain:
            // boot.js starts fetching it before the app can inflate anything).
            .chain(
                raw.keys()
                    .filter(|name| name.starts_with("lists/"))
                    .cloned(),
            )
            .collect();
        names.sort();
        names
    };
    assert_eq!(compressed, expected, "the files stored gzip-compressed");
    let built = inflated(raw);
    let golden_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    if std::env::var_os("DUET_BLESS").is_some() {
        if golden_dir.exists() {
            std::fs::remove_dir_all(&golden_dir).unwrap();
        }
        for (relative, bytes) in &built {
            let target = golden_dir.join(relative);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
        return;
    }
    let golden = snapshot(&golden_dir);
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        golden.keys().collect::<Vec<_>>(),
        "bundle files differ from tests/golden (DUET_BLESS=1 regenerates)"
    );
    for (name, bytes) in &built {
        let expected = &golden[name];
        if bytes != expected {
            let at = bytes
                .iter()
                .zip(expected.iter())
                .take_while(|(left, right)| left == right)
                .count();
            let context = |data: &[u8]| {
                String::from_utf8_lossy(&data[at.saturating_sub(60)..(at + 60).min(data.len())])
                    .into_owned()
            };
            panic!(
                "{name} differs from tests/golden at byte {at} (DUET_BLESS=1 regenerates)\n built:  …{}…\n golden: …{}…",
                context(bytes),
                context(expected)
            );
        }
    }
}

/// `files` with every `*.gz` file checked (gzip with a fixed header: no name, mtime
/// 0, best compression) and inflated, under its name without `.gz`.
fn inflated(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .map(|(name, bytes)| match name.strip_suffix(".gz") {
            None => (name, bytes),
            Some(plain) => {
                assert!(bytes.starts_with(&[0x1f, 0x8b, 8]), "{name} is gzip");
                assert_eq!(bytes[3], 0, "{name}: no name, comment or extra field");
                assert_eq!(&bytes[4..8], &[0, 0, 0, 0], "{name}: mtime 0");
                assert_eq!(bytes[8], 2, "{name}: best compression");
                let text = duet_bundle::bundle_file::decode(&bytes)
                    .unwrap_or_else(|error| panic!("{name}: {error:#}"));
                (plain.to_string(), text.into_bytes())
            }
        })
        .collect()
}

#[test]
fn building_twice_gives_identical_bytes() {
    let workspace = Workspace::with_fixtures(&["good"]);
    workspace.build().expect_code(0);
    let first = snapshot(&workspace.out());
    workspace
        .run(&["build", "content", "--out", "again"])
        .expect_code(0);
    assert_eq!(first, snapshot(&workspace.root().join("again")));
    // Rebuilding in place replaces the bundle and leaves no temporary folders.
    std::fs::write(workspace.out().join("stale.json"), "{}").unwrap();
    workspace.build().expect_code(0);
    assert_eq!(first, snapshot(&workspace.out()));
    assert!(extra_entries(workspace.root(), &["content", "out", "again", CACHE_DIR]).is_empty());
}

#[test]
fn drift_warns_with_both_files_and_still_writes() {
    let workspace = Workspace::with_fixtures(&["drift"]);
    let run = workspace.build();
    run.expect_code(0)
        .expect_stderr("warning: content/drifted/index.en.md:11: the Chinese and English texts drift apart")
        .expect_stderr("note: content/drifted/index.en.md:11: paragraph has no Chinese counterpart")
        .expect_stderr("note: content/drifted/index.zh.md:11: list with 4 items, but content/drifted/index.en.md:13 has 3")
        .expect_stderr("warning: content/drifted/index.zh.md:4: `date` differs between languages: 2026-05-01 here, 2026-05-02 in content/drifted/index.en.md:4")
        .expect_stderr("warning: content/drifted/index.en.md:11: link target `javascript:alert(1)` dropped")
        // A <span> has no meaning of its own: its text is kept without a warning.
        .expect_stderr("0 errors, 3 warnings");
    let catalog = decode_bundle(&workspace.out());
    assert_eq!(catalog.articles[0].date, "2026-05-01");
    let text =
        duet_bundle::bundle_file::read_to_string(workspace.out().join(article_path("drifted")))
            .unwrap();
    assert!(
        !text.contains("javascript"),
        "unsafe link target must not reach the bundle"
    );
    assert!(
        !text.contains("<span>"),
        "raw HTML must not reach the bundle"
    );
    let article = decode_article("drifted", &text).unwrap();
    let sides: Vec<(Option<u32>, Option<u32>)> = article
        .pairs
        .iter()
        .map(|pair| (pair.zh, pair.en))
        .collect();
    assert_eq!(
        sides,
        [
            (Some(0), Some(0)),
            (Some(1), Some(1)),
            (None, Some(2)),
            (Some(2), Some(3)),
            (Some(3), Some(4))
        ]
    );
}

/// Every broken file of `bad/`, as `path:line` and a piece of the message.
const BAD_ERRORS: &[&str] = &[
    "content/bad-date/index.zh.md:4: bad `date`: \"2026-02-30\" is not a real calendar date",
    "content/empty-body.en.md:6: article body is empty",
    "content/toml-syntax/index.zh.md:3: invalid TOML",
    "content/unterminated.zh.md:1: unterminated front matter",
];

#[test]
fn bad_content_reports_every_error_and_writes_nothing() {
    let workspace = Workspace::with_fixtures(&["good", "bad"]);
    let run = workspace.build();
    run.expect_code(1);
    for expected in BAD_ERRORS {
        run.expect_stderr(&format!("error: {expected}"));
    }
    assert_eq!(
        run.findings("error").len(),
        BAD_ERRORS.len() + 1,
        "one line per error plus the summary"
    );
    assert!(
        run.stderr.contains("= help: "),
        "errors say how to fix them"
    );
    run.expect_stderr("error: content has 4 errors, 0 warnings; nothing written");
    assert!(!workspace.out().exists());
    assert!(
        // The build cache stays (the next build reuses the good articles).
        extra_entries(workspace.root(), &["content", CACHE_DIR]).is_empty(),
        "no temporary folder left"
    );
    workspace
        .check()
        .expect_code(1)
        .expect_stderr("content has 4 errors");
}

/// Guards real content: each of these stopped the build once (capitals in a file
/// name, a missing image, no title, a misspelt key, `updated` before `date`).
#[test]
fn tolerated_content_builds_with_warnings_and_loses_nothing() {
    let workspace = Workspace::with_fixtures(&["good", "tolerated"]);
    let run = workspace.build();
    run.expect_code(0)
        .expect_stderr("warning: content/missing-image/index.zh.md:9: image file not found: `missing.png`")
        .expect_stderr("its alt text is shown instead")
        .expect_stderr("warning: content/typo-key.en.md:5: unknown key `auhtors` ignored; did you mean `authors`?")
        .expect_stderr("warning: content/updated-before/index.en.md:5: `updated` (2026-03-01) is before `date`")
        .expect_stderr("warning: content/no-front-matter.en.md:1: no front matter: titled by its first heading");
    assert_eq!(run.findings("warning").len(), 4, "{}", run.stderr);
    let catalog = decode_bundle(&workspace.out());
    let meta = |slug: &str| {
        catalog
            .articles
            .iter()
            .find(|meta| meta.slug == slug)
            .unwrap_or_else(|| panic!("{slug} built"))
    };
    assert_eq!(
        meta("bad-slug").head.en.as_ref().unwrap().title,
        "Uppercase slug"
    );
    assert_eq!(
        meta("missing-title").head.en.as_ref().unwrap().title,
        "Found in the body"
    );
    assert!(meta("updated-before").updated.is_none());
    assert_eq!(
        meta("no-front-matter").head.en.as_ref().unwrap().title,
        "Just Markdown"
    );
    let name = article_path("missing-image");
    let text = duet_bundle::bundle_file::read_to_string(workspace.out().join(&name)).unwrap();
    let article = decode_article(&name, &text).unwrap();
    let blocks = &article.body.zh.as_ref().unwrap().blocks;
    assert!(
        matches!(blocks.last(), Some(Block::Paragraph { sentences, .. }) if duet_core::spans_text(&sentences[0]) == "示意图"),
        "the missing image reads as its alt text: {blocks:?}"
    );
}

#[test]
fn failed_build_keeps_the_previous_bundle() {
    let workspace = Workspace::with_fixtures(&["good"]);
    workspace.build().expect_code(0);
    let before = snapshot(&workspace.out());
    workspace.overlay("bad");
    workspace
        .build()
        .expect_code(1)
        .expect_stderr("out left as it was");
    assert_eq!(before, snapshot(&workspace.out()));
    assert!(extra_entries(workspace.root(), &["content", "out", CACHE_DIR]).is_empty());
}

#[test]
fn invalid_utf8_names_the_file_and_line() {
    let workspace = Workspace::with_fixtures(&["good"]);
    let mut bytes = b"+++\ntitle = \"Bytes\"\ndescription = \"x\"\ndate = 2026-01-01\n+++\n\nFine line.\nBroken ".to_vec();
    bytes.extend_from_slice(&[0xE4, 0xB8, b'\n']);
    workspace.write("bytes.en.md", &bytes);
    workspace
        .build()
        .expect_code(1)
        .expect_stderr("error: content/bytes.en.md:8: file is not valid UTF-8");
}

#[test]
fn slug_in_both_conventions_is_an_error_naming_both_files() {
    let workspace = Workspace::with_fixtures(&["good"]);
    workspace.write(
        "chips-zh/index.en.md",
        b"+++\ntitle = \"Chips\"\ndescription = \"x\"\ndate = 2026-01-01\n+++\n\nBody.\n",
    );
    let run = workspace.build();
    run.expect_code(1).expect_stderr(
        "error: content/chips-zh/index.en.md:1: article `chips-zh` is defined twice: content/chips-zh.zh.md and content/chips-zh/index.en.md",
    );
}

#[test]
fn missing_site_toml_names_the_path_and_shows_an_example() {
    let workspace = Workspace::with_fixtures(&["good"]);
    std::fs::remove_file(workspace.content().join("site.toml")).unwrap();
    workspace
        .build()
        .expect_code(1)
        .expect_stderr("error: content/site.toml: site settings file is missing")
        .expect_stderr("[title]");
}

#[test]
fn check_validates_without_writing() {
    let workspace = Workspace::with_fixtures(&["good"]);
    workspace
        .check()
        .expect_code(0)
        .expect_stderr("checked 3 articles");
    assert!(extra_entries(workspace.root(), &["content"]).is_empty());
}

#[test]
fn usage_errors_exit_with_status_2() {
    let workspace = Workspace::with_fixtures(&["good"]);
    workspace
        .run(&["build", "nowhere", "--out", "out"])
        .expect_code(2)
        .expect_stderr("nowhere");
    workspace.run(&["build", "content"]).expect_code(2);
    workspace.run(&["frobnicate"]).expect_code(2);
    workspace
        .run(&["build", "content", "--out", "content"])
        .expect_code(2);
    // An unrelated folder is never replaced by a bundle.
    std::fs::create_dir_all(workspace.root().join("docs")).unwrap();
    std::fs::write(workspace.root().join("docs/notes.txt"), "mine").unwrap();
    workspace
        .run(&["build", "content", "--out", "docs"])
        .expect_code(2)
        .expect_stderr("not a Duet bundle");
    assert!(workspace.root().join("docs/notes.txt").exists());
}

#[test]
fn generated_corpus_is_deterministic_and_builds_cleanly() {
    let workspace = Workspace::empty();
    workspace
        .run(&["gen-corpus", "120", "--out", "corpus-a", "--seed", "42"])
        .expect_code(0);
    workspace
        .run(&["gen-corpus", "120", "--out", "corpus-b", "--seed", "42"])
        .expect_code(0);
    let first = snapshot(&workspace.root().join("corpus-a"));
    assert_eq!(first, snapshot(&workspace.root().join("corpus-b")));
    let markdown_files = first.keys().filter(|name| name.ends_with(".md")).count();
    assert!(
        (228..240).contains(&markdown_files),
        "about 5% one-language: {markdown_files}"
    );
    // Regenerating over a generated corpus is allowed; over other folders it is not.
    workspace
        .run(&["gen-corpus", "120", "--out", "corpus-b", "--seed", "7"])
        .expect_code(0);
    assert_ne!(first, snapshot(&workspace.root().join("corpus-b")));
    workspace.write("mine.txt", b"x");
    workspace
        .run(&["gen-corpus", "3", "--out", "content"])
        .expect_code(2)
        .expect_stderr("not a corpus made by gen-corpus");
    assert!(workspace.content().join("mine.txt").exists());

    let run = workspace.run(&["build", "corpus-a", "--out", "bundle"]);
    // A short build says nothing of its progress (stderr is not a terminal here).
    assert!(!run.stderr.contains("parsed "), "{}", run.stderr);
    run.expect_code(0)
        .expect_stderr("built 120 articles")
        .expect_stderr("0 errors, 0 warnings");
    let catalog = decode_bundle(&workspace.root().join("bundle"));
    assert!(catalog.articles.iter().all(|meta| meta.related.len() == 4));
    assert!(catalog
        .articles
        .windows(2)
        .all(|pair| pair[0].date >= pair[1].date));
}

/// Markdown as real sites write it (the `real-markdown` fixture, our own text in
/// both languages): every extension, HTML element, shortcode and include arrives
/// in the bundle with its meaning, both languages pair block for block, and only
/// what cannot be shown is warned about, once per file and kind.
#[test]
fn real_markdown_keeps_every_feature_and_pairs_both_languages() {
    let workspace = Workspace::with_fixtures(&["real-markdown"]);
    let run = workspace.build();
    run.expect_code(0)
        .expect_stderr("warning: content/field-notes/index.en.md:61: HTML: kept the text of font ×1")
        .expect_stderr("warning: content/field-notes/index.en.md:82: unknown shortcodes, their content kept: tabs ×1")
        .expect_stderr("0 errors, 4 warnings");
    let catalog = decode_bundle(&workspace.out());
    let name = article_path(&catalog.articles[0].slug);
    let text = duet_bundle::bundle_file::read_to_string(workspace.out().join(&name)).unwrap();
    let article = decode_article(&name, &text).unwrap();
    checks::check_article(&article);
    assert!(
        !text.contains("<!--more-->") && !text.contains("{{"),
        "no markup text left"
    );
    for lang in duet_core::Lang::ALL {
        let blocks = &article.body.get(lang).unwrap().blocks;
        let kinds: Vec<&str> = blocks
            .iter()
            .map(|block| match block {
                Block::Callout { .. } => "callout",
                Block::Details { .. } => "details",
                Block::Figure { .. } => "figure",
                Block::Definitions { .. } => "definitions",
                Block::Notes { .. } => "notes",
                Block::Math { .. } => "math",
                Block::List { checked, .. } if !checked.is_empty() => "tasks",
                Block::Table { .. } => "table",
                Block::Code { .. } => "code",
                _ => "",
            })
            .collect();
        for kind in [
            "callout",
            "details",
            "figure",
            "definitions",
            "notes",
            "math",
            "tasks",
            "table",
            "code",
        ] {
            assert!(kinds.contains(&kind), "{lang:?} lacks {kind}: {kinds:?}");
        }
        assert_eq!(
            blocks
                .iter()
                .filter(|block| matches!(block, Block::Callout { .. }))
                .count(),
            6,
            "five alerts and one notice"
        );
        let all = format!("{blocks:?}");
        for needle in [
            "kbd: true",
            "sub: true",
            "sup: true",
            "mark: true",
            "small: true",
            "note: Some(2)",
            "math: Some(",
            "youtube.com/watch?v=kettle42",
            "vimeo.com/1234",
            "fn greet(name: &str)",
            "fn main() {\\n    println!",
        ] {
            assert!(all.contains(needle), "{lang:?} lacks {needle}");
        }
        assert!(!all.contains("_unused"), "rustdoc hidden lines are dropped");
    }
    // Every pair has both languages, and the heading takes its own id.
    assert!(article
        .pairs
        .iter()
        .all(|pair| pair.zh.is_some() && pair.en.is_some()));
    assert_eq!(article.pairs[0].id, "why");
}
