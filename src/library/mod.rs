//! The library page: the article list with its filters and the save-for-offline
//! control.

pub mod offline_control;
pub mod page;
