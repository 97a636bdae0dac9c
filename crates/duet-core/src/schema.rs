//! The bundle format: what `duet-bundle` writes and the app reads.
//!
//! The kinds of file that make a bundle: `catalog.json` ([`crate::listing::CatalogHead`])
//! and the list pages and facets of [`crate::listing`], which together hold every
//! article's metadata ([`Catalog`] in memory), one `articles/<slug>.json.gz` ([`Article`]) per article, and
//! one `glossary/<slug>.json.gz` ([`Glossary`]) per article with Chinese words, so the
//! app fetches only what is read, and the glossary only when a learner aid needs it.
//! A path ending in `.gz` is stored gzip-compressed (as Pagefind stores its index), so
//! even a host that does not compress sends it small; readers inflate a file that
//! starts with the gzip magic bytes and take any other as plain JSON, so a host that
//! serves it with `Content-Encoding: gzip` (the browser inflated it) works too.
//! Every change to these types that an older reader could misread must bump
//! [`SCHEMA_VERSION`].

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// Version of the bundle layout. The app refuses bundles of any other version.
/// Version 4 split the catalog into a bounded head and list pages
/// ([`crate::listing`]) and put related reads' cards in article files. Version 5
/// tiered common words' postings in the search index (a flag bit per term, which a
/// version 4 reader would misread as postings).
/// Version 2 added the learner aids: `words` on Chinese paragraphs, the glossary
/// files and the catalog's `difficulty`. Version 3 added the blocks and marks of real
/// sites' Markdown and HTML (callouts, details, figures, definition lists, notes,
/// math, task lists, heading ids, `kbd`/`sup`/`sub`/`mark`/`small`/`abbr`), which a
/// version 2 reader would refuse or show without their meaning.
pub const SCHEMA_VERSION: u32 = 5;

/// File name of the catalog inside the bundle folder.
pub const CATALOG_FILE: &str = "catalog.json";

/// True for what the bundler makes a slug: lowercase ASCII letters, digits and `-`.
/// Anything else in an address names no article, and is never turned into a path.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Path of an article's file inside the bundle folder (gzip-compressed JSON).
pub fn article_path(slug: &str) -> String {
    format!("articles/{slug}.json.gz")
}

/// File of an article's glossary inside the bundle folder. Only articles with Chinese
/// words have one, exactly those whose [`ArticleMeta::difficulty`] is set: a missing
/// file (404) means "no glossary". Gzip-compressed JSON.
pub fn glossary_path(slug: &str) -> String {
    format!("glossary/{slug}.json.gz")
}

/// One value per language; either may be missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Bilingual<T> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zh: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<T>,
}

impl<T> Default for Bilingual<T> {
    fn default() -> Self {
        Bilingual { zh: None, en: None }
    }
}

impl<T> Bilingual<T> {
    /// The value in `lang`, if present.
    pub fn get(&self, lang: Lang) -> Option<&T> {
        match lang {
            Lang::Zh => self.zh.as_ref(),
            Lang::En => self.en.as_ref(),
        }
    }

    /// The value in `lang`, else the value in the other language.
    pub fn get_or_other(&self, lang: Lang) -> Option<&T> {
        self.pick(lang).map(|(_, value)| value)
    }

    /// The value in `lang`, else the one in the other language, with the language it
    /// is in: what every view shows for "this, in the reader's language if it can".
    /// `None` only when both are missing, which the decoder refuses for an article's
    /// head and body.
    pub fn pick(&self, lang: Lang) -> Option<(Lang, &T)> {
        [lang, lang.other()]
            .into_iter()
            .find_map(|lang| self.get(lang).map(|value| (lang, value)))
    }

    /// [`Bilingual::pick`], cloned; `T`'s default in `lang` when both are missing, so a
    /// view never has to handle that case (the decoder refuses it for article heads).
    pub fn pick_or_default(&self, lang: Lang) -> (Lang, T)
    where
        T: Clone + Default,
    {
        self.pick(lang).map_or_else(
            || (lang, T::default()),
            |(lang, value)| (lang, value.clone()),
        )
    }

