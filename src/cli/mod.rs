//! The subcommands of `folio`. Exit codes: 0 ok, 1 problems found, 2 could not run.
//!
//! Each command opens the catalog (for reading, or holding its lock for writing),
//! does its work through the library, and says what happened: results on standard
//! output, warnings and problems on standard error. A closed pipe (`| head`) stops a
//! command quietly (see `main`).

mod bulk;
mod check;
mod exchange;
mod git;
mod open;
mod records;
mod share;

use std::path::PathBuf;

#[cfg(not(feature = "gui"))]
use clap::CommandFactory;
use clap::{Parser, ValueEnum};

/// Folio: a catalog of archival records, kept as one RON file per record.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    subcommand: Option<Subcommand>,
}

/// How long a writing command waits for a catalog another program holds.
#[derive(Debug, Clone, Copy, clap::Args)]
struct Wait {
    /// Wait this many seconds for another program (the app saving, another command)
    /// to let go of the catalog before giving up.
    #[arg(long = "wait", value_name = "SECONDS", default_value_t = 10.0)]
    seconds: f64,
}

/// The catalog settings that `folio new` and `folio settings` take.
#[derive(Debug, clap::Args)]
struct SettingsArgs {
    /// The holding archive's name, as citations give it (`History and Public Policy
    /// Program Digital Archive`).
    #[arg(long)]
    archive: Option<String>,
    /// The catalog's address on the web (`https://archive.example.org/`).
    #[arg(long)]
    base_url: Option<String>,
    /// The OAI-PMH repository identifier (`archive.example.org`).
    #[arg(long)]
    oai_repository: Option<String>,
}

