//! The left sidebar: the search box, active filters as chips, and facet lists.

use crate::session::{Facet, Session, SortColumn};

use super::app::Action;

/// How many values a facet shows before "more".
const FACET_VALUES_SHOWN: usize = 8;

/// What the sidebar keeps between frames: the text being typed in its boxes.
#[derive(Debug, Default)]
pub struct SidebarState {
    /// The search box's text (the session's query follows it).
    pub text: String,
    /// The name being typed for a search to save.
    pub saving_search: Option<String>,
    /// Put the keyboard in the search box next frame.
    pub focus: bool,
}

/// Draws the sidebar.
pub fn sidebar_ui(
    ui: &mut egui::Ui,
    session: Option<&Session>,
    state: &mut SidebarState,
    actions: &mut Vec<Action>,
) {
    ui.add_space(4.0);
    let label = ui.label("Search");
    let id = egui::Id::unique("sidebar_search");
    if std::mem::take(&mut state.focus) {
        // Before the box is drawn, so that it takes what was typed in the frame of
        // Ctrl+K too (a quick typist's first letter, on a busy machine).
        ui.memory_mut(|m| m.request_focus(id));
    }
    let search = ui.add(
        egui::TextEdit::singleline(&mut state.text)
            .id(id)
            .hint_text("Words, \"phrases\", fields…")
            .desired_width(f32::INFINITY),
    );
    let search = search.labelled_by(label.id);
    if search.changed() {
        actions.push(Action::Search(state.text.clone()));
    }
    // Down from the search box goes into the results, as in a browser's search field:
    // the box gives up the keyboard and the first (or next) record is selected.
    if search.has_focus()
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown))
    {
        search.surrender_focus();
        actions.push(Action::Step(1));
    }
    let Some(session) = session else {
        return;
    };
    if let Some(error) = &session.view().query_error {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("Not a valid query {error}; searching the words instead."),
        );
    }
    if !state.text.is_empty() {
        ui.horizontal_wrapped(|ui| {
            if ui.small_button("Clear search").clicked() {
                state.text.clear();
                state.saving_search = None;
                actions.push(Action::Search(String::new()));
            }
            if session.query().sort != SortColumn::Relevance
                && ui
                    .small_button("Sort by relevance")
                    .on_hover_text("Best matches first")
                    .clicked()
            {
                actions.push(Action::Sort(SortColumn::Relevance));
            }
            if state.saving_search.is_none() && ui.small_button("Save search…").clicked() {
                actions.push(Action::StartSavingSearch);
            }
        });
    }
    if let Some(name) = &mut state.saving_search {
        ui.horizontal(|ui| {
            let label = ui.label("Name");
            let edit = ui.add(egui::TextEdit::singleline(name).desired_width(110.0));
            let edit = edit.labelled_by(label.id);
            if !edit.has_focus() && !edit.lost_focus() && name.is_empty() {
                edit.request_focus();
            }
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.small_button("Save search").clicked() || enter) && !name.trim().is_empty() {
                actions.push(Action::SaveSearch(name.trim().to_owned()));
            }
            if ui.small_button("Cancel").clicked() {
                actions.push(Action::CancelSavingSearch);
            }
        });
    }
    saved_searches_ui(ui, session, actions);
    let filters = &session.query().filters;
    let pinned = &session.query().pinned;
    if !filters.is_empty() || pinned.is_some() {
        ui.add_space(6.0);
        ui.label("Filters");
        ui.horizontal_wrapped(|ui| {
            if let Some(pinned) = pinned {
                let chip = egui::Button::new(format!("{} ({})  ×", pinned.label, pinned.ids.len()))
                    .corner_radius(8.0);
                if ui
                    .add(chip)
                    .on_hover_text("Show every record again")
                    .clicked()
                {
                    actions.push(Action::Unpin);
                }
            }
            for (i, (facet, value)) in filters.iter().enumerate() {
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
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for facet in Facet::ALL {
                let values = session
                    .view()
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
                        for (value, count) in values.iter().take(shown) {
                            let active = filters.iter().any(|(f, v)| *f == facet && v == value);
                            // The count first, at the right edge; the value gets what
                            // is left and is cut short there, never drawn under the
                            // count (six-digit counts of a big catalog).
                            ui.horizontal(|ui| {
                                ui.with_layout(
                                    egui::Layout::right_to_left(egui::Align::Center),
                                    |ui| {
                                        ui.weak(crate::words::number(*count));
                                        ui.with_layout(
                                            egui::Layout::left_to_right(egui::Align::Center),
                                            |ui| {
                                                let button = egui::Button::selectable(
                                                    active,
                                                    value.as_str(),
                                                )
                                                .wrap_mode(egui::TextWrapMode::Truncate);
                                                let response =
                                                    ui.add(button).on_hover_text(value.as_str());
                                                if response.clicked() && !active {
                                                    actions.push(Action::AddFilter(
                                                        facet,
                                                        value.clone(),
                                                    ));
                                                }
                                            },
                                        );
                                    },
                                );
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

fn saved_searches_ui(ui: &mut egui::Ui, session: &Session, actions: &mut Vec<Action>) {
    let saved = &session.catalog().settings().saved_searches;
    if saved.is_empty() {
        return;
    }
    ui.add_space(6.0);
    egui::CollapsingHeader::new(format!("Saved searches ({})", saved.len()))
        .id_salt("saved_searches")
        .default_open(true)
        .show(ui, |ui| {
            for (i, search) in saved.iter().enumerate() {
                let active = session.query().text == search.query;
                let response = ui
                    .selectable_label(active, search.name.as_str())
                    .on_hover_text(search.query.as_str());
                if response.clicked() {
                    actions.push(Action::RunSavedSearch(i));
                }
                response.context_menu(|ui| {
                    if ui.button("Delete saved search").clicked() {
                        actions.push(Action::DeleteSavedSearch(i));
                        ui.close();
                    }
                });
            }
        });
}
