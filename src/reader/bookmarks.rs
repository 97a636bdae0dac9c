//! Bookmarked articles, kept under `duet.bookmarks` as `{version: 1, bookmarks: [...]}`.

use serde::{Deserialize, Serialize};

use crate::reader::stored_list::{merge_newer, StoredList, Unreadable};

/// Where the bookmarks are kept.
pub const LIST: StoredList = StoredList {
    key: "bookmarks",
    field: "bookmarks",
    version: 1,
    what: "bookmarks",
};

/// One bookmarked article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    pub slug: String,
    /// Milliseconds since the Unix epoch.
    pub at: f64,
}

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

/// `stored` with `imported` merged in, one bookmark per article.
pub fn merge(stored: Vec<Bookmark>, imported: Vec<Bookmark>) -> (Vec<Bookmark>, usize) {
    merge_newer(
        stored,
        imported,
        |bookmark| bookmark.slug.clone(),
        |bookmark| bookmark.at,
    )
}

/// Every bookmark, unreadable data set aside and reported.
pub fn load() -> Result<Vec<Bookmark>, Unreadable> {
    LIST.load()
}

/// Toggles the bookmark of `slug` in storage; returns whether it is now bookmarked.
pub fn toggle(slug: &str) -> Result<bool, String> {
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
        let (merged, added) = merge(
            bookmarks,
            vec![Bookmark {
                slug: "b".into(),
                at: 1.0,
            }],
        );
        assert_eq!((merged.len(), added), (1, 0));
    }
}
