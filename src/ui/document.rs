//! The document view: the record's header and its texts in reading typography, with
//! `[editorial insertions]` set apart, footnote markers raised and search words marked.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, RichText, Stroke};

use crate::model::Record;

/// The widest line of text, in points: about 80 characters, comfortable to read.
const READING_WIDTH: f32 = 680.0;

/// "Find in this document": what is looked for, and which match is current.
#[derive(Debug, Clone, Default)]
pub struct FindState {
    /// The text looked for (ignoring case).
    pub text: String,
    /// The current match, counted from 0.
    pub current: usize,
    /// Matches in the text shown, as of the last frame.
    pub matches: usize,
    /// Put the keyboard in the find box next frame.
    pub focus: bool,
    /// Scroll to the current match next frame.
    pub scroll: bool,
}

/// Draws the find bar; returns false when it was closed.
fn find_bar_ui(ui: &mut egui::Ui, find: &mut FindState) -> bool {
    let mut open = true;
    ui.horizontal(|ui| {
        let label = ui.label("Find in document");
        let edit = ui.add(egui::TextEdit::singleline(&mut find.text).desired_width(150.0));
        let edit = edit.labelled_by(label.id);
        if find.focus {
            edit.request_focus();
            find.focus = false;
        }
        if edit.changed() {
            find.current = 0;
            find.scroll = true;
        }
        let (enter, shift, escape) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::Enter),
                i.modifiers.shift,
                i.key_pressed(egui::Key::Escape),
            )
        });
        let step = |find: &mut FindState, forward: bool| {
            if find.matches > 0 {
                find.current = if forward {
                    (find.current + 1) % find.matches
                } else {
                    (find.current + find.matches - 1) % find.matches
                };
                find.scroll = true;
            }
        };
        if edit.lost_focus() && enter {
            step(find, !shift);
            edit.request_focus();
        }
        if edit.has_focus() && escape {
            open = false;
        }
        if find.text.is_empty() {
            ui.weak("Type to find");
        } else if find.matches == 0 {
            ui.colored_label(ui.visuals().warn_fg_color, "Not found");
        } else {
            ui.label(format!("{} of {}", find.current + 1, find.matches));
        }
        if ui.small_button("Previous").clicked() {
            step(find, false);
        }
        if ui.small_button("Next").clicked() {
            step(find, true);
        }
        if ui.small_button("Close").clicked() {
            open = false;
        }
    });
    ui.separator();
    open
}

/// Draws the document view of `record`. `text_index` picks the text shown; `find`,
/// when open, shows the find bar and marks its matches.
pub fn document_ui(
    ui: &mut egui::Ui,
    record: &Record,
    search_words: &[String],
    text_index: &mut usize,
    find: &mut Option<FindState>,
) {
    if let Some(state) = find
        && !find_bar_ui(ui, state)
    {
        *find = None;
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let width = ui.available_width().min(READING_WIDTH);
            ui.set_max_width(width);
            ui.add_space(6.0);
            ui.add(
                egui::Label::new(RichText::new(&record.title).size(20.0).strong())
                    .wrap()
                    .selectable(true),
            );
            ui.add_space(4.0);
            let mut facts = Vec::new();
            if record.date.is_some() {
                facts.push(record.date_words());
            }
            if !record.date_display.is_empty() && record.date_display != record.date_words() {
                facts.push(format!("(“{}”)", record.date_display));
            }
            if !record.doc_type.is_empty() {
                facts.push(record.doc_type.clone());
            }
            if !record.languages.is_empty() {
                facts.push(format!("Original in {}", record.languages.join(", ")));
            }
            if !facts.is_empty() {
                ui.label(RichText::new(facts.join(" · ")).color(ui.visuals().weak_text_color()));
            }
            if !record.source.is_empty() {
                ui.add_space(2.0);
                ui.add(
                    egui::Label::new(
                        RichText::new(&record.source)
                            .size(13.0)
                            .italics()
                            .color(ui.visuals().weak_text_color()),
                    )
                    .wrap()
                    .selectable(true),
                );
            }
            if !record.summary.is_empty() {
                ui.add_space(8.0);
                egui::Frame::new()
                    .fill(ui.visuals().faint_bg_color)
                    .inner_margin(8.0)
                    .corner_radius(4.0)
                    .show(ui, |ui| {
                        ui.add(egui::Label::new(&record.summary).wrap().selectable(true));
                    });
            }
            ui.add_space(10.0);
            if record.texts.is_empty() {
                ui.weak(
                    "This record has no document text. Add one in the Metadata tab, under Texts.",
                );
                return;
            }
            if *text_index >= record.texts.len() {
                *text_index = 0;
            }
            if record.texts.len() > 1 {
                ui.horizontal(|ui| {
                    for (i, text) in record.texts.iter().enumerate() {
                        let label = format!("{} ({})", capitalize(text.kind.name()), text.language);
                        if ui.selectable_label(*text_index == i, label).clicked() {
                            *text_index = i;
                        }
                    }
                });
                ui.separator();
            }
            let Some(text) = record.texts.get(*text_index) else {
                return;
            };
            let body_font = FontId::proportional(15.5);
            let colors = Colors {
                text: ui.visuals().text_color(),
                editorial: ui.visuals().weak_text_color(),
                footnote: ui.visuals().hyperlink_color,
                highlight: if ui.visuals().dark_mode {
                    Color32::from_rgb(0x6a, 0x55, 0x10)
                } else {
                    Color32::from_rgb(0xff, 0xe8, 0x80)
                },
                current: if ui.visuals().dark_mode {
                    Color32::from_rgb(0xb3, 0x5c, 0x00)
                } else {
                    Color32::from_rgb(0xff, 0xa6, 0x3d)
                },
            };
            let mut marks = FindMarks {
                text: find
                    .as_ref()
                    .map(|f| f.text.to_lowercase())
                    .unwrap_or_default(),
                current: find.as_ref().map_or(0, |f| f.current),
                seen: 0,
            };
            for paragraph in text.body.split("\n\n") {
                let before = marks.seen;
                let job = paragraph_job(
                    paragraph,
                    &body_font,
                    &colors,
                    search_words,
                    &mut marks,
                    width,
                );
                let response = ui.add(egui::Label::new(job).selectable(true));
                let holds_current = (before..marks.seen).contains(&marks.current);
                if let Some(state) = find.as_mut()
                    && state.scroll
                    && holds_current
                {
                    response.scroll_to_me(Some(egui::Align::Center));
                    state.scroll = false;
                }
                ui.add_space(9.0);
            }
            if let Some(state) = find.as_mut() {
                state.matches = marks.seen;
                if state.current >= state.matches {
                    state.current = 0;
                }
            }
        });
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

