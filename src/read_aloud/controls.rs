//! Read-aloud with the browser's speechSynthesis: one utterance per sentence (Chrome
//! cuts long utterances off), the spoken sentence and its translation lit through
//! the [`Speaking`] context and scrolled into view. What is said, in which order, is
//! [`crate::read_aloud::plan`]'s; this file only talks to the browser.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use duet_core::{Article, Lang};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

use crate::components::block::{HighlightTarget, Speaking};
use crate::i18n::ui_text;
use crate::read_aloud::plan::{pick_voice, plan, speech_lang, voiced_langs, ReadMode, Utterance};
use crate::reader::prefs::ReaderPrefs;

/// Bumped whenever what is being spoken is replaced or stopped. The window has one
/// speech queue, so one counter: an utterance's callbacks act only while their
/// generation is current, which also keeps them off disposed signals after cleanup.
static GENERATION: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// The utterance being spoken. Chrome may collect an utterance nothing in
    /// JavaScript refers to, and then never fires its `end`.
    static CURRENT: RefCell<Option<SpeechSynthesisUtterance>> = const { RefCell::new(None) };
}

/// The window's speechSynthesis, if the browser has it (and can make utterances).
fn synth() -> Option<SpeechSynthesis> {
    let window = web_sys::window()?;
    let synth = js_sys::Reflect::get(&window, &"speechSynthesis".into()).ok()?;
    let utterance = js_sys::Reflect::get(&window, &"SpeechSynthesisUtterance".into()).ok()?;
    (synth.is_object() && utterance.is_function()).then(|| synth.unchecked_into())
}

fn voices(synth: &SpeechSynthesis) -> Vec<SpeechSynthesisVoice> {
    synth
        .get_voices()
        .iter()
        .map(|voice| voice.unchecked_into())
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlayState {
    Stopped,
    Playing,
    Paused,
}

/// The player's state, all `Copy`, so every handler can hold it.
#[derive(Clone, Copy)]
struct Player {
    article: StoredValue<Arc<Article>>,
    lead: Signal<Lang>,
    mode: RwSignal<ReadMode>,
    state: RwSignal<PlayState>,
    /// `lang` tags of the device's voices; `None` until the browser has listed them.
    voice_langs: RwSignal<Option<Vec<String>>>,
    plan: StoredValue<Vec<Utterance>>,
    position: RwSignal<usize>,
    speaking: Speaking,
    failure: RwSignal<Option<String>>,
}

impl Player {
    /// Languages that can be spoken; all while the voices are not known yet.
    fn voiced(self) -> Vec<Lang> {
        self.voice_langs
            .get_untracked()
            .filter(|langs| !langs.is_empty())
            .map_or(Lang::ALL.to_vec(), |langs| voiced_langs(&langs))
    }

    fn start(self) {
        self.refresh_voices();
        let utterances = self.article.with_value(|article| {
            plan(
                article,
                self.lead.get_untracked(),
                self.mode.get_untracked(),
                &self.voiced(),
            )
        });
        self.plan.set_value(utterances);
        self.failure.set(None);
        self.state.set(PlayState::Playing);
        self.speak(0);
    }

    /// Speaks utterance `index` of the plan, replacing whatever is spoken.
    fn speak(self, index: usize) {
        let Some(synth) = synth() else { return };
        let generation = GENERATION.fetch_add(1, Ordering::SeqCst) + 1;
        synth.cancel();
        let Some(utterance) = self.plan.with_value(|plan| plan.get(index).cloned()) else {
            self.finish();
            return;
        };
        self.position.set(index);
        let (pair, sentence) = utterance.highlight();
        self.speaking
            .0
            .set(Some(HighlightTarget { pair, sentence }));
        self.article
            .with_value(|article| scroll_to_spoken(article, &utterance));
        let Ok(spoken) = SpeechSynthesisUtterance::new_with_text(&utterance.text) else {
            return;
        };
        spoken.set_lang(speech_lang(utterance.lang));
        let available = voices(&synth);
        let langs: Vec<String> = available.iter().map(|voice| voice.lang()).collect();
        if let Some(at) = pick_voice(&langs, utterance.lang) {
            spoken.set_voice(Some(&available[at]));
        }
        let current = move || GENERATION.load(Ordering::SeqCst) == generation;
        let on_end = Closure::<dyn FnMut()>::new(move || {
            if current() {
                self.speak(index + 1);
            }
        })
        .into_js_value();
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            if !current() {
                return;
            }
            let code = js_sys::Reflect::get(&event, &"error".into())
                .ok()
                .and_then(|code| code.as_string())
                .unwrap_or_default();
            // Our own cancel() and pause-then-skip interrupt; anything else is a
            // failure the reader should hear about rather than sudden silence.
            if code != "interrupted" && code != "canceled" {
                self.failure.set(Some(code));
                self.stop();
            }
        })
        .into_js_value();
        spoken.set_onend(Some(on_end.unchecked_ref()));
        spoken.set_onerror(Some(on_error.unchecked_ref()));
        synth.speak(&spoken);
        CURRENT.with(|current| *current.borrow_mut() = Some(spoken));
    }

    fn finish(self) {
        self.state.set(PlayState::Stopped);
        self.speaking.0.set(None);
        self.position.set(0);
        CURRENT.with(|current| current.borrow_mut().take());
    }

    fn pause(self) {
        if let Some(synth) = synth() {
            synth.pause();
        }
        self.state.set(PlayState::Paused);
    }

    fn resume(self) {
        if let Some(synth) = synth() {
            synth.resume();
        }
        self.state.set(PlayState::Playing);
    }

    /// Silences the speech without touching signals: also run on cleanup.
    fn silence() {
        GENERATION.fetch_add(1, Ordering::SeqCst);
        if let Some(synth) = synth() {
            synth.cancel();
            // Chrome stays paused across cancel() otherwise, and the next article
            // would not be heard.
            synth.resume();
        }
        CURRENT.with(|current| current.borrow_mut().take());
    }

    fn stop(self) {
        Self::silence();
        self.finish();
    }

    /// Moves `delta` sentences on or back and speaks from there.
    fn step(self, delta: isize) {
        if self.state.get_untracked() == PlayState::Stopped {
            return;
        }
        let last = self.plan.with_value(|plan| plan.len().saturating_sub(1));
        let target = self
            .position
            .get_untracked()
            .saturating_add_signed(delta)
            .min(last);
        if self.state.get_untracked() == PlayState::Paused {
            if let Some(synth) = synth() {
                synth.resume();
            }
            self.state.set(PlayState::Playing);
        }
        self.speak(target);
    }

    fn refresh_voices(self) {
        if let Some(synth) = synth() {
            let langs: Vec<String> = voices(&synth).iter().map(|voice| voice.lang()).collect();
            if !langs.is_empty() {
                // Disposed after navigation: a late `voiceschanged` has nothing to do.
                let _ = self.voice_langs.try_set(Some(langs));
            }
        }
    }
}

