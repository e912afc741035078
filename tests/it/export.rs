//! Exports of the sample catalog against golden files, and read back by real readers.
//! Set `UPDATE_GOLDEN=1` to rewrite the golden files after an intended change.
use std::path::PathBuf;

use biblatex::ChunksExt;
use folio::export::{self, ExportOptions, Format};
use folio::model::Record;
use folio::store;

use crate::support::{root, sample_dir};

fn sample() -> (store::Catalog, PathBuf) {
    let dir = sample_dir();
    let (_, catalog) = store::open(&dir).unwrap();
    (catalog, dir)
}

fn check_golden(name: &str, bytes: &[u8]) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, bytes).unwrap();
    }
    let golden = std::fs::read(&path)
        .unwrap_or_else(|_| panic!("{name}: no golden file (run with UPDATE_GOLDEN=1)"));
    assert!(
        golden == bytes,
        "{name} differs from its golden file; run with UPDATE_GOLDEN=1 if intended"
    );
}

#[test]
fn every_format_matches_its_golden_file() {
    let (catalog, _) = sample();
    let records: Vec<&Record> = catalog.records().collect();
    for (format, name) in [
        (Format::Csv, "sample.csv"),
        (Format::Json, "sample.json"),
        (Format::JsonLines, "sample.jsonl"),
        (Format::CslJson, "sample.csl.json"),
        (Format::Bibtex, "sample.bib"),
        (Format::Ris, "sample.ris"),
        (Format::Citation, "sample.citations.txt"),
        (Format::Chicago, "sample.chicago.txt"),
        (Format::DublinCore, "sample.dc.xml"),
        (Format::Ead, "sample.ead.xml"),
        (Format::Markdown, "sample.md"),
        (Format::Html, "sample.html"),
    ] {
        let bytes = export::export(
            format,
            &records,
            catalog.settings(),
            &ExportOptions::default(),
        )
        .unwrap();
        let again = export::export(
            format,
            &records,
            catalog.settings(),
            &ExportOptions::default(),
        )
        .unwrap();
        assert_eq!(bytes, again, "{name}: deterministic");
        check_golden(name, &bytes);
    }
}

#[test]
fn csv_reads_back_to_the_same_values() {
    let (catalog, _) = sample();
    let records: Vec<&Record> = catalog.records().collect();
    let options = ExportOptions::default();
    let bytes = export::export(Format::Csv, &records, catalog.settings(), &options).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), records.len());
    for (row, record) in rows.iter().zip(&records) {
        for (i, column) in options.csv.columns.iter().enumerate() {
            assert_eq!(
                row.get(i).unwrap(),
                export::csv::cell(record, *column),
                "{} {}",
                record.id,
                column.name()
            );
        }
    }
}

#[test]
fn json_lines_and_csl_parse_as_json() {
    let (catalog, _) = sample();
    let records: Vec<&Record> = catalog.records().collect();
    let options = ExportOptions::default();
    let lines = export::export(Format::JsonLines, &records, catalog.settings(), &options).unwrap();
    for line in String::from_utf8(lines).unwrap().lines() {
        let exported: folio::import::ExportedRecord = serde_json::from_str(line).unwrap();
        let record = exported.record;
        assert_eq!(catalog.get(&record.id), Some(&record));
        assert_eq!(exported.export_stamp, Some(record.content_stamp()));
    }
    let csl = export::export(Format::CslJson, &records, catalog.settings(), &options).unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&csl).unwrap();
    assert_eq!(items.len(), records.len());
    assert!(
        items
            .iter()
            .all(|i| i["type"] == "manuscript" && i["title"].is_string())
    );
}

#[test]
fn a_ron_subset_opens_with_exactly_those_records() {
    let (catalog, dir) = sample();
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("subset");
    let chosen: Vec<&Record> = catalog.records().take(3).collect();
    export::subset::write_subset(
        &dest,
        &chosen,
        catalog.settings(),
        &dir,
        &Default::default(),
    )
    .unwrap();
    let (folder, subset) = store::open(&dest).unwrap();
    assert!(folder.load_errors().is_empty());
    assert_eq!(subset.records().collect::<Vec<_>>(), chosen);
    for record in &chosen {
        assert_eq!(
            std::fs::read(dest.join("records").join(record.id.file_name())).unwrap(),
            std::fs::read(dir.join("records").join(record.id.file_name())).unwrap()
        );
    }
}

