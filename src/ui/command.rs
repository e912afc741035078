//! Every user action is one [`Command`]: the menus, the keyboard shortcuts and the
//! help window are all generated from this one list, so they can never disagree.

use egui::{Context, Key, KeyboardShortcut, Modifiers};

use super::app::Action;

/// A user action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(test, derive(strum::EnumIter))]
pub enum Command {
    /// Create a new catalog folder.
    NewCatalog,
    /// Open a catalog folder.
    OpenCatalog,
    /// Save every changed record.
    Save,
    /// Import digital-archive pages or a JSON export.
    ImportPages,
    /// Commit the catalog's changes to git.
    Commit,
    /// Sync the catalog with its git server: fetch, merge, push.
    Sync,
    /// Clone a shared catalog from a git server and open it.
    OpenFromServer,
    /// The catalog's settings: name, archive cited, web address.
    CatalogSettings,
    /// Set the catalog up for git: merge driver, .gitignore, .gitattributes.
    SetUpGit,
    /// Export records (the list, the selection or everything).
    Export,
    /// Export the selected records.
    ExportSelected,
    /// Quit Folio.
    Quit,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Put the cursor in the search box.
    Find,
    /// Find words in the document shown.
    FindInDocument,
    /// Select every record in the list.
    SelectAll,
    /// Create a new record.
    NewRecord,
    /// Edit the selected record: the metadata, the cursor in its title.
    EditRecord,
    /// Duplicate the selected record.
    DuplicateRecord,
    /// Delete the selected records.
    DeleteRecords,
    /// One correction over many records (the selection, or the list).
    EditRecords,
    /// Put the citation of the selected records on the clipboard.
    CopyCitation,
    /// Show the document tab.
    ShowDocument,
    /// Show the metadata tab.
    ShowMetadata,
    /// Show the history tab.
    ShowHistory,
    /// The reading layout: the record takes the window, its scan beside its text;
    /// again, back to the list.
    ReadingLayout,
    /// Show only the records changed since the last commit.
    ShowChangedSinceCommit,
    /// The values of list fields, to rename or merge.
    ShowValues,
    /// Show or hide the sidebar.
    ToggleSidebar,
    /// Show or hide the problems panel.
    ToggleProblems,
    /// Switch between the light and the dark theme.
    ToggleTheme,
    /// Show the messages of this session.
    ShowNotices,
    /// Use Folio's own file chooser rather than the system's dialog.
    ToggleFolioChooser,
    /// Show the query language.
    ShowSearchHelp,
    /// Show the keyboard shortcuts.
    ShowShortcuts,
    /// Show what Folio is.
    ShowAbout,
}

impl Command {
    /// Every command, in menu order.
    pub const ALL: [Command; 37] = [
        Command::NewCatalog,
        Command::OpenCatalog,
        Command::OpenFromServer,
        Command::Save,
        Command::ImportPages,
        Command::Export,
        Command::Commit,
        Command::Sync,
        Command::SetUpGit,
        Command::CatalogSettings,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::Find,
        Command::FindInDocument,
        Command::SelectAll,
        Command::NewRecord,
        Command::EditRecord,
        Command::DuplicateRecord,
        Command::DeleteRecords,
        Command::EditRecords,
        Command::CopyCitation,
        Command::ExportSelected,
        Command::ShowDocument,
        Command::ShowMetadata,
        Command::ShowHistory,
        Command::ReadingLayout,
        Command::ShowChangedSinceCommit,
        Command::ShowValues,
        Command::ToggleSidebar,
        Command::ToggleProblems,
        Command::ToggleTheme,
        Command::ShowNotices,
        Command::ToggleFolioChooser,
        Command::ShowSearchHelp,
        Command::ShowShortcuts,
        Command::ShowAbout,
    ];

