//! One article's cache entry: what the rest of a build needs of it (its catalog
//! entry, counts for the summary, its warnings, search statistics, images) without
//! its body, which stays on disk in side files until the bundle is written.

use std::path::PathBuf;

use duet_core::{ArticleMeta, Lang};

use super::codec::{Reader, Writer};
use crate::diagnostics::{Diagnostic, Severity};
use crate::image_type::ImageType;
use crate::media::MediaCopy;

/// The result of processing one article, as far as the rest of the build needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Files looked at besides the article's own, with a hash of their bytes.
    pub probes: Vec<(PathBuf, Option<u128>)>,
    /// Language files skipped as drafts.
    pub drafts: usize,
    /// Language files read (drafts aside).
    pub sources: Vec<(Lang, PathBuf)>,
    /// Tags as each language file wrote them, in file order.
    pub tags: Vec<(Lang, Vec<String>)>,
    /// Its warnings (an article with errors is never stored).
    pub diagnostics: Vec<Diagnostic>,
    /// `None` when every language file is a draft.
    pub built: Option<Built>,
}

/// An article that goes into the bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    /// Its catalog entry, related reads not yet chosen.
    pub meta: ArticleMeta,
    /// Number of pairs (the search index's FAQ passages come after the most).
    pub pairs: usize,
    /// Search field lengths per language ([`Lang::ALL`] order), `None` without that side.
    pub lengths: [Option<[u32; 5]>; 2],
    pub has_glossary: bool,
    pub media: Vec<MediaCopy>,
    /// Hash of the article's stored JSON: with its related reads, the name of its
    /// compressed file (the key alone is not enough: an entry is replaced under the
    /// same key when an image or included file changed).
    pub article_hash: u128,
}

/// Side file names: the article's JSON (related reads empty), its glossary's
/// compressed file, each language's search terms.
pub const ARTICLE: &str = "article.json";
pub const GLOSSARY: &str = "glossary.gz";

/// The side file of `lang`'s search terms.
pub fn terms_file(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh.terms",
        Lang::En => "en.terms",
    }
}

const IMAGE_TYPES: [ImageType; 5] = [
    ImageType::Png,
    ImageType::Jpeg,
    ImageType::Gif,
    ImageType::Webp,
    ImageType::Avif,
];

fn lang_bit(lang: Lang) -> bool {
    lang == Lang::En
}

fn lang_of(bit: bool) -> Lang {
    if bit {
        Lang::En
    } else {
        Lang::Zh
    }
}

impl Entry {
    /// The side files this entry has.
    pub fn files(&self) -> Vec<&'static str> {
        let mut files = Vec::new();
        if let Some(built) = &self.built {
            files.push(ARTICLE);
            if built.has_glossary {
                files.push(GLOSSARY);
            }
            for (lang, length) in Lang::ALL.into_iter().zip(&built.lengths) {
                if length.is_some() {
                    files.push(terms_file(lang));
                }
            }
        }
        files
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::default();
        writer.uint(self.probes.len() as u64);
        for (path, hash) in &self.probes {
            writer.path(path);
            writer.bool(hash.is_some());
            writer.u128(hash.unwrap_or_default());
        }
        writer.uint(self.drafts as u64);
        writer.uint(self.sources.len() as u64);
        for (lang, path) in &self.sources {
            writer.bool(lang_bit(*lang));
            writer.path(path);
        }
        writer.uint(self.tags.len() as u64);
        for (lang, tags) in &self.tags {
            writer.bool(lang_bit(*lang));
            writer.uint(tags.len() as u64);
            for tag in tags {
                writer.str(tag);
            }
        }
        writer.uint(self.diagnostics.len() as u64);
        for item in &self.diagnostics {
            writer.bool(item.severity == Severity::Error);
            writer.path(&item.path);
            writer.opt_uint(item.line.map(|line| line as u64));
            writer.str(&item.message);
            writer.uint(item.notes.len() as u64);
            for note in &item.notes {
                writer.str(note);
            }
            writer.opt_str(item.hint.as_deref());
        }
        writer.bool(self.built.is_some());
        if let Some(built) = &self.built {
            // serde_json cannot fail on these plain structs.
            writer.str(&serde_json::to_string(&built.meta).unwrap_or_default());
            writer.uint(built.pairs as u64);
            for length in &built.lengths {
                writer.bool(length.is_some());
                for field in length.unwrap_or_default() {
                    writer.uint(u64::from(field));
                }
            }
            writer.bool(built.has_glossary);
            writer.u128(built.article_hash);
            writer.uint(built.media.len() as u64);
            for copy in &built.media {
                writer.path(&copy.from);
                writer.str(&copy.to);
                let kind = IMAGE_TYPES
                    .iter()
                    .position(|kind| *kind == copy.image_type)
                    .unwrap_or_default();
                writer.uint(kind as u64);
            }
        }
        writer.into_bytes()
    }

    /// Reads an entry back; `None` when malformed.
    pub fn decode(bytes: &[u8]) -> Option<Entry> {
        let mut reader = Reader::new(bytes);
        let entry = decode(&mut reader)?;
        reader.is_done().then_some(entry)
    }
}

fn decode(reader: &mut Reader) -> Option<Entry> {
    let mut probes = Vec::new();
    for _ in 0..reader.count()? {
        let path = reader.path()?;
        let present = reader.bool()?;
        let hash = reader.u128()?;
        probes.push((path, present.then_some(hash)));
    }
    let drafts = usize::try_from(reader.uint()?).ok()?;
    let mut sources = Vec::new();
    for _ in 0..reader.count()? {
        sources.push((lang_of(reader.bool()?), reader.path()?));
    }
    let mut tags = Vec::new();
    for _ in 0..reader.count()? {
        let lang = lang_of(reader.bool()?);
        let mut list = Vec::new();
        for _ in 0..reader.count()? {
            list.push(reader.string()?);
        }
        tags.push((lang, list));
    }
    let mut diagnostics = Vec::new();
    for _ in 0..reader.count()? {
        let severity = if reader.bool()? {
            Severity::Error
        } else {
            Severity::Warning
        };
        let path = reader.path()?;
        let line = match reader.opt_uint()? {
            Some(line) => Some(usize::try_from(line).ok()?),
            None => None,
        };
        let message = reader.string()?;
        let mut notes = Vec::new();
        for _ in 0..reader.count()? {
            notes.push(reader.string()?);
        }
        let hint = reader.opt_string()?;
        diagnostics.push(Diagnostic {
            severity,
            path,
            line,
            message,
            notes,
            hint,
        });
    }
    let built = if reader.bool()? {
        let meta: ArticleMeta = serde_json::from_str(&reader.string()?).ok()?;
        let pairs = usize::try_from(reader.uint()?).ok()?;
        let mut lengths = [None, None];
        for slot in &mut lengths {
            let present = reader.bool()?;
            let mut length = [0u32; 5];
            for field in &mut length {
                *field = reader.u32()?;
            }
            *slot = present.then_some(length);
        }
        let has_glossary = reader.bool()?;
        let article_hash = reader.u128()?;
        let mut media = Vec::new();
        for _ in 0..reader.count()? {
            let from = reader.path()?;
            let to = reader.string()?;
            let image_type = *IMAGE_TYPES.get(usize::try_from(reader.uint()?).ok()?)?;
            media.push(MediaCopy {
                from,
                to,
                image_type,
            });
        }
        Some(Built {
            meta,
            pairs,
            lengths,
            has_glossary,
            media,
            article_hash,
        })
    } else {
        None
    };
    Some(Entry {
        probes,
        drafts,
        sources,
        tags,
        diagnostics,
        built,
    })
}