struct Colors {
    text: Color32,
    editorial: Color32,
    footnote: Color32,
    highlight: Color32,
    current: Color32,
}

/// The find text's matches, numbered through the whole text as paragraphs are drawn.
struct FindMarks {
    /// Lowercased; empty when nothing is looked for.
    text: String,
    current: usize,
    seen: usize,
}

/// A run of a paragraph and how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// Ordinary text.
    Plain,
    /// An editorial insertion `[…]`.
    Editorial,
    /// A footnote marker `[1]`.
    Footnote,
}

/// Splits a paragraph into plain text, `[editorial insertions]` and `[1]` footnote markers.
pub fn runs(paragraph: &str) -> Vec<(Run, &str)> {
    let mut out = Vec::new();
    let mut rest = paragraph;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push((Run::Plain, &rest[..open]));
        }
        let inner = &rest[open + 1..close];
        let kind = if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
            Run::Footnote
        } else {
            Run::Editorial
        };
        out.push((kind, &rest[open..=close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push((Run::Plain, rest));
    }
    out
}

fn paragraph_job(
    paragraph: &str,
    font: &FontId,
    colors: &Colors,
    words: &[String],
    find: &mut FindMarks,
    width: f32,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    for (run, text) in runs(paragraph) {
        let mut format = TextFormat {
            font_id: font.clone(),
            color: colors.text,
            line_height: Some(font.size * 1.45),
            ..Default::default()
        };
        match run {
            Run::Plain => {}
            Run::Editorial => format.color = colors.editorial,
            Run::Footnote => {
                format.font_id = FontId::proportional(font.size * 0.7);
                format.color = colors.footnote;
                format.valign = egui::Align::TOP;
            }
        }
        append_highlighted(&mut job, text, &format, words, find, colors);
    }
    job
}

/// Appends `text`, with the search words marked by a background.
fn append_highlighted(
    job: &mut LayoutJob,
    text: &str,
    format: &TextFormat,
    words: &[String],
    find: &mut FindMarks,
    colors: &Colors,
) {
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths outside ASCII; only mark when it did not.
    // (start, end, find match number) — search words have no number.
    let mut marks: Vec<(usize, usize, Option<usize>)> = Vec::new();
    if lower.len() == text.len() {
        if !find.text.is_empty() {
            for (start, _) in lower.match_indices(find.text.as_str()) {
                marks.push((start, start + find.text.len(), Some(find.seen)));
                find.seen += 1;
            }
        }
        for word in words.iter().filter(|w| !w.is_empty()) {
            for (start, _) in lower.match_indices(word.as_str()) {
                marks.push((start, start + word.len(), None));
            }
        }
    }
    // Find matches win over search words where they overlap.
    marks.sort_unstable_by_key(|&(start, _, n)| (start, n.is_none()));
    let mut at = 0;
    for (start, end, number) in marks {
        if start < at || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        job.append(&text[at..start], 0.0, format.clone());
        let mut marked = format.clone();
        marked.background = match number {
            Some(n) if n == find.current => colors.current,
            _ => colors.highlight,
        };
        marked.underline = Stroke::NONE;
        job.append(&text[start..end], 0.0, marked);
        at = end;
    }
    job.append(&text[at..], 0.0, format.clone());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_are_editorial_and_numbers_are_footnotes() {
        assert_eq!(
            runs("Kim [Il Sung] said[1] so [...]"),
            vec![
                (Run::Plain, "Kim "),
                (Run::Editorial, "[Il Sung]"),
                (Run::Plain, " said"),
                (Run::Footnote, "[1]"),
                (Run::Plain, " so "),
                (Run::Editorial, "[...]"),
            ]
        );
        assert_eq!(runs("no brackets"), vec![(Run::Plain, "no brackets")]);
        assert_eq!(runs("open [bracket"), vec![(Run::Plain, "open [bracket")]);
    }
}