    /// The label in menus and the help window.
    pub fn label(self) -> &'static str {
        match self {
            Command::NewCatalog => "New catalog…",
            Command::OpenCatalog => "Open catalog…",
            Command::Save => "Save",
            Command::ImportPages => "Import…",
            Command::Commit => "Commit…",
            Command::Sync => "Sync with server",
            Command::OpenFromServer => "Open from a server…",
            Command::SetUpGit => "Set up for git…",
            Command::CatalogSettings => "Catalog settings…",
            Command::Export => "Export…",
            Command::ExportSelected => "Export selected…",
            Command::Quit => "Quit",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::Find => "Search the catalog",
            Command::FindInDocument => "Find in document",
            Command::SelectAll => "Select all records",
            Command::NewRecord => "New record",
            Command::EditRecord => "Edit record",
            Command::DuplicateRecord => "Duplicate record",
            Command::DeleteRecords => "Delete…",
            Command::EditRecords => "Edit records…",
            Command::CopyCitation => "Copy citation",
            Command::ShowDocument => "Document",
            Command::ShowMetadata => "Metadata",
            Command::ShowHistory => "History",
            Command::ReadingLayout => "Reading layout",
            Command::ShowChangedSinceCommit => "Changed since commit",
            Command::ShowValues => "Values…",
            Command::ToggleSidebar => "Sidebar",
            Command::ToggleProblems => "Problems",
            Command::ToggleTheme => "Dark theme",
            Command::ShowNotices => "Messages",
            Command::ToggleFolioChooser => "Folio's file chooser",
            Command::ShowSearchHelp => "Search syntax",
            Command::ShowShortcuts => "Keyboard shortcuts",
            Command::ShowAbout => "About Folio",
        }
    }

    /// The menu the command is in.
    pub fn menu(self) -> Menu {
        match self {
            Command::NewCatalog
            | Command::OpenCatalog
            | Command::Save
            | Command::ImportPages
            | Command::Export
            | Command::Commit
            | Command::Sync
            | Command::OpenFromServer
            | Command::SetUpGit
            | Command::CatalogSettings
            | Command::Quit => Menu::File,
            Command::Undo
            | Command::Redo
            | Command::Find
            | Command::FindInDocument
            | Command::SelectAll => Menu::Edit,
            Command::NewRecord
            | Command::EditRecord
            | Command::DuplicateRecord
            | Command::DeleteRecords
            | Command::EditRecords
            | Command::CopyCitation
            | Command::ExportSelected => Menu::Record,
            Command::ShowDocument
            | Command::ShowMetadata
            | Command::ShowHistory
            | Command::ReadingLayout
            | Command::ShowChangedSinceCommit
            | Command::ShowValues
            | Command::ToggleSidebar
            | Command::ToggleProblems
            | Command::ToggleTheme
            | Command::ShowNotices
            | Command::ToggleFolioChooser => Menu::View,
            Command::ShowSearchHelp | Command::ShowShortcuts | Command::ShowAbout => Menu::Help,
        }
    }

    /// The keyboard shortcut, if any. `COMMAND` is Ctrl, or ⌘ on a Mac.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let ctrl = Modifiers::COMMAND;
        let ctrl_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let s = |m, k| Some(KeyboardShortcut::new(m, k));
        match self {
            Command::NewCatalog => s(ctrl_shift, Key::N),
            Command::OpenCatalog => s(ctrl, Key::O),
            Command::Save => s(ctrl, Key::S),
            Command::ImportPages => s(ctrl, Key::I),
            Command::Quit => s(ctrl, Key::Q),
            Command::Undo => s(ctrl, Key::Z),
            Command::Redo => s(ctrl_shift, Key::Z),
            Command::Find => s(ctrl, Key::K),
            Command::FindInDocument => s(ctrl, Key::F),
            Command::ShowSearchHelp => None,
            Command::SelectAll => s(ctrl, Key::A),
            Command::NewRecord => s(ctrl, Key::N),
            Command::EditRecord => s(Modifiers::NONE, Key::F2),
            Command::DuplicateRecord => s(ctrl, Key::D),
            Command::DeleteRecords => s(Modifiers::NONE, Key::Delete),
            Command::EditRecords => s(ctrl_shift, Key::E),
            Command::CopyCitation => s(ctrl_shift, Key::C),
            Command::Export => s(ctrl, Key::E),
            Command::ExportSelected => None,
            Command::ShowDocument => s(ctrl, Key::Num1),
            Command::ShowMetadata => s(ctrl, Key::Num2),
            Command::ShowHistory => s(ctrl, Key::Num3),
            Command::ReadingLayout => s(ctrl, Key::R),
            Command::Commit => s(ctrl_shift, Key::K),
            Command::Sync => s(ctrl_shift, Key::Y),
            Command::OpenFromServer => None,
            Command::SetUpGit
            | Command::CatalogSettings
            | Command::ShowChangedSinceCommit
            | Command::ShowValues => None,
            Command::ToggleSidebar => s(ctrl, Key::B),
            Command::ToggleProblems => s(ctrl, Key::P),
            Command::ToggleTheme | Command::ShowNotices | Command::ToggleFolioChooser => None,
            Command::ShowShortcuts => s(Modifiers::NONE, Key::F1),
            Command::ShowAbout => None,
        }
    }

    /// Whether the shortcut may fire while a text field has the keyboard: Ctrl+A,
    /// Ctrl+Z and Delete belong to the text field then.
    pub fn works_while_typing(self) -> bool {
        !matches!(
            self,
            Command::SelectAll | Command::Undo | Command::Redo | Command::DeleteRecords
        )
    }
}

