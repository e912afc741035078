//! EAD3 finding aid: the catalog as the collection (`archdesc`), the selected records
//! as item-level components (`c`), valid against the EAD3 1.1.1 schema.
//!
//! Each component's `did` holds the id (`unitid`), title (`unittitle`), the date as
//! printed with `@normal` from the EDTF date and `@certainty` for `?`/`~`/`%`, the
//! languages (`langmaterial`, with ISO 639-3 codes), authors (`origination`) and attachments (`dao`,
//! `daotype="derived"`, `href` under the catalog's base URL or relative to its
//! folder); the summary is the
//! `scopecontent`; the source (where the original is) `originalsloc`; who obtained
//! or contributed it `acqinfo`, who transcribed, translated or edited it
//! `processinfo`; subjects, people and places are `controlaccess` headings. The
//! collection's `did` has what DACS requires: the dates the records span, their
//! number (the extent), their languages and the repository (the archive's name).

use edtf_core::Edtf;
use quick_xml::Writer;
use quick_xml::events::BytesText;

use super::Progress;
use crate::model::date::civil_from_day;
use crate::model::{ArchivalDate, CreditRole, Record};
use crate::store::CatalogSettings;

use super::xml::{clean, finish, text_element, writer};

const EAD: &str = "http://ead3.archivists.org/schema/";

type W = Writer<Vec<u8>>;

/// `@normal`: an ISO 8601 date or range. EDTF without qualifiers or unspecified digits
/// is already that; other dates use their earliest and latest day. Open ends give none.
fn normal(date: &ArchivalDate) -> Option<String> {
    let edtf = date.edtf()?;
    let text = date.as_str().replace(['?', '~', '%'], "");
    let simple = !edtf.has_unspecified()
        && !matches!(edtf, Edtf::Date(d) if d.precision() == edtf_core::Precision::Season)
        && !text.contains("..")
        && !text.starts_with('/')
        && !text.ends_with('/')
        && !text.starts_with('Y');
    if simple {
        return Some(text);
    }
    let range = date.day_range()?;
    if range.earliest == i64::MIN || range.latest == i64::MAX {
        return None;
    }
    let day = |d: i64| {
        let (y, m, day) = civil_from_day(d);
        format!("{y:04}-{m:02}-{day:02}")
    };
    Some(format!("{}/{}", day(range.earliest), day(range.latest)))
}

fn certainty(date: &ArchivalDate) -> Option<&'static str> {
    let edtf = date.edtf()?;
    match (edtf.is_approximate(), edtf.is_uncertain()) {
        (true, true) => Some("approximate-uncertain"),
        (true, false) => Some("approximate"),
        (false, true) => Some("uncertain"),
        (false, false) => None,
    }
}

