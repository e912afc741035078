//! The left sidebar: the search box, active filters as chips, and facet lists.

use super::app::{Action, FolioApp};
use super::view::Facet;

/// How many values a facet shows before "more".
const FACET_VALUES_SHOWN: usize = 8;

/// Draws the sidebar.
pub fn sidebar_ui(ui: &mut egui::Ui, app: &mut FolioApp, actions: &mut Vec<Action>) {
    ui.add_space(4.0);
    let label = ui.label("Search");
    let search = ui.add(
        egui::TextEdit::singleline(&mut app.query.text)
            .hint_text("Words in any field or text")
            .desired_width(f32::INFINITY),
    );
    let search = search.labelled_by(label.id);
    if app.focus_search {
        search.request_focus();
        app.focus_search = false;
    }
    if !app.query.text.is_empty() && ui.small_button("Clear search").clicked() {
        app.query.text.clear();
    }
    if !app.query.filters.is_empty() {
        ui.add_space(6.0);
        ui.label("Filters");
        ui.horizontal_wrapped(|ui| {
            for (i, (facet, value)) in app.query.filters.iter().enumerate() {
                let chip =
                    egui::Button::new(format!("{}: {value}  ×", facet.title())).corner_radius(8.0);
                if ui.add(chip).on_hover_text("Remove this filter").clicked() {
                    actions.push(Action::RemoveFilter(i));
                }
            }
        });
    }
    ui.add_space(6.0);
    ui.separator();
    if app.session.is_none() {
        return;
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for facet in Facet::ALL {
                let values = app
                    .view
                    .facets
                    .get(&facet)
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                if values.is_empty() {
                    continue;
                }
                let open_by_default = matches!(
                    facet,
                    Facet::Decade | Facet::Type | Facet::Language | Facet::Status
                );
                egui::CollapsingHeader::new(format!("{} ({})", facet.title(), values.len()))
                    .id_salt(facet.title())
                    .default_open(open_by_default)
                    .show(ui, |ui| {
                        let show_all = ui.memory(|m| {
                            m.data
                                .get_temp::<bool>(egui::Id::unique(("facet_all", facet)))
                                .unwrap_or(false)
                        });
                        let shown = if show_all {
                            values.len()
                        } else {
                            values.len().min(FACET_VALUES_SHOWN)
                        };
                        for (value, count) in &values[..shown] {
                            let active = app
                                .query
                                .filters
                                .iter()
                                .any(|(f, v)| *f == facet && v == value);
                            ui.horizontal(|ui| {
                                let text = egui::RichText::new(value.as_str());
                                let response = ui.selectable_label(active, text);
                                ui.with_layout(
                                    egui::Layout::right_to_left(egui::Align::Center),
                                    |ui| {
                                        ui.weak(count.to_string());
                                    },
                                );
                                if response.clicked() && !active {
                                    actions.push(Action::AddFilter(facet, value.clone()));
                                }
                            });
                        }
                        if values.len() > FACET_VALUES_SHOWN {
                            let label = if show_all {
                                "Fewer".to_owned()
                            } else {
                                format!("{} more…", values.len() - FACET_VALUES_SHOWN)
                            };
                            if ui.small_button(label).clicked() {
                                ui.memory_mut(|m| {
                                    m.data.insert_temp(
                                        egui::Id::unique(("facet_all", facet)),
                                        !show_all,
                                    )
                                });
                            }
                        }
                    });
            }
        });
}
