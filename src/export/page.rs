//! Markdown and a self-contained, printable HTML page: a table of contents, then each
//! record with its metadata and texts. Every value is escaped.

use quick_xml::escape::escape;

use super::Progress;
use crate::model::{Field, FieldValue, Record};
use crate::store::CatalogSettings;

/// The metadata shown for each record, in order, with their labels.
const SHOWN: [(Field, &str); 16] = [
    (Field::DocType, "Type"),
    (Field::Authors, "Authors"),
    (Field::People, "People and organizations"),
    (Field::Places, "Places"),
    (Field::Subjects, "Subjects"),
    (Field::Languages, "Languages"),
    (Field::Source, "Source"),
    (Field::Credits, "Credits"),
    (Field::OriginalArchives, "Original archives"),
    (Field::Classification, "Classification"),
    (Field::Funders, "Funders"),
    (Field::ExternalId, "Archive record number"),
    (Field::Urls, "Web addresses"),
    (Field::Related, "Related records"),
    (Field::Rights, "Rights"),
    (Field::Notes, "Notes"),
];

/// The metadata of a record as (label, value) pairs, empty ones left out.
fn metadata(record: &Record, include_notes: bool) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    let date = match (&record.date, record.date_display.as_str()) {
        (Some(d), "") => d.words(),
        (Some(d), shown) if shown != d.words() => format!("{} ({shown})", d.words()),
        (Some(d), _) => d.words(),
        (None, shown) => shown.to_owned(),
    };
    if !date.is_empty() {
        rows.push(("Date", date));
    }
    for (field, label) in SHOWN {
        if field == Field::Notes && !include_notes {
            continue;
        }
        let value = match field.get(record) {
            FieldValue::Text(s) => s,
            FieldValue::List(list) => list.join("; "),
            FieldValue::Related(ids) => ids
                .iter()
                .map(|i| i.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            FieldValue::Credits(credits) => credits
                .iter()
                .map(|c| format!("{} ({})", c.name, c.role.name()))
                .collect::<Vec<_>>()
                .join("; "),
            _ => String::new(),
        };
        if !value.trim().is_empty() {
            rows.push((label, value));
        }
    }
    rows
}

/// Escapes what CommonMark, GitHub and pandoc's Markdown give a meaning to, so that
/// every renderer shows the text as the record holds it, character for character:
/// marks of emphasis, links, code, HTML and entities (`&copy;` stays `&copy;`),
/// strikethrough, sub- and superscripts, math, citations, smart quotes and dashes;
/// what would make a line a list item, a heading, a quote, a definition, a table or a
/// setext underline; and the indentation that would make it a code block (its first
/// space written `&#32;`, which every renderer reads as the space it is).
pub fn escape_markdown(text: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        escape_line(line.as_bytes(), &mut out);
    }
    // Only ASCII was added, each before or instead of an ASCII byte: still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Whether a byte is one of Markdown's marks wherever it stands.
fn is_mark(byte: u8) -> bool {
    matches!(
        byte,
        b'\\'
            | b'`'
            | b'*'
            | b'_'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'<'
            | b'>'
            | b'|'
            | b'#'
            | b'&'
            | b'~'
            | b'^'
            | b'$'
            | b'@'
            | b'"'
            | b'\''
    )
}

/// One line of [`escape_markdown`], byte by byte: what it escapes is ASCII, and a
/// byte of a multi-byte character is never one of those.
fn escape_line(line: &[u8], out: &mut Vec<u8>) {
    let indent = line
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    // A list number or letter (`1.`, `(1)`, `a)`, `IV.`): its `.` or `)` escaped,
    // an opening `(` too (a `\` before a digit or letter is no escape and shows).
    let rest = line.get(indent..).unwrap_or_default();
    let marker = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let list_mark =
        (1..=9).contains(&marker) && rest.get(marker).is_some_and(|b| matches!(b, b'.' | b')'));
    for (at, &byte) in line.iter().enumerate() {
        if at == 0 && indent > 0 {
            out.extend_from_slice(if byte == b'\t' { b"&#9;" } else { b"&#32;" });
            continue;
        }
        let next = line.get(at + 1).copied();
        let line_mark = at == indent && matches!(byte, b'-' | b'+' | b'=' | b':' | b'(');
        let number_mark = list_mark && at == indent + marker;
        let dash = byte == b'-' && next == Some(b'-');
        let ellipsis = byte == b'.' && next == Some(b'.');
        if line_mark || number_mark || dash || ellipsis || is_mark(byte) {
            out.push(b'\\');
        }
        out.push(byte);
    }
}