/// Validates `xml` with xmllint against a schema in `tests/schemas`.
fn xmllint(xml: &[u8], schema: &str) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("export.xml");
    std::fs::write(&file, xml).unwrap();
    let schemas = root().join("tests/schemas");
    let out = std::process::Command::new("xmllint")
        .env("XML_CATALOG_FILES", schemas.join("catalog.xml"))
        .args(["--nonet", "--noout", "--schema"])
        .arg(schemas.join(schema))
        .arg(&file)
        .output()
        .expect("xmllint is needed by this test: apt-get install libxml2-utils (.ci/run does)");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// A record with every kind of value that breaks exporters.
fn hostile() -> Record {
    use folio::model::{ArchivalDate, Credit, CreditRole, RecordId, Text, TextKind};
    let mut r = Record::new(
        RecordId::new("hostile").unwrap(),
        "Quotes \"x\", commas, <&> {}%#_ \u{7} and =HYPERLINK(\"a\")",
    );
    r.date = Some(ArchivalDate::parse("1955?").unwrap());
    // U+FFFE: a noncharacter XML 1.0 cannot carry, not even escaped (edits refuse
    // it; a file written by another program may hold it).
    r.summary = "Line one\nline two; ‏עברית‎ and 一九五二年 \u{FFFE}".into();
    r.people = vec!["=cmd|' /C calc'!A0".into(), "Satō, Eisaku".into()];
    r.credits = vec![Credit {
        role: CreditRole::Translated,
        name: "A & B <C>".into(),
    }];
    r.texts = vec![Text {
        kind: TextKind::Translation,
        language: "English".into(),
        body: "[1] <b>not bold</b>".into(),
    }]
    .into();
    r.source = "-5 + 3".into();
    r
}

#[test]
fn dublin_core_is_valid_oai_dc() {
    let (catalog, _) = sample();
    let settings = catalog.settings();
    let no_times = Default::default();
    let progress = Default::default();
    for record in catalog.records().chain([&hostile()]) {
        let xml =
            export::dublin_core::to_dublin_core(&[record], settings, &no_times, None, &progress)
                .unwrap();
        xmllint(&xml, "oai_dc/oai_dc.xsd").unwrap_or_else(|e| panic!("{}: {e}", record.id));
    }
    // What users get for more than one record: one file, an OAI-PMH ListRecords
    // response, checked whole (envelope and every record) against both schemas.
    let hostile = hostile();
    let records: Vec<&Record> = catalog.records().chain([&hostile]).collect();
    let xml = export::dublin_core::to_dublin_core(&records, settings, &no_times, None, &progress)
        .unwrap();
    xmllint(&xml, "oai_pmh/oai_pmh_with_dc.xsd").unwrap();
    let text = String::from_utf8(xml).unwrap();
    assert!(
        text.contains("一九五二年 \u{FFFD}"),
        "replaced, not dropped"
    );
    let warnings =
        folio::session::export_warnings(Format::DublinCore, &records, &Default::default());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("hostile: Title holds a character XML cannot carry"));
    assert_eq!(text.matches("<record>").count(), records.len());
    assert!(text.contains("<ListRecords>"), "{}", &text[..400]);
}

