//! BibLaTeX: one `@unpublished` entry per record; TeX's special characters escaped,
//! other characters kept as UTF-8 (biber and modern BibTeX read it).

use super::Progress;
use super::names::{Name, Names};
use crate::model::{CreditRole, Record};
use crate::store::CatalogSettings;

/// Escapes the characters TeX gives a meaning to.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '#' | '_' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URL for biblatex's verbatim `url` field: as written (`%`, `#`, `_` are no TeX
/// there), only the characters a braced field cannot hold percent-encoded.
fn verbatim_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

fn field(out: &mut String, name: &str, value: &str) {
    if !value.trim().is_empty() {
        out.push_str(&format!("  {name} = {{{}}},\n", escape(value.trim())));
    }
}

/// A name in a BibTeX name list: `Family, Given` for a person (the family name in
/// braces when it has more than one word, so that BibTeX keeps it whole); a
/// family-first name (`Zhou Enlai`) and an institution's name whole in braces, so
/// that biblatex prints them as written and sorts them by their first word.
fn bib_name(names: &Names<'_>, text: &str) -> String {
    match names.split(text) {
        Name::FamilyFirst { .. } => format!("{{{}}}", escape(text.trim())),
        Name::Person { family, given } => {
            let family = escape(&family);
            let family = if family.contains(' ') {
                format!("{{{family}}}")
            } else {
                family
            };
            format!("{family}, {}", escape(&given))
        }
        Name::Literal(text) => format!("{{{}}}", escape(text)),
    }
}

/// The records as BibLaTeX.
pub fn to_bibtex(
    records: &[&Record],
    settings: &CatalogSettings,
    include_notes: bool,
    progress: &Progress,
) -> Vec<u8> {
    let names = Names::of(settings);
    let mut out = String::new();
    for record in progress.iter(records) {
        out.push_str(&format!("@unpublished{{{},\n", record.id));
        // The whole title braced: citation processors otherwise lowercase it for
        // sentence case ("ji pengfei ... kim il sung"), and an archival title is
        // the document's own, names and all.
        if !record.title.trim().is_empty() {
            out.push_str(&format!(
                "  title = {{{{{}}}}},\n",
                escape(record.title.trim())
            ));
        }
        // `and` separates names; a person is `Family, Given`; braces keep an
        // organization's name whole.
        let authors: Vec<String> = record.authors.iter().map(|a| bib_name(&names, a)).collect();
        if !authors.is_empty() {
            out.push_str(&format!("  author = {{{}}},\n", authors.join(" and ")));
        }
        let translators: Vec<String> = record
            .credits
            .iter()
            .filter(|c| c.role == CreditRole::Translated)
            .map(|c| bib_name(&names, &c.name))
            .collect();
        if !translators.is_empty() {
            out.push_str(&format!(
                "  translator = {{{}}},\n",
                translators.join(" and ")
            ));
        }
        // BibLaTeX's `date` field is ISO 8601-2 (EDTF) already, qualifiers and all
        // (`1967-11~`): written as it is, not escaped (`\textasciitilde{}` is no date).
        if let Some(date) = record.date.as_ref().filter(|d| d.is_valid()) {
            out.push_str(&format!("  date = {{{}}},\n", date.as_str()));
        }
        // The document's type (`Telegram`), which biblatex prints after the title.
        field(&mut out, "type", &record.doc_type);
        field(&mut out, "abstract", &record.summary);
        field(
            &mut out,
            "howpublished",
            super::citation::archive_name(record, settings),
        );
        // The call number, then the credits: biblatex prints the addendum, and its
        // `@unpublished` has no translator (the `translator` field above is for the
        // programs that read it: Zotero, JabRef).
        let call_number = crate::import::credits::without_credits(&record.source);
        let credits = super::citation::credits_text(record, &[]);
        let addendum = match (call_number.is_empty(), credits.is_empty()) {
            (false, false) => format!("{call_number}. {credits}"),
            (false, true) => call_number,
            (true, _) => credits,
        };
        field(&mut out, "addendum", &addendum);
        field(&mut out, "language", &record.languages.join(", "));
        field(&mut out, "keywords", &record.subjects.join(", "));
        if let Some(url) = record
            .urls
            .first()
            .map(|u| u.trim())
            .filter(|u| !u.is_empty())
        {
            out.push_str(&format!("  url = {{{}}},\n", verbatim_url(url)));
        }
        if include_notes {
            field(&mut out, "note", &record.notes);
        }
        out.push_str("}\n\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RecordId;

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(
            escape("50% {x} & #1 a_b $ ~ ^ \\"),
            "50\\% \\{x\\} \\& \\#1 a\\_b \\$ \\textasciitilde{} \\textasciicircum{} \\textbackslash{}"
        );
        assert_eq!(escape("Satō 一九五二"), "Satō 一九五二");
    }

    #[test]
    fn urls_are_verbatim_and_types_kept() {
        let mut r = Record::new(RecordId::new("wcda-1").unwrap(), "T");
        r.urls = vec!["https://example.org/doc_1%20a#p2".into()];
        r.doc_type = "Telegram".into();
        r.authors = vec!["Lee H. Hamilton".into(), "Kim Christiaens".into()];
        let text = String::from_utf8(to_bibtex(
            &[&r],
            &CatalogSettings::new("x"),
            false,
            &Progress::default(),
        ))
        .unwrap();
        assert!(
            text.contains("  url = {https://example.org/doc_1%20a#p2},\n"),
            "{text}"
        );
        assert!(text.contains("  type = {Telegram},\n"), "{text}");
        assert!(
            text.contains("  author = {Hamilton, Lee H. and Christiaens, Kim},\n"),
            "{text}"
        );
    }

    #[test]
    fn an_entry() {
        let mut r = Record::new(RecordId::new("wcda-1").unwrap(), "A {braced} title");
        r.authors = vec!["Kim Il Sung".into()];
        r.date = Some(crate::model::ArchivalDate::parse("1967-11~").unwrap());
        let text = String::from_utf8(to_bibtex(
            &[&r],
            &CatalogSettings::new("x"),
            false,
            &Progress::default(),
        ))
        .unwrap();
        assert_eq!(
            text,
            "@unpublished{wcda-1,\n  title = {{A \\{braced\\} title}},\n  author = {{Kim Il Sung}},\n  date = {1967-11~},\n}\n\n"
        );
    }
}
