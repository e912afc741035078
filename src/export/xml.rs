//! What the XML exporters share: a writer, and text made safe for XML 1.0.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

/// An indented XML writer with the XML declaration written.
pub fn writer() -> std::io::Result<Writer<Vec<u8>>> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(writer)
}

/// XML 1.0 cannot carry most control characters, not even escaped: they are dropped.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
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
