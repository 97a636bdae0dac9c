//! Bookmarked articles, kept under `duet.bookmarks` as `{version: 1, bookmarks: [...]}`.

use serde::{Deserialize, Serialize};

use crate::reader::stored_list::{ListError, PerArticle, StoredList, Unreadable};

/// Where the bookmarks are kept (in exports since document version 2).
pub const LIST: StoredList<Bookmark> =
    StoredList::new("bookmarks", "bookmarks", "bookmarks", 1, 2, |text| {
        text.list_bookmarks
    });

/// One bookmarked article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    pub slug: String,
    /// Milliseconds since the Unix epoch.
    pub at: f64,
}

duet_core::from_value_struct!(Bookmark { slug, at });

/// Bookmarks `slug` if it is not, else removes it; returns whether it is now
/// bookmarked.
pub fn toggle_in(bookmarks: &mut Vec<Bookmark>, slug: &str, now: f64) -> bool {
    if bookmarks.iter().any(|bookmark| bookmark.slug == slug) {
        bookmarks.retain(|bookmark| bookmark.slug != slug);
        false
    } else {
        bookmarks.push(Bookmark {
            slug: slug.to_string(),
            at: now,
        });
        true
    }
}

/// One bookmark per article, which an imported one must name.
impl PerArticle for Bookmark {
    fn slug(&self) -> &str {
        &self.slug
    }
    fn at(&self) -> f64 {
        self.at
    }
}

/// Every bookmark, unreadable data set aside and reported.
pub fn load() -> Result<Vec<Bookmark>, Unreadable> {
    LIST.load()
}

/// Toggles the bookmark of `slug` in storage; returns whether it is now bookmarked.
pub fn toggle(slug: &str) -> Result<bool, ListError> {
    LIST.update(|bookmarks| toggle_in(bookmarks, slug, js_sys::Date::now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_twice_leaves_nothing() {
        let mut bookmarks = Vec::new();
        assert!(toggle_in(&mut bookmarks, "a", 1.0));
        assert!(toggle_in(&mut bookmarks, "b", 2.0));
        assert!(!toggle_in(&mut bookmarks, "a", 3.0));
        assert_eq!(
            bookmarks,
            [Bookmark {
                slug: "b".into(),
                at: 2.0
            }]
        );
        let (merged, added) = crate::reader::stored_list::merge(
            bookmarks,
            vec![Bookmark {
                slug: "b".into(),
                at: 1.0,
            }],
        );
        assert_eq!((merged.len(), added), (1, 0));
    }
}