    /// The only language that has a value, when just one has.
    pub fn only_lang(&self) -> Option<Lang> {
        match self.langs().as_slice() {
            [only] => Some(*only),
            _ => None,
        }
    }

    /// Languages that have a value, Chinese first.
    pub fn langs(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|lang| self.get(*lang).is_some())
            .collect()
    }
}

/// The whole site's index: settings plus every article's metadata, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub schema_version: u32,
    pub site: Site,
    pub articles: Vec<ArticleMeta>,
}

/// Site settings from `site.toml` at the content root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub title: Bilingual<String>,
    /// Path the app is served under, always starting and ending with `/`.
    pub base_path: String,
    pub nav: Vec<NavLink>,
    /// Display names of tags, keyed by the tag as written in front matter.
    #[serde(default)]
    pub tags: Vec<TagLabel>,
}

/// One link in the site's navigation bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NavLink {
    pub label: Bilingual<String>,
    pub href: String,
    /// True when `href` leaves the app (another origin); the app marks such links.
    pub external: bool,
}

/// How a tag is shown in each language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagLabel {
    pub tag: String,
    pub label: Bilingual<String>,
}

/// What the catalog knows of one article: enough for lists, cards and the page head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    pub slug: String,
    /// Publication date as `YYYY-MM-DD`.
    pub date: String,
    /// Last update as `YYYY-MM-DD`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    pub tags: Vec<String>,
    pub views: u64,
    /// Slugs of related reads, best first, computed by the bundler.
    pub related: Vec<String>,
    /// Per-language heads; at least one is present.
    pub head: Bilingual<ArticleHead>,
    /// How hard the Chinese text is by HSK word levels; `None` without Chinese words
    /// (an English-only article).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<Difficulty>,
}

impl Catalog {
    /// The `count` most-read articles, most views first (ties by slug), leaving out
    /// `except` (the article being read: it need not recommend itself) and articles
    /// nobody has read (a list of "0 views" ranks nothing).
    pub fn most_read(&self, except: Option<&str>, count: usize) -> Vec<&ArticleMeta> {
        let mut read: Vec<&ArticleMeta> = self
            .articles
            .iter()
            .filter(|meta| meta.views > 0 && Some(meta.slug.as_str()) != except)
            .collect();
        crate::sort::sort_by(&mut read, |a, b| {
            b.views.cmp(&a.views).then_with(|| a.slug.cmp(&b.slug))
        });
        read.truncate(count);
        read
    }
}

impl ArticleMeta {
    /// The update date worth showing: none when it is the publication date again
    /// (a page reading "Published Nov 18 · Updated Nov 18" says nothing twice).
    pub fn shown_update(&self) -> Option<&str> {
        self.updated
            .as_deref()
            .filter(|updated| *updated != self.date)
    }
}

/// Article difficulty from the HSK levels of its Chinese words (as in
/// [`GlossEntry::hsk`]).
///
/// Counted over word tokens, every occurrence: each Chinese word (a word of
/// `Block::Paragraph::words` with a Han character) in the Chinese paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difficulty {
    /// Share of all the tokens at HSK level 1, 2, … 6 (indexes 0–5) and of the
    /// tokens beyond: in the advanced band 7–9 or in no level at all (index 6), in
    /// per mille. Rounded by largest remainder so that the seven always sum to
    /// exactly 1000.
    pub per_mille: [u16; 7],
    /// Estimated level, 1–7: the lowest HSK level L such that the tokens of levels
    /// 1..=L make at least 90 % of the tokens *that have a level* (on exact counts,
    /// not the rounded shares). Tokens in no HSK list (names, jargon such as 智能体,
    /// words the dictionary lacks) do not count here: they would otherwise keep any
    /// technical article from reaching 90 %; `per_mille[6]` still shows their share.
    /// Tokens of the advanced band 7–9 do count, as level 7, "beyond HSK 6": when
    /// HSK 1–6 cover less than 90 % of the listed tokens, or no token is listed at
    /// all, the level is 7.
    pub level: u8,
}

