//! Dublin Core: OAI-DC records (`oai_dc:dc`), valid against the OAI-PMH schema.
//!
//! Mapping: title → `dc:title`; date (EDTF) and the date as printed → `dc:date`;
//! authors → `dc:creator`; credits → `dc:contributor` ("Name (translator)"); subjects,
//! topics, people → `dc:subject`; places → `dc:coverage`; summary → `dc:description`;
//! `Text` and the document type → `dc:type`; languages → `dc:language`; source →
//! `dc:source`; rights → `dc:rights`; the web addresses (first: harvesters link the
//! first), the archive's record number and the id → `dc:identifier`; related records
//! and attachments (absolute under the catalog's base URL) → `dc:relation`; languages
//! as ISO 639 codes → `dc:language`. One record is one `oai_dc:dc` document; several
//! are an OAI-PMH `ListRecords` response (see [`to_dublin_core`]).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use quick_xml::Writer;

use super::Progress;
use crate::model::{CreditRole, Record, RecordId};
use crate::store::CatalogSettings;

use super::xml::{finish, text_element, writer};

const OAI_DC: &str = "http://www.openarchives.org/OAI/2.0/oai_dc/";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const SCHEMA_LOCATION: &str =
    "http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd";

fn role_label(role: CreditRole) -> &'static str {
    match role {
        CreditRole::Obtained => "obtained the document",
        CreditRole::Contributed => "contributor",
        CreditRole::Transcribed => "transcriber",
        CreditRole::Translated => "translator",
        CreditRole::Edited => "editor",
    }
}

fn record_element(
    writer: &mut Writer<Vec<u8>>,
    record: &Record,
    settings: &CatalogSettings,
) -> std::io::Result<()> {
    writer
        .create_element("oai_dc:dc")
        .with_attribute(("xmlns:oai_dc", OAI_DC))
        .with_attribute(("xmlns:dc", DC))
        .with_attribute(("xmlns:xsi", XSI))
        .with_attribute(("xsi:schemaLocation", SCHEMA_LOCATION))
        .write_inner_content(|w| {
            text_element(w, "dc:title", &record.title)?;
            if let Some(date) = &record.date {
                text_element(w, "dc:date", date.as_str())?;
            }
            if !record.date_display.is_empty()
                && record.date.as_ref().map(|d| d.as_str()) != Some(&record.date_display)
            {
                text_element(w, "dc:date", &record.date_display)?;
            }
            for author in &record.authors {
                text_element(w, "dc:creator", author)?;
            }
            for credit in &record.credits {
                text_element(
                    w,
                    "dc:contributor",
                    &format!("{} ({})", credit.name, role_label(credit.role)),
                )?;
            }
            for subject in record
                .subjects
                .iter()
                .chain(&record.topics)
                .chain(&record.people)
            {
                text_element(w, "dc:subject", subject)?;
            }
            for place in &record.places {
                text_element(w, "dc:coverage", place)?;
            }
            text_element(w, "dc:description", &record.summary)?;
            text_element(w, "dc:type", "Text")?;
            text_element(w, "dc:type", &record.doc_type)?;
            for language in &record.languages {
                text_element(w, "dc:language", &super::web::language_tag(language))?;
            }
            text_element(w, "dc:source", &record.source)?;
            text_element(w, "dc:rights", &record.rights)?;
            for url in &record.urls {
                text_element(w, "dc:identifier", url)?;
            }
            text_element(w, "dc:identifier", &record.external_id)?;
            text_element(w, "dc:identifier", record.id.as_str())?;
            for related in &record.related {
                text_element(w, "dc:relation", related.as_str())?;
            }
            // Scans and other files of the document.
            for attachment in &record.attachments {
                text_element(
                    w,
                    "dc:relation",
                    &super::web::attachment_link(settings, &attachment.path),
                )?;
            }
            Ok(())
        })?;
    Ok(())
}

const OAI_PMH: &str = "http://www.openarchives.org/OAI/2.0/";
const OAI_PMH_LOCATION: &str =
    "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd";

/// The records as OAI-DC XML: one record as a bare `oai_dc:dc` document; several as
/// an OAI-PMH `ListRecords` response, what harvesters and repository importers read.
/// Each record is under a header with its `oai:` identifier and its datestamp: when
/// it last changed, from `changed` (see `vcs::last_changes`), else its creation time.
/// The response date is `exported_at` (else the newest datestamp), taken before the
/// records were read, and no datestamp is later, so that a harvester that asks next
/// time for what changed `from` it finds every record changed since.
pub fn to_dublin_core(
    records: &[&Record],
    settings: &CatalogSettings,
    changed: &BTreeMap<RecordId, DateTime<Utc>>,
    exported_at: Option<DateTime<Utc>>,
    progress: &Progress,
) -> std::io::Result<Vec<u8>> {
    let mut writer = writer()?;
    match records {
        [one] => record_element(&mut writer, one, settings)?,
        many => {
            let stamp = |t: &DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            // No datestamp after the response: a commit or a file dated ahead (a
            // colleague's clock, an unpacked archive) would move a harvester's next
            // `from` past changes made here meanwhile.
            let datestamp = |r: &Record| {
                let changed = changed
                    .get(&r.id)
                    .copied()
                    .unwrap_or(r.created)
                    .max(r.created);
                exported_at.map_or(changed, |at| changed.min(at))
            };
            let newest = many.iter().map(|r| datestamp(r)).max().unwrap_or_default();
            let response_date = exported_at.unwrap_or(newest);
            writer
                .create_element("OAI-PMH")
                .with_attribute(("xmlns", OAI_PMH))
                .with_attribute(("xmlns:xsi", XSI))
                .with_attribute(("xsi:schemaLocation", OAI_PMH_LOCATION))
                .write_inner_content(|w| {
                    text_element(w, "responseDate", &stamp(&response_date))?;
                    w.create_element("request")
                        .with_attribute(("verb", "ListRecords"))
                        .with_attribute(("metadataPrefix", "oai_dc"))
                        .write_text_content(quick_xml::events::BytesText::new("folio-export"))?;
                    w.create_element("ListRecords").write_inner_content(|w| {
                        for record in progress.iter(many) {
                            w.create_element("record").write_inner_content(|w| {
                                w.create_element("header").write_inner_content(|w| {
                                    text_element(
                                        w,
                                        "identifier",
                                        &super::web::oai_identifier(settings, &record.id),
                                    )?;
                                    text_element(w, "datestamp", &stamp(&datestamp(record)))
                                })?;
                                w.create_element("metadata")
                                    .write_inner_content(|w| record_element(w, record, settings))?;
                                Ok(())
                            })?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
        }
    }
    Ok(finish(writer))
}
