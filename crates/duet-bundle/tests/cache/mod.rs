//! The build cache (`.duet-cache/` beside the bundle): it only saves work. A build
//! with it, without it, or on any number of threads writes the same bytes; an edit
//! to an article, an image or an included file is seen; warnings of unchanged
//! articles are still printed.

use std::path::Path;

use duet_bundle::cache::CACHE_DIR;

use crate::harness::{snapshot, Workspace};

/// The cache folder of bundle `out` in `workspace`.
fn cache_of(workspace: &Workspace) -> std::path::PathBuf {
    workspace.root().join(CACHE_DIR).join("out")
}

fn remove_cache(workspace: &Workspace) {
    std::fs::remove_dir_all(workspace.root().join(CACHE_DIR)).expect("remove the cache");
}

/// The bundle an incremental build left is the one a build without the cache makes.
fn assert_same_as_cold(workspace: &Workspace) {
    let incremental = snapshot(&workspace.out());
    remove_cache(workspace);
    workspace.build().expect_code(0);
    assert_eq!(
        snapshot(&workspace.out()),
        incremental,
        "same as a cold build"
    );
}

fn entry_count(folder: &Path) -> usize {
    std::fs::read_dir(folder.join("entries"))
        .expect("entries folder")
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|entry| entry.file_name().to_string_lossy().ends_with(".entry"))
        })
        .count()
}

#[test]
fn deleting_the_cache_gives_the_same_bundle_byte_for_byte() {
    let workspace = Workspace::with_fixtures(&["good", "real-markdown"]);
    workspace.build().expect_code(0).expect_stderr(", 0 of ");
    let cold = snapshot(&workspace.out());
    assert!(
        cold.keys().any(|name| name.starts_with("media/")),
        "images are part of it"
    );
    let warm = workspace.build();
    warm.expect_code(0);
    assert!(
        !warm.stderr.contains(", 0 of "),
        "the second build reads every article back: {}",
        warm.stderr
    );
    assert_eq!(snapshot(&workspace.out()), cold, "a build from the cache");
    remove_cache(&workspace);
    workspace.build().expect_code(0).expect_stderr(", 0 of ");
    assert_eq!(
        snapshot(&workspace.out()),
        cold,
        "a build without the cache"
    );
}

#[test]
fn the_thread_count_does_not_change_the_bundle() {
    let workspace = Workspace::empty();
    workspace
        .run(&["gen-corpus", "150", "--out", "corpus", "--seed", "3"])
        .expect_code(0);
    let build = |threads: &str| {
        workspace
            .run_with_env(
                &["build", "corpus", "--out", "out"],
                &[("RAYON_NUM_THREADS", threads)],
            )
            .expect_code(0);
        remove_cache(&workspace);
        snapshot(&workspace.out())
    };
    let one = build("1");
    assert_eq!(build("4"), one, "4 threads");
    assert_eq!(build("3"), one, "3 threads");
}

#[test]
fn an_edited_article_alone_is_processed_again_and_old_entries_go() {
    let workspace = Workspace::empty();
    workspace
        .run(&["gen-corpus", "30", "--out", "content", "--seed", "5"])
        .expect_code(0);
    workspace
        .build()
        .expect_code(0)
        .expect_stderr(", 0 of 30 unchanged");
    let entries = entry_count(&cache_of(&workspace));
    assert_eq!(entries, 30);
    let edited = std::fs::read_dir(workspace.content())
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.join("index.en.md").is_file())
        .expect("an article with an English side")
        .join("index.en.md");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(
        &edited,
        format!("{text}\n\nOne more sentence, added later.\n"),
    )
    .unwrap();
    workspace
        .build()
        .expect_code(0)
        .expect_stderr(", 29 of 30 unchanged");
    let slug = edited
        .parent()
        .and_then(Path::file_name)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let article = duet_bundle::bundle_file::read_to_string(
        workspace.out().join(duet_core::article_path(&slug)),
    )
    .unwrap();
    assert!(
        article.contains("added later"),
        "the edit reached the bundle"
    );
    assert_eq!(
        entry_count(&cache_of(&workspace)),
        entries,
        "the edited article's old entry was removed"
    );
    assert_same_as_cold(&workspace);
}