/// A title on one line (a heading or a list item cannot hold a line break).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The records as Markdown.
pub fn to_markdown(
    records: &[&Record],
    settings: &CatalogSettings,
    include_notes: bool,
    progress: &Progress,
) -> Vec<u8> {
    let mut out = format!("# {}\n\n", escape_markdown(&settings.name));
    if !settings.description.is_empty() {
        out.push_str(&format!("{}\n\n", escape_markdown(&settings.description)));
    }
    for record in records {
        out.push_str(&format!(
            "- [{}](#{})\n",
            escape_markdown(&one_line(&record.title)),
            record.id
        ));
    }
    for record in progress.iter(records) {
        out.push_str(&format!(
            "\n<a id=\"{}\"></a>\n\n## {}\n\n",
            record.id,
            escape_markdown(&one_line(&record.title))
        ));
        out.push_str(&format!("*{}*\n\n", record.id));
        if !record.summary.is_empty() {
            out.push_str(&format!("{}\n\n", escape_markdown(&record.summary)));
        }
        for (label, value) in metadata(record, include_notes) {
            out.push_str(&format!(
                "- **{label}:** {}\n",
                escape_markdown(&value).replace('\n', " ")
            ));
        }
        for text in &record.texts {
            out.push_str(&format!(
                "\n### {} ({})\n\n",
                capitalize(text.kind.name()),
                escape_markdown(&text.language)
            ));
            for paragraph in text.body.split("\n\n") {
                out.push_str(&escape_markdown(paragraph).replace('\n', "  \n"));
                out.push_str("\n\n");
            }
        }
    }
    out.into_bytes()
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

const STYLE: &str = "body{font-family:Georgia,'Noto Serif',serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.55;color:#222}\
h1{font-size:1.8em}h2{margin-top:2.5em;border-top:1px solid #ccc;padding-top:1em}\
dl{display:grid;grid-template-columns:12em 1fr;gap:.2em 1em;font-size:.92em}dt{color:#555}dd{margin:0}\
.id{color:#777;font-family:monospace}.summary{font-style:italic}.ed{color:#888}nav li{margin:.2em 0}\
@media print{h2{break-before:page}nav{break-after:page}a{color:inherit;text-decoration:none}}";

/// A paragraph with `[editorial insertions]` in a muted span.
fn html_paragraph(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        out.push_str(&escape(&rest[..open]));
        out.push_str(&format!(
            "<span class=\"ed\">{}</span>",
            escape(&rest[open..=close])
        ));
        rest = &rest[close + 1..];
    }
    out.push_str(&escape(rest));
    out.replace('\n', "<br>")
}

/// The records as one self-contained HTML page.
pub fn to_html(
    records: &[&Record],
    settings: &CatalogSettings,
    include_notes: bool,
    progress: &Progress,
) -> Vec<u8> {
    let title = escape(&settings.name);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    if !settings.description.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", escape(&settings.description)));
    }
    out.push_str("<nav><h2 style=\"border:0;margin-top:1em\">Contents</h2><ol>\n");
    for record in records {
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>\n",
            record.id,
            escape(&record.title)
        ));
    }
    out.push_str("</ol></nav>\n");
    for record in progress.iter(records) {
        out.push_str(&format!(
            "<article id=\"{}\">\n<h2>{}</h2>\n<p class=\"id\">{}</p>\n",
            record.id,
            escape(&record.title),
            record.id
        ));
        if !record.summary.is_empty() {
            out.push_str(&format!(
                "<p class=\"summary\">{}</p>\n",
                escape(&record.summary)
            ));
        }
        out.push_str("<dl>\n");
        for (label, value) in metadata(record, include_notes) {
            out.push_str(&format!(
                "<dt>{label}</dt><dd>{}</dd>\n",
                html_paragraph(&value)
            ));
        }
        if !record.attachments.is_empty() {
            // Relative links: they open beside an export kept with the catalog's
            // attachments/ folder (the RON sub-catalog export copies it).
            let links: Vec<String> = record
                .attachments
                .iter()
                .map(|a| {
                    let shown = if a.label.is_empty() {
                        &a.path
                    } else {
                        &a.label
                    };
                    format!(
                        "<a href=\"attachments/{}\">{}</a>",
                        escape(href_path(&a.path)),
                        escape(shown)
                    )
                })
                .collect();
            out.push_str(&format!(
                "<dt>Attachments</dt><dd>{}</dd>\n",
                links.join("<br>")
            ));
        }
        out.push_str("</dl>\n");
        for text in &record.texts {
            out.push_str(&format!(
                "<h3>{} ({})</h3>\n",
                capitalize(text.kind.name()),
                escape(&text.language)
            ));
            for paragraph in text.body.split("\n\n") {
                out.push_str(&format!("<p>{}</p>\n", html_paragraph(paragraph)));
            }
        }
        out.push_str("</article>\n");
    }
    out.push_str("</body>\n</html>\n");
    out.into_bytes()
}

/// A path for an `href`: each character a URL cannot hold as it is (a space, `#`,
/// `?`, `%`, non-ASCII) percent-encoded, the `/` kept.
fn href_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RecordId;

    #[test]
    fn values_are_escaped() {
        let mut r = Record::new(
            RecordId::new("a").unwrap(),
            "<script>alert(1)</script> & \"x\"",
        );
        r.summary = "*not emphasis* [insertion]".into();
        let settings = CatalogSettings::new("C & D");
        let html =
            String::from_utf8(to_html(&[&r], &settings, false, &Progress::default())).unwrap();
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(html.contains("<title>C &amp; D</title>"));
        let md =
            String::from_utf8(to_markdown(&[&r], &settings, false, &Progress::default())).unwrap();
        assert!(md.contains("\\*not emphasis\\* \\[insertion\\]"), "{md}");
        assert_eq!(escape_markdown("1. not a list"), "1\\. not a list");
        assert_eq!(escape_markdown("- not a list"), "\\- not a list");
    }
}
