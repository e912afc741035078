//! A document's paragraphs drawn for reading: `[editorial insertions]` in italics in
//! a colour that passes WCAG AA in both themes, footnote markers raised, search words
//! and find matches marked; a marker whose note is in the text shows the note on
//! hover and goes to it on a click, and the note's number goes back.

use std::ops::Range;

use egui::accesskit::Role;
use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::text_selection::LabelSelectionState;
use egui::{Color32, CursorIcon, FontId, Stroke, Visuals, WidgetInfo};

use crate::model::RecordId;
use crate::model::reading::{Reading, Run};

/// The colours of the document view.
#[derive(Debug, Clone, Copy)]
pub struct ReadingColors {
    /// The text.
    pub text: Color32,
    /// Editorial insertions (italic too): softer than the text and still at least
    /// 4.5:1 against the background.
    pub editorial: Color32,
    /// Footnote markers and notes' numbers.
    pub footnote: Color32,
    /// The header's secondary lines (date, type, source).
    pub secondary: Color32,
    /// The background of search words and find matches.
    pub highlight: Color32,
    /// The background of the current find match and of where a footnote link led.
    pub current: Color32,
}

impl ReadingColors {
    /// The colours for a theme.
    pub fn of(visuals: &Visuals) -> Self {
        if visuals.dark_mode {
            Self {
                text: Color32::from_gray(205),
                editorial: Color32::from_rgb(0x9c, 0xb0, 0xc6),
                footnote: Color32::from_rgb(0x8c, 0xc4, 0xff),
                secondary: Color32::from_gray(165),
                highlight: Color32::from_rgb(0x4a, 0x3a, 0x08),
                current: Color32::from_rgb(0x6a, 0x30, 0x00),
            }
        } else {
            Self {
                text: Color32::from_gray(34),
                editorial: Color32::from_rgb(0x4a, 0x58, 0x6e),
                footnote: Color32::from_rgb(0x0b, 0x57, 0xa8),
                secondary: Color32::from_gray(92),
                highlight: Color32::from_rgb(0xff, 0xe8, 0x80),
                current: Color32::from_rgb(0xff, 0xd0, 0x99),
            }
        }
    }
}

/// A place a footnote link leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The note numbered so.
    Note(u32),
    /// The first marker numbered so.
    Marker(u32),
}

/// Where footnote links led, for the text shown.
#[derive(Debug, Default)]
pub struct FootnoteState {
    /// The record and text these apply to.
    shown: Option<(RecordId, usize)>,
    /// Scroll to this next frame.
    jump: Option<Target>,
    /// Marked, where the last jump led.
    landed: Option<Target>,
}

impl FootnoteState {
    /// Forgets the jumps of another record's text.
    pub fn follow(&mut self, record: &RecordId, text: usize) {
        if self
            .shown
            .as_ref()
            .is_none_or(|(id, i)| id != record || *i != text)
        {
            *self = Self {
                shown: Some((record.clone(), text)),
                ..Self::default()
            };
        }
    }
}

/// The find text's matches, numbered through the whole text as paragraphs are drawn.
#[derive(Debug, Default)]
pub struct FindMarks {
    /// Lowercased; empty when nothing is looked for.
    pub text: String,
    /// The current match.
    pub current: usize,
    /// Matches seen so far.
    pub seen: usize,
}

/// How paragraphs are set.
pub struct ParagraphStyle<'a> {
    /// The body font.
    pub font: FontId,
    /// The colours.
    pub colors: ReadingColors,
    /// The line width.
    pub width: f32,
    /// The search words to mark, lowercased.
    pub words: &'a [String],
}

/// A footnote run of a paragraph, in characters of its text.
struct Link {
    chars: Range<usize>,
    /// What this run is, as a target.
    is: Target,
    /// Where a click on it leads.
    leads_to: Target,
}