#[test]
fn images_and_included_files_are_part_of_an_articles_key() {
    let workspace = Workspace::with_fixtures(&["real-markdown"]);
    let diagram = workspace.content().join("field-notes/diagram.png");
    let png = std::fs::read(&diagram).unwrap();
    // Missing at first: a warning, from the cache too.
    std::fs::remove_file(&diagram).unwrap();
    workspace
        .build()
        .expect_code(0)
        .expect_stderr("image file not found");
    workspace
        .build()
        .expect_code(0)
        .expect_stderr(", 1 of 1 unchanged")
        .expect_stderr("image file not found");
    // The image appears: the article is processed again and the image published.
    std::fs::write(&diagram, &png).unwrap();
    let run = workspace.build();
    run.expect_code(0).expect_stderr(", 0 of 1 unchanged");
    assert!(
        !run.stderr.contains("image file not found"),
        "{}",
        run.stderr
    );
    assert!(workspace
        .out()
        .join("media/field-notes/diagram.png")
        .is_file());
    // An included file changes: its text reaches the bundle.
    let steps = workspace.content().join("field-notes/steps.rs");
    let code = std::fs::read_to_string(&steps).unwrap();
    std::fs::write(&steps, code.replace("println!", "eprintln!")).unwrap();
    workspace
        .build()
        .expect_code(0)
        .expect_stderr(", 0 of 1 unchanged");
    let article = duet_bundle::bundle_file::read_to_string(
        workspace.out().join(duet_core::article_path("field-notes")),
    )
    .unwrap();
    assert!(
        article.contains("eprintln!"),
        "the included file's new text"
    );
    assert_same_as_cold(&workspace);
}

/// Guards against trusting a damaged entry (a disk error, a file cut short): it is
/// processed again, not read as garbage.
#[test]
fn a_damaged_entry_is_rebuilt() {
    let workspace = Workspace::with_fixtures(&["good"]);
    workspace.build().expect_code(0);
    let cold = snapshot(&workspace.out());
    let entries = cache_of(&workspace).join("entries");
    for entry in std::fs::read_dir(&entries).unwrap().flatten() {
        if entry.file_name().to_string_lossy().ends_with(".entry") {
            let bytes = std::fs::read(entry.path()).unwrap();
            std::fs::write(entry.path(), &bytes[..bytes.len() / 2]).unwrap();
        }
    }
    workspace.build().expect_code(0).expect_stderr(", 0 of ");
    assert_eq!(snapshot(&workspace.out()), cold);
}

/// The names of the cache's kept related-reads files.
fn related_files(workspace: &Workspace) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cache_of(workspace).join("blobs"))
        .expect("blobs folder")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".related"))
        .collect();
    names.sort();
    names
}

/// `slug`'s related reads in its article file.
fn related_of(workspace: &Workspace, slug: &str) -> Vec<String> {
    let article = duet_bundle::bundle_file::read_to_string(
        workspace.out().join(duet_core::article_path(slug)),
    )
    .unwrap();
    let article: serde_json::Value = serde_json::from_str(&article).unwrap();
    serde_json::from_value(article["meta"]["related"].clone()).unwrap()
}

/// Related reads are kept under what they are chosen from (slugs, dates, tags,
/// sources): a text edit reads them back; a tag edit must choose them again
/// (guards against reusing stale related reads, which a cold build would not give).
#[test]
fn related_reads_are_reused_after_a_text_edit_and_chosen_again_after_a_tag_edit() {
    let workspace = Workspace::empty();
    workspace
        .run(&["gen-corpus", "40", "--out", "content", "--seed", "9"])
        .expect_code(0);
    workspace.build().expect_code(0);
    let kept = related_files(&workspace);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let folder = std::fs::read_dir(workspace.content())
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.join("index.en.md").is_file() && path.join("index.zh.md").is_file())
        .expect("an article in both languages");
    let slug = folder.file_name().unwrap().to_string_lossy().into_owned();
    let before = related_of(&workspace, &slug);

    let english = folder.join("index.en.md");
    let text = std::fs::read_to_string(&english).unwrap();
    std::fs::write(&english, format!("{text}\n\nA sentence added later.\n")).unwrap();
    workspace
        .build()
        .expect_code(0)
        .expect_stderr(", 39 of 40 unchanged");
    assert_eq!(
        related_files(&workspace),
        kept,
        "read back, not chosen again"
    );
    assert_eq!(related_of(&workspace, &slug), before);

    // As many tags as before, none of which another article has: the article now
    // shares none (only their names change, so a key that missed them would too).
    for file in ["index.en.md", "index.zh.md"] {
        let path = folder.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let start = text.find("tags = [").expect("generated files have tags") + 8;
        let end = start + text[start..].find(']').unwrap();
        let count = text[start..end].split(',').count();
        let unique: Vec<String> = (0..count).map(|at| format!("\"only-here-{at}\"")).collect();
        let retagged = format!("{}{}{}", &text[..start], unique.join(", "), &text[end..]);
        std::fs::write(&path, retagged).unwrap();
    }
    workspace.build().expect_code(0);
    let now = related_files(&workspace);
    assert_eq!(now.len(), 1, "the old file went: {now:?}");
    assert_ne!(now, kept, "chosen again from the new tags");
    assert_ne!(related_of(&workspace, &slug), before, "the tag edit shows");
    assert_same_as_cold(&workspace);
}
