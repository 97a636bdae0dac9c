//! Where the reader is in each article: the paragraph pair at the top of the screen,
//! kept under `duet.positions` as `{version: 1, positions: [...]}`, so an article
//! opens where it was left and library cards offer to continue.

use serde::{Deserialize, Serialize};

use crate::reader::stored_list::{ListError, PerArticle, StoredList, Unreadable};

/// Where the positions are kept (in exports since document version 2).
pub const LIST: StoredList<Position> =
    StoredList::new("positions", "positions", "positions", 1, 2, |text| {
        text.list_positions
    });

/// How many articles' positions are kept; the least recently read go first.
const MAX_POSITIONS: usize = 300;

/// The reader's place in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub slug: String,
    /// The pair id, e.g. `p4`.
    pub pair: String,
    /// Milliseconds since the Unix epoch.
    pub at: f64,
}

duet_core::from_value_struct!(Position { slug, pair, at });

/// Records `position`, replacing the article's earlier one and keeping at most
/// [`MAX_POSITIONS`].
pub fn record_in(positions: &mut Vec<Position>, position: Position) {
    positions.retain(|kept| kept.slug != position.slug);
    positions.push(position);
    if positions.len() > MAX_POSITIONS {
        duet_core::sort::sort_by(positions, |a, b| b.at.total_cmp(&a.at));
        positions.truncate(MAX_POSITIONS);
    }
}

/// One position per article, the later winning; an imported one names its article.
impl PerArticle for Position {
    fn slug(&self) -> &str {
        &self.slug
    }
    fn at(&self) -> f64 {
        self.at
    }
}

/// Which pair is the reader's place: the first whose bottom edge is below `top`
/// (the height the sticky header covers), given each pair's bottom edge in window
/// coordinates, in document order.
pub fn current_pair(bottoms: &[f64], top: f64) -> Option<usize> {
    bottoms.iter().position(|bottom| *bottom > top)
}

/// Every stored position, unreadable data set aside and reported.
pub fn load() -> Result<Vec<Position>, Unreadable> {
    LIST.load()
}

/// The stored position in `slug`, if any (unreadable storage: none).
pub fn position_in(slug: &str) -> Option<String> {
    load()
        .ok()?
        .into_iter()
        .find(|position| position.slug == slug)
        .map(|position| position.pair)
}

/// Stores the reader's place in `slug`.
pub fn record(slug: &str, pair: &str) -> Result<(), ListError> {
    let position = Position {
        slug: slug.to_string(),
        pair: pair.to_string(),
        at: js_sys::Date::now(),
    };
    LIST.update(|positions| record_in(positions, position))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(slug: &str, at: f64) -> Position {
        Position {
            slug: slug.into(),
            pair: "p2".into(),
            at,
        }
    }

    #[test]
    fn one_position_per_article_the_oldest_dropped_past_the_limit() {
        let mut positions = Vec::new();
        for index in 0..=MAX_POSITIONS {
            record_in(&mut positions, at(&format!("a{index}"), index as f64));
        }
        record_in(&mut positions, at("a5", 1000.0));
        assert_eq!(positions.len(), MAX_POSITIONS);
        assert!(!positions.iter().any(|position| position.slug == "a0"));
        assert_eq!(
            positions
                .iter()
                .filter(|position| position.slug == "a5")
                .count(),
            1
        );
    }

    #[test]
    fn the_current_pair_is_the_first_not_scrolled_past() {
        assert_eq!(current_pair(&[-300.0, 20.0, 90.0, 400.0], 72.0), Some(2));
        assert_eq!(current_pair(&[100.0], 72.0), Some(0));
        assert_eq!(current_pair(&[-10.0], 72.0), None);
    }
}
