//! EAD3 finding aid: the catalog as the collection (`archdesc`), the selected records
//! as item-level components (`c`), valid against the EAD3 1.1.1 schema.
//!
//! Each component's `did` holds the id (`unitid`), title (`unittitle`), the date as
//! printed with `@normal` from the EDTF date and `@certainty` for `?`/`~`/`%`, the
//! languages (`langmaterial`), authors (`origination`) and attachments (`dao`,
//! `daotype="derived"`, `href` relative to the catalog folder); the summary is the
//! `scopecontent`; the source (where the original is) `originalsloc`; who obtained
//! or contributed it `acqinfo`, who transcribed, translated or edited it
//! `processinfo`; subjects, people and places are `controlaccess` headings.

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

fn component(w: &mut W, record: &Record) -> std::io::Result<()> {
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
                if !record.languages.is_empty() {
                    w.create_element("langmaterial").write_inner_content(|w| {
                        for language in &record.languages {
                            text_element(w, "language", language)?;
                        }
                        Ok(())
                    })?;
                }
                if !record.authors.is_empty() {
                    w.create_element("origination").write_inner_content(|w| {
                        for author in &record.authors {
                            heading(w, "persname", author)?;
                        }
                        Ok(())
                    })?;
                }
                // Scans of the document: digital surrogates ("derived"), linked
                // relative to the catalog folder.
                for attachment in &record.attachments {
                    let href = format!("attachments/{}", attachment.path);
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
                    .map(|c| format!("{} by {}", role_words(c.role), c.name))
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

/// A credit's role as the past participle a sentence starts with.
fn role_words(role: CreditRole) -> &'static str {
    match role {
        CreditRole::Obtained => "Obtained",
        CreditRole::Contributed => "Contributed",
        CreditRole::Transcribed => "Transcribed",
        CreditRole::Translated => "Translated",
        CreditRole::Edited => "Edited",
    }
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
            w.create_element("control").write_inner_content(|w| {
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
                    w.create_element("did").write_inner_content(|w| {
                        text_element(w, "unitid", &recordid)?;
                        text_element(w, "unittitle", collection)?;
                        Ok(())
                    })?;
                    paragraphs(w, "scopecontent", &settings.description)?;
                    w.create_element("dsc").write_inner_content(|w| {
                        for record in progress.iter(records) {
                            component(w, record)?;
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
