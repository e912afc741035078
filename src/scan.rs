//! Scans of a document as pixels: the pages of its image and PDF attachments,
//! decoded (PNG, JPEG, TIFF, WebP, with the `image` crate) or rendered (PDF, with
//! `hayro`, in pure Rust) to RGBA bitmaps no longer than asked on their longer side.
//! The app does this on its own thread and shows the bitmaps as textures.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use thiserror::Error;

/// Why a page could not be shown.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScanError {
    /// The file could not be read.
    #[error("{path}: {message}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        message: String,
    },
    /// The image could not be decoded.
    #[error("{path}: not an image Folio can show: {message}")]
    Image {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        message: String,
    },
    /// The PDF could not be read.
    #[error("{path}: not a PDF Folio can show ({message})")]
    Pdf {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The page asked for is not in the file.
    #[error("{path}: no page {page}")]
    NoPage {
        /// The file.
        path: PathBuf,
        /// The page (from 0).
        page: usize,
    },
}

/// An RGBA image, 8 bits per channel, not premultiplied.
#[derive(Clone, PartialEq, Eq)]
pub struct Bitmap {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height × 4` bytes, row by row.
    pub rgba: Vec<u8>,
}

impl std::fmt::Debug for Bitmap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bitmap({}×{})", self.width, self.height)
    }
}

impl Bitmap {
    /// How many bytes of pixels it holds.
    pub fn bytes(&self) -> usize {
        self.rgba.len()
    }
}

/// An opened scan: an image (one page) or a PDF (its pages).
pub enum Scan {
    /// An image file, decoded when a page is asked for.
    Image(PathBuf),
    /// A PDF, parsed once.
    Pdf {
        /// The file.
        path: PathBuf,
        /// The document.
        pdf: Box<hayro::hayro_syntax::Pdf>,
    },
}

impl std::fmt::Debug for Scan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scan::Image(path) => write!(f, "Image({})", path.display()),
            Scan::Pdf { path, .. } => write!(f, "Pdf({})", path.display()),
        }
    }
}

/// Whether `path` is a PDF (by its name).
pub fn is_pdf(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

impl Scan {
    /// Opens `path`: a PDF is read and parsed (its pages rendered when asked); an
    /// image is decoded when its page is asked for.
    pub fn open(path: &Path) -> Result<Scan, ScanError> {
        if !is_pdf(path) {
            if !path.is_file() {
                return Err(ScanError::Read {
                    path: path.to_owned(),
                    message: "no such file".to_owned(),
                });
            }
            return Ok(Scan::Image(path.to_owned()));
        }
        let bytes = std::fs::read(path).map_err(|e| ScanError::Read {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let pdf = hayro::hayro_syntax::Pdf::new(Arc::new(bytes)).map_err(|e| ScanError::Pdf {
            path: path.to_owned(),
            message: match e {
                hayro::hayro_syntax::LoadPdfError::Decryption(_) => "it is encrypted".to_owned(),
                hayro::hayro_syntax::LoadPdfError::Invalid => "it could not be parsed".to_owned(),
            },
        })?;
        Ok(Scan::Pdf {
            path: path.to_owned(),
            pdf: Box::new(pdf),
        })
    }

    /// How many pages it has.
    pub fn pages(&self) -> usize {
        match self {
            Scan::Image(_) => 1,
            Scan::Pdf { pdf, .. } => pdf.pages().len(),
        }
    }

    /// Page `page` (from 0) as a bitmap whose longer side is at most `longest`
    /// pixels (an image smaller than that is not enlarged).
    pub fn render(&self, page: usize, longest: u32) -> Result<Bitmap, ScanError> {
        let longest = longest.max(16);
        match self {
            Scan::Image(path) => {
                if page != 0 {
                    return Err(ScanError::NoPage {
                        path: path.clone(),
                        page,
                    });
                }
                decode_image(path, longest)
            }
            Scan::Pdf { path, pdf } => {
                let pages = pdf.pages();
                let Some(page_ref) = pages.get(page) else {
                    return Err(ScanError::NoPage {
                        path: path.clone(),
                        page,
                    });
                };
                let (width, height) = page_ref.render_dimensions();
                let side = width.max(height).max(1.0);
                // A page is rendered no larger than asked, and a pixmap side fits u16.
                let scale = (longest.min(8192) as f32 / side).min(8.0);
                let settings = hayro::PixmapSettings {
                    x_scale: scale,
                    y_scale: scale,
                    bg_color: hayro::vello_cpu::color::palette::css::WHITE,
                };
                let cache = hayro::RenderCache::new();
                let pixmap = hayro::render(
                    page_ref,
                    &cache,
                    &hayro::hayro_interpret::InterpreterSettings::default(),
                    &hayro::RenderSettings::default(),
                    &settings,
                );
                // On a white background every pixel is opaque: premultiplied is plain.
                Ok(Bitmap {
                    width: u32::from(pixmap.width()),
                    height: u32::from(pixmap.height()),
                    rgba: pixmap.data_as_u8_slice().to_vec(),
                })
            }
        }
    }
}

fn decode_image(path: &Path, longest: u32) -> Result<Bitmap, ScanError> {
    let failed = |message: String| ScanError::Image {
        path: path.to_owned(),
        message,
    };
    let reader = image::ImageReader::open(path)
        .map_err(|e| ScanError::Read {
            path: path.to_owned(),
            message: e.to_string(),
        })?
        .with_guessed_format()
        .map_err(|e| failed(e.to_string()))?;
    let mut reader = reader;
    // A scan may be large, not absurd: the decoder refuses more than 1 GB of pixels.
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(1 << 30);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| failed(e.to_string()))?;
    let decoded = if decoded.width().max(decoded.height()) > longest {
        decoded.thumbnail(longest, longest)
    } else {
        decoded
    };
    let rgba = decoded.into_rgba8();
    Ok(Bitmap {
        width: rgba.width(),
        height: rgba.height(),
        rgba: rgba.into_raw(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_is_scaled_down_to_the_side_asked() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("red.png");
        image::RgbImage::from_pixel(400, 200, image::Rgb([200, 10, 10]))
            .save(&path)
            .unwrap();
        let scan = Scan::open(&path).unwrap();
        assert_eq!(scan.pages(), 1);
        let bitmap = scan.render(0, 100).unwrap();
        assert_eq!((bitmap.width, bitmap.height), (100, 50));
        assert_eq!(bitmap.rgba.get(..4), Some(&[200, 10, 10, 255][..]));
        assert!(matches!(scan.render(1, 100), Err(ScanError::NoPage { .. })));
        let bad = tmp.path().join("bad.png");
        std::fs::write(&bad, b"not a png").unwrap();
        assert!(matches!(
            Scan::open(&bad).unwrap().render(0, 100),
            Err(ScanError::Image { .. })
        ));
    }

    #[test]
    fn tiff_webp_and_jpeg_scans_are_read() {
        let tmp = tempfile::tempdir().unwrap();
        for name in ["scan.tif", "scan.webp", "scan.jpg"] {
            let path = tmp.path().join(name);
            image::RgbImage::from_pixel(64, 96, image::Rgb([20, 120, 220]))
                .save(&path)
                .unwrap();
            let bitmap = Scan::open(&path).unwrap().render(0, 2048).unwrap();
            assert_eq!((bitmap.width, bitmap.height), (64, 96), "{name}");
            let blue = bitmap.rgba.get(2).copied().unwrap_or(0);
            assert!(blue > 200, "{name}: {blue}");
        }
    }

    #[test]
    fn the_sample_pdf_has_its_pages() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_catalog/attachments/wcda-300653/facsimile.pdf");
        let scan = Scan::open(&path).unwrap();
        assert_eq!(scan.pages(), 7);
        let page = scan.render(6, 400).unwrap();
        assert_eq!(page.height, 400);
        // The banner at the top is grey, the paper below it light.
        let at = |x: u32, y: u32| page.rgba[((y * page.width + x) * 4) as usize];
        assert!(at(2, 2) < 230, "banner");
        assert!(at(page.width - 3, page.height - 3) > 230, "paper");
        assert!(matches!(scan.render(7, 400), Err(ScanError::NoPage { .. })));
    }
}
