//! A seeded generator of realistic synthetic catalogs, for benchmarks and scale tests.
//!
//! The same seed always gives the same records, so figures from different runs and
//! machines compare like with like.

use std::path::Path;

mod history;
pub use history::{TRACKED, history_repository};

use chrono::{DateTime, Utc};

use crate::model::{
    ArchivalDate, Credit, CreditRole, IdError, Record, RecordId, Status, Text, TextKind,
};
use crate::store::{self, StoreError, format};

const PEOPLE: [&str; 16] = [
    "Kim Il Sung",
    "Liu Shaoqi",
    "Zhou Enlai",
    "Mao Zedong",
    "Stalin, Joseph",
    "Khrushchev, Nikita",
    "Molotov, Vyacheslav",
    "Pak Heon-yeong",
    "Shtykov, Terentii",
    "Peng Dehuai",
    "Nehru, Jawaharlal",
    "Satō, Eisaku",
    "Chiang Kai-shek",
    "Gromyko, Andrei",
    "Andropov, Yuri",
    "Kim Jong Il",
];
const PLACES: [&str; 12] = [
    "China",
    "North Korea",
    "South Korea",
    "Soviet Union",
    "Japan",
    "Taiwan",
    "India",
    "Poland",
    "Hungary",
    "Romania",
    "East Germany",
    "United States",
];
const TYPES: [&str; 6] = [
    "Report",
    "Telegram",
    "Letter",
    "Memorandum of Conversation",
    "Minutes",
    "Cable",
];
const LANGUAGES: [&str; 6] = [
    "Chinese",
    "Russian",
    "Korean",
    "German",
    "Hungarian",
    "Japanese",
];
const SUBJECTS: [&str; 8] = [
    "China--Foreign relations--Korea (North)",
    "Korean War, 1950-1953",
    "Sino-Soviet split",
    "Nuclear weapons",
    "Cold War",
    "Korea (North)--Politics and government",
    "Diplomacy",
    "Communism--Asia",
];
const WORDS: [&str; 48] = [
    "the",
    "delegation",
    "comrade",
    "ministry",
    "foreign",
    "affairs",
    "meeting",
    "discussed",
    "situation",
    "international",
    "party",
    "government",
    "embassy",
    "report",
    "question",
    "agreement",
    "cooperation",
    "economic",
    "military",
    "assistance",
    "revisionism",
    "conference",
    "telegram",
    "ambassador",
    "proposal",
    "unification",
    "relations",
    "socialist",
    "camp",
    "struggle",
    "imperialism",
    "people",
    "committee",
    "central",
    "secretary",
    "visit",
    "border",
    "treaty",
    "negotiations",
    "and",
    "of",
    "to",
    "in",
    "that",
    "with",
    "on",
    "for",
    "was",
];

/// Chinese phrases for the transcriptions some records carry (for CJK search).
const CJK_PHRASES: [&str; 12] = [
    "一九五二年",
    "朝鲜",
    "中国人民志愿军",
    "毛泽东",
    "金日成",
    "外交部",
    "大使馆",
    "会谈",
    "电报",
    "同志",
    "停战谈判",
    "苏联",
];

fn pick<'a>(rng: &mut fastrand::Rng, list: &[&'a str]) -> &'a str {
    list.get(rng.usize(..list.len())).copied().unwrap_or("")
}

fn sentence(rng: &mut fastrand::Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = if rng.u8(..10) == 0 {
            pick(rng, &PEOPLE)
        } else {
            pick(rng, &WORDS)
        };
        if i > 0 {
            s.push(' ');
        }
        s.push_str(w);
    }
    if rng.u8(..4) == 0 {
        s.push_str(" [editorial insertion]");
    }
    s.push('.');
    s
}