/// What `folio` is asked to do (the app's menu commands are `ui::command::Command`).
#[derive(Debug, clap::Subcommand)]
enum Subcommand {
    /// Open a catalog in the desktop app (with no subcommand, `folio` opens the last
    /// catalog used, or the sample catalog).
    Open {
        /// The catalog folder.
        dir: PathBuf,
    },
    /// Create a new, empty catalog folder.
    New {
        /// The folder to create (it must not exist, or be empty).
        dir: PathBuf,
        /// The catalog's name (default: the folder's name).
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        settings: SettingsArgs,
    },
    /// Show the catalog's settings (catalog.ron), or change those given.
    ///
    /// The archive's name is cited in every citation and export; the base URL makes
    /// attachment links absolute and gives the OAI-PMH identifiers their repository
    /// (unless --oai-repository names another). Names whose order the catalog
    /// settles are in catalog.ron's `names` list (see the README).
    Settings {
        /// The catalog folder.
        dir: PathBuf,
        /// The catalog's name.
        #[arg(long)]
        name: Option<String>,
        /// What the collection is and where it comes from.
        #[arg(long)]
        description: Option<String>,
        #[command(flatten)]
        settings: SettingsArgs,
        #[command(flatten)]
        wait: Wait,
    },
    /// Import digital-archive record pages or a JSON export into a catalog.
    ///
    /// Each input is a file or a folder (its .txt and .json files). A page imported
    /// before is not applied again: the fields where it differs from its record
    /// (corrected since, perhaps) are listed; --update applies them. A JSON record
    /// changed in the catalog since it was exported is not imported (that would
    /// revert the change) unless --force.
    Import {
        /// The catalog folder.
        dir: PathBuf,
        /// Files or folders to import.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The input format (detected from each file when not given).
        #[arg(long, value_enum)]
        format: Option<ImportFormat>,
        /// Apply the values of pages imported before to their records (notes,
        /// status, related records and attachments are kept).
        #[arg(long)]
        update: bool,
        /// Import JSON records and CSV rows even when their record changed in the
        /// catalog since the export.
        #[arg(long)]
        force: bool,
        /// CSV: print what the import would change, row by row, and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// CSV: import the valid rows when some are not (by default nothing is
        /// written when any row is invalid).
        #[arg(long)]
        skip_invalid: bool,
        /// CSV: the delimiter (`,`, `;` or `tab`; detected from the header row when
        /// not given).
        #[arg(long, value_parser = delimiter)]
        delimiter: Option<u8>,
        /// CSV: print the plan as JSON.
        #[arg(long)]
        json: bool,
        /// Spreadsheets: apply values a spreadsheet program only rewrote (`August
        /// 1949` saved as `08/01/49`, `000123` as `123`) in records unchanged since
        /// the export; by default they are listed and left as they are.
        #[arg(long)]
        apply_reformatted: bool,
        #[command(flatten)]
        wait: Wait,
    },
    /// Check every record; print problems as `path:line:col: error|warning: message`.
    Validate {
        /// The catalog folder.
        dir: PathBuf,
    },
    /// Rewrite every record file in canonical form (or only report, with --check).
    Fmt {
        /// The catalog folder.
        dir: PathBuf,
        /// Report the files that are not in canonical form; change nothing.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        wait: Wait,
    },
    /// Set a catalog in a git repository up for merges: write what its .gitignore
    /// and .gitattributes lack, and register `folio merge-driver` in the
    /// repository's configuration, so that two branches that changed different
    /// fields of a record merge cleanly. Running it again changes nothing.
    GitSetup {
        /// The catalog folder (inside a git work tree).
        dir: PathBuf,
        /// Also keep attachments (scans, PDFs) in Git LFS, for servers that
        /// support it (needs `git lfs`; attachments committed before stay in git).
        #[arg(long)]
        lfs: bool,
    },
    /// Merge three versions of a record file field by field (git runs this, as
    /// `folio merge-driver %O %A %B %P`, once `folio git-setup` has registered it).
    ///
    /// The result goes to OURS. A field changed both ways is kept in both versions
    /// between conflict markers, and the exit code is 1.
    MergeDriver {
        /// The common ancestor's version.
        base: PathBuf,
        /// Our version, replaced by the result.
        ours: PathBuf,
        /// Their version.
        theirs: PathBuf,
        /// The file's path in the repository (for messages).
        path: String,
    },
    /// Get a shared catalog from its git server: clone it and set it up for
    /// Folio's field-by-field merges.
    ///
    /// URL is any address git takes: `https://host/team/catalog.git`,
    /// `ssh://user@host:2222/srv/catalog.git`, `user@host:catalog.git`, a folder.
    /// Passwords are asked by git (its credential helpers, or on the terminal);
    /// Folio stores none.
    Clone {
        /// The server's address for the catalog.
        url: String,
        /// Where to put it (default: a folder named after the address).
        dir: Option<PathBuf>,
    },
    /// Sync the catalog with its server: fetch, merge field by field, push.
    ///
    /// Changes not committed yet are refused unless --message commits them
    /// first. When both sides changed the same field, the merge stops: the
    /// records and fields are listed (exit 1); settle them with `folio resolve`
    /// or in the app, then sync again to finish.
    Sync {
        /// The catalog folder (a clone).
        dir: PathBuf,
        /// Commit the catalog's uncommitted changes with this message first.
        #[arg(long, short = 'm')]
        message: Option<String>,
    },
    /// Commit the catalog's changed files (and nothing else in the repository).
    Commit {
        /// The catalog folder.
        dir: PathBuf,
        /// What changed, in a line.
        #[arg(long, short = 'm')]
        message: String,
    },
    /// Settle a conflict a sync stopped on: keep this catalog's version (--ours)
    /// or the server's (--theirs) of the record's conflicting fields (or only
    /// those given with --field), or of a record deleted on one side.
    Resolve {
        /// The catalog folder.
        dir: PathBuf,
        /// The records to settle (default: every conflict).
        ids: Vec<String>,
        /// Keep this catalog's version.
        #[arg(long, conflicts_with = "theirs", required_unless_present = "theirs")]
        ours: bool,
        /// Keep the server's version.
        #[arg(long)]
        theirs: bool,
        /// Only these fields (canonical names); may be repeated.
        #[arg(long = "field")]
        fields: Vec<String>,
    },
    /// Run by git for the app to ask for a password, a user name or a host key
    /// in its own dialog (through GIT_ASKPASS and SSH_ASKPASS); prints the answer.
    #[command(hide = true)]
    Askpass {
        /// The question, as git or ssh wrote it.
        prompt: String,
    },
    /// Show a record's history from git: each commit that changed its file
    /// (renames followed), with author, date, message and the fields it changed,
    /// before and after (texts as a word diff: [-removed-] {+added+}); changes on
    /// disk not committed yet come first.
    History {
        /// The catalog folder (inside a git work tree).
        dir: PathBuf,
        /// The record's id.
        id: String,
        /// Only the commits that changed this field, with its old and new values.
        #[arg(long)]
        field: Option<String>,
        /// Print the history as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a record as JSON, or one field's value.
    Get {
        /// The catalog folder.
        dir: PathBuf,
        /// The record's id.
        id: String,
        /// Print only this field (plain text for a string, JSON otherwise); also
        /// `created`, and `changed`: when its file last changed and by whom (git's last
        /// commit of it, or the file's time where it is not committed).
        #[arg(long)]
        field: Option<String>,
    },
    /// Set one field of a record and save it.
    ///
    /// Strings are taken as they are; lists and structured fields take JSON
    /// (`'["Kim Il Sung", "Liu Shaoqi"]'`); `date` takes EDTF (`-0044` too); setting
    /// `id` renames the record (and its file). Invalid values are refused with the
    /// reason.
    Set {
        /// The catalog folder.
        dir: PathBuf,
        /// The record's id.
        id: String,
        /// The field's canonical name (`title`, `date`, `people`, ...).
        field: String,
        /// The new value (may start with `-`).
        #[arg(allow_hyphen_values = true)]
        value: String,
        #[command(flatten)]
        wait: Wait,
    },
    /// Attach files (scans, PDFs) to a record: each is copied into
    /// `attachments/<id>/` (a name taken by other bytes gets a suffix; the same
    /// bytes twice are copied once) and added to the record's attachments.
    Attach {
        /// The catalog folder.
        dir: PathBuf,
        /// The record's id.
        id: String,
        /// The files to attach.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        wait: Wait,
    },
    /// Correct many records at once: set a field, add or remove a list item, or
    /// find and replace; every field that changes is printed, before → after.
    ///
    /// `--replace 'people:Kim Il-sung=>Kim Il Sung'` replaces in one field;
    /// without `FIELD:` it replaces in every text field. Case and accents are
    /// ignored unless `--case-sensitive` / `--accent-sensitive`; with `--regex` the
    /// pattern is a regular expression and the replacement may use `$1`. Nothing is
    /// written when a record would become invalid (`--skip-invalid` changes the
    /// others); the exit code is then 1.
    #[command(group(clap::ArgGroup::new("records").required(true).args(["ids", "query", "all"])))]
    #[command(group(clap::ArgGroup::new("change").required(true).args(["set", "add", "remove", "replace"])))]
    Edit {
        /// The catalog folder.
        dir: PathBuf,
        /// These records (comma-separated ids).
        #[arg(long, value_delimiter = ',')]
        ids: Option<Vec<String>>,
        /// The records a search finds (the query language of `folio search`).
        #[arg(long, allow_hyphen_values = true)]
        query: Option<String>,
        /// Every record.
        #[arg(long)]
        all: bool,
        /// Set a field: FIELD=VALUE (a value as `folio set` takes it).
        #[arg(long, value_name = "FIELD=VALUE", allow_hyphen_values = true)]
        set: Option<String>,
        /// Add an item to a list field: FIELD=ITEM.
        #[arg(long, value_name = "FIELD=ITEM", allow_hyphen_values = true)]
        add: Option<String>,
        /// Remove an item from a list field: FIELD=ITEM.
        #[arg(long, value_name = "FIELD=ITEM", allow_hyphen_values = true)]
        remove: Option<String>,
        /// Find and replace: [FIELD:]PATTERN=>REPLACEMENT.
        #[arg(
            long,
            value_name = "[FIELD:]PATTERN=>REPLACEMENT",
            allow_hyphen_values = true
        )]
        replace: Option<String>,
        /// The pattern is a regular expression.
        #[arg(long)]
        regex: bool,
        /// `Kim` does not find `kim`.
        #[arg(long)]
        case_sensitive: bool,
        /// `Sato` does not find `Satō`.
        #[arg(long)]
        accent_sensitive: bool,
        /// Print the changes; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Change the records that stay valid, leaving out those that would not.
        #[arg(long)]
        skip_invalid: bool,
        /// Print the changes as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        wait: Wait,
    },
    /// Export records.
    ///
    /// `ron` writes a new catalog folder (given with -o) holding just the records and
    /// their attachments; the other formats write one file, or standard output.
    Export {
        /// The catalog folder.
        dir: PathBuf,
        /// The output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Export only these records, in this order (comma-separated ids).
        #[arg(long, value_delimiter = ',', conflicts_with = "query")]
        ids: Option<Vec<String>>,
        /// Export only the records matching this search (in id order).
        #[arg(long)]
        query: Option<String>,
        /// Write to this file (or, for `ron`, this new folder) instead of standard
        /// output; its folder must exist.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists (never a file of the catalog).
        #[arg(long)]
        force: bool,
        /// CSV: the columns, comma-separated (`id` and field names), or `all`.
        #[arg(long, value_delimiter = ',')]
        columns: Option<Vec<String>>,
        /// CSV: start with a byte order mark (for spreadsheets).
        #[arg(long)]
        bom: bool,
        /// CSV: leave out the `export_stamp` column (with it, `folio import` of the
        /// file never reverts what changed in the catalog since the export).
        #[arg(long)]
        no_stamp: bool,
        /// Include the cataloguer's internal notes (left out by default, whatever the
        /// columns).
        #[arg(long)]
        include_notes: bool,
    },
    /// Search a catalog with the query language: words (all must match),
    /// "exact phrase", prefix*, -excluded, a OR b, (groups), field filters (title:
    /// summary: text: subject: person: place: author: type: lang: archive: source:
    /// funder: status: id:) and dates (date:1950..1953, date:1963-09, date:..1949).
    ///
    /// Prints one record per line: id, date, title (tab-separated).
    Search {
        /// The catalog folder.
        dir: PathBuf,
        /// The query.
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// Print at most this many records.
        #[arg(long)]
        limit: Option<usize>,
        /// The order of the records.
        #[arg(long, value_enum, default_value = "relevance")]
        sort: SearchSort,
        /// Print a JSON array (id, date, date_display, title, score: 1000 for each query
        /// word in the title, plus BM25 over every field).
        #[arg(long, conflicts_with = "count")]
        json: bool,
        /// Print only the number of records found.
        #[arg(long)]
        count: bool,
    },
    /// Count records by year, type, language and status, and count problems.
    Stats {
        /// The catalog folder.
        dir: PathBuf,
    },
    /// Show what Folio keeps in its cache folder for the catalog (the records cache
    /// and the saved search index), or clear it. The cache is derived from the record
    /// files: clearing it loses nothing, and the next open writes it again.
    Cache {
        /// The catalog folder.
        dir: PathBuf,
        /// Remove the catalog's cache files.
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SearchSort {
    Relevance,
    Date,
    Title,
    Id,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ImportFormat {
    /// A digital-archive record page, as a browser copies it.
    Wilson,
    /// A JSON array of records, as `folio export --format json` writes.
    Json,
    /// A spreadsheet of records with a header row of field names, as `folio
    /// export --format csv` or `--format xlsx` writes (detected by the `.csv`,
    /// `.tsv` or `.xlsx` extension).
    Csv,
}

/// A CSV delimiter given by name or as itself.
fn delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "comma" => Ok(b','),
        "semicolon" => Ok(b';'),
        _ => match text.as_bytes() {
            [b] if b.is_ascii() && !b.is_ascii_alphanumeric() && *b != b'"' => Ok(*b),
            _ => Err("give one character, such as ; or tab".to_owned()),
        },
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// CSV (RFC 4180), one row per record.
    Csv,
    /// xlsx for spreadsheet programs: the CSV's columns, every cell text (needs -o,
    /// or a pipe).
    Xlsx,
    /// A JSON array of records with the canonical field names.
    Json,
    /// JSON Lines: one record per line.
    Jsonl,
    /// CSL-JSON, for Zotero and citation processors.
    Csl,
    /// BibLaTeX (`@unpublished` entries).
    Bibtex,
    /// RIS (`TY  - MANSCPT` entries).
    Ris,
    /// Citations in the archive's own style, one per line.
    Citation,
    /// Chicago bibliography entries, one per line.
    Chicago,
    /// Dublin Core: OAI-DC XML.
    Dc,
    /// An EAD3 finding aid.
    Ead,
    /// Markdown.
    Md,
    /// A self-contained, printable HTML page.
    Html,
    /// A new catalog folder holding just these records (needs -o).
    Ron,
}

/// How a command ended, when it could run.
pub enum Exit {
    /// Nothing to report.
    Clean,
    /// The command ran and found problems (exit code 1).
    Problems,
}

impl Exit {
    /// Problems when `problems` holds.
    fn problems_if(problems: bool) -> Exit {
        if problems {
            Exit::Problems
        } else {
            Exit::Clean
        }
    }
}

/// Writes a line to standard output; a failure (a closed pipe) ends the command.
macro_rules! out {
    ($($arg:tt)*) => {
        std::io::Write::write_fmt(
            &mut std::io::stdout().lock(),
            format_args!("{}\n", format_args!($($arg)*)),
        )?
    };
}
pub(crate) use out;

/// Runs the command line.
pub fn run(args: Args) -> anyhow::Result<Exit> {
    let Some(subcommand) = args.subcommand else {
        return open_app(None);
    };
    match subcommand {
        Subcommand::Open { dir } => {
            if !dir.join(folio::store::folder::SETTINGS_FILE).exists() {
                anyhow::bail!(
                    "{}: not a Folio catalog (no catalog.ron); create one with `folio new`",
                    dir.display()
                );
            }
            open_app(Some(dir))
        }
        Subcommand::New {
            dir,
            name,
            settings,
        } => records::new(&dir, name, settings),
        Subcommand::Settings {
            dir,
            name,
            description,
            settings,
            wait,
        } => records::settings(&dir, name, description, settings, wait),
        Subcommand::Import {
            dir,
            inputs,
            format,
            update,
            force,
            dry_run,
            skip_invalid,
            delimiter,
            json,
            apply_reformatted,
            wait,
        } => {
            let csv = matches!(format, Some(ImportFormat::Csv))
                || inputs.iter().any(|p| folio::import::csv::is_spreadsheet(p));
            if csv {
                let [file] = inputs.as_slice() else {
                    anyhow::bail!("import one spreadsheet at a time, and on its own");
                };
                let args = exchange::CsvArgs {
                    delimiter,
                    force,
                    dry_run,
                    skip_invalid,
                    json,
                    apply_reformatted,
                    wait,
                };
                exchange::import_csv(&dir, file, args)
            } else {
                if dry_run || skip_invalid || delimiter.is_some() || json || apply_reformatted {
                    anyhow::bail!(
                        "--dry-run, --skip-invalid, --delimiter, --json and --apply-reformatted are for spreadsheets (CSV, xlsx)"
                    );
                }
                exchange::import(&dir, &inputs, format, update, force, wait)
            }
        }
        Subcommand::Validate { dir } => check::validate(&dir),
        Subcommand::Attach {
            dir,
            id,
            files,
            wait,
        } => records::attach(&dir, &id, &files, wait),
        Subcommand::Fmt { dir, check, wait } => check::fmt(&dir, check, wait),
        Subcommand::GitSetup { dir, lfs } => git::setup(&dir, lfs),
        Subcommand::MergeDriver {
            base,
            ours,
            theirs,
            path,
        } => git::merge_driver(&base, &ours, &theirs, &path),
        Subcommand::Clone { url, dir } => share::clone(&url, dir),
        Subcommand::Sync { dir, message } => share::sync(&dir, message.as_deref()),
        Subcommand::Commit { dir, message } => share::commit(&dir, &message),
        Subcommand::Resolve {
            dir,
            ids,
            ours: _,
            theirs,
            fields,
        } => share::resolve(&dir, &ids, theirs, &fields),
        Subcommand::Askpass { prompt } => share::askpass(&prompt),
        Subcommand::History {
            dir,
            id,
            field,
            json,
        } => git::history(&dir, &id, field.as_deref(), json),
        Subcommand::Get { dir, id, field } => records::get(&dir, &id, field.as_deref()),
        Subcommand::Edit {
            dir,
            ids,
            query,
            all: _,
            set,
            add,
            remove,
            replace,
            regex,
            case_sensitive,
            accent_sensitive,
            dry_run,
            skip_invalid,
            json,
            wait,
        } => {
            let records = scope(ids, query);
            let args = bulk::EditArgs {
                set,
                add,
                remove,
                replace,
                find: folio::bulk::FindOptions {
                    regex,
                    case_sensitive,
                    accent_sensitive,
                },
                dry_run,
                skip_invalid,
                json,
                wait,
            };
            bulk::edit(&dir, records, args)
        }
        Subcommand::Set {
            dir,
            id,
            field,
            value,
            wait,
        } => records::set(&dir, &id, &field, &value, wait),
        Subcommand::Export {
            dir,
            format,
            ids,
            query,
            output,
            force,
            columns,
            bom,
            no_stamp,
            include_notes,
        } => {
            let scope = scope(ids, query);
            let request = exchange::ExportArgs {
                format,
                output,
                force,
                columns,
                bom,
                no_stamp,
                include_notes,
            };
            exchange::export(&dir, scope, request)
        }
        Subcommand::Search {
            dir,
            query,
            limit,
            sort,
            json,
            count,
        } => exchange::search(&dir, &query, limit, sort, json, count),
        Subcommand::Stats { dir } => check::stats(&dir),
        Subcommand::Cache { dir, clear } => check::cache(&dir, clear),
    }
}

#[cfg(feature = "gui")]
fn open_app(dir: Option<PathBuf>) -> anyhow::Result<Exit> {
    folio::ui::run(dir)?;
    Ok(Exit::Clean)
}

/// Built without the desktop app: say so and show what the command line offers.
#[cfg(not(feature = "gui"))]
fn open_app(_dir: Option<PathBuf>) -> anyhow::Result<Exit> {
    eprintln!(
        "This folio was built without the desktop app (feature `gui`); here is the command line:\n"
    );
    Args::command().print_help()?;
    println!();
    Ok(Exit::Clean)
}

/// The records `--ids` or `--query` name (every record when neither is given).
fn scope(ids: Option<Vec<String>>, query: Option<String>) -> exchange::Scope {
    match (ids, query) {
        (Some(ids), _) => exchange::Scope::Ids(ids),
        (None, Some(query)) => exchange::Scope::Query(query),
        (None, None) => exchange::Scope::All,
    }
}
