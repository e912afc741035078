//! The citation exports read by the programs scholars use: pandoc's citation
//! processor (two Chicago styles), citeproc-py, rispy and bibtexparser, on the sample's
//! main record and records made to be hard (East Asian and Western names that look
//! alike, translators, a decade, a season, a circa date, a range).
//!
//! Each consumer is skipped, saying so, where it is not installed, unless
//! `FOLIO_CONSUMERS=required` (as `.ci/run` sets, after installing them): then a
//! missing consumer fails the test.

use std::path::Path;
use std::process::Command;

use folio::export::{self, ExportOptions, Format};
use folio::model::{ArchivalDate, Credit, CreditRole, Record, RecordId};
use folio::store::CatalogSettings;

use crate::support::{root, sample_dir};

/// Whether `program --version` runs; a failing test where consumers are required.
fn available(program: &str, args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("FOLIO_CONSUMERS").as_deref() != Ok("required"),
            "{program} is required here (FOLIO_CONSUMERS=required) and does not run"
        );
        eprintln!("skipped: {program} {} does not run", args.join(" "));
    }
    ok
}

fn python_has(module: &str) -> bool {
    available("python3", &["-c", &format!("import {module}")])
}

fn record(id: &str, title: &str, date: &str) -> Record {
    let mut r = Record::new(RecordId::new(id).unwrap(), title);
    r.date = Some(ArchivalDate::parse(date).unwrap());
    r
}

fn translated_by(names: &[&str]) -> Vec<Credit> {
    names
        .iter()
        .map(|n| Credit {
            role: CreditRole::Translated,
            name: (*n).into(),
        })
        .collect()
}

/// The sample's main record and the hard ones, with the sample's settings.
pub fn tricky() -> (CatalogSettings, Vec<Record>) {
    let (_, catalog) = folio::store::open(&sample_dir()).unwrap();
    let main = catalog
        .get(
            &RecordId::new("1963-09-17-report-from-ji-pengfei-on-liu-shaoqis-conversation")
                .unwrap(),
        )
        .unwrap()
        .clone();
    let mut zhou = record(
        "zhou-mao",
        "Telegram from Zhou Enlai and Mao Zedong to Kim Il Sung",
        "1950-21",
    );
    zhou.authors = vec!["Zhou Enlai".into(), "Mao Zedong".into()];
    zhou.doc_type = "Telegram".into();
    zhou.source = "PRC FMA 1, 3-4. Translated by Chen Zhihong.".into();
    zhou.credits = translated_by(&["Chen Zhihong"]);
    let mut kim = record("kim-decade", "Speech on the Juche Idea", "196X");
    kim.authors = vec!["Kim Il Sung".into()];
    kim.source = "RGANI, f. 5, op. 49, d. 3.".into();
    let mut hamilton = record("hamilton", "Letter on the Korean Armistice", "1950~");
    hamilton.date_display = "circa 1950".into();
    hamilton.authors = vec!["Lee H. Hamilton".into()];
    hamilton.source = "Hamilton Papers, box 3. Translated by Kim Christiaens.".into();
    hamilton.credits = translated_by(&["Kim Christiaens"]);
    hamilton.urls = vec!["https://example.org/doc_1%20a#p2".into()];
    let mut range = record(
        "consultation",
        "Records of the Consultation in Pyongyang",
        "1966-12-19/1966-12-24",
    );
    range.source = "MOL, XIX-J-1-j Korea, 1966, 5. doboz".into();
    (
        catalog.settings().clone(),
        vec![main, zhou, kim, hamilton, range],
    )
}

fn exported(format: Format) -> Vec<u8> {
    let (settings, records) = tricky();
    let refs: Vec<&Record> = records.iter().collect();
    export::export(format, &refs, &settings, &ExportOptions::default()).unwrap()
}

