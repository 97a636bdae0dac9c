//! Navigation: the app's routes as data (`route.rs`), the router that keeps the
//! current one in a signal (`router.rs`), links and anchors as the browser holds them
//! (`links.rs`) and the article layout carried in the URL (`view_mode.rs`).

pub mod links;
pub mod route;
pub mod router;
pub mod view_mode;