/// The per-language part of an article's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ArticleHead {
    pub title: String,
    /// The abstract.
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub authors: Vec<String>,
    /// Estimated reading time in whole minutes (at least 1).
    pub reading_minutes: u32,
}

/// One article file: its metadata, each language's body, and their alignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub schema_version: u32,
    pub meta: ArticleMeta,
    pub body: Bilingual<Body>,
    /// The two bodies' top-level blocks, paired in reading order. An article in one
    /// language has one pair per block with the other side empty.
    pub pairs: Vec<BlockPair>,
    /// The cards of [`ArticleMeta::related`], in that order and without their own
    /// related reads: the page shows them with no other file (see [`crate::listing`]).
    /// Last in the file: the bundler writes it after the article was processed.
    #[serde(default)]
    pub related_cards: Vec<ArticleMeta>,
    /// Labels of the article's own tags (the catalog's head names only the tags it
    /// shows). Written with the cards, after the article was processed.
    #[serde(default)]
    pub tag_labels: Vec<TagLabel>,
}

/// One glossary file ([`glossary_path`]): the dictionary entry of every Chinese word
/// of an article's paragraphs (their `words`) that CC-CEDICT knows, so the app can
/// show pinyin and look a tapped word up without a dictionary. A file of its own, not
/// part of [`Article`], because it is several times the size of the text and only
/// needed once the reader turns pinyin on or taps a word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glossary {
    pub schema_version: u32,
    /// Each word once, sorted by `word` (Unicode code point order, as `str`'s `Ord`).
    pub entries: Vec<GlossEntry>,
}

impl Glossary {
    /// The entry of `word` (the exact text of a Chinese word), if the bundler found
    /// one. A binary search: `entries` is sorted by word.
    pub fn gloss(&self, word: &str) -> Option<&GlossEntry> {
        self.entries
            .binary_search_by(|entry| entry.word.as_str().cmp(word))
            .ok()
            .map(|at| &self.entries[at])
    }
}

/// A word's dictionary entry, from CC-CEDICT, with its HSK level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlossEntry {
    /// The word exactly as it appears in the text (simplified Chinese).
    pub word: String,
    /// Hanyu pinyin with tone marks, one syllable per character separated by spaces,
    /// as CC-CEDICT writes it (`dì guī`; neutral tone unmarked, `le`; proper nouns
    /// capitalised, `Běi jīng`). One reading, the most common (see the bundler's
    /// `glossary` module).
    pub pinyin: String,
    /// One to three short English glosses of that reading, most important first.
    pub glosses: Vec<String>,
    /// HSK level of the word in the GF0025-2021 standard ("HSK 3.0"): 1–6, or 7 for
    /// the advanced band 7–9; the lowest if listed at several (whatever the reading).
    /// `None` when the word is in no level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hsk: Option<u8>,
}

/// One language's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Body {
    pub blocks: Vec<Block>,
    pub faq: Vec<Faq>,
    pub comments: Vec<Comment>,
}

/// A question and answer shown under "related questions".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Faq {
    /// Anchor id, stable across languages (`faq-1`, `faq-2`, …).
    pub id: String,
    pub q: String,
    pub a: String,
}

/// A reader comment shipped with the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub author: String,
    pub date: String,
    pub text: String,
}

/// Top-level blocks at the same position in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockPair {
    /// Anchor id of this pair, the same in every view (`h-…` for headings, `p3`, …).
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zh: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<u32>,
    /// True when both sides are paragraphs with equally many sentences, so sentence
    /// `i` of one is the translation of sentence `i` of the other.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sentences_aligned: bool,
}

