//! Search: the header's search box and the results page.

pub mod page;
pub mod search_box;
