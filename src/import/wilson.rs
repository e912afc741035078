//! Record pages of the Wilson Center Digital Archive, as a browser copies them.
//!
//! Four layouts are recognised: the current site (`Skip to content`, labels without
//! values), its staging copies (sub-labels `Source`, `Rights`, ...), the older site (a
//! `Citation` block with the site's citation string) and the text dump of the PDF
//! export (labelled fields run together on one line). Many copies are cut short. The
//! importer maps what is there, never invents a value, and says what it could not place.

use crate::model::date::edtf_from_words;
use crate::model::{ArchivalDate, Record, Text, TextKind};

use super::ImportError;
use super::credits::parse_credits;

/// Which layout a page was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The current site.
    CurrentSite,
    /// A staging copy of the current site, with sub-labels under Document Information.
    Staging,
    /// The older site, with its Citation block.
    OldSite,
    /// The text dump of the PDF export.
    PdfExport,
}

/// A page turned into a record, with what the importer could not place.
#[derive(Debug, Clone)]
pub struct PageImport {
    /// The record (with a stable id derived from the page).
    pub record: Record,
    /// The layout recognised.
    pub layout: Layout,
    /// What could not be placed, or is missing because the page is cut short.
    pub notes: Vec<String>,
}

/// The archive's name, as its citations give it.
pub const ARCHIVE_NAME: &str = "History and Public Policy Program Digital Archive";

const SUPPORT_PREFIX: &str = "This document was made possible with support from";
const RIGHTS_STARTS: [&str; 2] = [
    "The History and Public Policy Program welcomes",
    "To enquire about this document",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Facet {
    Authors,
    People,
    Places,
    Topics,
    Subjects,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Info {
    Source,
    OriginalArchive,
    Rights,
    Uploaded,
    Type,
    Language,
    RecordId,
    Classification,
    Donors,
}

fn label(line: &str) -> &str {
    line.trim_end_matches(':').trim_end()
}

fn facet_label(line: &str) -> Option<Facet> {
    match label(line) {
        "Author(s)" | "Authors" | "Author" => Some(Facet::Authors),
        "Associated People & Organizations" => Some(Facet::People),
        "Associated Places" => Some(Facet::Places),
        "Associated Topics" => Some(Facet::Topics),
        "Subjects Discussed" => Some(Facet::Subjects),
        _ => None,
    }
}

fn info_label(line: &str) -> Option<Info> {
    match label(line) {
        "Source" => Some(Info::Source),
        "Original Archive" | "Original Archives" => Some(Info::OriginalArchive),
        "Rights" => Some(Info::Rights),
        "Original Uploaded Date" => Some(Info::Uploaded),
        "Type" | "Document Type" => Some(Info::Type),
        "Language" | "Languages" | "Original Language" => Some(Info::Language),
        "Record ID" => Some(Info::RecordId),
        "Original Classification" => Some(Info::Classification),
        "Donors" | "Donor" => Some(Info::Donors),
        _ => None,
    }
}

fn is_marker(line: &str) -> bool {
    facet_label(line).is_some() || line == "Document Information"
}

/// Funders named in a support line: `the ROK Ministry of Unification, Leon Levy Foundation`.
fn funders_from(text: &str) -> Vec<String> {
    text.trim()
        .trim_end_matches('.')
        .split(", ")
        .flat_map(|part| part.split(" and the "))
        .map(|name| {
            name.trim()
                .trim_start_matches("and ")
                .trim_start_matches("the ")
                .trim()
        })
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|v| v == value) {
        list.push(value.to_owned());
    }
}

/// What the parsers collect before it becomes a record.
#[derive(Default)]
struct Page {
    title: String,
    date_display: String,
    date: Option<String>,
    funders: Vec<String>,
    body: Vec<String>,
    text_language: Option<String>,
    summary: String,
    authors: Vec<String>,
    people: Vec<String>,
    places: Vec<String>,
    topics: Vec<String>,
    subjects: Vec<String>,
    source_lines: Vec<String>,
    original_archives: Vec<String>,
    rights: Vec<String>,
    uploaded: Option<chrono::NaiveDate>,
    doc_type: String,
    languages: Vec<String>,
    external_id: String,
    classification: String,
    urls: Vec<String>,
    notes: Vec<String>,
    staging: bool,
}

/// Parses one page's text.
pub fn parse_page(text: &str) -> Result<PageImport, ImportError> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let first = lines.iter().find(|l| !l.is_empty()).copied().unwrap_or("");
    let (layout, mut page) = if lines.iter().any(|l| l.starts_with("File Type:pdf"))
        || first.contains(" Citation: ")
    {
        (Layout::PdfExport, parse_pdf_dump(&lines))
    } else if lines.contains(&"get citation") {
        (Layout::OldSite, parse_old_site(&lines))
    } else if let Some(page) = parse_bare_citation_page(&lines) {
        (Layout::OldSite, page)
    } else {
        let page = parse_current_site(&lines);
        // Any text has a first line to take for a title: a page of the site also
        // has its skip link, its date line or its labelled sections.
        let skip_link = lines.contains(&"Skip to content");
        let sections = lines.iter().any(|l| is_marker(l));
        if !skip_link && page.date.is_none() && !sections {
            return Err(ImportError::NotAPage(
                    "not a record page: no date line, no “Skip to content”, no Document Information or facet lists"
                        .to_owned(),
                ));
        }
        let layout = if page.staging {
            Layout::Staging
        } else {
            Layout::CurrentSite
        };
        (layout, page)
    };
    if page.title.is_empty() {
        return Err(ImportError::NotAPage(
            "no title found: this does not look like a digital-archive record page".to_owned(),
        ));
    }
    hidden_email_addresses(&mut page);
    let notes = std::mem::take(&mut page.notes);
    Ok(PageImport {
        record: page_record(page)?,
        layout,
        notes,
    })
}