impl BlockPair {
    /// Index of the block on `lang`'s side.
    pub fn side(&self, lang: Lang) -> Option<u32> {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// A block of content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case", try_from = "BlockRecord")]
pub enum Block {
    Heading {
        level: u8,
        spans: Vec<Span>,
        /// The author's own anchor (`## Title {#id}`), lowercase ASCII; the pair
        /// takes it as its id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
    },
    /// A paragraph split into sentences.
    Paragraph {
        sentences: Vec<Sentence>,
        /// Word boundaries, Chinese paragraphs only (empty and omitted in English).
        /// One list per sentence: the lengths of its consecutive words over the
        /// sentence's spans' text joined, in `char`s (Unicode scalar values, not
        /// UTF-16 units). Invariant: `words[i]` sums to the char count of
        /// `sentences[i]`, and `words.len() == sentences.len()` when non-empty.
        ///
        /// A word is either a Chinese word (it holds a Han character; look it up by
        /// its text with [`Glossary::gloss`] in the article's glossary file,
        /// [`glossary_path`]; it may be absent) or a maximal run of
        /// everything else: Latin words, digits, spaces and punctuation together.
        /// A run longer than `u16::MAX` is split into several entries.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        words: Vec<Vec<u16>>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    List {
        ordered: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start: Option<u64>,
        items: Vec<Vec<Block>>,
        /// Task lists: each item's check box (`Some(true)` ticked), parallel to
        /// `items`; empty for an ordinary list.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        checked: Vec<Option<bool>>,
    },
    Code {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
        text: String,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Span>>,
        rows: Vec<Vec<Vec<Span>>>,
    },
    Image {
        /// Path relative to the bundle folder, or an absolute http(s) URL.
        src: String,
        alt: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
    },
    Rule,
    /// A highlighted note (`> [!NOTE]`, a notice shortcode): `kind` is one of
    /// [`CALLOUT_KINDS`].
    Callout {
        kind: String,
        blocks: Vec<Block>,
    },
    /// A disclosure (`<details>`): the summary is always shown, the blocks on demand.
    Details {
        summary: Vec<Span>,
        blocks: Vec<Block>,
    },
    /// Blocks (usually an image) with a caption.
    Figure {
        blocks: Vec<Block>,
        caption: Vec<Span>,
    },
    /// A definition list: terms, each with one or more definitions.
    Definitions {
        terms: Vec<Definition>,
    },
    /// The footnotes of an article, numbered in order of first reference; a
    /// [`Span::note`] points at one.
    Notes {
        notes: Vec<Note>,
    },
    /// A displayed formula: its TeX source and the MathML built from it (the
    /// children of a `<math display="block">`).
    Math {
        tex: String,
        math: Vec<MathNode>,
    },
}

impl Block {
    /// The blocks nested directly inside this one, in reading order (a quote's, a
    /// list's items', a callout's, …); empty for a leaf block.
    pub fn inner(&self) -> Vec<&Block> {
        match self {
            Block::Quote { blocks }
            | Block::Callout { blocks, .. }
            | Block::Details { blocks, .. }
            | Block::Figure { blocks, .. } => blocks.iter().collect(),
            Block::List { items, .. } => items.iter().flatten().collect(),
            Block::Definitions { terms } => terms
                .iter()
                .flat_map(|definition| definition.details.iter().flatten())
                .collect(),
            Block::Notes { notes } => notes.iter().flat_map(|note| &note.blocks).collect(),
            _ => Vec::new(),
        }
    }

    /// [`Block::inner`], to change them.
    pub fn inner_mut(&mut self) -> Vec<&mut Block> {
        match self {
            Block::Quote { blocks }
            | Block::Callout { blocks, .. }
            | Block::Details { blocks, .. }
            | Block::Figure { blocks, .. } => blocks.iter_mut().collect(),
            Block::List { items, .. } => items.iter_mut().flatten().collect(),
            Block::Definitions { terms } => terms
                .iter_mut()
                .flat_map(|definition| definition.details.iter_mut().flatten())
                .collect(),
            Block::Notes { notes } => notes.iter_mut().flat_map(|note| &mut note.blocks).collect(),
            _ => Vec::new(),
        }
    }
}

/// The kinds of [`Block::Callout`], as GitHub's alerts name them.
pub const CALLOUT_KINDS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

/// One term of a [`Block::Definitions`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Definition {
    pub term: Vec<Span>,
    pub details: Vec<Vec<Block>>,
}

/// One footnote of a [`Block::Notes`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The number its references show, from 1.
    pub number: u32,
    pub blocks: Vec<Block>,
}

