//! Fonts for every script. eframe finds system fonts for characters its own fonts
//! lack (Chinese, Japanese, Korean...); this module checks at start-up that such fonts
//! exist, so that a missing one is said once instead of showing empty boxes silently.

/// A notice when no installed font covers Chinese, Japanese or Korean; `None` when all are covered.
pub fn missing_scripts_notice() -> Option<String> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let samples = [('中', "Chinese"), ('ア', "Japanese"), ('한', "Korean")];
    let mut missing: Vec<&str> = Vec::new();
    for (sample, script) in samples {
        let covered = db.faces().any(|face| {
            db.with_face_data(face.id, |data, index| {
                ttf_parser::Face::parse(data, index)
                    .ok()
                    .and_then(|f| f.glyph_index(sample))
                    .is_some()
            })
            .unwrap_or(false)
        });
        if !covered {
            missing.push(script);
        }
    }
    (!missing.is_empty()).then(|| {
        format!(
            "No font for {} text was found: such text shows as boxes (install e.g. fonts-noto-cjk)",
            missing.join(", ")
        )
    })
}
