//! The parts of `cargo xtask` other crates reuse: the offline files (`offline`) and
//! the watched site of `cargo xtask serve` (`dev_site`), which the end-to-end tests
//! serve the same way.

pub mod dev_site;
pub mod offline;