/// MathML presentation elements a formula may use; nothing else is ever built.
pub const MATH_ELEMENTS: [&str; 30] = [
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "mrow",
    "mfrac",
    "msqrt",
    "mroot",
    "mstyle",
    "merror",
    "mpadded",
    "mphantom",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mmultiscripts",
    "mprescripts",
    "none",
    "mtable",
    "mtr",
    "mtd",
    "menclose",
    "semantics",
    "annotation",
    "maction",
];

/// MathML attributes a formula may carry: layout only, never a URL or a script.
pub const MATH_ATTRIBUTES: [&str; 24] = [
    "mathvariant",
    "displaystyle",
    "scriptlevel",
    "stretchy",
    "fence",
    "separator",
    "lspace",
    "rspace",
    "minsize",
    "maxsize",
    "movablelimits",
    "accent",
    "accentunder",
    "linethickness",
    "columnalign",
    "rowalign",
    "columnspacing",
    "rowspacing",
    "width",
    "height",
    "depth",
    "symmetric",
    "largeop",
    "form",
];

/// One node of a formula: an element of [`MATH_ELEMENTS`] with attributes of
/// [`MATH_ATTRIBUTES`] and children, or (with an empty `name`) a text node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MathNode {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<MathNode>,
}

impl MathNode {
    /// Whether this node may be built: a known element with known attributes, or text.
    pub fn is_allowed(&self) -> bool {
        (self.name.is_empty() || MATH_ELEMENTS.contains(&self.name.as_str()))
            && self
                .attrs
                .iter()
                .all(|(name, _)| MATH_ATTRIBUTES.contains(&name.as_str()))
    }
}

/// How a [`Block`] is read: the fields of every kind in one flat record, then checked
/// against its kind (`t`). The JSON is exactly the internally tagged form above, but
/// read in one pass: serde reads an internally tagged enum by first buffering each
/// object into a generic tree, code that cost the wasm app ≈ 30 KB. Missing fields
/// are errors named as serde names them; unknown fields are ignored, as before.
#[derive(Deserialize)]
struct BlockRecord {
    t: BlockKind,
    level: Option<u8>,
    spans: Option<Vec<Span>>,
    sentences: Option<Vec<Sentence>>,
    words: Option<Vec<Vec<u16>>>,
    blocks: Option<Vec<Block>>,
    ordered: Option<bool>,
    start: Option<u64>,
    items: Option<Vec<Vec<Block>>>,
    lang: Option<String>,
    text: Option<String>,
    align: Option<Vec<Align>>,
    head: Option<Vec<Vec<Span>>>,
    rows: Option<Vec<Vec<Vec<Span>>>>,
    src: Option<String>,
    alt: Option<String>,
    title: Option<String>,
    id: Option<String>,
    checked: Option<Vec<Option<bool>>>,
    kind: Option<String>,
    summary: Option<Vec<Span>>,
    caption: Option<Vec<Span>>,
    notes: Option<Vec<Note>>,
    tex: Option<String>,
    math: Option<Vec<MathNode>>,
    terms: Option<Vec<Definition>>,
}

/// The `t` of a [`Block`].
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub(crate) enum BlockKind {
    Heading,
    Paragraph,
    Quote,
    List,
    Code,
    Table,
    Image,
    Rule,
    Callout,
    Details,
    Figure,
    Definitions,
    Notes,
    Math,
}

impl BlockKind {
    /// Every kind, in the order of [`BlockKind::NAMES`].
    pub(crate) const ALL: [BlockKind; 14] = [
        BlockKind::Heading,
        BlockKind::Paragraph,
        BlockKind::Quote,
        BlockKind::List,
        BlockKind::Code,
        BlockKind::Table,
        BlockKind::Image,
        BlockKind::Rule,
        BlockKind::Callout,
        BlockKind::Details,
        BlockKind::Figure,
        BlockKind::Definitions,
        BlockKind::Notes,
        BlockKind::Math,
    ];
    /// Each kind's `t`, as serde's `rename_all = "snake_case"` names it.
    pub(crate) const NAMES: [&'static str; 14] = [
        "heading",
        "paragraph",
        "quote",
        "list",
        "code",
        "table",
        "image",
        "rule",
        "callout",
        "details",
        "figure",
        "definitions",
        "notes",
        "math",
    ];
}