/// Scrolls the spoken sentence (else its block, else its pair) into view, smoothly
/// and only when it is not fully on screen.
fn scroll_to_spoken(article: &Article, utterance: &Utterance) {
    let Some(pair) = article.pairs.get(utterance.pair) else {
        return;
    };
    let document = crate::browser::document();
    let in_pair = |selector: String| {
        document
            .query_selector(&format!("[id=\"{}\"] {selector}", pair.id))
            .ok()
            .flatten()
    };
    let lang = utterance.lang.code();
    let element = utterance
        .sentence
        .and_then(|sentence| {
            in_pair(format!(
                ".blk[data-lang=\"{lang}\"] .sentence[data-sentence=\"{sentence}\"]"
            ))
        })
        .or_else(|| in_pair(format!(".blk[data-lang=\"{lang}\"]")))
        .or_else(|| document.get_element_by_id(&pair.id));
    let (Some(element), Some(window)) = (element, web_sys::window()) else {
        return;
    };
    let rect = element.get_bounding_client_rect();
    let height = window
        .inner_height()
        .ok()
        .and_then(|height| height.as_f64())
        .unwrap_or(0.0);
    // On wide screens the reading tools stick to the top and cover what is under them.
    let covered = document
        .query_selector(".reading-tools")
        .ok()
        .flatten()
        .map(|tools| tools.get_bounding_client_rect())
        .filter(|tools| tools.top() <= 1.0)
        .map_or(0.0, |tools| tools.bottom().max(0.0));
    if rect.top() >= covered && rect.bottom() <= height {
        return;
    }
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_behavior(web_sys::ScrollBehavior::Smooth);
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    element.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Read-aloud controls: play, pause or resume; stop; previous and next sentence; and,
/// in a bilingual article, both languages by turns. Says which languages have no
/// voice; without speechSynthesis only a note says why there is nothing to press.
#[component]
pub fn ReadAloud(
    /// The article read.
    article: Arc<Article>,
    /// The lead language, read first (and alone unless both are chosen).
    lead: Signal<Lang>,
) -> impl IntoView {
    let prefs = ReaderPrefs::expect();
    let text = move || ui_text(prefs.ui_lang.get());
    let Some(speech) = synth() else {
        return view! {
            <span class="read-aloud-missing" title=move || text().read_aloud_unsupported>
                {move || text().read_aloud_unavailable}
            </span>
        }
        .into_any();
    };
    let bilingual = article.body.langs().len() == 2;
    let article_langs = article.body.langs();
    let player = Player {
        article: StoredValue::new(article),
        lead,
        mode: RwSignal::new(ReadMode::Lead),
        state: RwSignal::new(PlayState::Stopped),
        voice_langs: RwSignal::new(None),
        plan: StoredValue::new(Vec::new()),
        position: RwSignal::new(0),
        speaking: Speaking::expect(),
        failure: RwSignal::new(None),
    };
    // Voices often arrive after the page: Chrome lists none until `voiceschanged`.
    player.refresh_voices();
    let on_voices = Closure::<dyn FnMut()>::new(move || player.refresh_voices()).into_js_value();
    speech.set_onvoiceschanged(Some(on_voices.unchecked_ref()));
    // A device with no voice at all may never send `voiceschanged`.
    set_timeout(
        move || {
            if player.voice_langs.try_get_untracked() == Some(None) {
                player.refresh_voices();
                let _ = player.voice_langs.try_update(|langs| {
                    langs.get_or_insert_with(Vec::new);
                });
            }
        },
        std::time::Duration::from_secs(2),
    );
    on_cleanup(move || {
        Player::silence();
        if let Some(synth) = synth() {
            synth.set_onvoiceschanged(None);
        }
    });
    // Another lead language means another text: stop rather than read the old one.
    Effect::watch(move || lead.get(), move |_, _, _| player.stop(), false);

    let missing = move || {
        let known = player.voice_langs.get()?;
        let needed = match player.mode.get() {
            ReadMode::Lead => vec![lead.get()],
            ReadMode::Both => article_langs.clone(),
        };
        let voiced = voiced_langs(&known);
        let messages: Vec<&str> = needed
            .into_iter()
            .filter(|lang| !voiced.contains(lang))
            .map(|lang| match lang {
                Lang::Zh => text().no_voice_zh,
                Lang::En => text().no_voice_en,
            })
            .collect();
        (!messages.is_empty()).then(|| messages.join(" · "))
    };
    let nothing_to_say = move || {
        player.voice_langs.get().is_some_and(|known| {
            let voiced = voiced_langs(&known);
            match player.mode.get() {
                ReadMode::Lead => !voiced.contains(&lead.get()),
                ReadMode::Both => voiced.is_empty(),
            }
        })
    };
    let status = move || {
        let failure = player
            .failure
            .get()
            .map(|code| format!("{}{code}", text().read_aloud_failed));
        failure.or_else(&missing)
    };
    let stopped = move || player.state.get() == PlayState::Stopped;
    let main_action = move || match player.state.get() {
        PlayState::Stopped => "play",
        PlayState::Playing => "pause",
        PlayState::Paused => "resume",
    };
    let main_label = move || match player.state.get() {
        PlayState::Stopped => text().read_aloud,
        PlayState::Playing => text().read_pause,
        PlayState::Paused => text().read_resume,
    };
    let on_main = move |_| match player.state.get_untracked() {
        PlayState::Stopped => player.start(),
        PlayState::Playing => player.pause(),
        PlayState::Paused => player.resume(),
    };
    let both_toggle = bilingual.then(|| {
        view! {
            <button
                type="button"
                class="read-aloud-both"
                aria-pressed=move || (player.mode.get() == ReadMode::Both).to_string()
                title=move || text().read_both_hint
                on:click=move |_| {
                    player.stop();
                    player.mode.update(|mode| {
                        *mode = match mode {
                            ReadMode::Lead => ReadMode::Both,
                            ReadMode::Both => ReadMode::Lead,
                        };
                    });
                }
            >
                {move || text().read_both}
            </button>
        }
    });
    view! {
        <div class="read-aloud" role="group" aria-label=move || text().read_aloud>
            <div class="segmented">
                <button
                    type="button"
                    class="read-aloud-main"
                    data-action=main_action
                    aria-label=main_label
                    disabled=nothing_to_say
                    on:click=on_main
                >
                    <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
                        <path d=move || if main_action() == "pause" { "M3 2h4v12H3zM9 2h4v12H9z" } else { "M4 2l10 6-10 6z" }/>
                    </svg>
                    <span>{main_label}</span>
                </button>
                <button type="button" class="read-aloud-prev" aria-label=move || text().read_previous
                    title=move || text().read_previous disabled=stopped on:click=move |_| player.step(-1)>
                    <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M2 2h2v12H2zM14 2v12L5 8z"/></svg>
                </button>
                <button type="button" class="read-aloud-next" aria-label=move || text().read_next
                    title=move || text().read_next disabled=stopped on:click=move |_| player.step(1)>
                    <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M12 2h2v12h-2zM2 2v12l9-6z"/></svg>
                </button>
                <button type="button" class="read-aloud-stop" aria-label=move || text().read_stop
                    title=move || text().read_stop disabled=stopped on:click=move |_| player.stop()>
                    <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 3h10v10H3z"/></svg>
                </button>
                {both_toggle}
            </div>
            <p class="read-aloud-status" role="status">{status}</p>
        </div>
    }
    .into_any()
}

/// The read-aloud controls of `article`.
/// In the split build, the entry of wasm chunk `read_aloud` (see `crate::chunks`).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(read_aloud, wasm_split_path = ::leptos::wasm_split, fallible)
)]
pub fn chunk_view(article: Arc<Article>, lead: Signal<Lang>) -> crate::chunks::ChunkView {
    Ok(view! { <ReadAloud article=article lead=lead/> }.into_any())
}