#[test]
fn ead3_is_valid() {
    let (catalog, _) = sample();
    let hostile = hostile();
    let records: Vec<&Record> = catalog.records().chain([&hostile]).collect();
    let xml = export::ead::to_ead(&records, catalog.settings(), &Default::default()).unwrap();
    xmllint(&xml, "ead3/ead3.xsd").unwrap();
    let text = String::from_utf8(xml).unwrap();
    assert!(
        text.contains(r#"<unitdate normal="1955" certainty="uncertain">"#),
        "dates carry @normal and @certainty"
    );
    // The hostile title holds `<&>`: written escaped, so the file stays XML (the
    // schema check above would fail on a raw `<`), and read back as it was.
    assert!(
        text.contains("commas, &lt;&amp;&gt; {}%#_"),
        "values are escaped"
    );
    assert!(!text.contains("commas, <&>"), "never raw");
    // The source where EAD3 means it, the credits kept.
    assert!(
        !text.contains("otherfindaid"),
        "the source is no other finding aid"
    );
    let within = |element: &str, needle: &str| {
        text.split(&format!("<{element}>"))
            .skip(1)
            .filter_map(|rest| rest.split(&format!("</{element}>")).next())
            .any(|inside| inside.contains(needle))
    };
    assert!(
        within("originalsloc", "PRC FMA 109-00004-03"),
        "the source as the location of the original"
    );
    assert!(
        within("processinfo", "Translated by Gary Goldberg."),
        "translators in processinfo"
    );
    assert!(
        within("acqinfo", "Obtained by "),
        "who obtained it in acqinfo"
    );
}

#[test]
fn hostile_values_survive_every_format() {
    let hostile = hostile();
    let settings = folio::store::CatalogSettings::new("Hostile");
    let options = ExportOptions::default();
    let csv = export::export(Format::Csv, &[&hostile], &settings, &options).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let row = reader.records().next().unwrap().unwrap();
    assert!(
        row.get(3).unwrap().starts_with("Quotes \"x\", commas, <&>"),
        "CSV keeps the title whole"
    );
    assert_eq!(
        row.get(7).unwrap(),
        "'=cmd|' /C calc'!A0; Satō, Eisaku",
        "formula neutralized"
    );
    assert_eq!(row.get(11).unwrap(), "'-5 + 3");
    let bib = String::from_utf8(
        export::export(Format::Bibtex, &[&hostile], &settings, &options).unwrap(),
    )
    .unwrap();
    assert!(bib.contains("<\\&> \\{\\}\\%\\#\\_  and"), "{bib}");
    let ris =
        String::from_utf8(export::export(Format::Ris, &[&hostile], &settings, &options).unwrap())
            .unwrap();
    assert!(
        ris.contains("AB  - Line one line two;"),
        "RIS values are one line"
    );
    let csl = export::export(Format::CslJson, &[&hostile], &settings, &options).unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&csl).unwrap();
    assert_eq!(items[0]["issued"]["circa"], true);
}

/// A record with nothing but its id and title.
fn minimal() -> Record {
    Record::new(folio::model::RecordId::new("bare").unwrap(), "Bare")
}

/// Records with the date forms CSL-JSON has to express: ranges, open ends, seasons.
fn dated() -> Vec<Record> {
    [
        "1966-12-19/1966-12-24",
        "1985/..",
        "../1985",
        "2001-21",
        "195X",
        "-0044",
    ]
    .iter()
    .enumerate()
    .map(|(i, date)| {
        let mut r = Record::new(
            folio::model::RecordId::new(format!("dated-{i}")).unwrap(),
            "Dated",
        );
        r.date = Some(folio::model::ArchivalDate::parse(date).unwrap());
        r
    })
    .collect()
}