/// What the website shows in place of an e-mail address it hides from robots (a
/// browser copies its space as a space or as a no-break space).
const HIDDEN_EMAIL: &str = "[email protected]";
const HIDDEN_EMAILS: [&str; 2] = [HIDDEN_EMAIL, "[email\u{A0}protected]"];
/// What stands in its place in the record: a mark, not the site's placeholder as if
/// it were text.
const HIDDEN_EMAIL_MARK: &str = "[e-mail address hidden by the website]";

/// Replaces the website's placeholder for a hidden e-mail address in the rights,
/// the summary, the source and the text with a mark, and notes where it was (the
/// address itself is not on the page: look it up on the site).
fn hidden_email_addresses(page: &mut Page) {
    let mut places = Vec::new();
    let mut mark = |text: &mut String, place: &'static str| {
        if HIDDEN_EMAILS.iter().any(|h| text.contains(h)) {
            for hidden in HIDDEN_EMAILS {
                *text = text.replace(hidden, HIDDEN_EMAIL_MARK);
            }
            if !places.contains(&place) {
                places.push(place);
            }
        }
    };
    for line in &mut page.rights {
        mark(line, "rights");
    }
    mark(&mut page.summary, "summary");
    for line in &mut page.source_lines {
        mark(line, "source");
    }
    for line in &mut page.body {
        mark(line, "text");
    }
    if !places.is_empty() {
        page.notes.push(format!(
            "the page hides an e-mail address in its {} (\"{HIDDEN_EMAIL}\"): marked {HIDDEN_EMAIL_MARK}; the address is on the website",
            places.join(", ")
        ));
    }
}

fn next_non_blank(lines: &[&str], mut i: usize) -> usize {
    while lines.get(i).is_some_and(|l| l.is_empty()) {
        i += 1;
    }
    i
}

