//! Read-aloud: what is spoken in which order and voice (`plan.rs`, pure) and the
//! controls that speak it (`controls.rs`).

pub mod controls;
pub mod plan;
