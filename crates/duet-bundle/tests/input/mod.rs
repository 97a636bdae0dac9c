//! The input stage end to end: every layout, YAML, line ends and byte order marks,
//! free front matter keys, tags as any text, derived descriptions, drafts, slug
//! collisions, Zola and Hugo site roots, `check --strict` and `check --report`.

use duet_core::decode::decode_article;
use duet_core::{article_path, spans_text, Article, ArticleMeta, Block, Catalog, Lang};

use crate::decode_bundle;
use crate::harness::Workspace;

fn meta<'a>(catalog: &'a Catalog, slug: &str) -> &'a ArticleMeta {
    catalog
        .articles
        .iter()
        .find(|meta| meta.slug == slug)
        .unwrap_or_else(|| panic!("{slug} is in the catalog"))
}

fn article(workspace: &Workspace, slug: &str) -> Article {
    let name = article_path(slug);
    let text = duet_bundle::bundle_file::read_to_string(workspace.out().join(&name)).unwrap();
    decode_article(&name, &text).unwrap()
}

fn head<'a>(catalog: &'a Catalog, slug: &str, lang: Lang) -> &'a duet_core::ArticleHead {
    meta(catalog, slug)
        .head
        .get(lang)
        .unwrap_or_else(|| panic!("{slug} has {lang:?}"))
}