impl TryFrom<BlockRecord> for Block {
    type Error = String;

    fn try_from(record: BlockRecord) -> Result<Block, String> {
        fn required<T>(value: Option<T>, field: &str) -> Result<T, String> {
            value.ok_or_else(|| format!("missing field `{field}`"))
        }
        Ok(match record.t {
            BlockKind::Heading => Block::Heading {
                level: required(record.level, "level")?,
                spans: required(record.spans, "spans")?,
                id: record.id,
            },
            BlockKind::Paragraph => Block::Paragraph {
                sentences: required(record.sentences, "sentences")?,
                words: record.words.unwrap_or_default(),
            },
            BlockKind::Quote => Block::Quote {
                blocks: required(record.blocks, "blocks")?,
            },
            BlockKind::List => Block::List {
                ordered: required(record.ordered, "ordered")?,
                start: record.start,
                items: required(record.items, "items")?,
                checked: record.checked.unwrap_or_default(),
            },
            BlockKind::Code => Block::Code {
                lang: record.lang,
                text: required(record.text, "text")?,
            },
            BlockKind::Table => Block::Table {
                align: required(record.align, "align")?,
                head: required(record.head, "head")?,
                rows: required(record.rows, "rows")?,
            },
            BlockKind::Image => Block::Image {
                src: required(record.src, "src")?,
                alt: required(record.alt, "alt")?,
                title: record.title.unwrap_or_default(),
            },
            BlockKind::Rule => Block::Rule,
            BlockKind::Callout => Block::Callout {
                kind: required(record.kind, "kind")?,
                blocks: required(record.blocks, "blocks")?,
            },
            BlockKind::Details => Block::Details {
                summary: required(record.summary, "summary")?,
                blocks: required(record.blocks, "blocks")?,
            },
            BlockKind::Figure => Block::Figure {
                blocks: required(record.blocks, "blocks")?,
                caption: required(record.caption, "caption")?,
            },
            BlockKind::Definitions => Block::Definitions {
                terms: required(record.terms, "terms")?,
            },
            BlockKind::Notes => Block::Notes {
                notes: required(record.notes, "notes")?,
            },
            BlockKind::Math => Block::Math {
                tex: required(record.tex, "tex")?,
                math: required(record.math, "math")?,
            },
        })
    }
}

/// Column alignment of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// One sentence: a run of spans.
pub type Sentence = Vec<Span>;

/// A run of text with one set of marks. Inline Markdown is flattened into spans so
/// that a paragraph can be cut into sentences at any character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Span {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub strong: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub em: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub strike: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub code: bool,
    /// A hard line break after the text.
    #[serde(default, skip_serializing_if = "is_false")]
    pub br: bool,
    /// Link target, only `http(s):`, `mailto:`, `#…` or a relative path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// Keyboard input (`<kbd>`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub kbd: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub sup: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub sub: bool,
    /// Highlighted text (`<mark>`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub mark: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub small: bool,
    /// An abbreviation's expansion (`<abbr title>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbr: Option<String>,
    /// A footnote reference: the number of the [`Note`] it points at; `text` is that
    /// number as shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<u32>,
    /// An inline formula: `text` is its TeX source, this the MathML built from it
    /// (the children of a `<math>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub math: Option<Vec<MathNode>>,
}

impl Span {
    /// A plain text span.
    pub fn plain(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }

