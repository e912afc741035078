//! Every fixture page imports with the fields it really has, and no invented ones.
use folio::import::{Layout, PageImport, parse_page};
use folio::model::{CreditRole, Record, TextKind};

fn import(name: &str) -> PageImport {
    let path = crate::support::fixtures().join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    parse_page(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn credits(r: &Record) -> Vec<(CreditRole, &str)> {
    r.credits
        .iter()
        .map(|c| (c.role, c.name.as_str()))
        .collect()
}

fn body(r: &Record) -> &str {
    &r.texts[0].body
}

const RIGHTS_START: &str = "The History and Public Policy Program welcomes reuse";

#[test]
fn seed_page_current_site_complete() {
    let page = import("000_seed.txt");
    assert_eq!(page.layout, Layout::CurrentSite);
    let r = &page.record;
    assert_eq!(
        r.id.as_str(),
        "1963-09-17-report-from-ji-pengfei-on-liu-shaoqis-conversation"
    );
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1963-09-17");
    assert_eq!(r.date_display, "September 17, 1963");
    assert_eq!(
        r.title,
        "Report from Ji Pengfei on Liu Shaoqi’s Conversation with Kim Il Sung"
    );
    assert_eq!(r.funders, ["MacArthur Foundation"]);
    assert!(
        r.summary
            .starts_with("A Chinese report regarding an exchange of views")
    );
    assert_eq!(
        r.source,
        "PRC FMA 203-00566-02, 137-138. Obtained by Shen Zhihua and translated by Jeffrey Wang and Charles Kraus."
    );
    assert_eq!(
        credits(r),
        [
            (CreditRole::Obtained, "Shen Zhihua"),
            (CreditRole::Translated, "Jeffrey Wang"),
            (CreditRole::Translated, "Charles Kraus")
        ]
    );
    assert_eq!(r.texts.len(), 1);
    assert_eq!(r.texts[0].kind, TextKind::Translation);
    assert_eq!(r.texts[0].language, "English");
    let text = body(r);
    assert!(
        text.starts_with("Brief Report on the Meeting between Liu Shaoqi and Kim Il Sung (Two)")
    );
    assert!(text.ends_with("18 September [1963]"));
    assert_eq!(text.split("\n\n").count(), 10, "paragraphs kept");
    for furniture in [
        "Skip to content",
        "Document Information",
        "welcomes reuse",
        "made possible with support",
    ] {
        assert!(
            !text.contains(furniture),
            "{furniture} leaked into the text"
        );
    }
    let rights: Vec<&str> = r.rights.split("\n\n").collect();
    assert_eq!(rights.len(), 2);
    assert!(rights[0].starts_with(RIGHTS_START));
    assert!(rights[1].starts_with("To enquire about this document's rights status"));
    // Labels without values on this page: nothing is invented for them.
    assert!(r.external_id.is_empty() && r.uploaded.is_none());
    assert!(r.people.is_empty() && r.doc_type.is_empty() && r.languages.is_empty());
    // The one note: the e-mail address the site hid (see below).
    assert_eq!(page.notes.len(), 1, "{:?}", page.notes);
}

#[test]
fn cable_1963_cut_short_in_rights() {
    let page = import("001_cable-chinese-embassy-north-korea-1963.txt");
    let r = &page.record;
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1963-11-23");
    assert_eq!(r.title, "Cable from the Chinese Embassy in North Korea");
    assert_eq!(r.funders, ["MacArthur Foundation"]);
    assert!(
        r.summary
            .starts_with("The Chinese Embassy in North Korea reports")
    );
    assert_eq!(
        r.source,
        "PRC FMA 106-01403-02, 35. Translated by Jeffrey Wang and Charles Kraus."
    );
    assert_eq!(
        credits(r),
        [
            (CreditRole::Translated, "Jeffrey Wang"),
            (CreditRole::Translated, "Charles Kraus")
        ]
    );
    assert!(body(r).starts_with("Please have the Journalism Department"));
    assert!(body(r).ends_with("23 November 1963"));
    assert!(r.rights.ends_with("To enquire about this document"));
    assert!(
        page.notes
            .iter()
            .any(|n| n.contains("rights statement is cut short"))
    );
}

#[test]
fn telegram_1950_with_empty_facet_labels() {
    let page = import("002_telegram-shtykov-vyshinsky-1950-03-24.txt");
    let r = &page.record;
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1950-03-24");
    assert_eq!(r.title, "Telegram, Shtykov to Vyshinskyy");
    assert!(r.funders.is_empty(), "the page has no support line");
    assert_eq!(
        r.summary,
        "Shtykov informs Vyshinsky of Kim Il Sung's upcoming visit and the transportation arrangements."
    );
    assert!(r.people.is_empty() && r.places.is_empty() && r.topics.is_empty());
    assert!(r.source.starts_with("APRF, Listy 146-147"));
    assert!(r.credits.is_empty());
    assert!(body(r).starts_with("Ciphered Telegram."));
    assert!(body(r).ends_with("24.III.50 Shtykov"));
}

#[test]
fn staging_copy_with_sub_labels() {
    let page = import("003_ciphered-telegram-shtykov-feng-xi-stalin-1950-10-14.txt");
    assert_eq!(page.layout, Layout::Staging);
    let r = &page.record;
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1950-10-14");
    assert_eq!(r.title, "Ciphered Telegram, Shtykov to Feng Xi (Stalin)");
    assert_eq!(r.source, "APRF, fond 45, opis 1, delo 335, list 3.");
    assert!(r.rights.starts_with(RIGHTS_START));
    assert!(r.rights.contains("HAPP@wilsoncenter.org"));
    assert!(r.summary.starts_with("Shtykov describes the reactions"));
    assert!(body(r).starts_with("Ciphered Telegram # 600428/sh"));
    assert!(body(r).ends_with("Typed by Bantsekina on 10/14/50 at 13:30 p.m."));
    // The uploaded date is cut short ("2011-11-"): not guessed, but reported.
    assert_eq!(r.uploaded, None);
    assert!(page.notes.iter().any(|n| n.contains("2011-11-")));
}

#[test]
fn staging_copy_cut_in_rights_without_sub_labels() {
    let page = import("004_ciphered-telegram-shtykov-feng-xi-stalin-1950-08-31.txt");
    let r = &page.record;
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1950-08-31");
    assert_eq!(r.title, "Ciphered Telegram, Shtykov to Feng Xi [Stalin]");
    assert!(r.source.starts_with("APRF, Fond 45, Opis 1, Delo 347"));
    assert!(r.summary.starts_with("Telegram from Shtykov to Stalin"));
    assert!(body(r).starts_with("From Pyongyang.Sent 31.8.50 11:32"));
    assert!(body(r).ends_with("Bulganin, Mikoyan, Khrushchev, File of 8th"));
}

#[test]
fn month_precision_date_and_translator() {
    let page = import("005_liu-shaoqi-to-malenkov-1949-08.txt");
    let r = &page.record;
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1949-08");
    assert_eq!(r.date_display, "August 1949");
    assert_eq!(r.title, "Liu Shaoqi to Cde. G.M. Malenkov");
    assert_eq!(credits(r), [(CreditRole::Translated, "Gary Goldberg")]);
    assert!(body(r).ends_with("[date not filled in] August 1949"));
}

#[test]
fn page_without_a_date_line_cut_in_the_text() {
    let page = import("006_letter-to-prof-pushkov-mgg-1958-undated-line.txt");
    let r = &page.record;
    assert!(
        r.date.is_none() && r.date_display.is_empty(),
        "no date is invented"
    );
    assert_eq!(
        r.title,
        "Letter to the Deputy Chairman of the Soviet Committee of the MGG, Prof. Pushkov"
    );
    assert_eq!(r.funders, ["Chun & Jane Chiu Family Foundation"]);
    assert!(r.summary.is_empty() && r.source.is_empty() && r.rights.is_empty());
    assert!(body(r).starts_with("from Peking"));
    assert!(page.notes.iter().any(|n| n.contains("no date line")));
    assert!(page.notes.iter().any(|n| n.contains("cut short")));
}

#[test]
fn staging_copy_without_blank_lines() {
    let page = import("007_journal-puzanov-1960-03-07-staging.txt");
    assert_eq!(page.layout, Layout::Staging);
    let r = &page.record;
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1960-03-07");
    assert_eq!(
        r.title,
        "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 7 March 1960"
    );
    assert_eq!(r.funders, ["ROK Ministry of Unification"]);
    assert_eq!(
        r.summary,
        "Puzanov provides Kim Il Sung with a memorandum of conversation between N. S. Khrushchev and J. Nehru."
    );
    assert!(r.authors.is_empty() && r.places.is_empty() && r.subjects.is_empty());
    assert!(
        r.source.is_empty() && r.original_archives.is_empty(),
        "labels without values"
    );
    assert!(r.rights.starts_with(RIGHTS_START));
    assert!(body(r).starts_with("USSR EMBASSY IN THE DPRK"));
    assert!(body(r).ends_with("Nº [208]"));
}

#[test]
fn page_without_skip_link_cut_in_the_text() {
    let page = import("008_hungarian-report-andropov-gromyko-1966-12-28.txt");
    let r = &page.record;
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1966-12-28");
    assert!(
        r.title
            .starts_with("Report to the Political Committee on the Consultation Meeting")
    );
    assert_eq!(r.funders, ["Blavatnik Family Foundation"]);
    assert!(r.summary.is_empty(), "the page ends before its summary");
    assert!(body(r).starts_with("[…]"));
    assert!(body(r).ends_with("involvement o"));
}

#[test]
fn old_site_with_citation_block() {
    let page = import("010_oldsite-romanian-embassy-report-1954-06-22.txt");
    assert_eq!(page.layout, Layout::OldSite);
    let r = &page.record;
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1954-06-22");
    assert_eq!(r.date_display, "June 22, 1954");
    assert_eq!(
        r.title,
        "Report on the Performance of the Embassy during the First Term of 1954 (Excerpt from the Embassy Report no. 2296/1954)"
    );
    assert_eq!(
        r.funders,
        ["ROK Ministry of Unification", "Leon Levy Foundation"]
    );
    assert!(
        r.summary
            .starts_with("A report on the Romanian Embassy's exchange")
    );
    assert!(
        r.source
            .starts_with("Archive of the Romanian Ministry of Foreign Affairs (AMAE), Year: 1954")
    );
    assert!(
        r.source
            .ends_with("Obtained and translated for NKIDP by Eliza Gheorghe.")
    );
    assert_eq!(
        credits(r),
        [
            (CreditRole::Obtained, "Eliza Gheorghe"),
            (CreditRole::Translated, "Eliza Gheorghe")
        ]
    );
    assert!(body(r).starts_with("With the arrival of the new comrades"));
    for furniture in [
        "get citation",
        "share document",
        "English HTML",
        "Search in",
    ] {
        assert!(!body(r).contains(furniture));
    }
}

#[test]
fn old_site_liaison_report() {
    let page = import("011_oldsite-romanian-liaison-report-1955-02-01.txt");
    let r = &page.record;
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1955-02-01");
    assert_eq!(r.date_display, "February 01, 1955");
    assert!(
        r.title
            .starts_with("Liaison Report from the Romanian Embassy in Pyongyang")
    );
    assert!(
        r.source
            .starts_with("Archive of the Romanian Ministry of Foreign Affairs, Year 1955")
    );
    assert_eq!(credits(r).len(), 2);
    assert!(body(r).starts_with("On February 12th, the head of the Polish delegation"));
}

#[test]
fn old_site_translated_for_nkidp() {
    let page = import("012_oldsite-gdr-embassy-dprk-report-1975-09-01.txt");
    let r = &page.record;
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1975-09-01");
    assert_eq!(r.title, "Report from the GDR Embassy in the DPRK");
    assert_eq!(r.funders, ["Leon Levy Foundation"]);
    assert_eq!(
        r.summary,
        "Steinhofer addresses the relationship between the DPRK and the Soviet Union as well as other socialist states."
    );
    assert_eq!(
        r.source,
        "Political Archive of the Federal Foreign Office, Berlin (PolA AA), MfAA. Translated for NKIDP by Bernd Schaefer."
    );
    assert_eq!(credits(r), [(CreditRole::Translated, "Bernd Schaefer")]);
    assert!(body(r).starts_with("GDR Embassy to the DPRK"));
}

#[test]
fn non_breaking_space_lines_are_dropped() {
    let page = import("014_stasi-information-report-dprk-embassy-gdr-1983-08-23.txt");
    let r = &page.record;
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1983-08-23");
    assert_eq!(
        r.title,
        "Information Report About the Present Activity of the DPRK Embassy in the GDR"
    );
    assert_eq!(r.funders, ["Kyungnam University"]);
    assert!(body(r).starts_with("HA II/10 Berlin, 8/23/1983\n\nInformation Report"));
    assert!(!body(r).contains("\u{a0}"));
    assert!(!body(r).contains("\n\n\n"));
}

#[test]
fn pdf_export_dump() {
    let page = import("016_pdf-export-zhou-enlai-cable-1952-07-26-docslib.txt");
    assert_eq!(page.layout, Layout::PdfExport);
    let r = &page.record;
    assert_eq!(r.id.as_str(), "wcda-208198");
    assert_eq!(r.external_id, "208198");
    assert_eq!(
        r.urls,
        ["https://digitalarchive.wilsoncenter.org/document/208198"]
    );
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1952-07-26");
    assert_eq!(
        r.title,
        "Cable, Zhou Enlai to the Chairman [Mao Zedong] and Comrades Liu [Shaoqi], Zhu [De], Peng [Dehuai], [Li] Fuchun, and Su Yu"
    );
    assert_eq!(
        r.summary,
        "Zhou Enlai shares a draft telegram with Mao Zedong."
    );
    assert_eq!(r.funders, ["Henry Luce Foundation"]);
    assert_eq!(r.languages, ["Chinese"]);
    assert!(
        r.source
            .starts_with("Zhonggong zhongyang wenxian yanjiushi")
    );
    assert!(r.source.ends_with("Translated by David Cowhig."));
    assert_eq!(credits(r), [(CreditRole::Translated, "David Cowhig")]);
    assert_eq!(r.texts[0].kind, TextKind::Translation);
    assert!(body(r).starts_with("To the Chairman [Mao Zedong]"));
    assert!(!body(r).contains("Chinese Transcription"));
}

#[test]
fn long_source_without_credits() {
    let page = import("020_ciphered-telegram-8600-vyshinsky-mao-1950-05-14.txt");
    let r = &page.record;
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1950-05-14");
    assert_eq!(
        r.title,
        "Ciphered Telegram No. 8600, Vyshinsky to Mao Zedong"
    );
    assert_eq!(r.funders, ["Leon Levy Foundation"]);
    assert!(
        r.summary
            .starts_with("The cable contains Stalin’s personal response")
    );
    assert!(
        r.source
            .starts_with("The document, from the Russian Presidential Archives")
    );
    assert!(r.credits.is_empty(), "\"given by\" is not a credit");
    assert!(body(r).starts_with("Tenth Department"));
}

#[test]
fn reconstructed_complete_page_with_every_section() {
    let page = import("021_reconstructed-nakajima-statement-1967-11.txt");
    let r = &page.record;
    assert_eq!(r.id.as_str(), "wcda-300638");
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1967-11");
    assert!(r.title.starts_with("Statement of Nakajima Kenzo"));
    assert_eq!(
        r.people,
        [
            "Chiang, Ching-kuo (Jiang Jingguo)",
            "Chiang, Kai-shek (Jiang Jieshi)",
            "Satō, Eisaku"
        ]
    );
    assert_eq!(r.places, ["Japan", "Taiwan", "China", "United States"]);
    assert_eq!(r.subjects.len(), 5);
    assert_eq!(
        r.original_archives,
        ["Diplomatic Archives of the Ministry of Foreign Affairs of Japan"]
    );
    assert_eq!(
        credits(r),
        [
            (CreditRole::Contributed, "Robert Hoppens"),
            (CreditRole::Translated, "Stephen Mercado")
        ]
    );
    assert_eq!(r.rights.split("\n\n").count(), 2);
    assert_eq!(r.uploaded.unwrap().to_string(), "2023-10-05");
    assert_eq!(r.languages, ["Japanese"]);
    assert_eq!(r.external_id, "300638");
    assert_eq!(r.funders, ["Chun & Jane Chiu Family Foundation"]);
    assert_eq!(r.texts[0].kind, TextKind::Translation);
    assert!(body(r).ends_with("Japan China Cultural Exchange Association"));
    assert!(page.notes.is_empty(), "{:?}", page.notes);
}

#[test]
fn english_original_is_a_transcription_and_donors_add_funders() {
    let page = import("022_reconstructed-kieran-report-1957-12-12.txt");
    let r = &page.record;
    assert_eq!(r.id.as_str(), "wcda-300645");
    assert_eq!(r.languages, ["English"]);
    assert_eq!(r.texts[0].kind, TextKind::Transcription);
    assert_eq!(
        r.funders,
        [
            "Carnegie Corporation of New York (CCNY)",
            "University of Southampton"
        ]
    );
    assert_eq!(r.people.len(), 3);
    assert_eq!(credits(r), [(CreditRole::Contributed, "Mervyn O'Driscoll")]);
    assert!(r.summary.starts_with("There was value in Aiken’s advocacy"));
    assert!(body(r).ends_with("[signature]"));
}

#[test]
fn long_letter_with_classification() {
    let page = import("023_reconstructed-nehru-letter-1949-04-01.txt");
    let r = &page.record;
    assert_eq!(r.id.as_str(), "wcda-300653");
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1949-04-01");
    assert!(r.funders.is_empty());
    assert!(r.people.is_empty());
    assert_eq!(r.places, ["India", "China", "Southeast Asia", "Pakistan"]);
    assert_eq!(r.subjects, ["India--Foreign relations--Pakistan"]);
    assert_eq!(
        r.original_archives,
        ["Nehru Memorial Museum and Library (NMML)"]
    );
    assert_eq!(r.classification, "Secret");
    assert_eq!(
        r.source,
        "Nehru Memorial Museum and Library, File No. JNSG, vol. 21-1."
    );
    assert!(body(r).starts_with("Secret.\n\nF.N.33."));
    assert!(body(r).ends_with("To all Provincial Premiers."));
}

#[test]
fn garbage_is_refused_with_a_message() {
    let e = parse_page("").unwrap_err();
    assert!(e.to_string().contains("not a record page"), "{e}");
    // Any text has a first line to take for a title: a README or a shopping list
    // has none of a page's landmarks.
    for text in [
        "Folio\n\nA cataloguing application.\n",
        "eggs\nmilk\nbread\n",
        "d41d8cd98f00b204e9800998ecf8427e  page.txt\n",
    ] {
        let e = parse_page(text).unwrap_err().to_string();
        assert!(
            e.contains(
                "not a record page: no date line, no “Skip to content”, no Document Information"
            ),
            "{e}"
        );
    }
    assert!(folio::import::parse_page_bytes(&[0xff, 0xfe, 0x00, 0x81]).is_err());
}

#[test]
fn old_site_without_a_title_line_takes_title_and_source_from_the_citation() {
    let path = crate::support::root()
        .join("tests/fixtures/wilson-variants/024_reconstructed-oldsite-without-title-line-1954-06-22.txt");
    let page = folio::import::parse_page(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(page.layout, Layout::OldSite);
    let r = &page.record;
    assert_eq!(r.date.as_ref().unwrap().as_str(), "1954-06-22");
    assert_eq!(
        r.title,
        "Report on the Performance of the Embassy during the First Term of 1954 (Excerpt from the Embassy Report no. 2296/1954)"
    );
    assert!(
        r.summary
            .starts_with("A report on the Romanian Embassy's exchange"),
        "{}",
        r.summary
    );
    assert!(
        r.source
            .starts_with("Archive of the Romanian Ministry of Foreign Affairs (AMAE), Year: 1954"),
        "{}",
        r.source
    );
    assert_eq!(
        credits(r),
        [
            (CreditRole::Obtained, "Eliza Gheorghe"),
            (CreditRole::Translated, "Eliza Gheorghe")
        ]
    );
    assert!(body(r).starts_with("With the arrival of the new comrades"));
    // The e-mail address the site hid is marked, and the import says so.
    assert!(!body(r).contains("[email protected]"));
    assert!(body(r).contains("write to [e-mail address hidden by the website]."));
    assert!(
        page.notes
            .iter()
            .any(|n| n.starts_with("the page hides an e-mail address in its text")),
        "{:?}",
        page.notes
    );
}

#[test]
fn a_hidden_e_mail_address_in_the_rights_is_marked_and_noted() {
    let page = import("000_seed.txt");
    assert!(!page.record.rights.contains("[email protected]"));
    assert!(
        page.record.rights.contains(
            "History and Public Policy Program at [e-mail address hidden by the website]."
        )
    );
    assert!(
        page.notes
            .iter()
            .any(|n| n.starts_with("the page hides an e-mail address in its rights")),
        "{:?}",
        page.notes
    );
}

/// A page with a record number gets the archive's address of the record, so that
/// every export has an identifier that resolves.
#[test]
fn a_record_number_gives_the_records_address() {
    let r = import("021_reconstructed-nakajima-statement-1967-11.txt").record;
    assert_eq!(r.external_id, "300638");
    assert_eq!(
        r.urls,
        ["https://digitalarchive.wilsoncenter.org/document/300638"]
    );
}

/// A fragment of the original before the translation is kept as the original's own
/// text, not as the start of the translation.
#[test]
fn an_original_fragment_before_the_translation_is_its_own_text() {
    let path = crate::support::fixtures().join("000_seed.txt");
    let seed = std::fs::read_to_string(&path).unwrap();
    let marker = "Brief Report on the Meeting between Liu Shaoqi and Kim Il Sung (Two)";
    let page = seed.replacen(
        marker,
        &format!("关于刘少奇同志与金日成会谈的简报（二）\n\n{marker}"),
        1,
    );
    let r = parse_page(&page).unwrap().record;
    assert_eq!(r.texts.len(), 2, "{:#?}", r.texts);
    assert_eq!(r.texts[0].kind, TextKind::Transcription);
    assert_eq!(r.texts[0].language, "Chinese");
    assert_eq!(r.texts[0].body, "关于刘少奇同志与金日成会谈的简报（二）");
    assert_eq!(r.texts[1].kind, TextKind::Translation);
    assert!(r.texts[1].body.starts_with(marker), "{}", r.texts[1].body);
    assert_eq!(
        parse_page(&seed).unwrap().record.texts.len(),
        1,
        "the page as it is has the translation alone"
    );
}
