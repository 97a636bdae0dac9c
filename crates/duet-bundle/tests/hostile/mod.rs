//! Hostile content end to end through the binary. What `tests/fixtures/hostile/`
//! holds must build into inert JSON: script, unsafe schemes and markup only ever in
//! text, nesting within the limit, ids plain ASCII. What the bundler refuses
//! (`hostile-rejected/`, and files generated here) must fail with `file:line`, what is
//! wrong, and how to fix it.

use std::time::Instant;

use duet_bundle::document::MAX_FILE_BYTES;
use duet_bundle::markdown::{MAX_BLOCKS, MAX_NESTING};
use duet_core::decode::decode_article;
use duet_core::{article_path, glossary_path, spans_text, Article, Block};
use serde_json::Value;

use crate::checks::{check_article, check_glossary};
use crate::decode_bundle;
use crate::harness::Workspace;

/// JSON keys whose strings the app shows as text (text nodes or escaped attribute
/// values such as `alt`); every other string is structure: hrefs, sources, ids, tags.
const TEXT_KEYS: &[&str] = &[
    "text",
    "alt",
    "title",
    "description",
    "source",
    "authors",
    "q",
    "a",
    "author",
    // A formula's TeX (the app's `alttext`) and an abbreviation's expansion (its
    // `title`): attribute values the app and the pre-renderer escape.
    "tex",
    "abbr",
];

/// `(key, value)` of every string in `value` that is not shown as text.
fn structural_strings(value: &Value, key: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::String(text) if !TEXT_KEYS.contains(&key) => {
            found.push((key.to_string(), text.clone()))
        }
        Value::Array(items) => {
            for item in items {
                structural_strings(item, key, found);
            }
        }
        Value::Object(fields) => {
            for (name, field) in fields {
                structural_strings(field, name, found);
            }
        }
        _ => {}
    }
}

/// Lowercased, with the white space and control characters browsers ignore in a
/// scheme removed, so `Java\tScript:` is caught as `javascript:`.
fn squeezed(text: &str) -> String {
    text.chars()
        .filter(|character| !character.is_whitespace() && !character.is_control())
        .collect::<String>()
        .to_lowercase()
}

/// Panics when a structural field of `json` carries markup, a script scheme, or an
/// invisible character.
fn assert_inert(name: &str, json: &str) {
    let value: Value = serde_json::from_str(json).expect("JSON");
    let mut found = Vec::new();
    structural_strings(&value, "", &mut found);
    for (key, text) in found {
        let squeezed = squeezed(&text);
        for bad in [
            "<script",
            "<img",
            "<",
            ">",
            "javascript:",
            "vbscript:",
            "data:",
        ] {
            assert!(!squeezed.contains(bad), "{name}: `{key}` holds {text:?}");
        }
        assert!(
            !text.chars().any(is_bidi_or_zero_width),
            "{name}: `{key}` holds {text:?}"
        );
    }
}