/// Draws one paragraph of `reading`.
pub fn paragraph_ui(
    ui: &mut egui::Ui,
    runs: &[(Run, &str)],
    reading: &Reading<'_>,
    style: &ParagraphStyle<'_>,
    find: &mut FindMarks,
    footnotes: &mut FootnoteState,
) -> egui::Response {
    let colors = &style.colors;
    let mut job = LayoutJob::default();
    job.wrap.max_width = style.width;
    let mut links = Vec::new();
    let mut chars = 0;
    for &(run, text) in runs {
        let mut format = TextFormat {
            font_id: style.font.clone(),
            color: colors.text,
            line_height: Some(style.font.size * 1.45),
            ..Default::default()
        };
        let length = text.chars().count();
        let link = |is, leads_to| Link {
            chars: chars..chars + length,
            is,
            leads_to,
        };
        match run {
            Run::Plain => {}
            Run::Editorial => {
                format.color = colors.editorial;
                format.italics = true;
            }
            Run::Marker { number, linked } => {
                format.font_id = FontId::proportional(style.font.size * 0.72);
                format.color = colors.footnote;
                format.valign = egui::Align::TOP;
                if linked {
                    links.push(link(Target::Marker(number), Target::Note(number)));
                }
            }
            // No underlines: egui draws them at the bottom of the row, which the
            // reading line height puts far below the text. The colour, the pointer
            // and the tooltip say these are links.
            Run::Note { number } => {
                format.color = colors.footnote;
                links.push(link(Target::Note(number), Target::Marker(number)));
            }
        }
        if let Some(link) = links.last()
            && link.chars.start == chars
            && footnotes.landed == Some(link.is)
        {
            format.background = colors.current;
        }
        append_highlighted(&mut job, text, &format, style.words, find, colors);
        chars += length;
    }

    let (pos, galley, mut response) = egui::Label::new(job).selectable(true).layout_in_ui(ui);
    response.widget_info(|| WidgetInfo::labeled(Role::Label, ui.is_enabled(), galley.text()));
    if let Some(jump) = footnotes.jump
        && let Some(link) = links.iter().find(|l| l.is == jump)
    {
        let rect = galley
            .pos_from_cursor(CCursor::new(link.chars.start))
            .translate(pos.to_vec2());
        ui.scroll_to_rect(rect.expand(24.0), Some(egui::Align::Center));
        footnotes.jump = None;
        footnotes.landed = Some(jump);
        ui.ctx().request_repaint();
    }
    let link_at = |point: egui::Pos2| {
        let at = galley.cursor_from_pos(point - pos).index.0;
        links
            .iter()
            .find(|l| l.chars.start <= at && at < l.chars.end.max(l.chars.start + 1))
    };
    if let Some(link) = response.hover_pos().and_then(link_at) {
        ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
        let tip = match link.leads_to {
            Target::Note(n) => reading
                .note_text(n)
                .map(|note| format!("Note {n}: {note}\n(click to go to the note)")),
            Target::Marker(_) => Some("Back to where the note is called".to_owned()),
        };
        if let Some(tip) = tip {
            response = response.on_hover_text_at_pointer(tip);
        }
    }
    if response.clicked()
        && let Some(link) = response.interact_pointer_pos().and_then(link_at)
    {
        footnotes.jump = Some(link.leads_to);
        ui.ctx().request_repaint();
    }
    if ui.is_rect_visible(response.rect) {
        LabelSelectionState::label_text_selection(
            ui,
            &response,
            pos,
            galley,
            colors.text,
            Stroke::NONE,
        );
    }
    response
}

/// Appends `text`, with the search words and find matches marked by a background.
fn append_highlighted(
    job: &mut LayoutJob,
    text: &str,
    format: &TextFormat,
    words: &[String],
    find: &mut FindMarks,
    colors: &ReadingColors,
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
        job.append(&text[start..end], 0.0, marked);
        at = end;
    }
    job.append(&text[at..], 0.0, format.clone());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2's relative luminance.
    fn luminance(c: Color32) -> f64 {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }

    fn contrast(a: Color32, b: Color32) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn every_text_colour_passes_wcag_aa_on_every_background_in_both_themes() {
        for visuals in [Visuals::light(), Visuals::dark()] {
            let c = ReadingColors::of(&visuals);
            // The header's secondary lines are never marked.
            assert!(contrast(c.secondary, visuals.panel_fill) >= 4.5);
            for (name, fg) in [
                ("text", c.text),
                ("editorial", c.editorial),
                ("footnote", c.footnote),
            ] {
                for (bg_name, bg) in [
                    ("panel", visuals.panel_fill),
                    ("highlight", c.highlight),
                    ("current", c.current),
                ] {
                    let ratio = contrast(fg, bg);
                    assert!(
                        ratio >= 4.5,
                        "{name} on {bg_name} ({} theme): {ratio:.2}",
                        if visuals.dark_mode { "dark" } else { "light" }
                    );
                }
            }
            // Set apart: insertions differ from the text they sit in.
            assert!(contrast(c.editorial, c.text) > 1.3);
        }
    }

    #[test]
    fn contrast_is_computed_as_wcag_says() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        // #767676 on white is the classic 4.54:1.
        let gray = Color32::from_gray(0x76);
        assert!((contrast(gray, Color32::WHITE) - 4.54).abs() < 0.01);
    }
}
