//! Long work on threads of its own (opening a catalog, building its index,
//! exporting), each with its own pool for its parallel parts: in rayon's shared pool,
//! what the window asks in parallel (a search, facet counts) would wait behind it.
//! Such work runs at the system's lowest priority, so that the window, and what it
//! waits for first, get the processor whenever they want it and lose nothing to it
//! the rest of the time.

/// Runs `work` on a new thread named `name`, at the lowest priority, its parallel
/// parts on a pool of its own. When the system refuses a thread, `work` is dropped
/// unrun, and with it whatever it would have answered on (the caller sees its
/// channel closed).
pub fn spawn(name: &str, work: impl FnOnce() + Send + 'static) {
    spawn_with(name, true, work);
}

/// As [`spawn`], at the usual priority: for what the window shows as soon as it
/// comes, which other background work is not to delay.
pub fn spawn_awaited(name: &str, work: impl FnOnce() + Send + 'static) {
    spawn_with(name, false, work);
}

fn spawn_with(name: &str, lowest: bool, work: impl FnOnce() + Send + 'static) {
    let pool_name = name.to_owned();
    let _ = std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            if lowest {
                yield_priority();
            }
            match rayon::ThreadPoolBuilder::new()
                .thread_name(move |i| format!("{pool_name} {i}"))
                .start_handler(move |_| {
                    if lowest {
                        yield_priority();
                    }
                })
                .build()
            {
                Ok(pool) => pool.install(work),
                Err(_) => work(),
            }
        });
}

/// Lowers the calling thread's priority as far as it goes. Where the system does not
/// allow it, the work runs at the usual priority: only slower to give way.
fn yield_priority() {
    let _ = thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min);
}