fn csl_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/schemas/csl/csl-data.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn schema_errors(validator: &jsonschema::Validator, json: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn csl_json_is_valid_against_the_official_schema() {
    let validator = csl_schema();
    let (catalog, _) = sample();
    let extra: Vec<Record> = [hostile(), minimal()].into_iter().chain(dated()).collect();
    let records: Vec<&Record> = catalog.records().chain(extra.iter()).collect();
    for include_notes in [false, true] {
        let options = ExportOptions {
            include_notes,
            ..ExportOptions::default()
        };
        let bytes =
            export::export(Format::CslJson, &records, catalog.settings(), &options).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(json.as_array().unwrap().len(), records.len());
        let errors = schema_errors(&validator, &json);
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // The validator does reject what the schema forbids.
    let wrong = serde_json::json!([{"id": "x", "type": "manuscript", "issued": "1963"}]);
    assert!(!schema_errors(&validator, &wrong).is_empty());
}

#[test]
fn bibtex_parses_back_with_a_real_parser() {
    let (catalog, _) = sample();
    let extra = [hostile(), minimal()];
    let records: Vec<&Record> = catalog.records().chain(extra.iter()).collect();
    let bytes = export::export(
        Format::Bibtex,
        &records,
        catalog.settings(),
        &ExportOptions::default(),
    )
    .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let bibliography = biblatex::Bibliography::parse(&text).unwrap();
    assert_eq!(bibliography.len(), records.len());
    for record in &records {
        let entry = bibliography
            .get(record.id.as_str())
            .unwrap_or_else(|| panic!("{}: no entry", record.id));
        let title = entry.title().unwrap().format_verbatim();
        // TeX reads any run of spaces as one; control characters are dropped.
        let expected = record.title.replace('\u{7}', "");
        let expected = expected.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(title, expected, "{}", record.id);
    }
    let hostile = bibliography.get("hostile").unwrap();
    let translator = hostile.translator().unwrap();
    assert_eq!(translator[0].to_string(), "A & B <C>");
}

/// Titles and summaries that would read as Markdown syntax render as written in a
/// CommonMark renderer (pulldown-cmark), with no stray backslash.
#[test]
fn markdown_renders_titles_as_written() {
    let titles = [
        "# Not a heading",
        "> Not a quote",
        "1. Not a list",
        "12) Not a list either",
        "- Not a bullet",
        "+ Nor this",
        "Under\n===",
        "Stars *and* _under_ [brackets] `code` <tag> a|b \\ back",
    ];
    for title in titles {
        let mut record = Record::new(folio::model::RecordId::new("r").unwrap(), title);
        record.summary = title.to_owned();
        let settings = folio::store::CatalogSettings::new("Titles");
        let bytes = export::export(
            Format::Markdown,
            &[&record],
            &settings,
            &ExportOptions::default(),
        )
        .unwrap();
        let markdown = String::from_utf8(bytes).unwrap();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&markdown));
        let shown = title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        // A heading is one line: a line break in a title is a space there.
        assert!(
            html.contains(&format!("<h2>{}</h2>", shown.replace('\n', " "))),
            "{title:?} became:\n{html}"
        );
        assert!(
            html.contains(&format!("<p>{shown}</p>")),
            "the summary {title:?} became:\n{html}"
        );
    }
}

/// Paragraphs of typed cables and transcriptions that renderers would reinterpret.
const TEXT_RENDERERS_REINTERPRET: &[&str] = &[
    "    Indented four spaces, as typed cables are",
    "\tIndented by a tab",
    "Copyright &copy; 1963 &amp; after, &#169;",
    "~~struck~~ H~2~O and 2^10^ cost $5 and $6",
    "\"Quoted\" -- dashes --- and... an ellipsis, Kim's",
    "(1) Kim said this",
    "A. The list of those being sent",
    "iv) a numbered point",
    ": not a definition",
    "@cite and [@cite] and <!-- not a comment -->",
    "Header {#not-attributes}",
    "| a | b |",
    "*** not a rule",
];

/// What a pandoc AST node shows as text, and any node that is not plain text.
fn pandoc_text(node: &serde_json::Value, text: &mut String, other: &mut Vec<String>) {
    match node {
        serde_json::Value::Array(items) => {
            for item in items {
                pandoc_text(item, text, other);
            }
        }
        serde_json::Value::Object(map) => match map.get("t").and_then(|t| t.as_str()) {
            Some("Str") => text.push_str(map["c"].as_str().unwrap()),
            Some("Space" | "SoftBreak" | "LineBreak") => text.push(' '),
            Some("Para" | "Plain") => pandoc_text(&map["c"], text, other),
            Some(t) => other.push(t.to_owned()),
            None => {}
        },
        _ => {}
    }
}

