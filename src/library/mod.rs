//! The library page: one page of one of the archive's lists, its filters and pager,
//! and the save-for-offline control.

pub mod filters;
pub mod offline_control;
pub mod page;
pub mod pager;
pub mod titles;
