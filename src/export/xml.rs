//! What the XML exporters share: a writer, and text made safe for XML 1.0.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

/// An indented XML writer with the XML declaration written.
pub fn writer() -> std::io::Result<Writer<Vec<u8>>> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(writer)
}

/// Whether XML 1.0 can carry `c` (its `Char` production): tab, line feed, carriage
/// return, and every other character from U+0020 but U+FFFE and U+FFFF.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= '\u{20}' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// `text` with each character XML 1.0 cannot carry, not even escaped, replaced by
/// U+FFFD (the replacement character), so that the file stays well-formed and the
/// place of the loss shows. Edits refuse such characters; records written by other
/// programs may hold them, and [`unwritable`] names those records.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
        .collect()
}

/// The records holding a character XML 1.0 cannot carry, with the first field
/// holding one: what an XML export replaces (see [`clean`]) and should say.
pub fn unwritable(
    records: &[&crate::model::Record],
) -> Vec<(crate::model::RecordId, crate::model::Field)> {
    records
        .iter()
        .filter_map(|r| {
            crate::model::Field::ALL
                .into_iter()
                .find(|f| f.strs(r).iter().any(|t| !t.chars().all(is_xml_char)))
                .map(|f| (r.id.clone(), f))
        })
        .collect()
}

/// `<name>text</name>`, skipped when the text is empty.
pub fn text_element(writer: &mut Writer<Vec<u8>>, name: &str, text: &str) -> std::io::Result<()> {
    if text.trim().is_empty() {
        return Ok(());
    }
    writer
        .create_element(name)
        .write_text_content(BytesText::new(&clean(text)))?;
    Ok(())
}

/// Ends the document with a newline.
pub fn finish(writer: Writer<Vec<u8>>) -> Vec<u8> {
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    bytes
}
