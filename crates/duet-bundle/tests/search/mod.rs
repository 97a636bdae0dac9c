//! The search index end to end: built by the binary, read back with the app's own
//! decoders, and queried with `duet_core::search`.

use std::path::Path;

use duet_bundle::output::search::read::search_folder;
use duet_core::decode::decode_article;
use duet_core::search::{
    decode_manifest, excerpt, excerpt_start, highlight, passage, ArticleResult, Field, Query,
    SearchManifest, SEARCH_MANIFEST,
};
use duet_core::{article_path, Catalog, Lang};

use crate::harness::Workspace;

/// A built bundle opened the way the app opens it.
struct Bundle<'a> {
    out: &'a Path,
    catalog: Catalog,
    manifest: SearchManifest,
}

impl<'a> Bundle<'a> {
    fn open(out: &'a Path) -> Self {
        let read =
            |name: &str| duet_bundle::bundle_file::read_to_string(out.join(name)).expect(name);
        Bundle {
            out,
            catalog: duet_bundle::bundle_file::read_catalog(out).unwrap(),
            manifest: decode_manifest(SEARCH_MANIFEST, &read(SEARCH_MANIFEST)).unwrap(),
        }
    }

    /// Fetches the shards `text` needs (and the tails the ranking asks for) and ranks.
    fn search(&self, text: &str) -> (Vec<ArticleResult>, Query) {
        let query = Query::parse(text);
        let answer = search_folder(self.out, &self.manifest, &query, 10).unwrap();
        (answer.ranking.results, query)
    }

    fn slugs(&self, results: &[ArticleResult]) -> Vec<&str> {
        results
            .iter()
            .map(|result| self.catalog.articles[result.article].slug.as_str())
            .collect()
    }

    /// The excerpt the app shows for passage `id` in `lang`, cut from the article file.
    fn excerpt(
        &self,
        result: &ArticleResult,
        id: &str,
        lang: Lang,
        query: &Query,
    ) -> Option<String> {
        let file = article_path(&self.catalog.articles[result.article].slug);
        let article = decode_article(
            &file,
            &duet_bundle::bundle_file::read_to_string(self.out.join(&file)).unwrap(),
        )
        .unwrap();
        passage(&article, lang, id).map(|found| {
            let start = excerpt_start(&found, query).unwrap_or(0);
            excerpt(&found, query, lang, start)
        })
    }
}

#[test]
fn queries_in_both_languages_find_their_passages() {
    let workspace = Workspace::with_fixtures(&["good"]);
    workspace.build().expect_code(0);
    let out = workspace.out();
    let bundle = Bundle::open(&out);

    // A Chinese word: the title that has it comes first.
    let (results, query) = bundle.search("芯片");
    assert_eq!(bundle.slugs(&results), ["chips-zh"]);
    let best = &results[0].hits[0];
    assert_eq!(
        (best.lang, best.field, best.pair_id.as_str()),
        (Lang::Zh, Field::Title, "title")
    );
    let title = bundle
        .excerpt(&results[0], "title", Lang::Zh, &query)
        .unwrap();
    let marked: Vec<&str> = highlight(&title, &query)
        .into_iter()
        .filter(|(_, hit)| *hit)
        .map(|(range, _)| &title[range])
        .collect();
    assert_eq!(marked, ["芯片"]);

    // An English word, stemmed: found in the first paragraph.
    let (results, _) = bundle.search("reliable ");
    assert_eq!(bundle.slugs(&results), ["agents-at-work"]);
    assert!(results[0]
        .hits
        .iter()
        .any(|hit| hit.lang == Lang::En && hit.pair_id == "p1" && hit.field == Field::Body));

    // A four-character phrase typed without spaces.
    let (results, _) = bundle.search("推理场景");
    assert_eq!(bundle.slugs(&results), ["chips-zh"]);
    let fields: Vec<Field> = results[0].hits.iter().map(|hit| hit.field).collect();
    assert!(
        fields.contains(&Field::Abstract) && fields.contains(&Field::Body),
        "{fields:?}"
    );

    // Mixed scripts: `CI` in an English-looking run and 测试 in the Chinese list item.
    let (results, query) = bundle.search("CI 测试");
    assert_eq!(bundle.slugs(&results)[0], "agents-at-work");
    let hit = &results[0].hits[0];
    let text = bundle
        .excerpt(&results[0], &hit.pair_id, hit.lang, &query)
        .expect("the hit has an excerpt");
    assert!(text.contains("CI"), "{text}");
    assert!(
        bundle
            .excerpt(&results[0], &hit.pair_id, hit.lang.other(), &query)
            .is_some(),
        "and a translation"
    );

    // The last word as a prefix, while it is being typed.
    let (results, _) = bundle.search("open weig");
    assert_eq!(bundle.slugs(&results)[0], "open-weights");

    // Headings and FAQ entries keep their own ids.
    let (results, _) = bundle.search("成本 ");
    let agents = results
        .iter()
        .find(|result| bundle.catalog.articles[result.article].slug == "agents-at-work")
        .expect("agents-at-work has 成本 in a heading");
    assert!(agents
        .hits
        .iter()
        .any(|hit| hit.field == Field::Heading && hit.pair_id == "h-costs"));
    let (results, _) = bundle.search("取代");
    assert_eq!(results[0].hits[0].pair_id, "faq-1");
    assert_eq!(results[0].hits[0].field, Field::Faq);
}

#[test]
fn one_word_queries_fetch_at_most_two_small_shards_of_a_large_corpus() {
    let workspace = Workspace::empty();
    workspace
        .run(&["gen-corpus", "1000", "--out", "corpus"])
        .expect_code(0);
    workspace
        .run(&["build", "corpus", "--out", "bundle"])
        .expect_code(0)
        // Not a terminal: one summary line per long phase, no running count.
        .expect_stderr("parsed 1000 in ");
    let out = workspace.root().join("bundle");
    let bundle = Bundle::open(&out);
    let mut index_bytes = std::fs::metadata(out.join(SEARCH_MANIFEST)).unwrap().len();
    for entry in std::fs::read_dir(out.join("search/terms")).unwrap() {
        index_bytes += entry.unwrap().metadata().unwrap().len();
    }
    // Pagefind's index and fragments for this corpus are about 4.6 MB.
    assert!(index_bytes < 1_000_000, "index grew to {index_bytes} bytes");
    // Words and Chinese words (bigrams), typed or finished. A lone character or two
    // letters are prefixes of a whole group, which may span more shards.
    for word in ["model", "regulators ", "agents", "模型", "监管", "推理"] {
        let query = Query::parse(word);
        let files = query.shard_files(&bundle.manifest);
        assert!(files.len() <= 2, "{word}: {files:?}");
        let bytes: u64 = files
            .iter()
            .map(|file| std::fs::metadata(out.join(file)).unwrap().len())
            .sum();
        assert!(bytes < 12_000, "{word}: {bytes} bytes of shards");
        let (results, _) = bundle.search(word);
        assert_eq!(results.len(), 10, "{word} finds articles");
    }
}
