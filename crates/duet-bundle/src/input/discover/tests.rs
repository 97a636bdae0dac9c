//! Tests of discovery: every layout, language codes, sections, slugs and collisions.

use super::*;

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn touch(root: &Path, relative: &str) {
    write(root, relative, "x");
}

fn run(root: &Path, options: &DiscoverOptions) -> (Discovery, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let discovery = discover(root, options, &mut diagnostics).unwrap();
    (discovery, diagnostics)
}

/// `(slug, layout, zh file, en file)` with files relative to `root`.
fn found(
    root: &Path,
    discovery: &Discovery,
) -> Vec<(String, Layout, Option<String>, Option<String>)> {
    let relative = |path: &Option<PathBuf>| {
        path.as_ref().map(|path| {
            path.strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
    };
    discovery
        .articles
        .iter()
        .map(|article| {
            (
                article.slug.clone(),
                article.layout,
                relative(&article.files.zh),
                relative(&article.files.en),
            )
        })
        .collect()
}

fn some(text: &str) -> Option<String> {
    Some(text.to_string())
}

#[test]
fn finds_every_layout_outside_trees() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    for file in [
        "site.toml",
        "bundle/index.zh.md",
        "bundle/index.en.md",
        "bundle/pic.png",
        "bundle/notes.md",
        "default/index.md",
        "default/index.zh.md",
        "pair.zh-CN.md",
        "pair.en-us.md",
        "blog/nested.md",
        "blog/nested.zh.md",
        "french.fr.md",
        ".hidden.md",
    ] {
        touch(root, file);
    }
    let (discovery, diagnostics) = run(root, &DiscoverOptions::default());
    assert_eq!(
        found(root, &discovery),
        [
            (
                "bundle".into(),
                Layout::PageBundle,
                some("bundle/index.zh.md"),
                some("bundle/index.en.md")
            ),
            (
                "default".into(),
                Layout::DefaultLanguageFile,
                some("default/index.zh.md"),
                some("default/index.md")
            ),
            (
                "nested".into(),
                Layout::DefaultLanguageFile,
                some("blog/nested.zh.md"),
                some("blog/nested.md")
            ),
            (
                "pair".into(),
                Layout::FilePair,
                some("pair.zh-CN.md"),
                some("pair.en-us.md")
            ),
        ]
    );
    assert_eq!(discovery.other_languages_skipped, 1);
    assert_eq!(discovery.unsuffixed.from_sibling, 2);
    assert_eq!(
        diagnostics.warning_count(),
        1,
        "bundle/notes.md is no article"
    );
    assert_eq!(diagnostics.error_count(), 0);
}

#[test]
fn unsuffixed_files_take_the_default_language_else_a_guess_from_their_script() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    write(
        root,
        "chinese.md",
        "+++\n+++\n这是一篇用中文写的短文，讲的是读书。\n",
    );
    write(
        root,
        "english.md",
        "+++\n+++\nA short text written in English.\n",
    );
    let (discovery, _) = run(root, &DiscoverOptions::default());
    let found = found(root, &discovery);
    assert_eq!(found[0].2.as_deref(), Some("chinese.md"));
    assert_eq!(found[1].3.as_deref(), Some("english.md"));
    assert_eq!(
        (
            discovery.unsuffixed.guessed_zh,
            discovery.unsuffixed.guessed_en
        ),
        (1, 1)
    );
    let options = DiscoverOptions {
        default_lang: Some(Lang::Zh),
        ..DiscoverOptions::default()
    };
    let (discovery, _) = run(root, &options);
    assert!(discovery
        .articles
        .iter()
        .all(|article| article.files.zh.is_some()));
    assert_eq!(discovery.unsuffixed.from_config, 2);
}

