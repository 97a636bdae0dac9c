//! Read-aloud against a speechSynthesis test double (the real API is the boundary):
//! the order and language of the utterances in both modes, the sentence lit while
//! one is spoken, pause/resume/next/previous, and the note when a voice is missing.

use duet_core::{spans_text, Article, Block, Lang};
use serde_json::{json, Value as Json};

use super::bounded;
use crate::harness::bundle::block;
use crate::harness::{Browser, Site};

/// Replaces `window.speechSynthesis` and `SpeechSynthesisUtterance` before the page's
/// scripts run. `__CONFIG__` is `{voices, auto}`: the voices `getVoices()` lists once
/// they "arrive" (after a `voiceschanged`, as in Chrome), and whether utterances end
/// by themselves or only when the test calls `__speech.end()`. Everything is
/// recorded in `window.__speech`.
const SPEECH_DOUBLE: &str = r"
(() => {
  const config = __CONFIG__;
  const log = { spoken: [], calls: [], current: null, voicesSent: false };
  Object.defineProperty(window, '__speech', { value: log });
  class FakeUtterance {
    constructor(text) {
      this.text = text || ''; this.lang = ''; this.voice = null;
      this.onstart = null; this.onend = null; this.onerror = null;
    }
  }
  let queue = [];
  let voices = [];
  const fire = (utterance, type, extra) => {
    const handler = utterance['on' + type];
    if (handler) handler(Object.assign({ type, utterance }, extra || {}));
  };
  const synth = {
    paused: false,
    onvoiceschanged: null,
    get speaking() { return log.current !== null; },
    get pending() { return queue.length > 0; },
    getVoices() { return voices.slice(); },
    speak(utterance) {
      log.spoken.push({ text: utterance.text, lang: utterance.lang,
        voice: utterance.voice ? utterance.voice.name : null });
      queue.push(utterance);
      startNext();
    },
    cancel() {
      log.calls.push('cancel');
      const dropped = log.current ? [log.current, ...queue] : queue;
      log.current = null; queue = [];
      dropped.forEach((utterance) =>
        setTimeout(() => fire(utterance, 'error', { error: 'interrupted' }), 0));
    },
    pause() { log.calls.push('pause'); this.paused = true; },
    resume() {
      log.calls.push('resume'); this.paused = false;
      if (config.auto && log.current) scheduleEnd(log.current);
    },
  };
  function startNext() {
    if (log.current || queue.length === 0) return;
    const utterance = queue.shift();
    log.current = utterance;
    setTimeout(() => {
      if (log.current !== utterance) return;
      fire(utterance, 'start');
      if (config.auto) scheduleEnd(utterance);
    }, 0);
  }
  function scheduleEnd(utterance) {
    setTimeout(() => { if (log.current === utterance && !synth.paused) log.end(); }, 5);
  }
  log.end = () => {
    const utterance = log.current;
    if (!utterance) return;
    log.current = null;
    fire(utterance, 'end');
    startNext();
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = FakeUtterance;
  setTimeout(() => {
    voices = config.voices.map((voice) => Object.assign({ voiceURI: voice.name,
      localService: true, default: false }, voice));
    log.voicesSent = true;
    if (synth.onvoiceschanged) synth.onvoiceschanged(new Event('voiceschanged'));
  }, 50);
})();
";

/// A voice for each language.
fn both_voices() -> Json {
    json!([
        { "name": "Test Chinese", "lang": "zh-CN" },
        { "name": "Test English", "lang": "en-US" },
    ])
}

/// Opens a browser with the double installed.
async fn browser_with_speech(site: &Site, voices: Json, auto: bool) -> Browser {
    let browser = site.browser().await;
    let config = json!({ "voices": voices, "auto": auto }).to_string();
    browser
        .devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": SPEECH_DOUBLE.replace("__CONFIG__", &config) }),
        )
        .await;
    browser
}

/// One expected utterance, from the bundle.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    lang: Lang,
    pair: usize,
    sentence: Option<usize>,
    aligned: bool,
    text: String,
}

/// The sentences of one side of pair `index`, as read aloud: headings whole,
/// paragraphs by sentence, nothing else.
fn side(article: &Article, index: usize, lang: Lang) -> Vec<Expected> {
    let pair = &article.pairs[index];
    let make = |sentence, text: String| Expected {
        lang,
        pair: index,
        sentence,
        aligned: pair.sentences_aligned,
        text: text.trim().to_string(),
    };
    let found = match block(article, pair, lang) {
        Some(Block::Heading { spans, .. }) => vec![make(None, spans_text(spans))],
        Some(Block::Paragraph { sentences, .. }) => sentences
            .iter()
            .enumerate()
            .map(|(at, sentence)| make(Some(at), spans_text(sentence)))
            .collect(),
        _ => Vec::new(),
    };
    found
        .into_iter()
        .filter(|said| !said.text.is_empty())
        .collect()
}

