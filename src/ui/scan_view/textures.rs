//! The textures of the pages shown, kept within a budget of bytes.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{Bitmap, PageKey, TEXTURE_BUDGET, THUMB};

/// One page's texture, its size, its bytes, and when it was last drawn.
pub(super) struct Texture {
    pub(super) handle: egui::TextureHandle,
    pub(super) size: [u32; 2],
    pub(super) bytes: usize,
    used: u64,
}

/// The textures of pages shown, least recently used dropped first once they hold
/// more than their budget of bytes.
pub(super) struct TextureCache {
    pub(super) textures: HashMap<PageKey, Texture>,
    pub(super) bytes: usize,
    pub(super) budget: usize,
    clock: u64,
}

impl Default for TextureCache {
    fn default() -> Self {
        TextureCache {
            textures: HashMap::new(),
            bytes: 0,
            budget: TEXTURE_BUDGET,
            clock: 0,
        }
    }
}

impl TextureCache {
    pub(super) fn insert(&mut self, ctx: &egui::Context, key: PageKey, bitmap: &Bitmap) {
        let image = egui::ColorImage::from_rgba_unmultiplied(
            [bitmap.width as usize, bitmap.height as usize],
            &bitmap.rgba,
        );
        let name = format!("scan:{}:{}:{}", key.file.display(), key.page, key.longest);
        let handle = ctx.load_texture(name, image, egui::TextureOptions::LINEAR);
        self.clock += 1;
        self.bytes += bitmap.bytes();
        if let Some(old) = self.textures.insert(
            key,
            Texture {
                handle,
                size: [bitmap.width, bitmap.height],
                bytes: bitmap.bytes(),
                used: self.clock,
            },
        ) {
            self.bytes -= old.bytes;
        }
        while self.bytes > self.budget && self.textures.len() > 1 {
            let Some(oldest) = self
                .textures
                .iter()
                .min_by_key(|(_, t)| t.used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(gone) = self.textures.remove(&oldest) {
                self.bytes -= gone.bytes;
            }
        }
    }

    /// The sharpest texture of a page up to `longest` (else the smallest larger).
    pub(super) fn best(&mut self, file: &PathBuf, page: usize, longest: u32) -> Option<&Texture> {
        self.clock += 1;
        let clock = self.clock;
        let key = self
            .textures
            .keys()
            .filter(|k| &k.file == file && k.page == page && k.longest != THUMB)
            .min_by_key(|k| {
                if k.longest <= longest {
                    (0, longest - k.longest)
                } else {
                    (1, k.longest - longest)
                }
            })
            .cloned()?;
        let texture = self.textures.get_mut(&key)?;
        texture.used = clock;
        Some(texture)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_textures_never_hold_more_than_their_budget() {
        let ctx = egui::Context::default();
        let mut cache = TextureCache {
            budget: 10 * 1024 * 1024,
            ..TextureCache::default()
        };
        // 300 pages of 1 MB each.
        let page = Bitmap {
            width: 512,
            height: 512,
            rgba: vec![255; 512 * 512 * 4],
        };
        for n in 0..300 {
            let key = PageKey {
                file: PathBuf::from("big.pdf"),
                page: n,
                longest: 512,
            };
            cache.insert(&ctx, key, &page);
            assert!(
                cache.bytes <= cache.budget,
                "page {n}: {} bytes",
                cache.bytes
            );
        }
        assert_eq!(cache.textures.len(), 10);
        // The latest pages are kept, the earliest dropped.
        let file = PathBuf::from("big.pdf");
        assert!(cache.best(&file, 299, 512).is_some());
        assert!(cache.best(&file, 0, 512).is_none());
    }
}
