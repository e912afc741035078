//! Record files holding git's conflict markers (a merge stopped on them): each
//! side reads as a whole record, the lines outside the markers belonging to both.
//! Folio opens such a record as a conflict between the two sides, resolved field by
//! field; until then it is never written over.

use crate::model::{Field, Record};

use super::format;

/// A record file with conflict markers, read as its two sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflicted {
    /// Our side (the branch merged into), shown and edited in Folio.
    pub ours: Record,
    /// Their side.
    pub theirs: Record,
}

impl Conflicted {
    /// Reads a file's text; `None` when it holds no complete conflict, or a side
    /// does not read as a record.
    pub fn read(text: &str) -> Option<Conflicted> {
        let (ours, theirs) = split(text)?;
        Some(Conflicted {
            ours: format::record_from_ron(&ours).ok()?,
            theirs: format::record_from_ron(&theirs).ok()?,
        })
    }

    /// The fields the two sides hold differently.
    pub fn fields(&self) -> Vec<Field> {
        Field::differing(&self.ours, &self.theirs)
    }
}

/// Whether the file at `path` holds a conflict marker line (`<<<<<<<`); false when
/// it cannot be read.
pub fn file_holds_markers(path: &std::path::Path) -> bool {
    std::fs::read(path).is_ok_and(|bytes| {
        bytes
            .split(|b| *b == b'\n')
            .any(|line| line.starts_with(b"<<<<<<<"))
    })
}

/// A record file holding conflict markers, split into its two sides (the lines
/// outside the markers belong to both; a `|||||||` base section is left out).
/// `None` when the text holds no complete conflict.
pub fn split(text: &str) -> Option<(String, String)> {
    #[derive(PartialEq)]
    enum Side {
        Both,
        Ours,
        Base,
        Theirs,
    }
    let mut side = Side::Both;
    let (mut ours, mut theirs) = (String::new(), String::new());
    let mut seen = false;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        match side {
            _ if bare.starts_with("<<<<<<<") && side == Side::Both => {
                side = Side::Ours;
                seen = true;
                continue;
            }
            Side::Ours | Side::Base if bare.starts_with("=======") => {
                side = Side::Theirs;
                continue;
            }
            Side::Ours if bare.starts_with("|||||||") => {
                side = Side::Base;
                continue;
            }
            Side::Theirs if bare.starts_with(">>>>>>>") => {
                side = Side::Both;
                continue;
            }
            _ => {}
        }
        match side {
            Side::Both => {
                ours.push_str(line);
                theirs.push_str(line);
            }
            Side::Ours => ours.push_str(line),
            Side::Theirs => theirs.push_str(line),
            Side::Base => {}
        }
    }
    (seen && side == Side::Both).then_some((ours, theirs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_side_holds_the_shared_lines_and_its_own() {
        let text = "(\n<<<<<<< ours\n    a: 1,\n||||||| base\n    a: 0,\n=======\n    a: 2,\n>>>>>>> theirs\n    b: 3,\n)\n";
        let (ours, theirs) = split(text).unwrap();
        assert_eq!(ours, "(\n    a: 1,\n    b: 3,\n)\n");
        assert_eq!(theirs, "(\n    a: 2,\n    b: 3,\n)\n");
        assert_eq!(split("(\n    a: 1,\n)\n"), None, "no markers");
        assert_eq!(split("(\n<<<<<<< ours\n    a: 1,\n)\n"), None, "unfinished");
    }
}
