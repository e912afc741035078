//! What exports say of the catalog on the web: OAI-PMH identifiers, absolute links
//! to attachments, ISO 639 language codes.

use isolang::Language;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::model::RecordId;
use crate::store::CatalogSettings;

/// The characters a path segment of a URL cannot hold as they are.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// The OAI-PMH repository identifier: the one the catalog sets, else the host of its
/// base URL; `None` when it has neither.
pub fn repository_identifier(settings: &CatalogSettings) -> Option<String> {
    let set = settings.oai_repository.trim();
    if !set.is_empty() {
        return Some(set.to_owned());
    }
    let url = settings.base_url.trim();
    let rest = url.split_once("://").map(|(_, rest)| rest)?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_lowercase())
}

/// A record's OAI-PMH identifier, `oai:archive.example.org:wcda-300638` (the `oai`
/// identifier scheme); the record's id alone when the catalog has no repository
/// identifier.
pub fn oai_identifier(settings: &CatalogSettings, id: &RecordId) -> String {
    match repository_identifier(settings) {
        Some(repository) => format!("oai:{repository}:{id}"),
        None => id.to_string(),
    }
}

/// Where an attachment is: under the catalog's base URL when it has one
/// (`https://archive.example.org/attachments/wcda-1/page%201.png`), else relative to
/// the catalog folder (`attachments/wcda-1/page 1.png`).
pub fn attachment_link(settings: &CatalogSettings, path: &str) -> String {
    let base = settings.base_url.trim();
    if base.is_empty() {
        return format!("attachments/{path}");
    }
    let encoded: Vec<String> = path
        .split('/')
        .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
        .collect();
    format!(
        "{}/attachments/{}",
        base.trim_end_matches('/'),
        encoded.join("/")
    )
}

/// The ISO 639 language a record's language names (`Russian`, `russian`, `ru`,
/// `rus`), if any.
pub fn language(name: &str) -> Option<Language> {
    // The ISO table is searched name by name: each name once per thread (an
    // export's), not once per record.
    thread_local! {
        static KNOWN: std::cell::RefCell<std::collections::HashMap<String, Option<Language>>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    const KEPT: usize = 4096;
    if let Some(known) = KNOWN.with(|k| k.borrow().get(name).copied()) {
        return known;
    }
    let found = look_up(name);
    KNOWN.with(|k| {
        let mut known = k.borrow_mut();
        if known.len() < KEPT {
            known.insert(name.to_owned(), found);
        }
    });
    found
}

fn look_up(name: &str) -> Option<Language> {
    let name = name.trim();
    let mut title: String = name.to_lowercase();
    if let Some(first) = title.get(..1).map(str::to_uppercase) {
        title.replace_range(..1, &first);
    }
    Language::from_name(name)
        .or_else(|| Language::from_name(&title))
        .or_else(|| Language::from_639_1(&name.to_lowercase()))
        .or_else(|| Language::from_639_3(&name.to_lowercase()))
}

/// The code of a language for Dublin Core (RFC 5646's choice: the two-letter ISO
/// 639-1 code where there is one, `ru`, else ISO 639-3, `cmn`); the name as written
/// when it names no ISO 639 language.
pub fn language_tag(name: &str) -> String {
    match language(name) {
        Some(language) => language
            .to_639_1()
            .unwrap_or_else(|| language.to_639_3())
            .to_owned(),
        None => name.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_links_from_the_catalogs_address() {
        let mut settings = CatalogSettings::new("x");
        let id = RecordId::new("wcda-1").unwrap();
        assert_eq!(oai_identifier(&settings, &id), "wcda-1");
        assert_eq!(
            attachment_link(&settings, "wcda-1/page 1.png"),
            "attachments/wcda-1/page 1.png"
        );
        settings.base_url = "https://Archive.example.org:8443/koreas/".into();
        assert_eq!(
            oai_identifier(&settings, &id),
            "oai:archive.example.org:wcda-1"
        );
        assert_eq!(
            attachment_link(&settings, "wcda-1/page 1#2.png"),
            "https://Archive.example.org:8443/koreas/attachments/wcda-1/page%201%232.png"
        );
        settings.oai_repository = "koreas.example.org".into();
        assert_eq!(
            oai_identifier(&settings, &id),
            "oai:koreas.example.org:wcda-1"
        );
    }

    #[test]
    fn language_codes() {
        assert_eq!(language_tag("Russian"), "ru");
        assert_eq!(language_tag("korean"), "ko");
        assert_eq!(language_tag("Chinese"), "zh");
        assert_eq!(language_tag("ru"), "ru");
        assert_eq!(language_tag("Klingonese"), "Klingonese");
        assert_eq!(language("German").map(|l| l.to_639_3()), Some("deu"));
    }
}
