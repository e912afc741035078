//! The real `folio` binary on temporary catalogs.
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::{code, fixtures, folio, get, sample_dir, stderr, stdout, synthetic};

const SEED_ID: &str = "1963-09-17-report-from-ji-pengfei-on-liu-shaoqis-conversation";

/// A new catalog in a temp folder, with the seed page imported.
fn seeded() -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c").to_string_lossy().into_owned();
    assert_eq!(code(&folio(&["new", &dir])), 0);
    let seed = fixtures().join("000_seed.txt");
    let out = folio(&["import", &dir, seed.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    (tmp, dir)
}

#[test]
fn new_import_get_shows_the_seed_record() {
    let (_tmp, dir) = seeded();
    let out = folio(&["get", &dir, SEED_ID]);
    assert_eq!(code(&out), 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["date"], "1963-09-17");
    assert_eq!(json["date_display"], "September 17, 1963");
    assert_eq!(
        json["title"],
        "Report from Ji Pengfei on Liu Shaoqi’s Conversation with Kim Il Sung"
    );
    assert_eq!(json["funders"], serde_json::json!(["MacArthur Foundation"]));
    assert!(
        json["summary"]
            .as_str()
            .unwrap()
            .starts_with("A Chinese report regarding an exchange of views")
    );
    assert_eq!(
        json["credits"],
        serde_json::json!([
            {"role": "obtained", "name": "Shen Zhihua"},
            {"role": "translated", "name": "Jeffrey Wang"},
            {"role": "translated", "name": "Charles Kraus"}
        ])
    );
    assert_eq!(
        get(&dir, SEED_ID, "title"),
        "Report from Ji Pengfei on Liu Shaoqi’s Conversation with Kim Il Sung"
    );
    assert_eq!(get(&dir, SEED_ID, "date"), "1963-09-17");
    let texts: serde_json::Value = serde_json::from_str(&get(&dir, SEED_ID, "texts")).unwrap();
    assert_eq!(texts[0]["kind"], "translation");
}

#[test]
fn reimporting_a_page_keeps_corrections_and_updates_only_when_asked() {
    let (_tmp, dir) = seeded();
    let seed = fixtures().join("000_seed.txt");
    let out = folio(&["import", &dir, seed.to_str().unwrap()]);
    assert!(stdout(&out).starts_with("unchanged"), "{}", stdout(&out));
    assert_eq!(
        fs::read_dir(Path::new(&dir).join("records"))
            .unwrap()
            .count(),
        1
    );
    // A correction by the cataloguer to a field the page lacks survives re-import.
    assert_eq!(
        code(&folio(&[
            "set",
            &dir,
            SEED_ID,
            "notes",
            "checked against the scan"
        ])),
        0
    );
    assert_eq!(
        code(&folio(&["set", &dir, SEED_ID, "summary", "edited"])),
        0
    );
    assert_eq!(
        code(&folio(&["set", &dir, SEED_ID, "date", "1963-09-18"])),
        0
    );
    // By default a re-import changes nothing and lists what differs.
    let before = fs::read(Path::new(&dir).join(format!("records/{SEED_ID}.ron"))).unwrap();
    let out = folio(&["import", &dir, seed.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with("differs"), "{}", stdout(&out));
    assert!(
        stdout(&out)
            .contains("the page differs in date, summary: not changed (--update applies the page)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        fs::read(Path::new(&dir).join(format!("records/{SEED_ID}.ron"))).unwrap(),
        before,
        "the corrections are kept, byte for byte"
    );
    // --update takes the page's values, and keeps the cataloguer's own fields.
    let out = folio(&["import", &dir, seed.to_str().unwrap(), "--update"]);
    assert!(stdout(&out).starts_with("updated"), "{}", stdout(&out));
    assert_eq!(get(&dir, SEED_ID, "notes"), "checked against the scan");
    assert!(get(&dir, SEED_ID, "summary").starts_with("A Chinese report"));
    assert_eq!(get(&dir, SEED_ID, "date"), "1963-09-17");
}

#[test]
fn importing_the_fixture_folder_reports_what_it_could_not_place() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c").to_string_lossy().into_owned();
    folio(&["new", &dir]);
    let out = folio(&["import", &dir, fixtures().to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("created")).count(),
        18
    );
    assert!(text.contains("note: Original Uploaded Date \"2011-11-\" is not a complete date"));
    assert!(text.contains("note: no date line at the top of the page"));
}

#[test]
fn one_word_set_is_a_one_line_git_diff() {
    let (_tmp, dir) = seeded();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        stdout(&out)
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "import"]);
    let texts =
        get(&dir, SEED_ID, "texts").replace("three and a half hours", "three and a quarter hours");
    let out = folio(&["set", &dir, SEED_ID, "texts", &texts]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // The paragraph is one line of the file, and the file keeps no "modified"
    // stamp: exactly one line changes.
    let numstat = git(&["diff", "--numstat", "--", &format!("records/{SEED_ID}.ron")]);
    assert!(numstat.starts_with("1\t1\t"), "{numstat}");
    let diff = git(&["diff", "-U0"]);
    let added: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    let removed: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .collect();
    assert_eq!((added.len(), removed.len()), (1, 1), "{diff}");
    assert!(added[0].contains("three and a quarter hours"), "{diff}");
    assert!(removed[0].contains("three and a half hours"), "{diff}");
}

#[test]
fn a_syntax_error_is_named_and_the_file_never_changes() {
    let (_tmp, dir) = seeded();
    let bad_path = Path::new(&dir).join("records/broken.ron");
    let bad =
        b"(\n    id: \"broken\",\n    title: \"A title\"\n    summary: \"no comma above\",\n)\n";
    fs::write(&bad_path, bad).unwrap();

    let out = folio(&["validate", &dir]);
    assert_eq!(code(&out), 1);
    let line = stdout(&out)
        .lines()
        .find(|l| l.contains("broken.ron"))
        .unwrap()
        .to_owned();
    assert!(line.contains("broken.ron:4:5: error:"), "{line}");

    let out = folio(&["stats", &dir]);
    assert!(
        stdout(&out).contains(": 1 record\n"),
        "the other record is still listed"
    );
    assert!(stdout(&out).contains("1 unreadable file"));
    assert_eq!(code(&out), 1);

    folio(&["fmt", &dir]);
    folio(&["fmt", "--check", &dir]);
    folio(&["set", &dir, SEED_ID, "title", "Changed"]);
    folio(&[
        "import",
        &dir,
        fixtures().join("000_seed.txt").to_str().unwrap(),
    ]);
    assert_eq!(
        fs::read(&bad_path).unwrap(),
        bad,
        "the bad file's bytes are unchanged"
    );
}

#[test]
fn invalid_ids_are_refused_and_nothing_escapes_the_catalog() {
    let (tmp, dir) = seeded();
    let out = folio(&["set", &dir, SEED_ID, "id", "../x"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("refused") && stderr(&out).contains("../x"),
        "{}",
        stderr(&out)
    );
    assert!(!tmp.path().join("x.ron").exists());
    assert!(!Path::new(&dir).join("x.ron").exists());
    assert!(
        Path::new(&dir)
            .join(format!("records/{SEED_ID}.ron"))
            .exists()
    );

    // A page whose record number would make an invalid id.
    let page =
        fs::read_to_string(fixtures().join("021_reconstructed-nakajima-statement-1967-11.txt"))
            .unwrap()
            .replace("Record ID\n\n300638", "Record ID\n\n../../evil");
    let page_path = tmp.path().join("evil.txt");
    fs::write(&page_path, page).unwrap();
    let out = folio(&["import", &dir, page_path.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("cannot make a record id"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_dir(Path::new(&dir).join("records"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn set_refuses_invalid_values_with_the_reason() {
    let (_tmp, dir) = seeded();
    let out = folio(&["set", &dir, SEED_ID, "date", "1963-02-30"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("February 1963 has 28 days"),
        "{}",
        stderr(&out)
    );
    let out = folio(&["set", &dir, SEED_ID, "title", ""]);
    assert!(stderr(&out).contains("a title is required"));
    let out = folio(&["set", &dir, SEED_ID, "colour", "red"]);
    assert!(stderr(&out).contains("unknown field \"colour\""));
    assert_eq!(get(&dir, SEED_ID, "date"), "1963-09-17");
    // Valid values are saved.
    assert_eq!(code(&folio(&["set", &dir, SEED_ID, "date", "1963-09~"])), 0);
    assert_eq!(get(&dir, SEED_ID, "date"), "1963-09~");
    assert_eq!(
        code(&folio(&[
            "set",
            &dir,
            SEED_ID,
            "people",
            r#"["Kim Il Sung","Liu Shaoqi"]"#
        ])),
        0
    );
    assert_eq!(
        get(&dir, SEED_ID, "people"),
        "[\n  \"Kim Il Sung\",\n  \"Liu Shaoqi\"\n]"
    );
}

#[test]
fn renaming_moves_the_file() {
    let (_tmp, dir) = seeded();
    assert_eq!(
        code(&folio(&["set", &dir, SEED_ID, "id", "ji-pengfei-1963"])),
        0
    );
    assert!(Path::new(&dir).join("records/ji-pengfei-1963.ron").exists());
    assert!(
        !Path::new(&dir)
            .join(format!("records/{SEED_ID}.ron"))
            .exists()
    );
    assert_eq!(get(&dir, "ji-pengfei-1963", "id"), "ji-pengfei-1963");
}

#[test]
fn validate_points_at_the_field() {
    let (_tmp, dir) = seeded();
    folio(&["set", &dir, SEED_ID, "related", r#"["missing-record"]"#]);
    let out = folio(&["validate", &dir]);
    assert_eq!(code(&out), 1);
    let text = fs::read_to_string(Path::new(&dir).join(format!("records/{SEED_ID}.ron"))).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("    related:"))
        .unwrap()
        + 1;
    let expected =
        format!("{SEED_ID}.ron:{line}:5: error: related record \"missing-record\" does not exist");
    assert!(stdout(&out).contains(&expected), "{}", stdout(&out));
}

#[test]
fn fmt_check_reports_and_fmt_rewrites() {
    let (_tmp, dir) = seeded();
    let path = Path::new(&dir).join(format!("records/{SEED_ID}.ron"));
    let canonical = fs::read_to_string(&path).unwrap();
    fs::write(&path, canonical.replace("    title:", "  title:")).unwrap();
    let out = folio(&["fmt", "--check", &dir]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("not in canonical form"));
    assert_eq!(code(&folio(&["fmt", &dir])), 0);
    assert_eq!(fs::read_to_string(&path).unwrap(), canonical);
    assert_eq!(code(&folio(&["fmt", "--check", &dir])), 0);
}

#[test]
fn export_then_import_json_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a").to_string_lossy().into_owned();
    let b = tmp.path().join("b").to_string_lossy().into_owned();
    folio(&["new", &a]);
    folio(&["import", &a, fixtures().to_str().unwrap()]);
    let json = tmp.path().join("all.json");
    let out = folio(&[
        "export",
        &a,
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = folio(&[
        "export",
        &a,
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
    ]);
    assert_eq!(
        code(&out),
        2,
        "an existing file is not replaced without --force"
    );
    assert!(stderr(&out).contains("--force"));

    folio(&["new", &b]);
    let out = folio(&["import", &b, json.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    for entry in fs::read_dir(Path::new(&a).join("records")).unwrap() {
        let entry = entry.unwrap();
        let copy = Path::new(&b).join("records").join(entry.file_name());
        assert_eq!(fs::read(entry.path()).unwrap(), fs::read(copy).unwrap());
    }
    // Transformed by a script and re-imported: the records are updated, not duplicated.
    let edited = fs::read_to_string(&json)
        .unwrap()
        .replace("\"status\": \"draft\"", "\"status\": \"reviewed\"");
    fs::write(&json, edited).unwrap();
    let out = folio(&["import", &b, json.to_str().unwrap()]);
    assert_eq!(
        stdout(&out)
            .lines()
            .filter(|l| l.starts_with("updated"))
            .count(),
        18
    );
    assert_eq!(get(&b, "wcda-300638", "status"), "reviewed");

    let out = folio(&[
        "export",
        &a,
        "--format",
        "json",
        "--ids",
        "wcda-300645,wcda-300638",
    ]);
    let records: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], "wcda-300645");
}

#[test]
fn a_newer_catalog_is_not_changed() {
    let (_tmp, dir) = seeded();
    fs::write(
        Path::new(&dir).join("catalog.ron"),
        "(\n    format_version: 4,\n    name: \"c\",\n)\n",
    )
    .unwrap();
    let out = folio(&["set", &dir, SEED_ID, "title", "x"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("newer Folio"), "{}", stderr(&out));
    assert_eq!(code(&folio(&["validate", &dir])), 0, "reading still works");
}

#[test]
fn errors_have_exit_code_2_and_every_command_has_help() {
    let out = folio(&["stats", "/nonexistent/catalog"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("not a Folio catalog"));
    // `open` checks the folder before any window opens.
    let out = folio(&["open", "/nonexistent/catalog"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("not a Folio catalog"));
    let out = folio(&["--help"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("Usage"));
    for command in [
        "open", "new", "import", "validate", "fmt", "get", "set", "export", "stats",
    ] {
        let out = folio(&[command, "--help"]);
        assert_eq!(code(&out), 0, "{command}");
    }
}

fn sample() -> String {
    sample_dir().to_string_lossy().into_owned()
}

#[test]
fn search_prints_ids_dates_and_titles() {
    let out = folio(&["search", &sample(), "title:telegram", "--sort", "date"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[0].starts_with(
            "1950-03-24-telegram-shtykov-to-vyshinskyy\t1950-03-24\tTelegram, Shtykov"
        )
    );
    let dates: Vec<&str> = lines
        .iter()
        .map(|l| l.split('\t').nth(1).unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);

    let out = folio(&["search", &sample(), "telegram -title:telegram", "--count"]);
    assert_eq!(stdout(&out).trim(), "2", "telegram in the text only");
    let out = folio(&["search", &sample(), "lang:japanese", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json[0]["id"], "wcda-300638");
    assert!(json[0]["score"].as_f64().unwrap() > 0.0);
    let out = folio(&["search", &sample(), "telegram", "--limit", "2"]);
    assert_eq!(stdout(&out).lines().count(), 2);
}

#[test]
fn a_malformed_query_warns_where_and_searches_the_words() {
    let out = folio(&["search", &sample(), "(nakajima", "--count"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out).trim(), "1");
    assert!(
        stderr(&out).contains("not a valid query at character 1: this parenthesis is not closed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn export_a_query_result() {
    let out = folio(&[
        "export",
        &sample(),
        "--format",
        "jsonl",
        "--query",
        "date:1950..1950",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let ids: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert!(ids.iter().all(|id| id.starts_with("1950-")));
    let out = folio(&[
        "export",
        &sample(),
        "--format",
        "csv",
        "--query",
        "x",
        "--ids",
        "a",
    ]);
    assert_eq!(code(&out), 2, "--ids and --query exclude each other");
}

#[test]
fn writing_commands_wait_for_a_held_catalog_then_refuse_with_a_fitting_message() {
    let (_tmp, dir) = seeded();
    let lock = folio::store::lock::CatalogLock::acquire(Path::new(&dir), "Folio").unwrap();
    let out = folio(&["set", &dir, SEED_ID, "title", "x", "--wait", "0.3"]);
    assert_eq!(code(&out), 2);
    let message = stderr(&out);
    assert!(
        message.contains("cannot change a record: the catalog is held by Folio, process")
            && message.contains("still held after 0.3 s")
            && message.contains("--wait SECONDS")
            && !message.contains("read-only"),
        "{message}"
    );
    let out = folio(&["fmt", &dir, "--wait", "0"]);
    assert!(
        stderr(&out).contains("cannot rewrite its files"),
        "{}",
        stderr(&out)
    );
    let out = folio(&["import", &dir, "nothing.txt", "--wait", "0"]);
    assert!(
        stderr(&out).contains("cannot import into it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(code(&folio(&["get", &dir, SEED_ID])), 0, "reading is fine");
    // A writer that lets go within the wait: the command goes ahead.
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(600));
        drop(lock);
    });
    let out = folio(&["set", &dir, SEED_ID, "title", "After the wait"]);
    release.join().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(get(&dir, SEED_ID, "title"), "After the wait");
    assert!(
        !Path::new(&dir).join(".folio.lock").exists(),
        "the command releases the lock"
    );
}

#[test]
fn new_catalogs_keep_folios_own_files_out_of_git() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    assert_eq!(code(&folio(&["new", dir.to_str().unwrap()])), 0);
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    assert!(git(&["init", "-q"]).status.success());
    // What a running Folio leaves beside the records: its lock, a save in progress,
    // an interrupted rename's intent.
    fs::write(dir.join(".folio.lock"), "pid = 1\n").unwrap();
    fs::write(dir.join("records/.folio-1234.tmp"), "half a record").unwrap();
    fs::write(dir.join("records/.folio-renames.ron"), "[]").unwrap();
    fs::write(dir.join("records/kept.ron"), "(id: \"kept\")").unwrap();
    let status = String::from_utf8(git(&["status", "--porcelain", "-uall"]).stdout).unwrap();
    let mut listed: Vec<&str> = status.lines().map(|l| &l[3..]).collect();
    listed.sort();
    assert_eq!(
        listed,
        [
            ".gitattributes",
            ".gitignore",
            "catalog.ron",
            "records/kept.ron"
        ],
        "{status}"
    );
    // The sample catalog ignores them too (running the app there makes a lock).
    let sample = fs::read_to_string(crate::support::sample_dir().join(".gitignore")).unwrap();
    assert_eq!(sample, folio::store::folder::GITIGNORE);
}

#[test]
fn stats_counts_a_decade_under_its_decade_and_no_year() {
    let (_tmp, dir) = crate::support::sample_copy();
    let d = dir.to_str().unwrap();
    let out = folio(&["set", d, "wcda-300638", "date", "196X"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = folio(&["stats", d]);
    let text = stdout(&out);
    let section = |title: &str| -> Vec<String> {
        text.split(&format!("\n{title}\n"))
            .nth(1)
            .unwrap_or_default()
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .lines()
            .map(|l| l.trim().to_owned())
            .collect()
    };
    let years = section("By year");
    assert!(
        years.iter().any(|l| l == "1  (year unspecified)"),
        "{years:?}"
    );
    // The sample has one record of 1960 (the Puzanov journal): 196X does not join it.
    assert!(
        years.iter().any(|l| l == "1  1960"),
        "196X is not the year 1960: {years:?}"
    );
    let decades = section("By decade");
    assert!(
        decades.iter().any(|l| l.ends_with("  1960s")),
        "{decades:?}"
    );
}

/// The archive's name and the catalog's address are set when the catalog is made,
/// or later, and every citation then has them.
#[test]
fn new_and_settings_set_the_archive_cited_and_the_base_url() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("koreas");
    let d = dir.to_str().unwrap();
    let out = crate::support::folio(&["new", d, "--archive", "Wilson Center Digital Archive"]);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let settings = std::fs::read_to_string(dir.join("catalog.ron")).unwrap();
    assert!(
        settings.contains("    format_version: 2,\n"),
        "only version 2 settings: {settings}"
    );
    let out = crate::support::folio(&[
        "import",
        d,
        crate::support::fixtures()
            .join("000_seed.txt")
            .to_str()
            .unwrap(),
    ]);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let out = crate::support::folio(&["export", d, "--format", "citation"]);
    assert!(
        crate::support::stdout(&out)
            .contains("September 17, 1963, Wilson Center Digital Archive, PRC FMA"),
        "{}",
        crate::support::stdout(&out)
    );
    let out = crate::support::folio(&["settings", d, "--base-url", "archive.example.org"]);
    assert_eq!(crate::support::code(&out), 2, "not a web address: refused");
    let out = crate::support::folio(&[
        "settings",
        d,
        "--base-url",
        "https://archive.example.org/koreas",
    ]);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let settings = std::fs::read_to_string(dir.join("catalog.ron")).unwrap();
    // Version 3 settings: the Folio before them opens this catalog read-only
    // instead of refusing it.
    assert!(settings.contains("    format_version: 3,\n"), "{settings}");
    assert!(
        settings.contains("    base_url: \"https://archive.example.org/koreas\",\n"),
        "{settings}"
    );
    let out = crate::support::folio(&["settings", d]);
    assert!(
        crate::support::stdout(&out).contains("OAI-PMH repository: archive.example.org\n"),
        "{}",
        crate::support::stdout(&out)
    );
}

/// Pages imported into a catalog that names no archive: the import says how to name
/// it, since their citations would name none.
#[test]
fn importing_into_a_catalog_without_an_archive_says_how_to_name_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("koreas");
    let d = dir.to_str().unwrap();
    assert!(crate::support::folio(&["new", d]).status.success());
    let out = crate::support::folio(&[
        "import",
        d,
        crate::support::fixtures()
            .join("021_reconstructed-nakajima-statement-1967-11.txt")
            .to_str()
            .unwrap(),
    ]);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    assert!(
        crate::support::stderr(&out).contains(&format!(
            "note: the catalog names no archive, so citations of these records name none: \
             folio settings {d} --archive \"History and Public Policy Program Digital Archive\""
        )),
        "{}",
        crate::support::stderr(&out)
    );
}

/// A name order settled in catalog.ron's names list, spelling variants included, is
/// what every citation export writes (the guess would take "Ouyang" for a given
/// name: it is no family name it knows).
#[test]
fn the_names_list_in_catalog_ron_settles_every_exports_name_order() {
    let (_tmp, dir) = crate::support::sample_copy();
    let d = dir.to_str().unwrap();
    let settings = std::fs::read_to_string(dir.join("catalog.ron")).unwrap().replace(
        "    archive_name:",
        "    names: [\n        (name: \"Ouyang Xiu\", order: family_first, variants: [\"Ou-yang Hsiu\"]),\n    ],\n    archive_name:",
    );
    std::fs::write(dir.join("catalog.ron"), settings).unwrap();
    let record = "1963-11-23-cable-from-the-chinese-embassy-in-north-korea";
    let export = |format: &str| {
        let out = crate::support::folio(&["export", d, "--format", format, "--ids", record]);
        assert!(out.status.success(), "{}", crate::support::stderr(&out));
        crate::support::stdout(&out)
    };
    for (authors, ris) in [
        ("Ouyang Xiu", "Ouyang, Xiu"),
        ("Ou-yang Hsiu", "Ou-yang, Hsiu"),
    ] {
        let out =
            crate::support::folio(&["set", d, record, "authors", &format!("[\"{authors}\"]")]);
        assert!(out.status.success(), "{}", crate::support::stderr(&out));
        let csl = export("csl");
        assert!(
            csl.contains(&format!("\"literal\": \"{authors}\"")),
            "{csl}"
        );
        let bib = export("bibtex");
        assert!(
            bib.contains(&format!("  author = {{{{{authors}}}}},\n")),
            "{bib}"
        );
        let ris_text = export("ris");
        assert!(ris_text.contains(&format!("AU  - {ris}\r\n")), "{ris_text}");
        let chicago = export("chicago");
        assert!(
            chicago.starts_with(&format!("{authors}. “Cable")),
            "{chicago}"
        );
    }
}

/// A catalog larger than a batch is exported a batch at a time, and the file is
/// byte for byte the export of every record at once; an unreadable file is said
/// and left out, and an existing file is replaced only with --force.
#[test]
fn a_big_export_is_written_in_batches_as_the_whole_export_would_be() {
    let (tmp, dir) = synthetic(2_500, 11);
    let (_, catalog) = folio::store::open(&dir).unwrap();
    let all: Vec<&folio::model::Record> = catalog.records().collect();
    let d = dir.to_str().unwrap();
    for (format, name) in [
        (folio::export::Format::Json, "json"),
        (folio::export::Format::Csv, "csv"),
        (folio::export::Format::Ris, "ris"),
    ] {
        let out = tmp.path().join(format!("all.{name}"));
        let o = folio(&["export", d, "--format", name, "-o", out.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(
            stderr(&o).contains("exported 2500 records"),
            "{}",
            stderr(&o)
        );
        let options = folio::export::ExportOptions::default();
        let whole = folio::export::export(format, &all, catalog.settings(), &options).unwrap();
        assert!(fs::read(&out).unwrap() == whole, "{name} differs");
        let again = folio(&["export", d, "--format", name, "-o", out.to_str().unwrap()]);
        assert_eq!(code(&again), 2, "{}", stderr(&again));
        assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    }
    fs::write(dir.join("records/syn-0001200.ron"), "(id: ").unwrap();
    let o = folio(&["export", d, "--format", "jsonl"]);
    assert_eq!(code(&o), 1);
    assert_eq!(stdout(&o).lines().count(), 2_499);
    assert!(stderr(&o).contains("syn-0001200.ron"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 record file could not be read"),
        "{}",
        stderr(&o)
    );
}