fn is_bidi_or_zero_width(character: char) -> bool {
    matches!(character, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// How deep lists and quotes nest in `blocks` (0 when they hold none).
fn nesting(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|block| match block {
            Block::Quote { blocks } => 1 + nesting(blocks),
            Block::List { items, .. } => {
                1 + items.iter().map(|item| nesting(item)).max().unwrap_or(0)
            }
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

fn read_article(workspace: &Workspace, slug: &str) -> (String, Article) {
    let name = article_path(slug);
    let json = duet_bundle::bundle_file::read_to_string(workspace.out().join(&name))
        .expect("article file");
    let article = decode_article(&name, &json).expect("article decodes");
    (json, article)
}

/// Every file of a built bundle, relative to it, `/`-separated.
fn bundle_files(root: &std::path::Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap();
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

/// Guards issue 16's stored-script hole: files referenced as images (`.html`,
/// `.svg`, `.xhtml`, `.js`, no extension, or lying about their type) were copied
/// into `data/media/` and served from the app's origin, where they ran script.
#[test]
fn nothing_script_capable_reaches_the_bundle() {
    let workspace = Workspace::with_fixtures(&["hostile"]);
    let run = workspace.build();
    run.expect_code(0);
    for (line, name, what) in [
        (9, "page.html", "an HTML file"),
        (13, "drawing.svg", "an SVG file"),
        (17, "page.xhtml", "an HTML file"),
        (
            19,
            "code.js",
            "not a PNG, JPEG, GIF, WebP or AVIF image despite its `.js` name",
        ),
        (21, "noext", "an HTML file"),
        (25, "lying.png", "an SVG file"),
        (27, "lying.jpg", "an HTML file"),
    ] {
        run.expect_stderr(&format!(
            "warning: content/media/index.zh.md:{line}: image `{name}` not published: it is {what}"
        ));
    }
    run.expect_stderr("only PNG, JPEG, GIF, WebP and AVIF images are published");
    let published: Vec<String> = bundle_files(&workspace.out())
        .into_iter()
        .filter(|file| !file.ends_with(".json") && !file.ends_with(".json.gz"))
        .collect();
    assert_eq!(
        published,
        ["media/media/photo.png"],
        "only the real picture"
    );
    let bytes = std::fs::read(workspace.out().join(&published[0])).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let (_, article) = read_article(&workspace, "media");
    let images: Vec<&str> = article
        .body
        .en
        .iter()
        .chain(&article.body.zh)
        .flat_map(|body| &body.blocks)
        .filter_map(|block| match block {
            Block::Image { src, .. } => Some(src.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(images, ["media/media/photo.png", "media/media/photo.png"]);
}

/// Guards issue 16 finding 2: links with no scheme that browsers resolve to
/// another host (`/\\evil.example`, `\\\\evil.example`, a tab between slashes) passed
/// as the site's own links.
#[test]
fn links_that_leave_the_site_by_a_path_are_dropped() {
    let workspace = Workspace::with_fixtures(&["hostile"]);
    let run = workspace.build();
    run.expect_code(0);
    for href in ["/\\evil.example/p", "\\\\evil.example", "\\/evil.example"] {
        run.expect_stderr(&format!(
            "warning: content/offsite.en.md:7: link target `{href}` dropped; the link text is kept"
        ));
    }
    let (json, _) = read_article(&workspace, "offsite");
    let hrefs: Vec<&str> = json
        .match_indices(r#""href":""#)
        .map(|(at, _)| &json[at + 8..at + 8 + json[at + 8..].find('"').unwrap()])
        .collect();
    assert_eq!(
        hrefs,
        ["https://example.org/q", "mailto:someone@example.org"]
    );
}

#[test]
fn hostile_content_builds_into_inert_json() {
    let workspace = Workspace::with_fixtures(&["hostile"]);
    let started = Instant::now();
    let run = workspace.build();
    let elapsed = started.elapsed();
    run.expect_code(0)
        // One line for the whole file's HTML, with counts per element.
        .expect_stderr("warning: content/scripts/index.en.md:14: HTML: removed iframe ×1, onerror= ×2, script ×2")
        .expect_stderr("warning: content/scripts/index.en.md:18: image file not found: `x`")
        .expect_stderr("warning: content/scripts/index.en.md:22: link target `JaVaScRiPt:alert(7)` dropped; the link text is kept")
        .expect_stderr("warning: content/scripts/index.en.md:33: image with a `javascript:` source dropped")
        .expect_stderr("warning: content/scripts/index.en.md:35: image with a `data:` source dropped")
        .expect_stderr("warning: content/css.en.md:7: HTML: removed onclick= ×1, style ×2")
        .expect_stderr("= help: only http(s):, mailto:, #anchor and relative links are kept");
    // Every unsafe link of the Markdown was reported (17 is `java&#0;script:`, which
    // decodes to U+FFFD: no scheme, so a harmless relative link, like in browsers).
    for number in [6, 7, 8, 9, 10, 11, 15, 16, 18, 19] {
        run.expect_stderr(&format!("alert({number})` dropped"));
    }
    run.expect_stderr("msgbox(13)` dropped")
        .expect_stderr("msgbox(14)` dropped")
        .expect_stderr("`data:text/html;base64,");
    assert!(run.findings("error").is_empty(), "{}", run.stderr);
    assert!(
        elapsed.as_secs() < 30,
        "the hostile fixture took {elapsed:?}"
    );

    let catalog = decode_bundle(&workspace.out());
    assert_eq!(catalog.articles.len(), 8);
    let catalog_json =
        duet_bundle::bundle_file::read_to_string(workspace.out().join("catalog.json")).unwrap();
    assert_inert("catalog.json", &catalog_json);
    for meta in &catalog.articles {
        let (json, article) = read_article(&workspace, &meta.slug);
        assert_inert(&meta.slug, &json);
        check_article(&article);
        // Dictionary data, shown as text: checked for shape, not for markup.
        let glossary = duet_bundle::bundle_file::read_to_string(
            workspace.out().join(glossary_path(&meta.slug)),
        );
        check_glossary(&article, glossary.ok().as_deref());
    }

    // Script-looking text stays text: in code, escaped, in titles and FAQ answers.
    let (json, article) = read_article(&workspace, "scripts");
    assert!(json.contains(r#""text":"<script>alert(23)</script>","code":true"#));
    assert!(json.contains(r#""text":"<script>alert(24)</script>""#));
    assert_eq!(
        article.meta.head.en.as_ref().unwrap().title,
        "<script>alert('title')</script>"
    );
    let hrefs: Vec<&str> = json
        .match_indices(r#""href":""#)
        .map(|(at, _)| &json[at + 8..at + 8 + json[at + 8..].find('"').unwrap()])
        .collect();
    assert!(
        hrefs.contains(&"https://example.org/?q=%3Cscript%3E"),
        "{hrefs:?}"
    );

    // Bidi and zero-width characters are kept as text, kept out of ids and links.
    // HTML inside Markdown: structure kept, handlers and script URLs gone, the text
    // of raw MathML kept without its links, the TeX link not a link.
    let (json, article) = read_article(&workspace, "real-html");
    for text in [
        "Open me",
        "The body stays.",
        "a bad link",
        "a bad image",
        "abbreviation",
    ] {
        assert!(json.contains(text), "{text} is kept");
    }
    // Raw MathML keeps its text (`x+y`), not its elements or links; the TeX link
    // stays as code text. `assert_inert` above checked every structural string.
    assert!(json.contains(r#"{"text":"x+y"}"#), "{json}");
    let english = &article.body.en.as_ref().unwrap().blocks;
    assert!(matches!(english[0], Block::Details { .. }));
    // Regression: a figure whose image could not be shown held an empty paragraph.
    assert!(!json.contains(r#""sentences":[]"#), "{json}");

    let (json, article) = read_article(&workspace, "invisible");
    let english = article.body.en.as_ref().unwrap();
    let paragraphs: String = english
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph { sentences, .. } => Some(
                sentences
                    .iter()
                    .map(|sentence| spans_text(sentence))
                    .collect::<String>(),
            ),
            _ => None,
        })
        .collect();
    assert!(
        paragraphs.contains("invoice\u{202E}fdp.exe"),
        "{paragraphs}"
    );
    assert!(article
        .meta
        .head
        .en
        .as_ref()
        .unwrap()
        .title
        .contains('\u{202E}'));
    let ids: Vec<&str> = article.pairs.iter().map(|pair| pair.id.as_str()).collect();
    assert_eq!(ids[..2], ["h-zero-width-heading", "h-reversed-heading"]);
    assert!(json.contains("https://example.org/%E2%80%8Bpath"));

    // The 100,000-character paragraph arrives whole, cut into sentences.
    let (_, article) = read_article(&workspace, "long-paragraph");
    let Block::Paragraph { sentences, .. } = &article.body.en.as_ref().unwrap().blocks[0] else {
        panic!("a paragraph");
    };
    let characters: usize = sentences
        .iter()
        .flatten()
        .map(|span| span.text.chars().count())
        .sum();
    assert_eq!(characters, 100_000);
    assert!(sentences.len() > 1000);

    // Nesting exactly at the limit is fine.
    let (_, article) = read_article(&workspace, "nested-16");
    assert_eq!(
        nesting(&article.body.en.as_ref().unwrap().blocks),
        MAX_NESTING
    );
}

#[test]
fn rejected_content_is_named_with_file_line_and_fix() {
    let workspace = Workspace::with_fixtures(&["hostile-rejected"]);
    // The file `outside-image/` reaches for, beside the content folder.
    std::fs::write(workspace.root().join("secret.txt"), "do not publish").unwrap();
    let many_blocks = format!(
        "+++\ntitle = \"Many\"\ndescription = \"Too many blocks.\"\ndate = 2026-04-04\n+++\n{}",
        "\nA paragraph.\n".repeat(MAX_BLOCKS + 1)
    );
    workspace.write("many-blocks.en.md", many_blocks.as_bytes());
    let run = workspace.build();
    run.expect_code(1)
        .expect_stderr(
            "error: content/deep-list.en.md:23: lists and quotes nested more than 16 deep (level 17 starts here); the reader shows at most 16 levels\n  = help: flatten the structure to 16 levels or fewer",
        )
        .expect_stderr("error: content/deep-quote.zh.md:7: lists and quotes nested more than 16 deep")
        .expect_stderr(
            "error: content/site.toml:6: nav link ` JaVaScRiPt:alert(1)` is not allowed: only http(s):, mailto: and relative links are\n  = help: link to a page with https://",
        )
        .expect_stderr(
            "error: content/bidi-tag.en.md:7: tag `evil\\u{202e}gnp.exe` holds invisible or control characters\n  = help: retype the tag",
        )
        .expect_stderr(
            "error: content/outside-image/index.en.md:7: image `../../secret.txt` points outside the content folder `content`\n  = help: copy the image next to the .md file",
        )
        .expect_stderr("error: content/include-outside.en.md:7: include `../secret.txt` points outside the content folder `content`")
        .expect_stderr("error: content/include-cycle.en.md:9: include `include-cycle.en.md` includes itself (a cycle)")
        .expect_stderr(&format!(
            "error: content/many-blocks.en.md:{}: article has 3001 top-level blocks; the limit is 3000, and block 3001 starts here\n  = help: split it into several articles",
            7 + 2 * MAX_BLOCKS
        ))
        // A "billion laughs" alias bomb and 200 nested YAML lists stop at the parser's
        // budget, at once, instead of expanding.
        .expect_stderr("error: content/yaml-bomb.en.md:7: invalid YAML: alias replay limit exceeded")
        .expect_stderr("error: content/deep-yaml.zh.md:3: invalid YAML: budget breached: Depth")
        .expect_stderr("error: content has 10 errors, 0 warnings; nothing written");
    assert!(!workspace.out().exists());
}

/// A realistic article of `bytes` bytes: paragraphs of English sentences with marks,
/// links and code, under headings.
fn generated_article(bytes: usize) -> String {
    let mut text = String::from(
        "+++\ntitle = \"Generated\"\ndescription = \"A very long article.\"\ndate = 2026-04-05\n+++\n",
    );
    let mut paragraph = 0;
    while text.len() < bytes {
        paragraph += 1;
        if paragraph % 20 == 1 {
            text.push_str(&format!("\n## Part {paragraph}\n"));
        }
        text.push('\n');
        for sentence in 0..12 {
            text.push_str(&format!(
                "Sentence {sentence} of paragraph {paragraph} has **bold**, a [link](https://example.org/{paragraph}) and `code`. "
            ));
        }
        text.push('\n');
    }
    text
}

#[test]
fn a_ten_megabyte_article_is_refused_at_once_naming_the_file_and_the_limit() {
    let workspace = Workspace::with_fixtures(&["good"]);
    let article = generated_article(10 * 1024 * 1024);
    workspace.write("huge/index.en.md", article.as_bytes());
    let started = Instant::now();
    let run = workspace.check();
    let elapsed = started.elapsed();
    run.expect_code(1).expect_stderr(&format!(
        "error: content/huge/index.en.md: file is 10.0 MiB ({} bytes); an article file may be at most 1 MiB ({MAX_FILE_BYTES} bytes)\n  = help: split it into several articles",
        article.len()
    ));
    // Refused before it is read: well under a second even in a debug build.
    assert!(elapsed.as_secs() < 5, "{elapsed:?}");
}

#[test]
fn an_article_just_under_the_size_limit_builds() {
    let workspace = Workspace::with_fixtures(&["good"]);
    let limit = usize::try_from(MAX_FILE_BYTES).unwrap();
    let mut article = generated_article(limit - 2_000);
    article.truncate(article[..limit - 2_000].rfind('\n').unwrap() + 1);
    workspace.write("long/index.en.md", article.as_bytes());
    let started = Instant::now();
    let run = workspace.build();
    let elapsed = started.elapsed();
    run.expect_code(0).expect_stderr("built 4 articles");
    assert!(elapsed.as_secs() < 60, "{elapsed:?}");
    let (_, long) = read_article(&workspace, "long");
    check_article(&long);
}

/// HTML nested 10,000 deep builds (no stack overflow in parsing, mapping or
/// dropping the tree) and keeps its text, flattened past the nesting limit.
#[test]
fn html_nested_ten_thousand_deep_builds_and_keeps_its_text() {
    let workspace = Workspace::with_fixtures(&["good"]);
    let depth = 10_000;
    let article = format!(
        "+++\ntitle = \"Deep\"\ndescription = \"Deep HTML.\"\ndate = 2026-04-09\n+++\n\n{}the innermost words{}\n\nText <b>{}inline depth{}</b>.\n",
        "<div><details><summary>s</summary>".repeat(depth),
        "</details></div>".repeat(depth),
        "<span><i>".repeat(depth),
        "</i></span>".repeat(depth),
    );
    workspace.write("deep-html/index.en.md", article.as_bytes());
    let run = workspace.build();
    run.expect_code(0);
    let (json, article) = read_article(&workspace, "deep-html");
    assert!(json.contains("the innermost words"));
    assert!(json.contains("inline depth"));
    check_article(&article);
}

/// The app refuses a body of more blocks than the bundler writes (`duet_core::
/// validate`); the two limits must stay one number, or a valid bundle is refused.
#[test]
fn the_app_accepts_every_block_count_the_bundler_writes() {
    assert_eq!(MAX_BLOCKS, duet_core::validate::MAX_BODY_BLOCKS);
}
