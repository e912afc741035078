//! The files that install Folio as a desktop app: the desktop entry and the AppStream
//! metainfo pass their official validators, and the icon is one.

use std::process::Command;

use crate::support::root;

const ID: &str = "io.github.folio_archive.Folio";

/// Runs a validator; `None` when it is not installed (the test then says so).
fn validate(tool: &str, args: &[&str]) -> Option<(bool, String)> {
    let out = Command::new(tool)
        .args(args)
        .current_dir(root())
        .output()
        .ok()?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    Some((out.status.success(), text))
}

#[test]
fn the_desktop_entry_and_the_metainfo_pass_their_validators() {
    let desktop = format!("assets/{ID}.desktop");
    let metainfo = format!("assets/{ID}.metainfo.xml");
    match validate("desktop-file-validate", &[&desktop]) {
        Some((ok, text)) => assert!(ok && text.trim().is_empty(), "{text}"),
        None => println!(
            "SKIPPED: desktop-file-validate is missing (apt-get install desktop-file-utils)"
        ),
    }
    match validate("appstreamcli", &["validate", "--no-net", &metainfo]) {
        Some((ok, text)) => assert!(ok, "{text}"),
        None => println!("SKIPPED: appstreamcli is missing (apt-get install appstream)"),
    }
    let entry = std::fs::read_to_string(root().join(&desktop)).unwrap();
    assert!(entry.contains(&format!("Icon={ID}")));
    // Under X11 the window is named after the program (instance and class).
    assert!(entry.contains("StartupWMClass=folio\n"));
}

#[cfg(feature = "gui")]
#[test]
fn the_window_has_its_icon() {
    let icon = folio::ui::icon().expect("assets/folio-256.png is a PNG");
    assert!(icon.width >= 256 && icon.height >= 256);
    assert_eq!(
        folio::ui::APP_ID,
        ID,
        "the window's app id is the desktop entry's"
    );
    let program = std::path::Path::new(env!("CARGO_BIN_EXE_folio"))
        .file_name()
        .unwrap()
        .to_owned();
    assert_eq!(
        program.to_str(),
        Some(folio::ui::X11_CLASS),
        "X11 names the window after the program"
    );
    let svg = std::fs::read_to_string(root().join("assets/folio.svg")).unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("<svg"));
}