/// What read-aloud should say: the lead language alone, or both by turns.
fn expected(article: &Article, lead: Lang, both: bool) -> Vec<Expected> {
    let mut out = Vec::new();
    for index in 0..article.pairs.len() {
        let first = side(article, index, lead);
        if !both {
            out.extend(first);
            continue;
        }
        let second = side(article, index, lead.other());
        if article.pairs[index].sentences_aligned && first.len() == second.len() {
            for (one, other) in first.into_iter().zip(second) {
                out.push(one);
                out.push(other);
            }
        } else {
            out.extend(first);
            out.extend(second);
        }
    }
    out
}

fn tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en-US",
    }
}

/// Everything spoken so far: (text, lang, voice name).
async fn spoken(browser: &Browser) -> Vec<(String, String, String)> {
    let log = browser
        .js("return window.__speech.spoken;", Vec::new())
        .await;
    log.as_array()
        .expect("the double records an array")
        .iter()
        .map(|entry| {
            let field = |name: &str| entry[name].as_str().unwrap_or_default().to_string();
            (field("text"), field("lang"), field("voice"))
        })
        .collect()
}

async fn last_call(browser: &Browser) -> String {
    browser
        .js_string("return window.__speech.calls.slice(-1)[0] || '';")
        .await
}

/// Waits until `count` utterances have been spoken and returns the last one.
async fn wait_spoken(browser: &Browser, count: usize) -> (String, String, String) {
    browser
        .wait_js(
            &format!("{count} utterances"),
            &format!("window.__speech.spoken.length === {count}"),
        )
        .await;
    spoken(browser).await.pop().expect("one was spoken")
}

/// Checks that what is lit is `said`: its sentence in both languages when aligned,
/// else the pair's blocks whole.
async fn assert_lit(browser: &Browser, article: &Article, said: &Expected) {
    let pair = &article.pairs[said.pair];
    let scope = format!("[id=\"{}\"]", pair.id);
    match said.sentence.filter(|_| said.aligned) {
        Some(sentence) => {
            let lit = format!("{scope} .sentence.speaking[data-sentence=\"{sentence}\"]");
            browser.wait_for(&lit).await;
            assert_eq!(
                browser.count(".sentence.speaking").await,
                2,
                "the sentence and its translation are lit, nothing else ({said:?})"
            );
            for lang in Lang::ALL {
                let side = format!(
                    "{scope} .blk[data-lang=\"{}\"] .sentence.speaking",
                    lang.code()
                );
                assert_eq!(browser.count(&side).await, 1, "lit in {}", lang.code());
            }
        }
        None => {
            browser.wait_for(&format!("{scope} .blk.speaking")).await;
            let sides = [pair.zh, pair.en]
                .iter()
                .filter(|side| side.is_some())
                .count();
            assert_eq!(browser.count(".blk.speaking").await, sides, "{said:?}");
        }
    }
}

