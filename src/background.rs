//! Long work on threads of its own (opening a catalog, building its index,
//! exporting), each with its own pool for its parallel parts: in rayon's shared pool,
//! what the window asks in parallel (a search, facet counts) would wait behind it.

/// Runs `work` on a new thread named `name`, whose parallel parts run on a pool of
/// their own. When the system refuses a thread, `work` is dropped unrun, and with it
/// whatever it would have answered on (the caller sees its channel closed).
pub fn spawn(name: &str, work: impl FnOnce() + Send + 'static) {
    let pool_name = name.to_owned();
    let _ = std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            match rayon::ThreadPoolBuilder::new()
                .thread_name(move |i| format!("{pool_name} {i}"))
                .build()
            {
                Ok(pool) => pool.install(work),
                Err(_) => work(),
            }
        });
}