#[test]
fn language_trees_pair_by_path_or_translation_key() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    touch(root, "en/posts/first.md");
    touch(root, "zh-cn/posts/first.md");
    write(
        root,
        "en/posts/second-post.md",
        "---\ntranslationKey: second\n---\nText.\n",
    );
    write(
        root,
        "zh-cn/posts/di-er-pian.md",
        "+++\ntranslationKey = \"second\"\n+++\n正文。\n",
    );
    touch(root, "fr/posts/first.md");
    touch(root, "en/only/index.md");
    let (discovery, diagnostics) = run(root, &DiscoverOptions::default());
    assert_eq!(
        found(root, &discovery),
        [
            (
                "first".into(),
                Layout::LanguageTrees,
                some("zh-cn/posts/first.md"),
                some("en/posts/first.md")
            ),
            (
                "only".into(),
                Layout::LanguageTrees,
                None,
                some("en/only/index.md")
            ),
            (
                "second-post".into(),
                Layout::LanguageTrees,
                some("zh-cn/posts/di-er-pian.md"),
                some("en/posts/second-post.md")
            ),
        ]
    );
    assert_eq!(discovery.other_languages_skipped, 1);
    assert_eq!(diagnostics.error_count(), 0);
}

#[test]
fn sections_are_articles_only_with_real_text() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    write(
        root,
        "_index.md",
        "+++\n+++\nWelcome home, with a lot of words that do not matter here at all.\n",
    );
    write(
        root,
        "short/_index.md",
        "+++\ntitle = \"Short\"\n+++\nJust a line.\n",
    );
    let long = "A sentence of a real introduction to this part of the site. ".repeat(8);
    write(root, "guide/_index.en.md", &format!("+++\n+++\n{long}\n"));
    touch(root, "guide/_index.zh.md");
    touch(root, "guide/install.en.md");
    let (discovery, _) = run(root, &DiscoverOptions::default());
    let slugs: Vec<(String, Layout)> = discovery
        .articles
        .iter()
        .map(|article| (article.slug.clone(), article.layout))
        .collect();
    assert_eq!(
        slugs,
        [
            ("guide".into(), Layout::Section),
            ("install".into(), Layout::FilePair)
        ]
    );
    assert_eq!(
        discovery.sections_skipped, 2,
        "the home page and the short section"
    );
}

#[test]
fn names_are_normalised_and_shared_leaf_names_take_their_path() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    touch(root, "Rust-1.85.0/index.en.md");
    touch(root, "qwen2.5-coder.zh.md");
    touch(root, "a/intro.en.md");
    touch(root, "b/intro.en.md");
    let (discovery, diagnostics) = run(root, &DiscoverOptions::default());
    let slugs: Vec<&str> = discovery
        .articles
        .iter()
        .map(|article| article.slug.as_str())
        .collect();
    assert_eq!(
        slugs,
        ["a-intro", "b-intro", "qwen2-5-coder", "rust-1-85-0"]
    );
    assert_eq!(diagnostics.error_count(), 0);
}

#[test]
fn a_date_starting_a_name_is_left_out_of_the_slug() {
    let folder = tempfile::tempdir().unwrap();
    touch(folder.path(), "posts/2025-10-20-live-a-little/index.md");
    touch(folder.path(), "posts/2025-10-20-live-a-little/index.zh.md");
    touch(folder.path(), "2026-01-02_notes.en.md");
    let (discovery, _) = run(folder.path(), &DiscoverOptions::default());
    let slugs: Vec<&str> = discovery
        .articles
        .iter()
        .map(|article| article.slug.as_str())
        .collect();
    assert_eq!(slugs, ["live-a-little", "notes"]);
}

#[test]
fn two_names_normalising_to_one_slug_is_an_error_naming_both() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    touch(root, "My.Post.en.md");
    touch(root, "my-post/index.zh.md");
    let (discovery, diagnostics) = run(root, &DiscoverOptions::default());
    assert!(discovery.articles.is_empty());
    let message = &diagnostics.sorted()[0].message;
    assert!(
        message.contains("My.Post.en.md")
            && message.contains("index.zh.md")
            && message.contains("`my-post`"),
        "{message}"
    );
}

