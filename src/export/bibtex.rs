//! BibLaTeX: one `@unpublished` entry per record; TeX's special characters escaped,
//! other characters kept as UTF-8 (biber and modern BibTeX read it).

use super::Progress;
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

fn field(out: &mut String, name: &str, value: &str) {
    if !value.trim().is_empty() {
        out.push_str(&format!("  {name} = {{{}}},\n", escape(value.trim())));
    }
}

/// A name in a BibTeX name list: `Family, Given` for a person (the family name in
/// braces when it has more than one word, so that BibTeX keeps it whole), an
/// institution's name in braces.
fn bib_name(text: &str) -> String {
    match super::names::split(text) {
        super::names::Name::Person { family, given } => {
            let family = escape(&family);
            let family = if family.contains(' ') {
                format!("{{{family}}}")
            } else {
                family
            };
            format!("{family}, {}", escape(&given))
        }
        super::names::Name::Literal(text) => format!("{{{}}}", escape(text)),
    }
}

/// The records as BibLaTeX.
pub fn to_bibtex(
    records: &[&Record],
    settings: &CatalogSettings,
    include_notes: bool,
    progress: &Progress,
) -> Vec<u8> {
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
        let authors: Vec<String> = record.authors.iter().map(|a| bib_name(a)).collect();
        if !authors.is_empty() {
            out.push_str(&format!("  author = {{{}}},\n", authors.join(" and ")));
        }
        let translators: Vec<String> = record
            .credits
            .iter()
            .filter(|c| c.role == CreditRole::Translated)
            .map(|c| bib_name(&c.name))
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
        field(&mut out, "abstract", &record.summary);
        field(&mut out, "howpublished", &settings.archive_name);
        field(&mut out, "addendum", &record.source);
        field(&mut out, "language", &record.languages.join(", "));
        field(&mut out, "keywords", &record.subjects.join(", "));
        if let Some(url) = record.urls.first() {
            field(&mut out, "url", url);
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
            "@unpublished{wcda-1,\n  title = {{A \\{braced\\} title}},\n  author = {Kim, Il Sung},\n  date = {1967-11~},\n}\n\n"
        );
    }
}