fn parse_current_site(lines: &[&str]) -> Page {
    let mut page = Page::default();
    let mut i = next_non_blank(lines, 0);
    if lines.get(i) == Some(&"Skip to content") {
        i = next_non_blank(lines, i + 1);
    }
    if let Some(line) = lines.get(i) {
        if let Some(edtf) = edtf_from_words(line) {
            page.date_display = (*line).to_owned();
            page.date = Some(edtf);
            i = next_non_blank(lines, i + 1);
        } else {
            page.notes
                .push("no date line at the top of the page".to_owned());
        }
    }
    if let Some(line) = lines.get(i) {
        page.title = (*line).to_owned();
        i = next_non_blank(lines, i + 1);
    }
    if let Some(rest) = lines.get(i).and_then(|l| l.strip_prefix(SUPPORT_PREFIX)) {
        page.funders = funders_from(rest);
        i += 1;
    }
    let rest = lines.get(i..).unwrap_or(&[]);
    split_body_and_sections(&mut page, rest);
    page
}

/// Splits what follows the header into the document text, the summary (the last
/// paragraph before the facet lists) and the labelled sections.
fn split_body_and_sections(page: &mut Page, rest: &[&str]) {
    match rest.iter().position(|l| is_marker(l)) {
        Some(marker) => {
            let (before, after) = rest.split_at(marker);
            let mut body: Vec<&str> = before.iter().copied().filter(|l| !l.is_empty()).collect();
            if page.summary.is_empty() {
                page.summary = body.pop().unwrap_or("").to_owned();
            }
            page.body = body.into_iter().map(str::to_owned).collect();
            parse_sections(page, after);
        }
        None => {
            page.body = rest
                .iter()
                .filter(|l| !l.is_empty())
                .map(|l| (*l).to_owned())
                .collect();
            if page.summary.is_empty() {
                page.notes.push(
                    "the page ends in the document text (cut short): no summary, facets or Document Information"
                        .to_owned(),
                );
            } else {
                page.notes
                    .push("the page ends in the document text (cut short)".to_owned());
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    Facet(Facet),
    /// Right after `Document Information` on the current site: the source comes first, unlabelled.
    ImplicitSource,
    Info(Info),
}

fn parse_sections(page: &mut Page, lines: &[&str]) {
    let mut state = State::Start;
    let mut in_info = false;
    for line in lines.iter().copied() {
        if line.is_empty() {
            continue;
        }
        if let Some(facet) = facet_label(line) {
            state = State::Facet(facet);
            continue;
        }
        if line == "Document Information" {
            in_info = true;
            state = State::ImplicitSource;
            continue;
        }
        if in_info && let Some(info) = info_label(line) {
            if matches!(info, Info::Source | Info::Rights) {
                page.staging = true;
            }
            state = State::Info(info);
            continue;
        }
        match state {
            State::Start => page.notes.push(format!("could not place: \"{line}\"")),
            State::Facet(facet) => {
                let list = match facet {
                    Facet::Authors => &mut page.authors,
                    Facet::People => &mut page.people,
                    Facet::Places => &mut page.places,
                    Facet::Topics => &mut page.topics,
                    Facet::Subjects => &mut page.subjects,
                };
                push_unique(list, line);
            }
            State::ImplicitSource if RIGHTS_STARTS.iter().any(|s| line.starts_with(s)) => {
                page.rights.push(line.to_owned());
                state = State::Info(Info::Rights);
            }
            State::ImplicitSource | State::Info(Info::Source) => {
                page.source_lines.push(line.to_owned())
            }
            State::Info(Info::Rights) => page.rights.push(line.to_owned()),
            State::Info(Info::OriginalArchive) => push_unique(&mut page.original_archives, line),
            State::Info(Info::Uploaded) => {
                match chrono::NaiveDate::parse_from_str(line, "%Y-%m-%d") {
                    Ok(day) => page.uploaded = Some(day),
                    Err(_) => page.notes.push(format!(
                        "Original Uploaded Date \"{line}\" is not a complete date; left out"
                    )),
                }
            }
            State::Info(Info::Type) => page.doc_type = line.to_owned(),
            State::Info(Info::Language) => push_unique(&mut page.languages, line),
            State::Info(Info::RecordId)
                if page.external_id.is_empty() && is_record_number(line) =>
            {
                page.external_id = line.to_owned();
            }
            State::Info(Info::Classification) => page.classification = line.to_owned(),
            State::Info(Info::Donors) => push_unique(&mut page.funders, line),
            State::Info(Info::RecordId) => {
                // The current site drops the `Donors` label but keeps its values after Record ID.
                if page.funders.iter().any(|f| f == line) {
                    continue;
                }
                page.notes
                    .push(format!("could not place: \"{line}\" (after Record ID)"));
            }
        }
    }
    if page.source_lines.is_empty() && in_info {
        page.notes
            .push("Document Information has no source citation".to_owned());
    }
    if let Some(last) = page.rights.last()
        && !last.ends_with('.')
    {
        page.notes
            .push("the rights statement is cut short".to_owned());
    }
}

fn is_record_number(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '/')
}

/// The parts of the site's citation string:
/// `"<title>," <date>, History and Public Policy Program Digital Archive, <source>`.
struct Citation {
    title: String,
    date_display: String,
    source: String,
}

fn parse_citation(text: &str) -> Option<Citation> {
    let text = text.trim();
    let open = text.chars().next().filter(|c| matches!(c, '"' | '“'))?;
    let body = &text[open.len_utf8()..];
    let close = [",\"", ",”", "\",", "”,"]
        .iter()
        .filter_map(|end| body.find(end).map(|at| (at, end.len())))
        .min()?;
    let title = body[..close.0].to_owned();
    let rest = body[close.0 + close.1..].trim();
    let (date_display, source) = match rest.find(ARCHIVE_NAME) {
        Some(at) => {
            let date = rest[..at].trim().trim_end_matches(',').trim().to_owned();
            let source = rest[at + ARCHIVE_NAME.len()..]
                .trim_start_matches(',')
                .trim()
                .to_owned();
            (date, source)
        }
        None => (String::new(), rest.to_owned()),
    };
    Some(Citation {
        title,
        date_display,
        source,
    })
}

fn parse_old_site(lines: &[&str]) -> Page {
    let mut page = Page::default();
    let furniture = [
        "Search in",
        "Digital Archive International History Declassified",
        "• Citation",
        "• share document",
    ];
    let mut i = 0;
    // Header: date and support line, before the Citation block.
    while let Some(line) = lines.get(i) {
        if *line == "get citation" {
            break;
        }
        if let Some(rest) = line.strip_prefix(SUPPORT_PREFIX) {
            page.funders = funders_from(rest);
        } else if page.date.is_none() && edtf_from_words(line).is_some() {
            page.date_display = (*line).to_owned();
            page.date = edtf_from_words(line);
        } else if !line.is_empty() && !furniture.contains(line) {
            page.notes.push(format!("could not place: \"{line}\""));
        }
        i += 1;
    }
    i = next_non_blank(lines, i + 1);
    let mut citation_at = None;
    // The Citation block holds the summary, then the citation string (quoted).
    while let Some(line) = lines.get(i) {
        if line.starts_with('"') || line.starts_with('“') {
            citation_at = Some(i);
            break;
        }
        if line.starts_with('•') {
            break;
        }
        if !line.is_empty() {
            if page.summary.is_empty() {
                page.summary = (*line).to_owned();
            } else {
                page.notes.push(format!("could not place: \"{line}\""));
            }
        }
        i += 1;
    }
    match citation_at
        .and_then(|at| lines.get(at))
        .and_then(|l| parse_citation(l))
    {
        Some(citation) => {
            page.title = citation.title;
            page.source_lines.push(citation.source);
            if page.date_display.is_empty() {
                page.date = edtf_from_words(&citation.date_display);
                page.date_display = citation.date_display;
            }
            i = citation_at.map_or(i, |at| at + 1);
        }
        None => page
            .notes
            .push("no citation string in the Citation block".to_owned()),
    }
    // The document text follows its format line (`English HTML`).
    while let Some(line) = lines.get(i) {
        i += 1;
        if let Some(language) = line.strip_suffix(" HTML") {
            if !language.contains(' ') {
                page.text_language = Some(language.to_owned());
            }
            break;
        }
    }
    let rest = lines.get(i..).unwrap_or(&[]);
    split_body_and_sections(&mut page, rest);
    page
}

/// An older-site page as some copies give it: the date, the summary paragraph, the
/// site's citation string in quotes (`"Title," date, ..., Archive. Credit.`), then
/// the text; no title line, no Citation block. The title and the source come from
/// the citation string, the summary is the paragraph before it. `None` when the
/// page does not start so.
fn parse_bare_citation_page(lines: &[&str]) -> Option<Page> {
    let first = next_non_blank(lines, 0);
    let date_line = *lines.get(first)?;
    let date = edtf_from_words(date_line)?;
    // The citation string is among the next few lines, after the summary.
    let mut i = next_non_blank(lines, first + 1);
    let mut summary: Vec<&str> = Vec::new();
    let citation = loop {
        let line = *lines.get(i)?;
        if let Some(citation) = parse_citation(line).filter(|_| line.contains(ARCHIVE_NAME)) {
            break citation;
        }
        if summary.len() >= 3 {
            return None;
        }
        if !line.is_empty() {
            summary.push(line);
        }
        i += 1;
    };
    let mut page = Page {
        date: Some(date),
        date_display: date_line.to_owned(),
        title: citation.title,
        summary: summary.join(" "),
        ..Page::default()
    };
    page.source_lines.push(citation.source);
    let rest = lines.get(i + 1..).unwrap_or(&[]);
    split_body_and_sections(&mut page, rest);
    Some(page)
}

/// Splits `text` at the given labels, which appear in this order (each at most once).
fn labelled<'a>(text: &'a str, labels: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut found: Vec<(usize, &str)> = Vec::new();
    let mut from = 0;
    for label in labels {
        if let Some(at) = text.get(from..).and_then(|t| t.find(label)) {
            found.push((from + at, label));
            from += at + label.len();
        }
    }
    let mut parts = Vec::new();
    for (k, (at, label)) in found.iter().enumerate() {
        let start = at + label.len();
        let end = found.get(k + 1).map_or(text.len(), |next| next.0);
        parts.push((*label, text.get(start..end).unwrap_or("").trim()));
    }
    parts
}

fn parse_pdf_dump(lines: &[&str]) -> Page {
    let mut page = Page::default();
    let mut rest_lines = Vec::new();
    let mut blob = None;
    for line in lines.iter().copied() {
        if line.is_empty() || line.starts_with("Total Page:") || line.starts_with("File Type:pdf") {
            continue;
        }
        if blob.is_none() && line.contains("Citation:") {
            blob = Some(line);
        } else if blob.is_some() {
            rest_lines.push(line);
        } else if page.date.is_none() {
            // First line: `<date> <title>`, repeated in the citation.
            let words: Vec<&str> = line.split_whitespace().collect();
            for n in [3, 2, 1] {
                let (date, title) = words.split_at(n.min(words.len()));
                if let Some(edtf) = edtf_from_words(&date.join(" ")).filter(|_| date.len() == n) {
                    page.date = Some(edtf);
                    page.date_display = date.join(" ");
                    page.title = title.join(" ");
                    break;
                }
            }
        }
    }
    let Some(blob) = blob else {
        page.notes
            .push("no Citation field in the PDF text".to_owned());
        return page;
    };
    let parts = labelled(
        blob,
        &[
            "Citation:",
            "Summary:",
            "Credits:",
            "Original Language:",
            "Contents:",
        ],
    );
    for (label, value) in parts {
        match label {
            "Citation:" => {
                if let Some(citation) = parse_citation(value) {
                    page.title = citation.title;
                    if !citation.date_display.is_empty() {
                        page.date = edtf_from_words(&citation.date_display).or(page.date.take());
                        page.date_display = citation.date_display;
                    }
                    let mut source = Vec::new();
                    for word in citation.source.split_whitespace() {
                        if word.starts_with("http://") || word.starts_with("https://") {
                            push_unique(&mut page.urls, word);
                        } else {
                            source.push(word);
                        }
                    }
                    page.source_lines.push(source.join(" "));
                }
            }
            "Summary:" => page.summary = value.to_owned(),
            "Credits:" => match value.strip_prefix(SUPPORT_PREFIX) {
                Some(rest) => page.funders = funders_from(rest),
                None => page
                    .notes
                    .push(format!("could not place Credits: \"{value}\"")),
            },
            "Original Language:" => push_unique(&mut page.languages, value),
            "Contents:" => {
                // `English Translation Chinese Transcription <text>`: the list of contents, then the text.
                let mut consumed = 0;
                let mut first_translation = None;
                let parts: Vec<&str> = value.split_whitespace().collect();
                while let (Some(language), Some(kind)) =
                    (parts.get(consumed), parts.get(consumed + 1))
                {
                    if !matches!(*kind, "Translation" | "Transcription" | "Original" | "Scan") {
                        break;
                    }
                    if *kind == "Translation" && first_translation.is_none() {
                        first_translation = Some((*language).to_owned());
                    }
                    consumed += 2;
                }
                page.text_language = first_translation;
                if let Some(body) = parts.get(consumed..).filter(|b| !b.is_empty()) {
                    page.body.push(body.join(" "));
                }
            }
            _ => {}
        }
    }
    page.body.extend(rest_lines.into_iter().map(str::to_owned));
    page.notes.push(
        "the PDF text has lost its paragraph breaks; the document text is one paragraph".to_owned(),
    );
    for url in &page.urls {
        if let Some(number) = url.split_once("/document/").map(|(_, n)| n)
            && is_record_number(number)
            && page.external_id.is_empty()
        {
            page.external_id = number.to_owned();
        }
    }
    page
}

/// Whether most letters of `paragraph` are not Latin (Chinese, Korean, Japanese,
/// Cyrillic…): a paragraph of the original rather than of an English translation.
fn in_other_script(paragraph: &str) -> bool {
    let (mut latin, mut other) = (0usize, 0usize);
    for c in paragraph.chars().filter(|c| c.is_alphabetic()) {
        if c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            latin += 1;
        } else {
            other += 1;
        }
    }
    other > latin
}