#[test]
fn slug_defined_by_both_conventions_names_both_files() {
    let folder = tempfile::tempdir().unwrap();
    touch(folder.path(), "dup.en.md");
    touch(folder.path(), "dup/index.zh.md");
    let (discovery, diagnostics) = run(folder.path(), &DiscoverOptions::default());
    assert!(discovery.articles.is_empty());
    let message = &diagnostics.sorted()[0].message;
    assert!(
        message.contains("dup.en.md") && message.contains("index.zh.md"),
        "{message}"
    );
}

#[test]
fn two_files_of_one_language_are_an_error() {
    let folder = tempfile::tempdir().unwrap();
    touch(folder.path(), "x.zh.md");
    touch(folder.path(), "x.zh-cn.md");
    let (discovery, diagnostics) = run(folder.path(), &DiscoverOptions::default());
    assert!(discovery.articles.is_empty());
    assert!(diagnostics.sorted()[0]
        .message
        .contains("two Chinese files"));
}

#[test]
fn file_names() {
    assert_eq!(split_name("x.zh.md"), ("x", Code::Duet(Lang::Zh)));
    assert_eq!(split_name("x.md"), ("x", Code::NotACode));
    assert_eq!(split_name("x.fr.md"), ("x", Code::Other));
    assert_eq!(
        split_name("Rust-1.85.0.md"),
        ("Rust-1.85.0", Code::NotACode)
    );
    assert_eq!(
        split_name("qwen2.5-coder.md"),
        ("qwen2.5-coder", Code::NotACode)
    );
}

/// Guards a hang: a folder linking to its own parent made discovery walk forever.
#[cfg(unix)]
#[test]
fn symlinked_folders_are_not_followed() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    touch(root, "a/index.en.md");
    std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
    let (discovery, diagnostics) = run(root, &DiscoverOptions::default());
    assert_eq!(discovery.articles.len(), 1);
    assert_eq!(diagnostics.error_count() + diagnostics.warning_count(), 0);
}

/// Guards issue 16 finding 7: a flat `x.en.md` that was a FIFO or a link to
/// `/dev/stdin` hung the build, and a language file linked from outside the content
/// folder was published.
#[cfg(unix)]
#[test]
fn only_regular_files_inside_the_content_folder_are_read() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path().join("content");
    touch(&root, "kept/index.en.md");
    touch(&root, "inside/index.zh.md");
    touch(folder.path(), "secret.md");
    std::os::unix::fs::symlink(folder.path().join("secret.md"), root.join("leak.en.md")).unwrap();
    std::os::unix::fs::symlink("/dev/stdin", root.join("stdin.en.md")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", root.join("zero.en.md")).unwrap();
    std::os::unix::fs::symlink(root.join("inside/index.zh.md"), root.join("alias.zh.md")).unwrap();
    let fifo = root.join("pipe.en.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|status| status.success()), "mkfifo");
    let (discovery, diagnostics) = run(&root, &DiscoverOptions::default());
    let slugs: Vec<&str> = discovery
        .articles
        .iter()
        .map(|article| article.slug.as_str())
        .collect();
    assert_eq!(slugs, ["alias", "inside", "kept"]);
    let messages: Vec<String> = diagnostics
        .sorted()
        .iter()
        .map(|diagnostic| format!("{}: {}", diagnostic.path.display(), diagnostic.message))
        .collect();
    assert_eq!(diagnostics.error_count(), 4, "{messages:#?}");
    let said = |file: &str, what: &str| {
        messages
            .iter()
            .any(|message| message.contains(file) && message.contains(what))
    };
    assert!(
        said("leak.en.md", "outside the content folder"),
        "{messages:#?}"
    );
    assert!(said("pipe.en.md", "not a regular file"), "{messages:#?}");
    // Under a test runner stdin may be a pipe that cannot be resolved at all.
    assert!(
        said("stdin.en.md", "not a regular file") || said("stdin.en.md", "cannot be read"),
        "{messages:#?}"
    );
    assert!(said("zero.en.md", "not a regular file"), "{messages:#?}");
}