fn one_spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A record's text renders as it holds it, character for character, in CommonMark
/// (pulldown-cmark, with GitHub's extensions) and in pandoc's Markdown: no code
/// block, entity, strikethrough, list, quote, math, citation or smart quote appears.
#[test]
fn markdown_renders_text_as_the_record_holds_it() {
    let mut record = Record::new(folio::model::RecordId::new("r").unwrap(), "Cable");
    record.texts = vec![folio::model::Text {
        kind: folio::model::TextKind::Transcription,
        language: "English".into(),
        body: TEXT_RENDERERS_REINTERPRET.join("\n\n"),
    }]
    .into();
    let settings = folio::store::CatalogSettings::new("Cables");
    let bytes = export::export(
        Format::Markdown,
        &[&record],
        &settings,
        &ExportOptions::default(),
    )
    .unwrap();
    let markdown = String::from_utf8(bytes).unwrap();
    let body = &markdown[markdown.find("### Transcription").unwrap()..];
    let body = &body[body.find("\n\n").unwrap() + 2..];
    // pulldown-cmark: one paragraph of text per paragraph of the record.
    let options = pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION
        | pulldown_cmark::Options::ENABLE_MATH
        | pulldown_cmark::Options::ENABLE_DEFINITION_LIST
        | pulldown_cmark::Options::ENABLE_SUPERSCRIPT
        | pulldown_cmark::Options::ENABLE_SUBSCRIPT;
    let mut paragraphs: Vec<String> = Vec::new();
    for event in pulldown_cmark::Parser::new_ext(body, options) {
        use pulldown_cmark::{Event, Tag};
        match event {
            Event::Start(Tag::Paragraph) => paragraphs.push(String::new()),
            Event::End(_) => {}
            Event::Text(t) => paragraphs.last_mut().unwrap().push_str(&t),
            Event::SoftBreak | Event::HardBreak => paragraphs.last_mut().unwrap().push(' '),
            other => panic!("{other:?} in:\n{body}"),
        }
    }
    assert_eq!(paragraphs, TEXT_RENDERERS_REINTERPRET);
    if std::process::Command::new("pandoc")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped pandoc: it is not installed (apt-get install pandoc)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("body.md");
    std::fs::write(&file, body).unwrap();
    let out = std::process::Command::new("pandoc")
        .arg(&file)
        .args(["-f", "markdown", "-t", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ast: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let blocks = ast["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), TEXT_RENDERERS_REINTERPRET.len(), "{ast:#}");
    for (block, expected) in blocks.iter().zip(TEXT_RENDERERS_REINTERPRET) {
        assert_eq!(block["t"], "Para", "{expected:?} became {block}");
        let (mut text, mut other) = (String::new(), Vec::new());
        pandoc_text(&block["c"], &mut text, &mut other);
        assert!(other.is_empty(), "{expected:?} became {block}");
        // Pandoc keeps one space for a run of spaces, as the page shows it.
        assert_eq!(one_spaced(&text), one_spaced(expected));
    }
}

/// Pandoc's citation processor renders the sample's CSL-JSON with the Chicago style
/// as a reader expects: dates as "September 1, 1975" (not the printed date parsed
/// again), persons sorted by family name. Skipped, saying so, where pandoc is not
/// installed (`apt-get install pandoc`; `.ci/run` installs it).
#[test]
fn pandoc_renders_the_csl_json_with_the_chicago_style() {
    if std::process::Command::new("pandoc")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: pandoc is not installed (apt-get install pandoc)");
        return;
    }
    let (catalog, _) = sample();
    let records: Vec<&Record> = catalog.records().collect();
    let json = export::export(
        Format::CslJson,
        &records,
        catalog.settings(),
        &ExportOptions::default(),
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let text = crate::consumers::pandoc_render(
        &json,
        "---\nnocite: '@*'\n---\n",
        "chicago-notes-bibliography.csl",
        tmp.path(),
    );
    assert!(text.contains("September 1, 1975"), "{text}");
    assert!(!text.contains("September 01"), "{text}");
    // Translators credited after the title, never filing a document under them.
    assert!(text.contains("Translated by David Cowhig."), "{text}");
    assert!(!text.contains("Cowhig, David"), "{text}");
    assert!(!text.contains("Gheorghe, Eliza"), "{text}");
}
