//! The document view: the record's header and its texts in reading typography (see
//! [`super::reading`] for the paragraphs), and "Find in this document".

use egui::{FontId, RichText};

use crate::model::Record;
use crate::model::reading::Reading;

use super::reading::{FindMarks, FootnoteState, ParagraphStyle, ReadingColors, paragraph_ui};

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
    // Wrapped: in a narrow record pane the buttons go under the box rather than
    // pushing the pane wider.
    ui.horizontal_wrapped(|ui| {
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
    footnotes: &mut FootnoteState,
) {
    if let Some(state) = find
        && !find_bar_ui(ui, state)
    {
        *find = None;
    }
    let colors = ReadingColors::of(ui.visuals());
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
                ui.label(RichText::new(facts.join(" · ")).color(colors.secondary));
            }
            if !record.source.is_empty() {
                ui.add_space(2.0);
                ui.add(
                    egui::Label::new(
                        RichText::new(&record.source)
                            .size(13.0)
                            .italics()
                            .color(colors.secondary),
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
            // Texts left in the records cache are read once and kept with the record
            // (not read again each frame).
            if let Err(e) = record.texts.read() {
                ui.colored_label(ui.visuals().error_fg_color, e.to_string());
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
            footnotes.follow(&record.id, *text_index);
            let style = ParagraphStyle {
                font: FontId::proportional(15.5),
                colors,
                width,
                words: search_words,
            };
            let mut marks = FindMarks {
                text: find
                    .as_ref()
                    .map(|f| f.text.to_lowercase())
                    .unwrap_or_default(),
                current: find.as_ref().map_or(0, |f| f.current),
                seen: 0,
            };
            let reading = Reading::of(&text.body);
            for runs in &reading.paragraphs {
                let before = marks.seen;
                let response = paragraph_ui(ui, runs, &reading, &style, &mut marks, footnotes);
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