    /// The same marks with other text.
    pub fn with_text(&self, text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            br: false,
            ..self.clone()
        }
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Whether a space must follow this sentence before the next one: Latin text needs
/// one, while text ending in CJK script or already ending in white space does not.
pub fn needs_space_after(sentence: &[Span]) -> bool {
    match sentence.last().and_then(|span| span.text.chars().last()) {
        None => false,
        Some(last) => !last.is_whitespace() && !is_cjk(last),
    }
}

/// CJK ideographs, kana, and the full-width punctuation used with them.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Plain text of some spans, marks dropped.
pub fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|span| span.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalog entry of an English article `slug` read `views` times.
    fn read_meta(slug: &str, views: u64) -> ArticleMeta {
        let mut meta = crate::test_support::article(
            slug,
            Bilingual {
                zh: None,
                en: Some(crate::test_support::head("T", "D")),
            },
            Bilingual { zh: None, en: None },
            Vec::new(),
        )
        .meta;
        meta.views = views;
        meta
    }

    #[test]
    fn most_read_leaves_out_the_open_article_and_unread_ones() {
        let catalog = Catalog {
            schema_version: crate::SCHEMA_VERSION,
            site: Site {
                title: Bilingual::default(),
                base_path: "/".into(),
                nav: Vec::new(),
                tags: Vec::new(),
            },
            articles: vec![
                read_meta("a", 5),
                read_meta("b", 0),
                read_meta("c", 9),
                read_meta("d", 5),
                read_meta("e", 1),
            ],
        };
        let slugs =
            |list: Vec<&ArticleMeta>| list.iter().map(|m| m.slug.clone()).collect::<Vec<_>>();
        assert_eq!(slugs(catalog.most_read(None, 3)), ["c", "a", "d"]);
        assert_eq!(slugs(catalog.most_read(Some("c"), 5)), ["a", "d", "e"]);
    }

    #[test]
    fn an_update_on_the_publication_day_is_not_shown_again() {
        let mut meta = read_meta("a", 0);
        assert_eq!(meta.shown_update(), None, "no update at all");
        meta.updated = Some(meta.date.clone());
        assert_eq!(meta.shown_update(), None, "the same day as published");
        meta.updated = Some("2026-11-22".into());
        assert_eq!(meta.shown_update(), Some("2026-11-22"));
    }

    #[test]
    fn bilingual_falls_back_to_other_language() {
        let only_en = Bilingual {
            zh: None,
            en: Some("x".to_string()),
        };
        assert_eq!(only_en.get(Lang::Zh), None);
        assert_eq!(
            only_en.get_or_other(Lang::Zh).map(String::as_str),
            Some("x")
        );
        assert_eq!(only_en.langs(), vec![Lang::En]);
    }

    #[test]
    fn pick_says_which_language_it_found() {
        let both = Bilingual {
            zh: Some("甲"),
            en: Some("a"),
        };
        assert_eq!(both.pick(Lang::En), Some((Lang::En, &"a")));
        assert_eq!(both.pick(Lang::Zh), Some((Lang::Zh, &"甲")));
        let only_zh = Bilingual {
            zh: Some("甲"),
            en: None,
        };
        assert_eq!(only_zh.pick(Lang::En), Some((Lang::Zh, &"甲")));
        assert_eq!(Bilingual::<&str>::default().pick(Lang::En), None);
        assert_eq!(only_zh.pick_or_default(Lang::En), (Lang::Zh, "甲"));
        assert_eq!(
            Bilingual::<&str>::default().pick_or_default(Lang::En),
            (Lang::En, "")
        );
        assert_eq!(only_zh.only_lang(), Some(Lang::Zh));
        assert_eq!(both.only_lang(), None);
        assert_eq!(Bilingual::<&str>::default().only_lang(), None);
    }

    #[test]
    fn latin_sentences_are_separated_but_chinese_ones_are_not() {
        assert!(needs_space_after(&[Span::plain("It works.")]));
        assert!(!needs_space_after(&[Span::plain("It works. ")]));
        assert!(!needs_space_after(&[Span::plain("它有效。")]));
        assert!(!needs_space_after(&[Span::plain("他说：“好。”")]));
        assert!(!needs_space_after(&[]));
    }

