//! Addresses inside the app, as plain data: parsing a route such as
//! `/a/some-slug?view=side#p4`, naming the page it shows, and spelling it back as an
//! address for either way the app can be loaded. Pure, so it is tested natively;
//! `router.rs` connects it to the browser.

use duet_core::listing::ListKey;

/// How the route is carried in the browser's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlMode {
    /// Served over HTTP: the route is the path under the base path, as in
    /// `/docs/duet/a/slug?view=side#p4`.
    Path,
    /// Opened from disk (`file://`, the one-file edition): Chromium refuses
    /// `history.pushState` to another path there, so the route lives in the
    /// fragment, as in `duet.html#/a/slug?view=side#p4`.
    Fragment,
}

/// A route: the app's path, its query pairs (decoded) and its anchor (decoded,
/// without `#`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Route {
    pub path: String,
    pub query: QueryMap,
    pub anchor: String,
}

/// The decoded query of a route.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryMap(Vec<(String, String)>);

impl QueryMap {
    /// The first value given for `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.clone())
    }

    /// Parses `a=1&b=two%20words` (no leading `?`).
    pub fn parse(text: &str) -> QueryMap {
        QueryMap(
            text.split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode_component(name), decode_component(value))
                })
                .collect(),
        )
    }
}

/// The pages the app has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Library,
    /// `/a/<slug>`: the slug is read through [`Route::slug`], so moving from one
    /// article to another keeps the page (and shows the old article until the new
    /// one has loaded).
    Article,
    Search,
    /// The Saved page; its URL stays `/words`, as it was before the page also held
    /// bookmarks and notes, so links and bookmarks readers made still work.
    Saved,
    NotFound,
}

impl Route {
    /// Parses an app route: `/path?query#anchor`. A missing leading `/` is added.
    pub fn parse(text: &str) -> Route {
        let (rest, anchor) = text.split_once('#').unwrap_or((text, ""));
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let path = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        Route {
            path,
            query: QueryMap::parse(query),
            anchor: decode_component(anchor),
        }
    }

    /// The page this route shows.
    pub fn page(&self) -> Page {
        let path = self.path.trim_end_matches('/');
        match path {
            "" | "/index.html" => Page::Library,
            "/search" => Page::Search,
            "/words" => Page::Saved,
            _ if self.slug().is_some() => Page::Article,
            _ => Page::NotFound,
        }
    }

    /// The article slug of an `/a/<slug>` route.
    pub fn slug(&self) -> Option<String> {
        let slug = self
            .path
            .strip_prefix("/a/")?
            .strip_suffix('/')
            .unwrap_or_else(|| self.path.strip_prefix("/a/").unwrap_or_default());
        (!slug.is_empty() && !slug.contains('/')).then(|| decode_component(slug))
    }
}

/// The library, every article.
pub fn library() -> String {
    "/".to_string()
}

/// The library showing the articles tagged `tag`.
pub fn library_tag(tag: &str) -> String {
    format!("/?tag={}", encode_component(tag))
}

/// The library showing the articles at HSK `level` or below.
pub fn library_level(level: u8) -> String {
    format!("/?level={level}")
}

/// Page `page` (from 1) of one of the library's lists; the first page has no
/// number, so `/` and `/?tag=x` stay the addresses they always were.
pub fn library_page(list: &ListKey, page: u32) -> String {
    let filter = match list {
        ListKey::All => None,
        ListKey::Tag(tag) => Some(format!("tag={}", encode_component(tag))),
        ListKey::Level(level) => Some(format!("level={level}")),
        ListKey::Month(month) => Some(format!("month={}", encode_component(month))),
    };
    let page = (page > 1).then(|| format!("page={page}"));
    let query: Vec<String> = filter.into_iter().chain(page).collect();
    if query.is_empty() {
        "/".to_string()
    } else {
        format!("/?{}", query.join("&"))
    }
}

/// The list and page a library address asks for: one filter (tag, else level, else
/// month), page 1 when the number is missing or not a number from 1.
pub fn library_list(query: &QueryMap) -> (ListKey, u32) {
    let nonempty = |key: &str| query.get(key).filter(|value| !value.is_empty());
    let list = if let Some(tag) = nonempty("tag") {
        ListKey::Tag(tag)
    } else if let Some(level) = nonempty("level").and_then(|level| level.parse::<u8>().ok()) {
        ListKey::Level(level)
    } else if let Some(month) = nonempty("month").filter(|month| {
        duet_core::listing::month_of(&format!("{month}-01")) == Some(month.as_str())
    }) {
        ListKey::Month(month)
    } else {
        ListKey::All
    };
    let page = nonempty("page")
        .and_then(|page| page.parse::<u32>().ok())
        .filter(|page| *page >= 1)
        .unwrap_or(1);
    (list, page)
}

/// The search results for `query`.
pub fn search(query: &str) -> String {
    format!("/search?q={}", encode_component(query))
}

/// The Saved page: saved words, bookmarks and notes.
pub fn saved() -> String {
    "/words".to_string()
}

