//! The scan beside the text: the pages of the current record's image and PDF
//! attachments, decoded and rendered on their own thread (`folio::scan`), shown as
//! textures from a cache that never holds more than [`TEXTURE_BUDGET`] bytes of
//! pixels. Zoom (Ctrl+wheel, pinch, + and −), pan (drag), fit width or page, rotate,
//! pages (thumbnails, Page Up/Down when the scan has the keyboard).

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use egui::{Rect, Sense, Vec2, vec2};

use crate::model::RecordId;
use crate::scan::{Bitmap, Scan};

mod controls;
mod textures;

use textures::TextureCache;

/// The most bytes of pixels the textures of scans hold at once.
pub const TEXTURE_BUDGET: usize = 512 * 1024 * 1024;
/// The longest side of a thumbnail, in pixels.
const THUMB: u32 = 128;
/// The sizes pages are rendered at (longest side, pixels): the smallest that fills
/// the view is asked for, so that zooming in asks for a sharper one.
const SIZES: [u32; 4] = [768, 1536, 3072, 6144];

/// The id of the scan's area (it takes the keyboard when clicked).
pub fn viewer_id() -> egui::Id {
    egui::Id::unique("scan_viewer")
}

/// How the page fits the view before zooming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fit {
    /// The whole page.
    #[default]
    Page,
    /// The page's width.
    Width,
}

/// One page of one file, at one size.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PageKey {
    file: PathBuf,
    page: usize,
    longest: u32,
}

enum Job {
    Count(PathBuf),
    Render(PageKey),
}

enum Done {
    Count(PathBuf, Result<usize, String>),
    Page(PageKey, Result<Bitmap, String>),
}

/// The thread that opens scans and renders their pages, the most recently asked
/// first (flipping through pages fast does not queue up every page passed).
struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
}

impl Worker {
    fn start(ctx: egui::Context) -> Worker {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        std::thread::spawn(move || {
            let mut open: VecDeque<(PathBuf, Scan)> = VecDeque::new();
            let mut queue: Vec<Job> = Vec::new();
            loop {
                if queue.is_empty() {
                    match job_rx.recv() {
                        Ok(job) => queue.push(job),
                        Err(_) => return,
                    }
                }
                queue.extend(job_rx.try_iter());
                // Counts first (they decide the pages), then the latest page asked.
                let next = match queue.iter().position(|j| matches!(j, Job::Count(_))) {
                    Some(i) => queue.remove(i),
                    None => match queue.pop() {
                        Some(job) => job,
                        None => continue,
                    },
                };
                queue.truncate(32);
                let done = match next {
                    Job::Count(path) => {
                        let pages = scan(&mut open, &path).map(|s| s.pages());
                        Done::Count(path, pages)
                    }
                    Job::Render(key) => {
                        let page = scan(&mut open, &key.file).and_then(|s| {
                            s.render(key.page, key.longest).map_err(|e| e.to_string())
                        });
                        Done::Page(key, page)
                    }
                };
                if done_tx.send(done).is_err() {
                    return;
                }
                ctx.request_repaint();
            }
        });
        Worker { jobs, done }
    }
}

/// The scan of `path`, opened once and kept among the last four.
fn scan<'a>(open: &'a mut VecDeque<(PathBuf, Scan)>, path: &PathBuf) -> Result<&'a Scan, String> {
    if let Some(i) = open.iter().position(|(p, _)| p == path) {
        if let Some(entry) = open.remove(i) {
            open.push_front(entry);
        }
    } else {
        let scan = Scan::open(path).map_err(|e| e.to_string())?;
        open.push_front((path.clone(), scan));
        open.truncate(4);
    }
    open.front()
        .map(|(_, s)| s)
        .ok_or_else(|| "no scan".to_owned())
}

/// What the viewer shows and how.
pub struct ScanViewer {
    record: Option<RecordId>,
    /// The record's viewable attachments: file and label.
    files: Vec<(PathBuf, String)>,
    counts: HashMap<PathBuf, Result<usize, String>>,
    /// Every page of every file, in order.
    pages: Vec<(usize, usize)>,
    current: usize,
    fit: Fit,
    zoom: f32,
    pan: Vec2,
    quarter_turns: u8,
    cache: TextureCache,
    asked: HashSet<PageKey>,
    errors: HashMap<PageKey, String>,
    worker: Option<Worker>,
    /// Give the page the keyboard when it is next drawn for this record (the
    /// reading layout opened on it).
    take_keyboard: Option<RecordId>,
}

impl Default for ScanViewer {
    fn default() -> Self {
        ScanViewer {
            record: None,
            files: Vec::new(),
            counts: HashMap::new(),
            pages: Vec::new(),
            current: 0,
            fit: Fit::Page,
            zoom: 1.0,
            pan: Vec2::ZERO,
            quarter_turns: 0,
            cache: TextureCache::default(),
            take_keyboard: None,
            asked: HashSet::new(),
            errors: HashMap::new(),
            worker: None,
        }
    }
}