/// Shortcuts fire their commands; list navigation keys move the selection when no
/// text field has the keyboard.
pub fn collect_shortcuts(ctx: &Context, actions: &mut Vec<Action>) {
    let typing = ctx.egui_wants_keyboard_input();
    // Longest modifier sets first: Ctrl+Shift+Z must not be taken for Ctrl+Z.
    let mut commands: Vec<Command> = Command::ALL
        .into_iter()
        .filter(|c| c.shortcut().is_some())
        .collect();
    commands.sort_by_key(|c| {
        std::cmp::Reverse(
            c.shortcut()
                .map_or(0, |s| s.modifiers.shift as u8 + s.modifiers.alt as u8),
        )
    });
    for command in commands {
        if typing && !command.works_while_typing() {
            continue;
        }
        if let Some(shortcut) = command.shortcut()
            && ctx.input_mut(|i| i.consume_shortcut(&shortcut))
        {
            actions.push(Action::Command(command));
        }
    }
    // The scan, when it has the keyboard, turns its pages with these keys.
    let scan = ctx.memory(|m| m.focused()) == Some(super::scan_view::viewer_id());
    if !typing && !scan {
        let steps = [
            (Key::ArrowDown, 1),
            (Key::ArrowUp, -1),
            (Key::PageDown, 20),
            (Key::PageUp, -20),
            // The first and the last record of the list, however long.
            (Key::Home, -(1 << 40)),
            (Key::End, 1 << 40),
        ];
        for (key, delta) in steps {
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
                actions.push(Action::Step(delta));
            }
        }
        // Enter on the list (no widget to activate) edits the selected record, as F2.
        if ctx.memory(|m| m.focused().is_none())
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter))
        {
            actions.push(Action::Command(Command::EditRecord));
        }
    }
}

/// The menus of the menu bar, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// File.
    File,
    /// Edit.
    Edit,
    /// Record.
    Record,
    /// View.
    View,
    /// Help.
    Help,
}

impl Menu {
    /// Every menu, in menu-bar order.
    pub const ALL: [Menu; 5] = [Menu::File, Menu::Edit, Menu::Record, Menu::View, Menu::Help];

    /// The menu's title.
    pub fn title(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::Record => "Record",
            Menu::View => "View",
            Menu::Help => "Help",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen: Vec<(KeyboardShortcut, Command)> = Vec::new();
        for command in Command::ALL {
            if let Some(shortcut) = command.shortcut() {
                if let Some((_, other)) = seen.iter().find(|(s, _)| *s == shortcut) {
                    panic!("{command:?} and {other:?} share a shortcut");
                }
                seen.push((shortcut, command));
            }
        }
        assert!(seen.len() >= 15);
    }

    /// `ALL` drives the menus, the shortcuts and the help window: a command left out
    /// of it would exist but be unreachable. `iter` (derived in tests) lists every
    /// variant, so a new command fails here until `ALL` has it.
    #[test]
    fn all_lists_every_command_once() {
        use strum::IntoEnumIterator;
        let every: Vec<Command> = Command::iter().collect();
        assert_eq!(
            Command::ALL.len(),
            every.len(),
            "ALL has a duplicate or a gap"
        );
        for command in every {
            assert!(Command::ALL.contains(&command), "{command:?} is not in ALL");
            assert!(!command.label().is_empty(), "{command:?} has no label");
        }
    }
}