#[tokio::test]
async fn read_aloud_speaks_the_lead_language_then_both_by_turns() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let browser = browser_with_speech(&site, both_voices(), true).await;
        browser
            .goto(&format!("/a/{}?view=side&lead=zh", article.meta.slug))
            .await;
        browser.wait_for(".read-aloud-main").await;
        browser
            .wait_js("voices", "window.__speech.voicesSent")
            .await;

        for (both, already) in [(false, 0), (true, expected(article, Lang::Zh, false).len())] {
            if both {
                browser.click(".read-aloud-both").await;
                assert_eq!(
                    browser
                        .attr(".read-aloud-both", "aria-pressed")
                        .await
                        .as_deref(),
                    Some("true")
                );
            }
            let plan = expected(article, Lang::Zh, both);
            browser.click(".read-aloud-main").await;
            wait_spoken(&browser, already + plan.len()).await;
            browser
                .wait_js(
                    "the end of the article",
                    "document.querySelector('.read-aloud-main').dataset.action === 'play'",
                )
                .await;
            let said: Vec<_> = spoken(&browser).await.split_off(already);
            let wanted: Vec<_> = plan
                .iter()
                .map(|said| {
                    let voice = match said.lang {
                        Lang::Zh => "Test Chinese",
                        Lang::En => "Test English",
                    };
                    (
                        said.text.clone(),
                        tag(said.lang).to_string(),
                        voice.to_string(),
                    )
                })
                .collect();
            assert_eq!(said, wanted, "utterances with both={both}");
            assert_eq!(
                browser.count(".speaking").await,
                0,
                "nothing lit at the end"
            );
        }
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn read_aloud_lights_the_spoken_sentence_and_obeys_its_controls() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let plan = expected(article, Lang::En, false);
        // The first sentence with an aligned translation, and not the very first
        // utterance, so "previous" has somewhere to go.
        let aligned = (1..plan.len())
            .find(|at| plan[*at].aligned)
            .expect("the bilingual article has an aligned sentence");
        let browser = browser_with_speech(&site, both_voices(), false).await;
        browser
            .goto(&format!("/a/{}?view=side&lead=en", article.meta.slug))
            .await;
        browser.wait_for(".read-aloud-main").await;
        browser.wait_js("voices", "window.__speech.voicesSent").await;

        browser.click(".read-aloud-main").await;
        let first = wait_spoken(&browser, 1).await;
        assert_eq!(first.0, plan[0].text);
        assert_eq!(first.1, "en-US");
        assert_lit(&browser, article, &plan[0]).await;
        assert_eq!(
            browser.attr(".read-aloud-main", "data-action").await.as_deref(),
            Some("pause")
        );

        // Next, sentence by sentence, up to the aligned one.
        for (at, wanted) in plan.iter().enumerate().take(aligned + 1).skip(1) {
            browser.click(".read-aloud-next").await;
            let said = wait_spoken(&browser, 1 + at).await;
            assert_eq!(said.0, wanted.text, "next reads utterance {at}");
        }
        assert_lit(&browser, article, &plan[aligned]).await;

        browser.click(".read-aloud-main").await;
        assert_eq!(last_call(&browser).await, "pause");
        assert_eq!(
            browser.attr(".read-aloud-main", "data-action").await.as_deref(),
            Some("resume")
        );
        assert_lit(&browser, article, &plan[aligned]).await;
        browser.click(".read-aloud-main").await;
        assert_eq!(last_call(&browser).await, "resume");
        assert_eq!(
            browser.attr(".read-aloud-main", "data-action").await.as_deref(),
            Some("pause")
        );

        browser.click(".read-aloud-prev").await;
        let said = wait_spoken(&browser, aligned + 2).await;
        assert_eq!(said.0, plan[aligned - 1].text, "previous goes back one");
        assert_lit(&browser, article, &plan[aligned - 1]).await;

        // The end of an utterance moves on by itself.
        browser.js("window.__speech.end(); return null;", Vec::new()).await;
        let said = wait_spoken(&browser, aligned + 3).await;
        assert_eq!(said.0, plan[aligned].text, "the end of one starts the next");
        assert_lit(&browser, article, &plan[aligned]).await;

        // Lit in a single-language view too: the sentence in the one shown language.
        browser
            .open_article(&article.meta.slug, "view=en&lead=en")
            .await;
        browser.wait_for(".article-body.view-single").await;
        browser.wait_js("voices", "window.__speech.voicesSent").await;
        assert_eq!(browser.count(".speaking").await, 0, "a new page starts silent");
        browser.click(".read-aloud-main").await;
        for at in 1..=aligned {
            browser.click(".read-aloud-next").await;
            wait_spoken(&browser, at + 1).await;
        }
        let sentence = plan[aligned].sentence.expect("an aligned paragraph sentence");
        let pair = &article.pairs[plan[aligned].pair];
        browser
            .wait_for(&format!(
                "[id=\"{}\"] .blk[data-lang=\"en\"] .sentence.speaking[data-sentence=\"{sentence}\"]",
                pair.id
            ))
            .await;

        browser.click(".read-aloud-stop").await;
        assert_eq!(last_call(&browser).await, "resume", "stop cancels (then unpauses)");
        assert_eq!(browser.count(".speaking").await, 0, "stop puts the light out");
        assert_eq!(
            browser.attr(".read-aloud-main", "data-action").await.as_deref(),
            Some("play")
        );
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn read_aloud_says_which_language_has_no_voice() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let english_only = json!([{ "name": "Test English", "lang": "en-US" }]);
        let browser = browser_with_speech(&site, english_only, true).await;
        browser
            .goto(&format!("/a/{}?view=side&lead=zh", article.meta.slug))
            .await;
        browser
            .wait_js(
                "the missing voice named",
                "(document.querySelector('.read-aloud-status') || {}).textContent === 'No Chinese voice on this device'",
            )
            .await;
        assert_eq!(
            browser.attr(".read-aloud-main", "disabled").await.as_deref(),
            Some(""),
            "nothing to read in Chinese alone"
        );

        // Both languages: the English is still read, and only the English.
        browser.click(".read-aloud-both").await;
        let plan: Vec<_> = expected(article, Lang::Zh, true)
            .into_iter()
            .filter(|said| said.lang == Lang::En)
            .collect();
        browser.click(".read-aloud-main").await;
        wait_spoken(&browser, plan.len()).await;
        let said = spoken(&browser).await;
        assert!(said.iter().all(|(_, lang, _)| lang == "en-US"), "{said:?}");
        assert_eq!(said[0].0, plan[0].text);
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}

#[tokio::test]
async fn read_aloud_explains_its_absence_without_speech_synthesis() {
    bounded(async {
        let site = Site::start();
        let article = site.bundle.bilingual();
        let browser = site.browser().await;
        browser
            .devtools(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": "Object.defineProperty(window, 'speechSynthesis', { value: undefined });" }),
            )
            .await;
        browser.goto(&format!("/a/{}", article.meta.slug)).await;
        browser.wait_for(".read-aloud-missing").await;
        assert_eq!(browser.count(".read-aloud-main").await, 0);
        let why = browser.attr(".read-aloud-missing", "title").await.unwrap_or_default();
        assert!(why.contains("speechSynthesis"), "the tooltip says why: {why}");
        browser.assert_no_errors().await;
        browser.close().await;
    })
    .await;
}