/// The language a text's script says, where the page names none: Korean for Hangul,
/// Japanese for kana, Chinese for Han characters alone, Russian for Cyrillic.
fn script_language(text: &str) -> &'static str {
    let has = |range: std::ops::RangeInclusive<char>| text.chars().any(|c| range.contains(&c));
    if has('\u{AC00}'..='\u{D7AF}') || has('\u{1100}'..='\u{11FF}') {
        "Korean"
    } else if has('\u{3040}'..='\u{30FF}') {
        "Japanese"
    } else if has('\u{4E00}'..='\u{9FFF}') {
        "Chinese"
    } else if has('\u{0400}'..='\u{04FF}') {
        "Russian"
    } else {
        ""
    }
}

/// The paragraphs of the original before an English translation, and the rest; no
/// split when the page holds nothing but the original, or the rest is no translation.
fn split_original(body: Vec<String>) -> (Vec<String>, Vec<String>) {
    let leading = body.iter().take_while(|p| in_other_script(p)).count();
    let length =
        |paragraphs: &[String]| paragraphs.iter().map(|p| p.chars().count()).sum::<usize>();
    let (fragment, rest) = body.split_at(leading.min(body.len()));
    // The translation is the rest: in Latin script throughout, and longer than the
    // fragment (an original ending in `[Stamp: copy]` is not split).
    if leading == 0 || rest.iter().any(|p| in_other_script(p)) || length(rest) <= length(fragment) {
        return (Vec::new(), body);
    }
    let mut body = body;
    let rest = body.split_off(leading);
    (body, rest)
}

