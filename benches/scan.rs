//! Scans: the first page of a 300-page PDF of page images and of a 6000×8000 JPEG
//! (open and render: what the viewer's thread does before the texture goes up), and
//! flipping through every page of the PDF, with the most heap the process held.
//!
//! Run with `cargo bench --bench scan`. The files are made once, seeded, under
//! `target/bench-scans/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use folio::scan::Scan;

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

const PAGES: usize = 300;
/// The size the viewer asks for a page shown in a large window (longest side).
const SHOWN: u32 = 1536;

fn dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-scans");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A grey A4 page at 150 dpi with seeded noise and dark lines (text-like), as JPEG.
fn page_jpeg(seed: u64, width: u32, height: u32) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let image = image::GrayImage::from_fn(width, height, |x, y| {
        let line = (y / 24) % 2 == 0 && (x / 9 + y) % 7 != 0 && x > 90 && x < width - 90;
        let base: u8 = if line { 40 } else { 235 };
        image::Luma([base.saturating_add(rng.u8(0..12))])
    });
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 60)
        .encode_image(&image)
        .unwrap();
    bytes
}

/// A PDF of `PAGES` pages, each one full-page JPEG image (a scanned document).
fn pdf_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = dir().join("scanned-300-pages.pdf");
        if path.exists() {
            return path;
        }
        let (w, h) = (1240u32, 1754u32);
        let mut out: Vec<u8> = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        let object = |out: &mut Vec<u8>, offsets: &mut Vec<usize>, body: &[u8]| {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        };
        // 1: catalog, 2: pages; then per page: page, content, image.
        let kids: Vec<String> = (0..PAGES).map(|i| format!("{} 0 R", 3 + i * 3)).collect();
        object(&mut out, &mut offsets, b"<< /Type /Catalog /Pages 2 0 R >>");
        object(
            &mut out,
            &mut offsets,
            format!("<< /Type /Pages /Count {PAGES} /Kids [{}] >>", kids.join(" ")).as_bytes(),
        );
        for i in 0..PAGES {
            let (page, content, image) = (3 + i * 3, 4 + i * 3, 5 + i * 3);
            object(
                &mut out,
                &mut offsets,
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R /Resources << /XObject << /Im0 {image} 0 R >> >> >>"
                )
                .as_bytes(),
            );
            let draw = b"q 595 0 0 842 0 0 cm /Im0 Do Q";
            let mut stream = format!("<< /Length {} >>\nstream\n", draw.len()).into_bytes();
            stream.extend_from_slice(draw);
            stream.extend_from_slice(b"\nendstream");
            object(&mut out, &mut offsets, &stream);
            let _ = page;
            let jpeg = page_jpeg(i as u64, w, h);
            let mut stream = format!(
                "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
                jpeg.len()
            )
            .into_bytes();
            stream.extend_from_slice(&jpeg);
            stream.extend_from_slice(b"\nendstream");
            object(&mut out, &mut offsets, &stream);
        }
        let xref = out.len();
        write!(out, "xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).unwrap();
        for offset in &offsets {
            writeln!(out, "{offset:010} 00000 n ").unwrap();
        }
        write!(
            out,
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .unwrap();
        std::fs::write(&path, out).unwrap();
        path
    })
}

/// A 6000×8000 photograph-sized JPEG (a high-resolution scan).
fn jpeg_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = dir().join("scan-6000x8000.jpg");
        if !path.exists() {
            std::fs::write(&path, page_jpeg(7, 6000, 8000)).unwrap();
        }
        path
    })
}

fn main() {
    pdf_path();
    jpeg_path();
    divan::main();
}

/// Open the 300-page PDF and render its first page: the time to first texture.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn pdf_300_pages_first_page() -> usize {
    let scan = Scan::open(pdf_path()).unwrap();
    assert_eq!(scan.pages(), PAGES);
    scan.render(0, SHOWN).unwrap().bytes()
}

/// Open the 6000×8000 JPEG and make its page: the time to first texture.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn jpeg_6000x8000_first_page() -> usize {
    let scan = Scan::open(jpeg_path()).unwrap();
    scan.render(0, SHOWN).unwrap().bytes()
}

/// Every page of the PDF, one after the other (each bitmap dropped once shown, as
/// the viewer's thread does; the textures' budget bounds what the app keeps).
#[divan::bench(sample_count = 1, sample_size = 1)]
fn pdf_300_pages_flip_through_all() -> usize {
    let scan = Scan::open(pdf_path()).unwrap();
    (0..PAGES)
        .map(|page| scan.render(page, SHOWN).unwrap().bytes())
        .sum()
}
