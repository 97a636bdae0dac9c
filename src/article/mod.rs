//! The article page: its head, body, extras after the body and the view switch.

pub mod body;
pub mod extras;
pub mod head;
pub mod page;
mod roving;
pub mod skip_links;
pub mod view_switch;