/// Article `slug` from its start.
pub fn article(slug: &str) -> String {
    format!("/a/{}", encode_component(slug))
}

/// Article `slug` at the element with id `anchor` (a pair, a question).
pub fn article_at(slug: &str, anchor: &str) -> String {
    format!("{}#{}", article(slug), encode_component(anchor))
}

/// Article `slug` with `query` (`?view=…&lead=…`, or empty) and, if given, at `anchor`.
pub fn article_with(slug: &str, query: &str, anchor: Option<&str>) -> String {
    let anchor = anchor.map_or(String::new(), |anchor| {
        format!("#{}", encode_component(anchor))
    });
    format!("{}{query}{anchor}", article(slug))
}

/// Percent-encodes one URL component exactly as JavaScript's `encodeURIComponent`:
/// everything but ASCII letters, digits and `-_.!~*'()`.
pub fn encode_component(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    encoded
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The address of app route `route` (`/a/x?view=side#p4`): under the base path in
/// [`UrlMode::Path`], in the fragment of the current document in
/// [`UrlMode::Fragment`].
pub fn href(mode: UrlMode, base: &str, route: &str) -> String {
    let route = route.trim_start_matches('/');
    match mode {
        UrlMode::Path => format!("{base}/{route}"),
        UrlMode::Fragment => format!("#/{route}"),
    }
}

/// The route named by an address, given the parts the browser reports: for
/// [`UrlMode::Path`], the path (which must lie under `base`), search and fragment;
/// for [`UrlMode::Fragment`], the fragment alone carries the route. `None` when the
/// address is not one of the app's.
pub fn route_of(
    mode: UrlMode,
    base: &str,
    pathname: &str,
    search: &str,
    hash: &str,
) -> Option<Route> {
    match mode {
        UrlMode::Path => {
            let inside = if base.is_empty() {
                pathname
            } else {
                let rest = pathname.strip_prefix(base)?;
                if !(rest.is_empty() || rest.starts_with('/')) {
                    return None;
                }
                rest
            };
            Some(Route::parse(&format!("{inside}{search}{hash}")))
        }
        UrlMode::Fragment => {
            let fragment = hash.trim_start_matches('#');
            if fragment.starts_with('/') {
                Some(Route::parse(fragment))
            } else {
                // `#p4` alone, or nothing: the library, keeping the anchor.
                let mut route = Route::parse("/");
                route.anchor = decode_component(fragment);
                Some(route)
            }
        }
    }
}

/// Percent-decodes one URL component; `+` means a space in queries. Invalid escapes
/// and byte sequences that are not UTF-8 are kept as they are, never refused.
pub fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).ok();
                match hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                    Some(byte) => {
                        decoded.push(byte);
                        index += 3;
                        continue;
                    }
                    None => decoded.push(b'%'),
                }
            }
            b'+' => decoded.push(b' '),
            byte => decoded.push(byte),
        }
        index += 1;
    }
    String::from_utf8(decoded)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_path_query_and_anchor() {
        let route = Route::parse("/a/ai-writes-the-code?view=side&lead=en#p4");
        assert_eq!(route.path, "/a/ai-writes-the-code");
        assert_eq!(route.query.get("view").as_deref(), Some("side"));
        assert_eq!(route.query.get("lead").as_deref(), Some("en"));
        assert_eq!(route.query.get("missing"), None);
        assert_eq!(route.anchor, "p4");
        assert_eq!(route.page(), Page::Article);
        assert_eq!(route.slug().as_deref(), Some("ai-writes-the-code"));
    }

    #[test]
    fn names_every_page() {
        let page = |text: &str| Route::parse(text).page();
        assert_eq!(page("/"), Page::Library);
        assert_eq!(page(""), Page::Library);
        assert_eq!(page("/?tag=coding"), Page::Library);
        assert_eq!(page("/index.html"), Page::Library);
        assert_eq!(page("/search?q=x"), Page::Search);
        assert_eq!(page("/words"), Page::Saved);
        assert_eq!(page("/words/"), Page::Saved);
        assert_eq!(page("/a/slug/"), Page::Article);
        assert_eq!(page("/a/"), Page::NotFound);
        assert_eq!(page("/a/x/y"), Page::NotFound);
        assert_eq!(page("/nothing-here"), Page::NotFound);
    }

    #[test]
    fn decodes_queries_typed_in_any_script() {
        let route = Route::parse("/search?q=%E9%80%92%E5%BD%92+agents&empty=&flag");
        assert_eq!(route.query.get("q").as_deref(), Some("递归 agents"));
        assert_eq!(route.query.get("empty").as_deref(), Some(""));
        assert_eq!(route.query.get("flag").as_deref(), Some(""));
    }

    #[test]
    fn keeps_bad_escapes_as_text() {
        assert_eq!(decode_component("100%"), "100%");
        assert_eq!(decode_component("%zz%4"), "%zz%4");
        assert_eq!(decode_component("%FF"), "\u{FFFD}");
    }

    #[test]
    fn spells_addresses_for_both_modes() {
        assert_eq!(href(UrlMode::Path, "", "/a/x?view=zh"), "/a/x?view=zh");
        assert_eq!(href(UrlMode::Path, "/docs/duet", "/"), "/docs/duet/");
        assert_eq!(href(UrlMode::Fragment, "/ignored", "/a/x#p2"), "#/a/x#p2");
        assert_eq!(href(UrlMode::Fragment, "", "/"), "#/");
    }

    #[test]
    fn reads_routes_back_from_addresses() {
        let route = route_of(
            UrlMode::Path,
            "/docs/duet",
            "/docs/duet/a/x",
            "?view=en",
            "#p3",
        )
        .unwrap();
        assert_eq!((route.page(), route.anchor.as_str()), (Page::Article, "p3"));
        assert_eq!(
            route_of(UrlMode::Path, "/docs/duet", "/docs/duet", "", "")
                .unwrap()
                .page(),
            Page::Library
        );
        // Another site's page on the same host is not the app's.
        assert_eq!(
            route_of(UrlMode::Path, "/docs/duet", "/docs/duetx/a/x", "", ""),
            None
        );
        assert_eq!(
            route_of(UrlMode::Path, "/docs/duet", "/other", "", ""),
            None
        );

        let route = route_of(
            UrlMode::Fragment,
            "",
            "/home/me/duet.html",
            "",
            "#/a/x?lead=en#p4",
        )
        .unwrap();
        assert_eq!(route.slug().as_deref(), Some("x"));
        assert_eq!(route.query.get("lead").as_deref(), Some("en"));
        assert_eq!(route.anchor, "p4");
        let route = route_of(UrlMode::Fragment, "", "/home/me/duet.html", "", "").unwrap();
        assert_eq!(route.page(), Page::Library);
    }

    #[test]
    fn every_link_the_app_builds_parses_back_to_its_page() {
        assert_eq!(Route::parse(&library()).page(), Page::Library);
        let tagged = Route::parse(&library_tag("大模型 & co"));
        assert_eq!(tagged.page(), Page::Library);
        assert_eq!(tagged.query.get("tag").as_deref(), Some("大模型 & co"));
        assert_eq!(
            Route::parse(&library_level(3))
                .query
                .get("level")
                .as_deref(),
            Some("3")
        );
        let search = Route::parse(&search("递归 a+b?#"));
        assert_eq!(search.page(), Page::Search);
        assert_eq!(search.query.get("q").as_deref(), Some("递归 a+b?#"));
        assert_eq!(Route::parse(&saved()).page(), Page::Saved);
        let at = Route::parse(&article_at("open-weights", "p4"));
        assert_eq!(
            (at.page(), at.slug().as_deref(), at.anchor.as_str()),
            (Page::Article, Some("open-weights"), "p4")
        );
        let with = Route::parse(&article_with("x", "?view=side&lead=en", Some("faq-1")));
        assert_eq!(with.query.get("view").as_deref(), Some("side"));
        assert_eq!(with.anchor, "faq-1");
        assert_eq!(article_with("x", "", None), article("x"));
    }

    #[test]
    fn components_are_encoded_as_encode_uri_component_does() {
        // The values `encodeURIComponent` gives in a browser, so links stay as the
        // app spelled them before (through js_sys) and old bookmarks keep working.
        assert_eq!(
            encode_component("a b&c=d/e?f#g"),
            "a%20b%26c%3Dd%2Fe%3Ff%23g"
        );
        assert_eq!(encode_component("-_.!~*'()"), "-_.!~*'()");
        assert_eq!(encode_component("大模型"), "%E5%A4%A7%E6%A8%A1%E5%9E%8B");
        assert_eq!(encode_component("+%"), "%2B%25");
        assert_eq!(
            decode_component(&encode_component("a+b 递归%")),
            "a+b 递归%"
        );
    }

    #[test]
    fn library_pages_spell_and_read_back() {
        let cases = [
            (ListKey::All, 1, "/"),
            (ListKey::All, 3, "/?page=3"),
            (
                ListKey::Tag("茶 道".into()),
                1,
                "/?tag=%E8%8C%B6%20%E9%81%93",
            ),
            (ListKey::Tag("rust".into()), 2, "/?tag=rust&page=2"),
            (ListKey::Level(3), 4, "/?level=3&page=4"),
            (ListKey::Month("2026-05".into()), 1, "/?month=2026-05"),
        ];
        for (list, page, address) in cases {
            assert_eq!(library_page(&list, page), address);
            let route = Route::parse(address);
            assert_eq!(library_list(&route.query), (list, page), "{address}");
        }
    }

    #[test]
    fn library_addresses_fall_back_to_the_first_page_of_everything() {
        for address in [
            "/?page=0",
            "/?page=x",
            "/?page=-2",
            "/?level=high",
            "/?month=2026-5",
            "/?month=May",
        ] {
            assert_eq!(
                library_list(&Route::parse(address).query),
                (ListKey::All, 1),
                "{address}"
            );
        }
    }
}