    #[test]
    fn span_json_omits_unset_marks() {
        let json = serde_json::to_string(&Span::plain("hi")).unwrap();
        assert_eq!(json, r#"{"text":"hi"}"#);
        let block = Block::Paragraph {
            sentences: vec![vec![Span::plain("a")]],
            words: Vec::new(),
        };
        let json = serde_json::to_string(&block).unwrap();
        assert_eq!(json, r#"{"t":"paragraph","sentences":[[{"text":"a"}]]}"#);
        let back: Block = serde_json::from_str(&json).unwrap();
        assert_eq!(back, block);
    }

    #[test]
    fn learner_aids_round_trip_and_are_omitted_when_empty() {
        let block = Block::Paragraph {
            sentences: vec![vec![Span::plain("递归。")]],
            words: vec![vec![2, 1]],
        };
        let json = serde_json::to_string(&block).unwrap();
        assert_eq!(
            json,
            r#"{"t":"paragraph","sentences":[[{"text":"递归。"}]],"words":[[2,1]]}"#
        );
        assert_eq!(serde_json::from_str::<Block>(&json).unwrap(), block);

        let entry = GlossEntry {
            word: "递归".into(),
            pinyin: "dì guī".into(),
            glosses: vec!["recursion".into()],
            hsk: None,
        };
        let json = serde_json::to_string(&entry).unwrap();
        assert_eq!(
            json,
            r#"{"word":"递归","pinyin":"dì guī","glosses":["recursion"]}"#
        );
        let glossary = Glossary {
            schema_version: SCHEMA_VERSION,
            entries: vec![entry],
        };
        let json = serde_json::to_string(&glossary).unwrap();
        assert_eq!(
            json,
            r#"{"schema_version":5,"entries":[{"word":"递归","pinyin":"dì guī","glosses":["recursion"]}]}"#
        );
        assert_eq!(serde_json::from_str::<Glossary>(&json).unwrap(), glossary);
        let difficulty = Difficulty {
            per_mille: [500, 250, 0, 0, 0, 0, 250],
            level: 7,
        };
        let json = serde_json::to_string(&difficulty).unwrap();
        assert_eq!(json, r#"{"per_mille":[500,250,0,0,0,0,250],"level":7}"#);
    }

    #[test]
    fn glossary_lookup_is_by_exact_word_in_code_point_order() {
        let entry = |word: &str| GlossEntry {
            word: word.into(),
            pinyin: String::new(),
            glosses: Vec::new(),
            hsk: None,
        };
        // 学 U+5B66 < 我 U+6211 < 递 U+9012; "T恤" sorts before every Han word.
        let glossary = Glossary {
            schema_version: SCHEMA_VERSION,
            entries: ["T恤", "学习", "我", "我们", "递归"].map(entry).to_vec(),
        };
        for word in ["T恤", "学习", "我", "我们", "递归"] {
            assert_eq!(
                glossary.gloss(word).map(|found| found.word.as_str()),
                Some(word)
            );
        }
        assert_eq!(glossary.gloss("我们的"), None);
        assert_eq!(glossary.gloss(""), None);
        assert_eq!(
            glossary_path("open-weights"),
            "glossary/open-weights.json.gz"
        );
        assert_eq!(
            article_path("open-weights"),
            "articles/open-weights.json.gz"
        );
    }

    #[test]
    fn new_blocks_and_marks_round_trip_through_the_flat_record() {
        let blocks = crate::decode::agreement::every_block();
        let json = serde_json::to_string(&blocks).unwrap();
        assert_eq!(serde_json::from_str::<Vec<Block>>(&json).unwrap(), blocks);
        // A missing field of a new kind is named.
        let error = serde_json::from_str::<Block>(r#"{"t":"callout","blocks":[]}"#).unwrap_err();
        assert!(error.to_string().contains("kind"), "{error}");
    }

    #[test]
    fn only_listed_math_elements_and_attributes_are_allowed() {
        let allowed = MathNode {
            name: "mfrac".into(),
            attrs: vec![("linethickness".into(), "0".into())],
            ..MathNode::default()
        };
        assert!(allowed.is_allowed());
        let linked = MathNode {
            attrs: vec![("href".into(), "javascript:x".into())],
            ..allowed.clone()
        };
        assert!(!linked.is_allowed());
        let script = MathNode {
            name: "script".into(),
            ..MathNode::default()
        };
        assert!(!script.is_allowed());
    }
}
