//! The layout version of everything Duet keeps in local storage (`duet.*` keys), so a
//! later release knows what it is reading and can migrate it. Version 1 is the layout
//! this release writes; data from before the key existed has the same layout.

use crate::browser;

/// Storage key (under the app's prefix) and the version this release writes.
const KEY: &str = "storage_version";
pub const CURRENT: u32 = 1;

/// What to do with the version found in storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Already the current layout.
    Keep,
    /// Older (or unversioned) data: migrate, then record the current version.
    Migrate { from: u32 },
    /// Written by a newer Duet: read what this one understands, change nothing
    /// about the version, and tell the reader.
    Newer(u32),
    /// Not a version at all: record the current one (the other keys are checked on
    /// their own when read).
    Unreadable(String),
}

/// The plan for `stored`, the value under the key (absent before versioning).
pub fn plan(stored: Option<&str>) -> Plan {
    match stored.map(str::trim) {
        None => Plan::Migrate { from: 0 },
        Some(text) => match text.parse::<u32>() {
            Ok(version) if version == CURRENT => Plan::Keep,
            Ok(version) if version < CURRENT => Plan::Migrate { from: version },
            Ok(version) => Plan::Newer(version),
            Err(_) => Plan::Unreadable(text.to_string()),
        },
    }
}

/// Brings storage to the current layout at start-up. Returns a message for the
/// reader, in `ui_lang`, when something about it needs saying.
pub fn migrate(ui_lang: duet_core::Lang) -> Option<String> {
    match plan(browser::storage_get(KEY).as_deref()) {
        Plan::Keep => None,
        // Versions 0 (unversioned) and 1 share a layout: nothing to move yet.
        Plan::Migrate { .. } | Plan::Unreadable(_) => {
            browser::storage_set(KEY, &CURRENT.to_string())
                .err()
                .map(|error| error.describe(ui_lang))
        }
        Plan::Newer(version) => {
            // The notice promises nothing changes: from here on nothing is written.
            browser::make_storage_read_only();
            Some(
                crate::i18n::ui_text(ui_lang)
                    .storage_newer
                    .replace("{version}", &version.to_string()),
            )
        }
    }
}

/// Reads every list the reader owns once at start-up, so stored data this release
/// cannot read is set aside (see `stored_list.rs`) and reported on whichever page
/// opens first. Returns what to tell the reader, in `ui_lang`, one message per list.
pub fn unreadable_lists(ui_lang: duet_core::Lang) -> Vec<String> {
    let (_, unreadable) = crate::reader::lists::ReaderLists::load();
    unreadable
        .iter()
        .map(|(_, unreadable)| unreadable.describe(ui_lang))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_value_has_a_plan() {
        assert_eq!(plan(None), Plan::Migrate { from: 0 });
        assert_eq!(plan(Some("1")), Plan::Keep);
        assert_eq!(plan(Some(" 1\n")), Plan::Keep);
        assert_eq!(plan(Some("0")), Plan::Migrate { from: 0 });
        assert_eq!(plan(Some("7")), Plan::Newer(7));
        assert_eq!(plan(Some("v2")), Plan::Unreadable("v2".into()));
    }
}