fn page_record(page: Page) -> Result<Record, ImportError> {
    let Page {
        title,
        date_display,
        date,
        mut funders,
        body,
        text_language,
        summary,
        authors,
        people,
        places,
        topics,
        subjects,
        source_lines,
        original_archives,
        rights,
        uploaded,
        doc_type,
        languages,
        external_id,
        classification,
        urls,
        notes: _,
        staging: _,
    } = page;
    funders.dedup();
    let source = source_lines.join("\n");
    let date = date.and_then(|d| ArchivalDate::parse(&d).ok());
    let id = super::derive_id(&external_id, date.as_ref(), &title)?;
    let mut record = Record::new(id, title);
    record.date = date;
    record.date_display = date_display;
    record.doc_type = doc_type;
    record.summary = summary;
    record.authors = authors;
    record.people = people;
    record.places = places;
    record.subjects = subjects;
    record.topics = topics;
    record.credits = parse_credits(&source);
    record.source = source;
    record.original_archives = original_archives;
    record.classification = classification;
    record.funders = funders;
    record.rights = rights.join("\n\n");
    record.external_id = external_id;
    record.uploaded = uploaded;
    record.urls = urls;
    // The archive's address of the record follows from its number: every export
    // then has an identifier that resolves.
    if record.urls.is_empty()
        && !record.external_id.is_empty()
        && record.external_id.chars().all(|c| c.is_ascii_digit())
    {
        record.urls.push(format!(
            "https://digitalarchive.wilsoncenter.org/document/{}",
            record.external_id
        ));
    }
    // A fragment in the original language before the translation (a heading, a
    // line of the original) is the original's own text, not the translation's.
    let translated_to_english = text_language.as_deref().is_none_or(|l| l == "English");
    let (original, body) = if translated_to_english {
        split_original(body)
    } else {
        (Vec::new(), body)
    };
    let mut texts = Vec::new();
    if !original.is_empty() {
        let language = languages
            .iter()
            .find(|l| *l != "English")
            .cloned()
            .unwrap_or_else(|| script_language(&original.join(" ")).to_owned());
        texts.push(Text {
            kind: TextKind::Transcription,
            language,
            body: original.join("\n\n"),
        });
    }
    if !body.is_empty() {
        // A page whose original is in English carries a transcription, not a translation.
        let original_in_english = languages == ["English"];
        texts.push(Text {
            kind: if original_in_english && text_language.is_none() {
                TextKind::Transcription
            } else {
                TextKind::Translation
            },
            language: text_language.unwrap_or_else(|| "English".to_owned()),
            body: body.join("\n\n"),
        });
    }
    record.texts = texts.into();
    record.languages = languages;
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn an_original_fragment_is_split_from_the_translation_only() {
        let (original, rest) = split_original(paragraphs(&[
            "关于刘少奇同志与金日成会谈的简报（二）",
            "Brief Report on the Meeting between Liu Shaoqi and Kim Il Sung (Two)",
        ]));
        assert_eq!(original, ["关于刘少奇同志与金日成会谈的简报（二）"]);
        assert_eq!(rest.len(), 1);
        // An original in Russian that ends with an editor's note in English.
        let russian = paragraphs(&[
            "Совершенно секретно. Товарищу Сталину о положении в Корее и о переговорах.",
            "[Stamp: copy]",
        ]);
        assert_eq!(split_original(russian.clone()), (Vec::new(), russian));
        assert_eq!(script_language("김일성"), "Korean");
        assert_eq!(script_language("Сталин"), "Russian");
    }
}