/// `langmaterial`: each language by name, with its ISO 639-3 `langcode` where it
/// names one (the control's `langencoding` says which list); nothing for none.
fn languages<'a>(w: &mut W, names: impl Iterator<Item = &'a str>) -> std::io::Result<()> {
    let names: Vec<&str> = names.filter(|n| !n.trim().is_empty()).collect();
    if names.is_empty() {
        return Ok(());
    }
    w.create_element("langmaterial").write_inner_content(|w| {
        for name in &names {
            let mut element = w.create_element("language");
            if let Some(language) = super::web::language(name) {
                element = element.with_attribute(("langcode", language.to_639_3()));
            }
            element.write_text_content(BytesText::new(&clean(name)))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The dates the records span, for the collection's `unitdate`: the earliest and the
/// latest day any of them may be, as words and ISO 8601 years; none when no record
/// has a bounded date.
fn span(records: &[&Record]) -> Option<(String, String)> {
    let ranges = records
        .iter()
        .filter_map(|r| r.date.as_ref()?.day_range())
        .filter(|r| r.earliest != i64::MIN && r.latest != i64::MAX);
    let (earliest, latest) = ranges.fold(None, |acc: Option<(i64, i64)>, r| {
        Some(match acc {
            None => (r.earliest, r.latest),
            Some((a, b)) => (a.min(r.earliest), b.max(r.latest)),
        })
    })?;
    let (first, _, _) = civil_from_day(earliest);
    let (last, _, _) = civil_from_day(latest);
    // Astronomical years: 0 is 1 BC, -44 is 45 BC; ISO 8601 writes them `0000`, `-0044`.
    let words = |year: i64| {
        if year <= 0 {
            format!("{} BC", 1 - year)
        } else {
            year.to_string()
        }
    };
    let iso = |year: i64| {
        if year < 0 {
            format!("-{:04}", -year)
        } else {
            format!("{year:04}")
        }
    };
    Some(if first == last {
        (words(first), iso(first))
    } else {
        (
            format!("{}–{}", words(first), words(last)),
            format!("{}/{}", iso(first), iso(last)),
        )
    })
}

/// `<name><part>text</part></name>`, the shape of EAD3's access headings.
fn heading(w: &mut W, name: &str, text: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_inner_content(|w| text_element(w, "part", text))?;
    Ok(())
}

fn paragraphs(w: &mut W, name: &str, text: &str) -> std::io::Result<()> {
    if text.trim().is_empty() {
        return Ok(());
    }
    w.create_element(name).write_inner_content(|w| {
        for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
            text_element(w, "p", paragraph)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn component(w: &mut W, record: &Record, settings: &CatalogSettings) -> std::io::Result<()> {
    w.create_element("c")
        .with_attribute(("level", "item"))
        .with_attribute(("id", format!("rec-{}", record.id).as_str()))
        .write_inner_content(|w| {
            w.create_element("did").write_inner_content(|w| {
                text_element(w, "unitid", record.id.as_str())?;
                if !record.external_id.is_empty() {
                    w.create_element("unitid")
                        .with_attribute(("localtype", "archive-record-number"))
                        .write_text_content(BytesText::new(&clean(&record.external_id)))?;
                }
                let title = if record.title.trim().is_empty() {
                    "(untitled)"
                } else {
                    record.title.as_str()
                };
                text_element(w, "unittitle", title)?;
                if let Some(date) = record.date.as_ref().filter(|d| d.is_valid()) {
                    let shown = if record.date_display.is_empty() {
                        date.words()
                    } else {
                        record.date_display.clone()
                    };
                    let mut element = w.create_element("unitdate");
                    let normal = normal(date);
                    if let Some(normal) = &normal {
                        element = element.with_attribute(("normal", normal.as_str()));
                    }
                    if let Some(certainty) = certainty(date) {
                        element = element.with_attribute(("certainty", certainty));
                    }
                    element.write_text_content(BytesText::new(&clean(&shown)))?;
                }
                languages(w, record.languages.iter().map(String::as_str))?;
                if !record.authors.is_empty() {
                    w.create_element("origination").write_inner_content(|w| {
                        for author in &record.authors {
                            heading(w, "persname", author)?;
                        }
                        Ok(())
                    })?;
                }
                // Scans of the document: digital surrogates ("derived"), linked
                // under the catalog's base URL, else relative to the catalog folder.
                for attachment in &record.attachments {
                    let href = super::web::attachment_link(settings, &attachment.path);
                    let mut dao = w
                        .create_element("dao")
                        .with_attribute(("daotype", "derived"))
                        .with_attribute(("href", clean(&href).as_str()));
                    if !attachment.label.is_empty() {
                        dao = dao.with_attribute(("linktitle", clean(&attachment.label).as_str()));
                    }
                    dao.write_empty()?;
                }
                Ok(())
            })?;
            paragraphs(w, "scopecontent", &record.summary)?;
            // The source cites the original held elsewhere (an archive's fond, file
            // and sheet): EAD3's "existence and location of originals" (the record is
            // a copy or translation of it), not `otherfindaid` (another finding aid).
            if !record.source.trim().is_empty() {
                w.create_element("originalsloc")
                    .write_inner_content(|w| text_element(w, "p", &record.source))?;
            }
            // Who obtained or gave the document is its acquisition; who transcribed,
            // translated or edited it, the processing of it.
            let credits = |roles: &[CreditRole]| -> Vec<String> {
                record
                    .credits
                    .iter()
                    .filter(|c| roles.contains(&c.role))
                    .map(|c| format!("{} by {}", c.role.sentence_word(), c.name))
                    .collect()
            };
            for (element, roles) in [
                (
                    "acqinfo",
                    &[CreditRole::Obtained, CreditRole::Contributed][..],
                ),
                (
                    "processinfo",
                    &[
                        CreditRole::Transcribed,
                        CreditRole::Translated,
                        CreditRole::Edited,
                    ][..],
                ),
            ] {
                let lines = credits(roles);
                if !lines.is_empty() {
                    w.create_element(element).write_inner_content(|w| {
                        for line in &lines {
                            text_element(w, "p", &format!("{line}."))?;
                        }
                        Ok(())
                    })?;
                }
            }
            paragraphs(w, "userestrict", &record.rights)?;
            if !(record.subjects.is_empty() && record.people.is_empty() && record.places.is_empty())
            {
                w.create_element("controlaccess").write_inner_content(|w| {
                    for subject in &record.subjects {
                        heading(w, "subject", subject)?;
                    }
                    for person in &record.people {
                        heading(w, "persname", person)?;
                    }
                    for place in &record.places {
                        heading(w, "geogname", place)?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// The records as an EAD3 finding aid of the catalog.
pub fn to_ead(
    records: &[&Record],
    settings: &CatalogSettings,
    progress: &Progress,
) -> std::io::Result<Vec<u8>> {
    let mut writer = writer()?;
    let collection = if settings.name.trim().is_empty() {
        "Folio catalog"
    } else {
        settings.name.as_str()
    };
    let agency = if settings.archive_name.is_empty() {
        collection
    } else {
        settings.archive_name.as_str()
    };
    let recordid = crate::model::RecordId::from_title(None, collection).to_string();
    // The newest record exported (records keep no "last changed" time: git does):
    // deterministic, unlike the clock.
    let stamp = records.iter().map(|r| r.created).max().unwrap_or_default();
    let stamp_text = stamp.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    writer
        .create_element("ead")
        .with_attribute(("xmlns", EAD))
        .write_inner_content(|w| {
            w.create_element("control")
                .with_attribute(("langencoding", "iso639-3"))
                .write_inner_content(|w| {
                    text_element(w, "recordid", &recordid)?;
                    w.create_element("filedesc").write_inner_content(|w| {
                        w.create_element("titlestmt")
                            .write_inner_content(|w| text_element(w, "titleproper", collection))?;
                        Ok(())
                    })?;
                    w.create_element("maintenancestatus")
                        .with_attribute(("value", "derived"))
                        .write_empty()?;
                    w.create_element("maintenanceagency")
                        .write_inner_content(|w| text_element(w, "agencyname", agency))?;
                    w.create_element("maintenancehistory")
                        .write_inner_content(|w| {
                            w.create_element("maintenanceevent")
                                .write_inner_content(|w| {
                                    w.create_element("eventtype")
                                        .with_attribute(("value", "derived"))
                                        .write_empty()?;
                                    w.create_element("eventdatetime")
                                        .with_attribute(("standarddatetime", stamp_text.as_str()))
                                        .write_text_content(BytesText::new(&stamp_text))?;
                                    w.create_element("agenttype")
                                        .with_attribute(("value", "machine"))
                                        .write_empty()?;
                                    text_element(w, "agent", "Folio export")?;
                                    Ok(())
                                })?;
                            Ok(())
                        })?;
                    Ok(())
                })?;
            w.create_element("archdesc")
                .with_attribute(("level", "collection"))
                .write_inner_content(|w| {
                    // What DACS asks of a collection: its title, dates, extent,
                    // languages and repository.
                    w.create_element("did").write_inner_content(|w| {
                        text_element(w, "unitid", &recordid)?;
                        text_element(w, "unittitle", collection)?;
                        if let Some((words, normal)) = span(records) {
                            w.create_element("unitdate")
                                .with_attribute(("unitdatetype", "inclusive"))
                                .with_attribute(("normal", normal.as_str()))
                                .write_text_content(BytesText::new(&words))?;
                        }
                        w.create_element("physdescstructured")
                            .with_attribute(("physdescstructuredtype", "materialtype"))
                            .with_attribute(("coverage", "whole"))
                            .write_inner_content(|w| {
                                text_element(w, "quantity", &records.len().to_string())?;
                                text_element(
                                    w,
                                    "unittype",
                                    if records.len() == 1 {
                                        "record"
                                    } else {
                                        "records"
                                    },
                                )
                            })?;
                        let mut all: Vec<&str> = Vec::new();
                        for language in records.iter().flat_map(|r| &r.languages) {
                            if !all.contains(&language.as_str()) {
                                all.push(language);
                            }
                        }
                        languages(w, all.into_iter())?;
                        if !settings.archive_name.trim().is_empty() {
                            w.create_element("repository").write_inner_content(|w| {
                                heading(w, "corpname", &settings.archive_name)
                            })?;
                        }
                        Ok(())
                    })?;
                    paragraphs(w, "scopecontent", &settings.description)?;
                    w.create_element("dsc").write_inner_content(|w| {
                        for record in progress.iter(records) {
                            component(w, record, settings)?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(finish(writer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> ArchivalDate {
        ArchivalDate::parse(s).unwrap()
    }

    #[test]
    fn the_collection_says_its_dates_extent_languages_and_repository() {
        let mut a = Record::new(crate::model::RecordId::new("a").unwrap(), "A");
        a.date = Some(d("1950~"));
        a.languages = vec!["Russian".into(), "Klingon-ish".into()];
        let mut b = Record::new(crate::model::RecordId::new("b").unwrap(), "B");
        b.date = Some(d("196X"));
        let mut settings = CatalogSettings::new("Koreas");
        settings.archive_name = "Wilson Center Digital Archive".into();
        let xml =
            String::from_utf8(to_ead(&[&a, &b], &settings, &Progress::default()).unwrap()).unwrap();
        let top = &xml[xml.find("<archdesc").unwrap()..xml.find("<dsc>").unwrap()];
        assert!(
            top.contains(
                r#"<unitdate unitdatetype="inclusive" normal="1950/1969">1950–1969</unitdate>"#
            ),
            "{top}"
        );
        assert!(top.contains("<quantity>2</quantity>"), "{top}");
        assert!(
            top.contains(r#"<language langcode="rus">Russian</language>"#),
            "{top}"
        );
        assert!(top.contains("<language>Klingon-ish</language>"), "{top}");
        assert!(
            top.contains("<part>Wilson Center Digital Archive</part>"),
            "{top}"
        );
    }

    #[test]
    fn normal_dates_and_certainty() {
        assert_eq!(normal(&d("1963-09-17")).as_deref(), Some("1963-09-17"));
        assert_eq!(normal(&d("1950~")).as_deref(), Some("1950"));
        assert_eq!(
            normal(&d("1966-12-19/1966-12-24")).as_deref(),
            Some("1966-12-19/1966-12-24")
        );
        assert_eq!(normal(&d("195X")).as_deref(), Some("1950-01-01/1959-12-31"));
        assert_eq!(
            normal(&d("2001-21")).as_deref(),
            Some("2001-03-01/2001-05-31")
        );
        assert_eq!(normal(&d("1985/..")), None);
        assert_eq!(certainty(&d("1950~")), Some("approximate"));
        assert_eq!(certainty(&d("1955?")), Some("uncertain"));
        assert_eq!(certainty(&d("1955")), None);
    }
}