/// The `index`-th synthetic record of the corpus for `seed`: about 4 KB of text in
/// paragraphs, with realistic metadata.
pub fn synthetic_record(seed: u64, index: usize) -> Result<Record, IdError> {
    let mut rng =
        fastrand::Rng::with_seed(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let id = RecordId::new(format!("syn-{index:07}"))?;
    let doc_type = pick(&mut rng, &TYPES);
    let person = pick(&mut rng, &PEOPLE);
    let mut record = Record::new(
        id,
        format!(
            "{doc_type} on {} concerning {person}",
            sentence(&mut rng, 4).trim_end_matches('.')
        ),
    );
    let year = 1945 + rng.i32(0..45);
    let month = rng.u32(1..=12);
    let day = rng.u32(1..=28);
    let date = match rng.u8(..10) {
        0 => format!("{year}"),
        1 => format!("{year}-{month:02}"),
        2 => format!("{year}~"),
        _ => format!("{year}-{month:02}-{day:02}"),
    };
    record.date = ArchivalDate::parse(&date).ok();
    record.date_display = record.date_words();
    record.doc_type = doc_type.to_owned();
    record.summary = sentence(&mut rng, 30);
    record.people = (0..rng.usize(1..5))
        .map(|_| pick(&mut rng, &PEOPLE).to_owned())
        .collect();
    record.people.dedup();
    record.places = (0..rng.usize(1..4))
        .map(|_| pick(&mut rng, &PLACES).to_owned())
        .collect();
    record.places.dedup();
    record.subjects = vec![pick(&mut rng, &SUBJECTS).to_owned()];
    record.languages = vec![pick(&mut rng, &LANGUAGES).to_owned()];
    record.source = format!(
        "Archive fond {}, opis {}, delo {}. Translated by Jane Doe.",
        rng.u16(..999),
        rng.u8(..50),
        rng.u16(..900)
    );
    record.credits = vec![Credit {
        role: CreditRole::Translated,
        name: "Jane Doe".to_owned(),
    }];
    record.funders = vec!["MacArthur Foundation".to_owned()];
    record.external_id = format!("{}", 100_000 + index);
    let paragraphs: Vec<String> = (0..8)
        .map(|_| {
            (0..rng.usize(5..9))
                .map(|_| {
                    let n = rng.usize(6..14);
                    sentence(&mut rng, n)
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let mut texts = vec![Text {
        kind: TextKind::Translation,
        language: "English".to_owned(),
        body: paragraphs.join("\n\n"),
    }];
    if rng.u8(..8) == 0 {
        let body: String = (0..rng.usize(20..60))
            .map(|i| {
                let phrase = pick(&mut rng, &CJK_PHRASES);
                if i % 6 == 5 {
                    format!("{phrase}。")
                } else {
                    phrase.to_owned()
                }
            })
            .collect();
        texts.push(Text {
            kind: TextKind::Transcription,
            language: "Chinese".to_owned(),
            body,
        });
    }
    record.texts = texts.into();
    record.status = match rng.usize(..3) {
        0 => Status::Draft,
        1 => Status::Reviewed,
        _ => Status::Published,
    };
    let stamp: DateTime<Utc> =
        DateTime::from_timestamp(1_700_000_000 + index as i64, 0).unwrap_or_default();
    record.created = stamp;
    Ok(record)
}

/// Writes a synthetic catalog of `count` records into `dir` (which must not exist or be empty).
pub fn write_catalog(dir: &Path, count: usize, seed: u64) -> Result<(), StoreError> {
    let (folder, _) = store::create(
        dir,
        &format!("Synthetic catalog ({count} records, seed {seed})"),
    )?;
    let records_dir = folder.root().join(store::folder::RECORDS_DIR);
    use rayon::prelude::*;
    (0..count).into_par_iter().try_for_each(|i| {
        let path = records_dir.join(format!("syn-{i:07}.ron"));
        let record = synthetic_record(seed, i).map_err(|e| StoreError::Io {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        let text = format::record_to_ron(&record).map_err(std::io::Error::other);
        text.and_then(|text| std::fs::write(&path, text))
            .map_err(|source| StoreError::Io { path, source })
    })
}

/// Bumped whenever the generator changes, so that cached corpora are regenerated.
pub const GENERATOR_VERSION: u32 = 3;

/// The benchmark corpus of `count` records for `seed`, generated once under
/// `target/bench-corpus/` and reused.
pub fn bench_corpus(count: usize, seed: u64) -> Result<std::path::PathBuf, StoreError> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-corpus")
        .join(format!("{count}-seed{seed}-v{GENERATOR_VERSION}"));
    ensure_catalog(&dir, count, seed)?;
    Ok(dir)
}

/// Makes sure `dir` holds the synthetic catalog of `count` records for `seed`,
/// generating it once (into a temporary folder renamed at the end, so that an
/// interrupted run never leaves a half catalog behind).
pub fn ensure_catalog(dir: &Path, count: usize, seed: u64) -> Result<(), StoreError> {
    if dir.join(store::folder::SETTINGS_FILE).exists() {
        return Ok(());
    }
    let partial = dir.with_extension("partial");
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| StoreError::Io { path, source }
    };
    if partial.exists() {
        std::fs::remove_dir_all(&partial).map_err(io(&partial))?;
    }
    write_catalog(&partial, count, seed)?;
    std::fs::rename(&partial, dir).map_err(io(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_records() {
        assert_eq!(
            synthetic_record(7, 3).unwrap(),
            synthetic_record(7, 3).unwrap()
        );
        assert_ne!(
            synthetic_record(7, 3).unwrap(),
            synthetic_record(8, 3).unwrap()
        );
        let size = format::record_to_ron(&synthetic_record(7, 3).unwrap())
            .unwrap()
            .len();
        assert!(
            (2_500..7_000).contains(&size),
            "about 4 KB per record, got {size}"
        );
    }
}
