//! Parts of the app that reading an article does not need (the library, search, the
//! Saved page, the word popover, read-aloud, the reader-data panel, the offline
//! control) are drawn through
//! [`Lazy`]: in the release build (cargo feature `split`) each one's code is a wasm
//! chunk of its own, fetched the first time it is shown, with a loading state and an
//! error state with Retry when the chunk cannot be fetched.
//!
//! Each such part has an entry function (`chunk_view`, beside its component) marked, in the `split` build only, with
//! `wasm_split(<chunk>, …, fallible)`. The `fallible` option makes a failed fetch an
//! `Err` rather than a panic, which would abort the whole module (leptos#4785; the
//! `#[lazy]` macro has no such option). Without `split` the entry is a plain function
//! and [`load_chunk!`] calls it directly: dev builds and component tests need no
//! post-link splitting step.

use std::future::Future;

use leptos::prelude::*;

use crate::i18n::ui_text;
use crate::reader::prefs::ReaderPrefs;

/// A chunk of the app could not be fetched (the splitter's loader gives no detail).
#[derive(Debug, Clone)]
pub struct ChunkError;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// What a chunk's entry function returns.
pub type ChunkView = Result<AnyView, ChunkError>;

/// Calls a chunk's entry function: awaited in the split build, where it fetches the
/// chunk first; called directly otherwise.
#[cfg(feature = "split")]
#[macro_export]
macro_rules! load_chunk {
    ($call:expr) => {
        $call.await
    };
}

/// Calls a chunk's entry function: awaited in the split build, where it fetches the
/// chunk first; called directly otherwise.
#[cfg(not(feature = "split"))]
#[macro_export]
macro_rules! load_chunk {
    ($call:expr) => {
        $call
    };
}

/// Draws what `load` returns once its chunk is there: a loading notice meanwhile,
/// and if the chunk cannot be fetched, an error with Retry (which fetches again).
#[component]
pub fn Lazy<F, Fut>(
    /// Fetches the chunk and draws its view: `|| async { load_chunk!(entry()) }`.
    load: F,
    /// No loading notice (for a small control that appears by itself): the error
    /// with Retry still shows.
    #[prop(optional)]
    quiet: bool,
) -> impl IntoView
where
    F: Fn() -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = ChunkView> + 'static,
{
    let prefs = ReaderPrefs::expect();
    let attempt = RwSignal::new(0_u32);
    let fallback = move || {
        (!quiet).then(|| {
            view! {
                <p class="status loading" role="status" aria-live="polite">
                    <span class="spinner" aria-hidden="true"></span>
                    {move || ui_text(prefs.ui_lang.get()).loading_part}
                </p>
            }
        })
    };
    view! {
        <Suspense fallback=fallback>
            {move || {
                attempt.track();
                let load = load.clone();
                // The split loader's futures hold JavaScript promises, which are not
                // `Send`; everything here runs on the page's one thread.
                Suspend::new(send_wrapper::SendWrapper::new(async move {
                    match load().await {
                        Ok(view) => view,
                        Err(ChunkError) => view! { <ChunkFailed attempt=attempt/> }.into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

/// A chunk could not be fetched: say so, and offer to try again.
#[component]
fn ChunkFailed(attempt: RwSignal<u32>) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    view! {
        <div class="status error chunk-error" role="alert">
            <p>{move || text().part_failed}</p>
            <p class="actions">
                <button type="button" class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                    {move || text().retry}
                </button>
            </p>
        </div>
    }
}