/// What pandoc prints for the Markdown `doc` citing the CSL-JSON `csl_json`, with
/// its bibliography, in the style `csl` (a file of `tests/schemas/csl/`).
pub fn pandoc_render(csl_json: &[u8], doc: &str, csl: &str, dir: &Path) -> String {
    let bib = dir.join("records.json");
    std::fs::write(&bib, csl_json).unwrap();
    let doc_path = dir.join("doc.md");
    std::fs::write(&doc_path, doc).unwrap();
    let out = Command::new("pandoc")
        .arg(&doc_path)
        .arg("--citeproc")
        .arg("--csl")
        .arg(root().join("tests/schemas/csl").join(csl))
        .arg("--bibliography")
        .arg(&bib)
        .args(["-t", "plain", "--wrap=none"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What pandoc prints for a paragraph citing every tricky record, with its
/// bibliography, in the style `csl`.
fn pandoc(csl: &str, dir: &Path) -> String {
    pandoc_render(
        &exported(Format::CslJson),
        "One [@1963-09-17-report-from-ji-pengfei-on-liu-shaoqis-conversation]. \
         Two [@zhou-mao]. Three [@kim-decade]. Four [@hamilton]. Five [@consultation].\n",
        csl,
        dir,
    )
}

#[test]
fn pandoc_prints_notes_and_bibliography_in_chicago_notes_style() {
    if !available("pandoc", &["--version"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let text = pandoc("chicago-notes-bibliography.csl", tmp.path());
    let expected: [&str; 11] = [
        "One.[1] Two.[2] Three.[3] Four.[4] Five.[5]",
        // The bibliography: documents under their authors (family-first names as
        // written, under Z and K), the others under their titles, never under a
        // translator.
        "Hamilton, Lee H. “Letter on the Korean Armistice.” Translated by Kim Christiaens. c. 1950. Hamilton Papers, box 3. History and Public Policy Program Digital Archive. https://example.org/doc_1%20a#p2.",
        "Kim Il Sung. “Speech on the Juche Idea.” 1960s. RGANI, f. 5, op. 49, d. 3. History and Public Policy Program Digital Archive.",
        "“Records of the Consultation in Pyongyang.” December 19–24, 1966. MOL, XIX-J-1-j Korea, 1966, 5. doboz. History and Public Policy Program Digital Archive.",
        "“Report from Ji Pengfei on Liu Shaoqi’s Conversation with Kim Il Sung.” Translated by Jeffrey Wang and Charles Kraus. September 17, 1963. PRC FMA 203-00566-02, 137-138. History and Public Policy Program Digital Archive.",
        "Zhou Enlai, and Mao Zedong. “Telegram from Zhou Enlai and Mao Zedong to Kim Il Sung.” Telegram. Translated by Chen Zhihong. Spring 1950. PRC FMA 1, 3-4. History and Public Policy Program Digital Archive.",
        // The notes.
        "[1] “Report from Ji Pengfei on Liu Shaoqi’s Conversation with Kim Il Sung,” translated by Jeffrey Wang and Charles Kraus, September 17, 1963, PRC FMA 203-00566-02, 137-138, History and Public Policy Program Digital Archive.",
        "[2] Zhou Enlai and Mao Zedong, “Telegram from Zhou Enlai and Mao Zedong to Kim Il Sung,” telegram, trans. Chen Zhihong, Spring 1950, PRC FMA 1, 3-4, History and Public Policy Program Digital Archive.",
        "[3] Kim Il Sung, “Speech on the Juche Idea,” 1960s, RGANI, f. 5, op. 49, d. 3, History and Public Policy Program Digital Archive.",
        "[4] Lee H. Hamilton, “Letter on the Korean Armistice,” trans. Kim Christiaens, c. 1950, Hamilton Papers, box 3, History and Public Policy Program Digital Archive, https://example.org/doc_1%20a#p2.",
        "[5] “Records of the Consultation in Pyongyang,” December 19–24, 1966, MOL, XIX-J-1-j Korea, 1966, 5. doboz, History and Public Policy Program Digital Archive.",
    ];
    assert_eq!(text, format!("{}\n", expected.join("\n\n")));
}

#[test]
fn pandoc_prints_citations_and_bibliography_in_chicago_author_date_style() {
    if !available("pandoc", &["--version"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let text = pandoc("chicago-author-date.csl", tmp.path());
    let expected: [&str; 6] = [
        "One (“Report from Ji Pengfei on Liu Shaoqi’s Conversation with Kim Il Sung” 1963). Two (Zhou Enlai and Mao Zedong 1950). Three (Kim Il Sung 1960s). Four (Hamilton c. 1950). Five (“Records of the Consultation in Pyongyang” 1966).",
        // The style prints a date it cannot split (the decade, the circa year) twice.
        "Hamilton, Lee H. c. 1950. “Letter on the Korean Armistice.” Translated by Kim Christiaens. c. 1950. Hamilton Papers, box 3. History and Public Policy Program Digital Archive. https://example.org/doc_1%20a#p2.",
        "Kim Il Sung. 1960s. “Speech on the Juche Idea.” 1960s. RGANI, f. 5, op. 49, d. 3. History and Public Policy Program Digital Archive.",
        "“Records of the Consultation in Pyongyang.” 1966. December 19–24. MOL, XIX-J-1-j Korea, 1966, 5. doboz. History and Public Policy Program Digital Archive.",
        "“Report from Ji Pengfei on Liu Shaoqi’s Conversation with Kim Il Sung.” 1963. Translated by Jeffrey Wang and Charles Kraus. September 17. PRC FMA 203-00566-02, 137-138. History and Public Policy Program Digital Archive.",
        "Zhou Enlai, and Mao Zedong. 1950. “Telegram from Zhou Enlai and Mao Zedong to Kim Il Sung.” Telegram. Translated by Chen Zhihong. Spring. PRC FMA 1, 3-4. History and Public Policy Program Digital Archive.",
    ];
    assert_eq!(text, format!("{}\n", expected.join("\n\n")));
}

/// What `consumer` reads from the export in `format` (see `tests/consumers/`).
fn read_by(consumer: &str, format: Format, extra: &[&str]) -> serde_json::Value {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join(format!("records.{}", format.extension()));
    std::fs::write(&file, exported(format)).unwrap();
    let out = Command::new("python3")
        .arg(root().join("tests/consumers/read_exports.py"))
        .arg(consumer)
        .arg(&file)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The entry of a consumer's list of entries whose `key` is `id`.
fn entry_of(read: &serde_json::Value, key: &str, id: &str) -> serde_json::Value {
    read.as_array()
        .and_then(|entries| entries.iter().find(|e| e[key] == id))
        .unwrap_or_else(|| panic!("{id} in {read:#}"))
        .clone()
}

#[test]
fn citeproc_py_reads_names_and_credits_right() {
    if !python_has("citeproc") {
        return;
    }
    let style = root().join("tests/schemas/csl/chicago-notes-bibliography.csl");
    let read = read_by("citeproc", Format::CslJson, &[style.to_str().unwrap()]);
    let note = |id: &str| read["notes"][id].as_str().unwrap().to_owned();
    // citeproc-py puts punctuation outside the quotes and gives Western given names
    // as initials (it ignores the style's `initialize="false"`): its own ways.
    assert_eq!(
        note("zhou-mao"),
        "Zhou Enlai and Mao Zedong, “Telegram from Zhou Enlai and Mao Zedong to Kim Il Sung”, \
         telegram, trans. Chen Zhihong, Spring 1950, PRC FMA 1, 3-4, \
         History and Public Policy Program Digital Archive."
    );
    assert_eq!(
        note("kim-decade"),
        "Kim Il Sung, “Speech on the Juche Idea”, 1960s, RGANI, f. 5, op. 49, d. 3, \
         History and Public Policy Program Digital Archive."
    );
    assert_eq!(
        note("1963-09-17-report-from-ji-pengfei-on-liu-shaoqis-conversation"),
        "“Report from Ji Pengfei on Liu Shaoqi’s Conversation with Kim Il Sung”, \
         translated by Jeffrey Wang and Charles Kraus, September 17, 1963, \
         PRC FMA 203-00566-02, 137-138, History and Public Policy Program Digital Archive."
    );
    assert!(note("hamilton").starts_with("L. H. Hamilton, “Letter"));
    assert!(note("hamilton").contains("trans. K. Christiaens, c. 1950,"));
    let bibliography: Vec<&str> = read["bibliography"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    let filed_under = |start: &str| bibliography.iter().filter(|e| e.starts_with(start)).count();
    assert_eq!(
        filed_under("Zhou Enlai, and Mao Zedong. “Telegram"),
        1,
        "{bibliography:#?}"
    );
    assert_eq!(filed_under("Kim Il Sung. “Speech"), 1, "{bibliography:#?}");
    assert_eq!(
        filed_under("Hamilton, L. H. “Letter"),
        1,
        "{bibliography:#?}"
    );
    assert_eq!(
        filed_under("“Report from Ji Pengfei"),
        1,
        "{bibliography:#?}"
    );
    assert!(
        !bibliography
            .iter()
            .any(|e| e.contains("Wang, J") || e.contains("Christiaens, K")),
        "no document is filed under a translator: {bibliography:#?}"
    );
}

#[test]
fn rispy_reads_names_types_dates_and_call_numbers() {
    if !python_has("rispy") {
        return;
    }
    let read = read_by("rispy", Format::Ris, &[]);
    let entry = |id: &str| entry_of(&read, "id", id);
    let zhou = entry("zhou-mao");
    assert_eq!(
        zhou["authors"],
        serde_json::json!(["Zhou, Enlai", "Mao, Zedong"])
    );
    assert_eq!(
        zhou["subsidiary_authors"],
        serde_json::json!(["Chen, Zhihong"])
    );
    assert_eq!(zhou["type_of_work"], "Telegram");
    assert_eq!(zhou["date"], "1950///Spring", "the season kept");
    assert_eq!(zhou["accession_number"], "PRC FMA 1, 3-4");
    let hamilton = entry("hamilton");
    assert_eq!(hamilton["authors"], serde_json::json!(["Hamilton, Lee H."]));
    assert_eq!(
        hamilton["subsidiary_authors"],
        serde_json::json!(["Christiaens, Kim"])
    );
    assert_eq!(
        hamilton["notes"],
        serde_json::json!([
            "Translated by Kim Christiaens.",
            "Date: circa 1950 (EDTF 1950~)"
        ]),
        "the date said once"
    );
    assert_eq!(
        hamilton["urls"],
        serde_json::json!(["https://example.org/doc_1%20a#p2"])
    );
    let main = entry("1963-09-17-report-from-ji-pengfei-on-liu-shaoqis-conversation");
    assert!(main.get("authors").is_none(), "{main:#}");
    assert_eq!(main["accession_number"], "PRC FMA 203-00566-02, 137-138");
    assert_eq!(
        entry("kim-decade")["authors"],
        serde_json::json!(["Kim, Il Sung"])
    );
}

#[test]
fn bibtexparser_reads_names_types_and_urls() {
    if !python_has("bibtexparser") {
        return;
    }
    let read = read_by("bibtexparser", Format::Bibtex, &[]);
    let entry = |id: &str| entry_of(&read, "ID", id);
    let zhou = entry("zhou-mao");
    // Braced whole: biblatex prints "Zhou Enlai" and sorts it under Z.
    assert_eq!(zhou["author"], "{Zhou Enlai} and {Mao Zedong}");
    assert_eq!(zhou["translator"], "{Chen Zhihong}");
    assert_eq!(zhou["type"], "Telegram");
    let hamilton = entry("hamilton");
    assert_eq!(hamilton["author"], "Hamilton, Lee H.");
    assert_eq!(hamilton["translator"], "Christiaens, Kim");
    assert_eq!(
        hamilton["url"], "https://example.org/doc_1%20a#p2",
        "verbatim"
    );
    let main = entry("1963-09-17-report-from-ji-pengfei-on-liu-shaoqis-conversation");
    assert!(main.get("author").is_none(), "{main:#}");
    assert_eq!(main["translator"], "Wang, Jeffrey and Kraus, Charles");
    assert_eq!(
        main["addendum"],
        "PRC FMA 203-00566-02, 137-138. Obtained by Shen Zhihua and translated by Jeffrey Wang and Charles Kraus."
    );
}

/// The records an OAI-PMH harvester gets when it asks `ListRecords` `from` a time
/// (the spec's selective harvesting: datestamps on or after it) of a Dublin Core
/// export, by identifier; and the export's response date.
fn harvest(xml: &str, from: &str) -> (Vec<String>, String) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut path, mut found, mut response_date) = (Vec::new(), Vec::new(), String::new());
    let mut identifier = String::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => path.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap()),
            Event::End(_) => {
                path.pop();
            }
            Event::Text(t) => {
                let text = t.decode().unwrap().into_owned();
                match path
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .as_slice()
                {
                    ["OAI-PMH", "responseDate"] => response_date = text,
                    [.., "header", "identifier"] => identifier = text,
                    // ISO 8601 UTC stamps of one granularity compare as text.
                    [.., "header", "datestamp"] if text.as_str() >= from => {
                        found.push(identifier.clone());
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (found, response_date)
}

#[test]
fn a_harvester_asking_from_its_last_visit_finds_the_edited_record() {
    let (_tmp, dir) = crate::support::sample_copy();
    std::fs::write(
        dir.join("catalog.ron"),
        std::fs::read_to_string(dir.join("catalog.ron"))
            .unwrap()
            .replace(
                "    archive_name:",
                "    base_url: \"https://koreas.example.org/\",\n    archive_name:",
            ),
    )
    .unwrap();
    // Everything as it was the day after the sample's records were made: the files
    // and the commit.
    let day_after =
        std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_824_000);
    for entry in std::fs::read_dir(dir.join("records")).unwrap() {
        let file = std::fs::File::options()
            .write(true)
            .open(entry.unwrap().path())
            .unwrap();
        file.set_modified(day_after).unwrap();
    }
    crate::vcs::git(&dir, &["init", "-q", "-b", "main"]);
    crate::vcs::git(&dir, &["add", "."]);
    let commit = |message: &str, date: &str| {
        let out = Command::new("git")
            .args(["-c", "user.name=Ana", "-c", "user.email=ana@example.org"])
            .args(["commit", "-qam", message])
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_DATE", date)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    commit("The sample catalog", "2026-11-28T00:00:00Z");
    let export = || {
        let out = crate::support::folio(&["export", dir.to_str().unwrap(), "--format", "dc"]);
        assert!(out.status.success(), "{}", crate::support::stderr(&out));
        crate::support::stdout(&out)
    };
    let before = export();
    let (all, last_visit) = harvest(&before, "0000");
    assert_eq!(all.len(), 18);
    assert!(
        last_visit.as_str() >= "2026-11-28T00:00:00Z",
        "{last_visit}"
    );
    assert!(
        all.contains(&"oai:koreas.example.org:wcda-300638".to_owned()),
        "oai identifiers under the catalog's host: {all:?}"
    );
    // A correction, committed a day later.
    let edited = "1950-03-24-telegram-shtykov-to-vyshinskyy";
    let out = crate::support::folio(&[
        "set",
        dir.to_str().unwrap(),
        edited,
        "title",
        "Telegram, Shtykov to Vyshinsky",
    ]);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    commit("Correct a title", "2026-11-29T00:00:00Z");
    let (changed, _) = harvest(&export(), &last_visit);
    assert_eq!(changed, [format!("oai:koreas.example.org:{edited}")]);
    // A visit after that finds nothing new.
    let (_, second_visit) = harvest(&export(), "0000");
    let third = harvest(&export(), &second_visit).0;
    assert!(
        third.is_empty() || third == [format!("oai:koreas.example.org:{edited}")],
        "at most the record changed in the second of the visit: {third:?}"
    );
}

#[test]
fn biber_reads_the_bibtex_dates_and_fields() {
    if !available("biber", &["--version"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("records.bib"), exported(Format::Bibtex)).unwrap();
    let out = Command::new("biber")
        .args([
            "--tool",
            "--validate-datamodel",
            "--output-file=out.bib",
            "records.bib",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{log}");
    // What biber's data model says, line by line: a document without an author
    // lacks @unpublished's "mandatory" author (biblatex cites it by title), and
    // `translator`, which @unpublished does not print, is kept for Zotero and
    // JabRef (the addendum says it for biblatex). Nothing else: every date, the
    // seasons, decades, ranges and circa dates included, reads as a date.
    let warnings: Vec<&str> = log.lines().filter(|l| l.starts_with("WARN")).collect();
    for warning in &warnings {
        assert!(
            warning.contains("Missing mandatory field 'author'")
                || warning.contains("Invalid field 'translator'"),
            "{warning}\n{log}"
        );
    }
    // Biber's own rewriting of the file: the names whole, the season understood,
    // the URL verbatim, the type kept.
    let read = std::fs::read_to_string(tmp.path().join("out.bib")).unwrap();
    for expected in [
        "  AUTHOR = {{Zhou Enlai} and {Mao Zedong}},\n",
        "  YEARDIVISION = {spring},\n",
        "  TYPE = {Telegram},\n",
        "  AUTHOR = {Hamilton, Lee H.},\n",
        "  URL = {https://example.org/doc_1%20a#p2},\n",
        "  ADDENDUM = {PRC FMA 203-00566-02, 137-138. Obtained by Shen Zhihua and translated by Jeffrey Wang and Charles Kraus.},\n",
    ] {
        assert!(read.contains(expected), "{expected:?} in:\n{read}");
    }
}

/// The change times come from git for a catalog in a folder below the top of its
/// work tree, whose name has a pattern's characters, exported from inside it as `.`.
#[test]
fn datestamps_come_from_git_for_a_catalog_below_the_top_opened_as_dot() {
    // The sample's records were made on 27 November 2026.
    let (tmp, sample) = crate::support::sample_copy();
    let top = tmp.path().join("team");
    let dir = top.join("Korea [1950s]");
    std::fs::create_dir_all(&top).unwrap();
    std::fs::rename(&sample, &dir).unwrap();
    // The files older than their records, and their commit a day later, which
    // only git can say.
    let older = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_737_600);
    for entry in std::fs::read_dir(dir.join("records")).unwrap() {
        let file = std::fs::File::options()
            .write(true)
            .open(entry.unwrap().path())
            .unwrap();
        file.set_modified(older).unwrap();
    }
    crate::vcs::git(&top, &["init", "-q", "-b", "main"]);
    crate::vcs::git(&top, &["add", "."]);
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Ana",
            "-c",
            "user.email=ana@example.org",
            "commit",
            "-qm",
            "Two records",
        ])
        .env("GIT_COMMITTER_DATE", "2026-11-28T00:00:00Z")
        .current_dir(&top)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["export", ".", "--format", "dc"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let xml = crate::support::stdout(&out);
    assert_eq!(
        xml.matches("<datestamp>2026-11-28T00:00:00Z</datestamp>")
            .count(),
        18,
        "{xml}"
    );
}
