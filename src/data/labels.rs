//! Tag labels as they arrive: the catalog's head names only the tags it shows, and
//! each list page, the facets and each article carry the labels of their own tags.
//! Every file loaded adds its labels here, before any view shows its tags, so a
//! label is looked up in one place whichever file brought it.

use std::cell::RefCell;
use std::collections::HashMap;

use duet_core::{Bilingual, Lang, TagLabel};

thread_local! {
    static LABELS: RefCell<HashMap<String, Bilingual<String>>> = RefCell::new(HashMap::new());
}

/// Keeps `labels` for [`label`].
pub fn remember(labels: &[TagLabel]) {
    LABELS.with_borrow_mut(|known| {
        for label in labels {
            known.insert(label.tag.clone(), label.label.clone());
        }
    });
}

/// The display label of `tag` in `lang` (or the other language); the tag itself
/// when no file loaded so far labels it.
pub fn label(tag: &str, lang: Lang) -> String {
    LABELS.with_borrow(|known| {
        known
            .get(tag)
            .and_then(|label| label.get_or_other(lang).cloned())
            .unwrap_or_else(|| tag.to_string())
    })
}