/// The text of every paragraph of one language of an article.
fn paragraphs(article: &Article, lang: Lang) -> Vec<String> {
    article
        .body
        .get(lang)
        .unwrap()
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph { sentences, .. } => Some(
                sentences
                    .iter()
                    .map(|sentence| spans_text(sentence))
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

#[test]
fn every_layout_is_found_and_named_in_the_summary() {
    let workspace = Workspace::with_fixtures(&["layouts"]);
    let run = workspace.build();
    run.expect_code(0)
        .expect_stderr("layouts: 1 × page bundle (slug/index.<lang>.md), 2 × default-language file without suffix, 2 × file pair (slug.<lang>.md), 1 × section page (_index.md)")
        .expect_stderr("files without a language suffix: 1 read as the language their suffixed sibling lacks")
        .expect_stderr("files without a language suffix: 1 Chinese and 1 English, guessed from their script")
        .expect_stderr("skipped: 1 draft, 1 section page without an article's text");
    // Only the two missing images: the undated section page is no warning.
    assert_eq!(run.findings("warning").len(), 2, "{}", run.stderr);
    let catalog = decode_bundle(&workspace.out());
    let mut slugs: Vec<&str> = catalog
        .articles
        .iter()
        .map(|meta| meta.slug.as_str())
        .collect();
    slugs.sort();
    assert_eq!(
        slugs,
        [
            "guide",
            "night-market",
            "poem",
            "river-walk",
            "spring-notes",
            "tea-house"
        ],
        "the draft and the short section are left out; `Spring.Notes` is normalised"
    );
    assert_eq!(
        catalog.site.title.zh.as_deref(),
        Some("Layouts"),
        "a plain title is both languages'"
    );
    assert!(
        meta(&catalog, "poem").head.en.is_none(),
        "a Chinese file without suffix is guessed Chinese"
    );
    assert!(
        meta(&catalog, "tea-house").head.en.is_some()
            && meta(&catalog, "tea-house").head.zh.is_some()
    );
    assert_eq!(head(&catalog, "guide", Lang::Zh).title, "老城简明指南");
}

/// Guards old Windows and Mac files: a byte order mark hid the `+++` line, and lone
/// `\r` line ends left the whole file on one line.
#[test]
fn crlf_lone_cr_and_a_byte_order_mark_read_like_plain_files() {
    let workspace = Workspace::with_fixtures(&["layouts"]);
    workspace.build().expect_code(0);
    let article = article(&workspace, "night-market");
    assert_eq!(
        paragraphs(&article, Lang::Zh),
        ["夜市在八点以后最热闹。", "每个摊位都有自己的灯。"]
    );
    assert_eq!(
        paragraphs(&article, Lang::En),
        [
            "The night market is busiest after eight.",
            "Every stall has its own lamp."
        ]
    );
    // Line numbers stay right: a broken date on line 4 of a lone-CR file is named there.
    workspace.write(
        "broken.en.md",
        b"+++\rtitle = \"Broken\"\r\rdate = \"2026-13-01\"\r+++\r\rText.\r",
    );
    workspace
        .build()
        .expect_code(1)
        .expect_stderr("error: content/broken.en.md:4: bad `date`");
}

#[test]
fn tags_are_any_text_shown_as_written_in_each_language() {
    let workspace = Workspace::with_fixtures(&["layouts"]);
    workspace.build().expect_code(0);
    let catalog = decode_bundle(&workspace.out());
    assert_eq!(meta(&catalog, "river-walk").tags, ["ai", "walking", "散步"]);
    assert_eq!(
        meta(&catalog, "tea-house").tags,
        ["places", "tea", "茶"],
        "Hugo's top-level tags and categories"
    );
    let label = |tag: &str| {
        catalog
            .site
            .tags
            .iter()
            .find(|label| label.tag == tag)
            .map(|label| (label.label.zh.as_deref(), label.label.en.as_deref()))
    };
    assert_eq!(label("ai"), Some((Some("AI"), Some("AI"))));
    assert_eq!(label("walking"), Some((Some("Walking"), Some("Walking"))));
    assert_eq!(
        label("散步"),
        None,
        "a tag written as its own slug needs no label"
    );
}

#[test]
fn a_missing_description_comes_from_the_summary_or_the_first_paragraph() {
    let workspace = Workspace::with_fixtures(&["layouts"]);
    workspace.build().expect_code(0);
    let catalog = decode_bundle(&workspace.out());
    assert_eq!(
        head(&catalog, "tea-house", Lang::En).description,
        "The tea house opens at seven. Its owner knows every regular by name."
    );
    assert_eq!(
        head(&catalog, "tea-house", Lang::Zh).description,
        "茶馆七点开门。老板认得每一位常客。"
    );
    assert_eq!(
        head(&catalog, "river-walk", Lang::En).description,
        "The riverside is quiet in the early morning. We walked for an hour and met only two people fishing."
    );
    assert_eq!(
        head(&catalog, "night-market", Lang::En).description,
        "One street, one evening."
    );
}

#[test]
fn a_missing_image_warns_and_its_alt_text_is_kept() {
    let workspace = Workspace::with_fixtures(&["layouts"]);
    let run = workspace.build();
    run.expect_code(0).expect_stderr(
        "warning: content/river-walk/index.en.md:15: image file not found: `heron.png`",
    );
    let article = article(&workspace, "river-walk");
    assert_eq!(paragraphs(&article, Lang::En)[1], "A heron on the bank");
    assert_eq!(paragraphs(&article, Lang::Zh)[1], "岸边的一只鹭");
    assert!(article
        .pairs
        .iter()
        .all(|pair| pair.zh.is_some() && pair.en.is_some()));
}

#[test]
fn free_keys_are_ignored_and_strict_lists_them() {
    let workspace = Workspace::with_fixtures(&["layouts"]);
    let run = workspace.check();
    run.expect_code(0);
    assert!(!run.stderr.contains("ignored"), "{}", run.stderr);
    let run = workspace.run(&["check", "content", "--strict"]);
    run.expect_code(0)
        .expect_stderr(
            "warning: content/river-walk/index.zh.md:4: front matter key `weight` ignored",
        )
        .expect_stderr(
            "warning: content/river-walk/index.zh.md:13: front matter key `extra.toc` ignored",
        );
    assert_eq!(
        run.findings("warning")
            .iter()
            .filter(|line| line.contains("ignored"))
            .count(),
        7,
        "{}",
        run.stderr
    );
}

#[test]
fn two_names_that_normalise_alike_are_an_error_naming_both() {
    let workspace = Workspace::with_fixtures(&["layouts"]);
    workspace.write(
        "spring-notes/index.zh.md",
        "+++\ntitle = \"春天\"\n+++\n\n春天来了。\n".as_bytes(),
    );
    workspace.build().expect_code(1).expect_stderr(
        "content/Spring.Notes.en.md and content/spring-notes/index.zh.md both become the slug `spring-notes`",
    );
}

#[test]
fn report_counts_layouts_warnings_text_kept_and_alignment() {
    let workspace = Workspace::with_fixtures(&["layouts"]);
    let run = workspace.run(&["check", "content", "--report"]);
    run.expect_code(0);
    for line in [
        "articles found: 7 (1 × page bundle (slug/index.<lang>.md), 2 × default-language file without suffix, 3 × file pair (slug.<lang>.md), 1 × section page (_index.md))",
        "articles built: 6",
        "skipped: 1 draft, 1 section page, 0 files in other languages",
        "articles refused: 0",
        "warnings: 2",
        "     2 × image file not found",
        "text kept: 100.0 % (337 of 337 words and Han characters)",
        "sentence-aligned paragraph pairs: 100.0 % (8 of 8)",
    ] {
        assert!(run.stdout.contains(line), "report lacks {line:?}:\n{}", run.stdout);
    }
    // A refused file keeps nothing, and the report names why.
    workspace.write(
        "broken.en.md",
        b"+++\ndate = \"never\"\n+++\n\nSeven words that the bundle never gets.\n",
    );
    let run = workspace.run(&["check", "content", "--report"]);
    assert!(run.stdout.contains("articles refused: 1"), "{}", run.stdout);
    assert!(
        run.stdout.contains("content/broken.en.md:2: bad `date`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("text kept: 98.0 % (337 of 344"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_hugo_site_root_with_language_trees_builds_as_it_is() {
    let workspace = Workspace::with_fixtures(&["hugo-site"]);
    let run = workspace.build();
    run.expect_code(0)
        .expect_stderr("read site root, settings from hugo.toml")
        .expect_stderr("layouts: 3 × language trees (<lang>/…)")
        .expect_stderr(
            "skipped: 1 section page without an article's text, 1 file in another language",
        );
    let catalog = decode_bundle(&workspace.out());
    assert_eq!(catalog.site.title.en.as_deref(), Some("Lantern Notes"));
    assert_eq!(catalog.site.title.zh.as_deref(), Some("灯笼笔记"));
    let lanterns = meta(&catalog, "paper-lanterns");
    assert_eq!(
        lanterns.head.zh.as_ref().unwrap().title,
        "纸灯笼",
        "paired by translationKey"
    );
    assert_eq!(
        lanterns.updated.as_deref(),
        Some("2026-02-12"),
        "Hugo's lastmod"
    );
    assert_eq!(lanterns.date, "2026-02-10");
    assert_eq!(
        lanterns.head.en.as_ref().unwrap().description,
        "How a paper lantern is made."
    );
    assert!(
        meta(&catalog, "winter-light").head.zh.is_some(),
        "paired by path"
    );
    assert!(meta(&catalog, "only-english").head.zh.is_none());
    let article = article(&workspace, "paper-lanterns");
    let image = article
        .body
        .en
        .as_ref()
        .unwrap()
        .blocks
        .iter()
        .find_map(|block| match block {
            Block::Image { src, .. } => Some(src.clone()),
            _ => None,
        });
    assert_eq!(image.as_deref(), Some("media/paper-lanterns/lantern.png"));
    assert!(
        workspace
            .out()
            .join("media/paper-lanterns/lantern.png")
            .is_file(),
        "copied from static/"
    );
}

#[test]
fn a_zola_site_root_reads_its_default_language_from_the_config() {
    let workspace = Workspace::with_fixtures(&["zola-site"]);
    let run = workspace.build();
    run.expect_code(0)
        .expect_stderr("read site root, settings from config.toml")
        .expect_stderr(
            "files without a language suffix: 3 read as Chinese, the site's default language",
        )
        .expect_stderr("skipped: 2 section pages without an article's text");
    let catalog = decode_bundle(&workspace.out());
    assert_eq!(catalog.site.title.zh.as_deref(), Some("霜降笔记"));
    assert_eq!(catalog.site.title.en.as_deref(), Some("Frost Notes"));
    let frost = meta(&catalog, "first-frost");
    assert_eq!(frost.head.zh.as_ref().unwrap().title, "初霜");
    assert_eq!(frost.head.en.as_ref().unwrap().title, "First frost");
    assert!(workspace
        .out()
        .join("media/first-frost/frost.png")
        .is_file());
}

#[test]
fn two_mdbooks_one_per_language_build_into_paired_chapters() {
    let workspace = Workspace::with_fixtures(&["books"]);
    let run = workspace.run(&[
        "build",
        "--en",
        "content/en",
        "--zh",
        "content/zh",
        "--out",
        "out",
    ]);
    run.expect_code(0)
        .expect_stderr("layouts: 4 × book chapter (SUMMARY.md)")
        .expect_stderr("book chapters have no dates");
    assert!(run.findings("warning").is_empty(), "{}", run.stderr);
    let catalog = decode_bundle(&workspace.out());
    let mut slugs: Vec<&str> = catalog
        .articles
        .iter()
        .map(|meta| meta.slug.as_str())
        .collect();
    slugs.sort();
    assert_eq!(
        slugs,
        ["ch01-01-compost", "ch01-soil", "ch02-seasons", "preface"]
    );
    assert_eq!(catalog.site.title.zh.as_deref(), Some("园艺小书"));
    assert_eq!(catalog.site.title.en.as_deref(), Some("The Garden Book"));
    assert_eq!(
        head(&catalog, "ch01-01-compost", Lang::Zh).title,
        "堆肥",
        "titled by SUMMARY.md"
    );
    assert_eq!(
        head(&catalog, "preface", Lang::En).description,
        "This small book is about a garden. It was written to test a reader."
    );
    assert!(meta(&catalog, "ch02-seasons").head.zh.is_none());
    // The Chinese chapter's image lives in the English book: both books may lend images.
    assert!(workspace.out().join("media/ch01-soil/soil.png").is_file());
}

#[test]
fn one_mdbook_is_read_in_the_language_its_book_toml_names() {
    let workspace = Workspace::with_fixtures(&["books"]);
    workspace
        .run(&["check", "content/en"])
        .expect_code(0)
        .expect_stderr("checked 4 articles (0 zh, 4 en)");
    // Alone, the Chinese book may not reach into the English one for its image.
    workspace
        .run(&["check", "content/zh"])
        .expect_code(1)
        .expect_stderr("error: content/zh/src/ch01-soil.md:5: image `../../en/src/img/soil.png` points outside the content folder `content/zh/src`");
}