impl std::fmt::Debug for ScanViewer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScanViewer")
            .field("files", &self.files)
            .field("current", &self.current)
            .field("zoom", &self.zoom)
            .finish_non_exhaustive()
    }
}

impl ScanViewer {
    /// Shows the scans of `record` (its viewable attachments' files and labels),
    /// starting again at the first page when the record changes.
    pub fn show_record(&mut self, record: &RecordId, files: Vec<(PathBuf, String)>) {
        if self.record.as_ref() == Some(record) && self.files == files {
            return;
        }
        let same_record = self.record.as_ref() == Some(record);
        self.record = Some(record.clone());
        if self.take_keyboard.as_ref().is_some_and(|r| r != record) {
            self.take_keyboard = None;
        }
        self.files = files;
        if !same_record {
            self.current = 0;
            self.fit = Fit::Page;
            self.zoom = 1.0;
            self.pan = Vec2::ZERO;
            self.quarter_turns = 0;
            if self.take_keyboard.as_ref() == Some(record) {
                self.fit_width();
            }
        }
        self.rebuild_pages();
    }

    /// Whether the record shown has scans.
    pub fn has_scans(&self) -> bool {
        !self.files.is_empty()
    }

    /// The page shown (from 0) and how many there are (as known so far).
    pub fn page(&self) -> (usize, usize) {
        (self.current, self.pages.len())
    }

    /// The zoom (1 is the fit), the pan and the quarter turns clockwise.
    pub fn view(&self) -> (Fit, f32, Vec2, u8) {
        (self.fit, self.zoom, self.pan, self.quarter_turns)
    }

    /// How many bytes of pixels the textures hold.
    pub fn texture_bytes(&self) -> usize {
        self.cache.bytes
    }

    /// Whether the page shown is on screen at a size (not a placeholder).
    pub fn page_ready(&self) -> bool {
        self.pages.get(self.current).is_some_and(|(file, page)| {
            self.files.get(*file).is_some_and(|(path, _)| {
                self.cache
                    .textures
                    .keys()
                    .any(|k| &k.file == path && k.page == *page && k.longest != THUMB)
            })
        })
    }

    fn rebuild_pages(&mut self) {
        self.pages = self
            .files
            .iter()
            .enumerate()
            .flat_map(|(i, (path, _))| {
                let count = match self.counts.get(path) {
                    Some(Ok(n)) => *n,
                    // Not counted yet, or unreadable: one page (that shows why).
                    _ => 1,
                };
                (0..count).map(move |p| (i, p))
            })
            .collect();
        self.current = self.current.min(self.pages.len().saturating_sub(1));
    }

    fn go(&mut self, page: usize) {
        if page < self.pages.len() && page != self.current {
            self.current = page;
            self.pan = Vec2::ZERO;
        }
    }

    fn zoom_by(&mut self, factor: f32) {
        self.zoom = (self.zoom * factor).clamp(0.25, 8.0);
    }

    fn ask(&mut self, job_key: PageKey) {
        if self.asked.contains(&job_key) || self.cache.textures.contains_key(&job_key) {
            return;
        }
        if let Some(worker) = &self.worker
            && worker.jobs.send(Job::Render(job_key.clone())).is_ok()
        {
            self.asked.insert(job_key);
        }
    }

    /// Takes what the worker finished.
    fn receive(&mut self, ctx: &egui::Context) {
        let worker = self
            .worker
            .get_or_insert_with(|| Worker::start(ctx.clone()));
        let mut finished = Vec::new();
        loop {
            match worker.done.try_recv() {
                Ok(done) => finished.push(done),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.worker = None;
                    break;
                }
            }
        }
        let mut recount = false;
        for done in finished {
            match done {
                Done::Count(path, count) => {
                    self.counts.insert(path, count);
                    recount = true;
                }
                Done::Page(key, Ok(bitmap)) => {
                    self.asked.remove(&key);
                    self.cache.insert(ctx, key, &bitmap);
                }
                Done::Page(key, Err(why)) => {
                    self.asked.remove(&key);
                    self.errors.insert(key, why);
                }
            }
        }
        if recount {
            self.rebuild_pages();
        }
        // PDFs are counted once.
        let uncounted: Vec<PathBuf> = self
            .files
            .iter()
            .map(|(p, _)| p.clone())
            .filter(|p| crate::scan::is_pdf(p) && !self.counts.contains_key(p))
            .collect();
        for path in uncounted {
            if let Some(worker) = &self.worker
                && worker.jobs.send(Job::Count(path.clone())).is_ok()
            {
                // Marked as counting (one page) until the answer comes.
                self.counts.insert(path, Err("counting".to_owned()));
            }
        }
    }

    /// The reading layout opened on `record`: its page fits the viewer's width
    /// (as wide as its half of the window; the wheel and the arrows move down it)
    /// and has the keyboard when next drawn, so that the arrows turn pages at once.
    /// The record's files may not be known yet: both wait for it.
    pub fn read(&mut self, record: RecordId) {
        if self.record.as_ref() == Some(&record) {
            self.fit_width();
        }
        self.take_keyboard = Some(record);
    }

    fn fit_width(&mut self) {
        (self.fit, self.zoom, self.pan) = (Fit::Width, 1.0, Vec2::ZERO);
    }

    /// Draws the viewer: its toolbar, the page, the thumbnails.
    pub fn ui(&mut self, ui: &mut egui::Ui, hide: &mut bool) {
        self.receive(ui.ctx());
        self.toolbar_ui(ui, hide);
        let thumbs = self.pages.len() > 1;
        let page_height = ui.available_height()
            - if thumbs {
                THUMB as f32 * 0.75 + 24.0
            } else {
                0.0
            };
        let (rect, _) = ui.allocate_exact_size(
            vec2(ui.available_width(), page_height.max(80.0)),
            Sense::hover(),
        );
        self.page_ui(ui, rect);
        if thumbs {
            self.thumbnails_ui(ui);
        }
    }

    fn page_ui(&mut self, ui: &mut egui::Ui, rect: Rect) {
        let response = ui
            .interact(rect, viewer_id(), Sense::click_and_drag())
            .on_hover_text("Drag to move; Ctrl+wheel or pinch to zoom");
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "Scan"));
        let asked = self.take_keyboard.is_some() && self.take_keyboard == self.record;
        if asked {
            self.take_keyboard = None;
        }
        if response.clicked() || response.drag_started() || asked {
            response.request_focus();
        }
        if response.has_focus() {
            // The arrows turn and move the page; without this lock egui would also
            // take them to move the keyboard to the nearest thumbnail.
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    viewer_id(),
                    egui::EventFilter {
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        ..Default::default()
                    },
                )
            });
            self.keys(ui);
        }
        if response.hovered() {
            let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
            if zoom != 1.0 {
                self.zoom_by(zoom);
            } else if scroll != Vec2::ZERO {
                // The wheel moves down a page taller than the view (as a drag).
                self.pan += scroll;
            }
        }
        self.pan += response.drag_delta();
        let painter = ui.painter_at(rect);
        // A grey desk, so that the edges of a white page show.
        let desk = if ui.visuals().dark_mode {
            egui::Color32::from_gray(24)
        } else {
            egui::Color32::from_gray(150)
        };
        painter.rect_filled(rect, 0.0, desk);
        let Some(&(file, page)) = self.pages.get(self.current) else {
            return;
        };
        let Some((path, _)) = self.files.get(file).cloned() else {
            return;
        };
        if let Some(Err(why)) = self.counts.get(&path)
            && why != "counting"
        {
            say_why(&painter, rect, why, ui.visuals().error_fg_color);
            return;
        }
        let pixels = ui.ctx().pixels_per_point();
        let wanted_side = rect.width().max(rect.height()) * self.zoom * pixels;
        let wanted = SIZES
            .iter()
            .copied()
            .find(|s| *s as f32 >= wanted_side)
            .unwrap_or(6144);
        let key = PageKey {
            file: path.clone(),
            page,
            longest: wanted,
        };
        if let Some(why) = self.errors.get(&key) {
            say_why(&painter, rect, why, ui.visuals().error_fg_color);
            return;
        }
        self.ask(key);
        let Some(texture) = self.cache.best(&path, page, wanted) else {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Rendering the page…",
                egui::FontId::proportional(14.0),
                ui.visuals().weak_text_color(),
            );
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
            return;
        };
        let [w, h] = texture.size;
        let turned = self.quarter_turns % 2 == 1;
        let (w, h) = if turned {
            (h as f32, w as f32)
        } else {
            (w as f32, h as f32)
        };
        let fit = match self.fit {
            Fit::Page => (rect.width() / w).min(rect.height() / h),
            Fit::Width => rect.width() / w,
        };
        let size = vec2(w, h) * fit * self.zoom;
        // Fit width starts at the top of a page taller than the view.
        let slack = ((size - rect.size()) / 2.0).max(Vec2::ZERO);
        let top = if self.fit == Fit::Width {
            vec2(0.0, slack.y)
        } else {
            Vec2::ZERO
        };
        // The page may not be dragged out of sight.
        self.pan = self.pan.clamp(-slack - top, slack - top);
        let center = rect.center() + self.pan + top;
        let unturned = if turned { vec2(size.y, size.x) } else { size };
        let angle = f32::from(self.quarter_turns) * std::f32::consts::FRAC_PI_2;
        let image =
            egui::Image::new((texture.handle.id(), unturned)).rotate(angle, Vec2::splat(0.5));
        let child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
        let mut clipped = child;
        clipped.set_clip_rect(rect);
        image.paint_at(&clipped, Rect::from_center_size(center, unturned));
        if response.has_focus() {
            painter.rect_stroke(
                rect.shrink(1.0),
                0.0,
                ui.visuals().selection.stroke,
                egui::StrokeKind::Inside,
            );
        }
    }
}

/// Writes why a page cannot be shown, in the middle of its place.
fn say_why(painter: &egui::Painter, rect: Rect, why: &str, color: egui::Color32) {
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        why,
        egui::FontId::proportional(13.0),
        color,
    );
}
