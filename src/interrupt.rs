//! SIGINT and SIGTERM: stop, remove every temporary file, leave earlier outputs as they were,
//! and exit 130 with one line.
//!
//! The handler runs on a thread of its own (the `ctrlc` crate). While a simulation is
//! running under a [`Polling`] guard, it only raises the flag: the engine asks the
//! observer between chunks, stops its workers, and the command unwinds through its
//! guards, which remove their temporary files. Otherwise (a computation with no
//! cancellation hook, such as `sensitivity`) the handler removes the registered temporary
//! files itself and exits. Commits take the same lock and refuse once the flag is up, so
//! an output is either swapped in whole before the interrupt or not at all.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The exit status of an interrupted command (128 + SIGINT, as shells report it).
pub const EXIT_CODE: u8 = 130;

struct State {
    interrupted: bool,
    /// Live [`Polling`] guards.
    polling: usize,
    /// Temporary files and folders now on disk, by registration id.
    temps: Vec<(u64, PathBuf)>,
    next_id: u64,
    /// Outputs prepared but not (yet) committed.
    pending: Vec<PathBuf>,
    /// Outputs committed.
    written: Vec<PathBuf>,
}

static STATE: Mutex<State> = Mutex::new(State {
    interrupted: false,
    polling: 0,
    temps: Vec::new(),
    next_id: 0,
    pending: Vec::new(),
    written: Vec::new(),
});

fn state() -> MutexGuard<'static, State> {
    // A panic while holding the lock leaves the state consistent enough to clean up.
    STATE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Installs the handler for SIGINT and SIGTERM.
///
/// # Errors
/// When a handler is already installed or the signals cannot be caught.
pub fn install() -> anyhow::Result<()> {
    ctrlc::set_handler(on_signal)?;
    Ok(())
}

fn on_signal() {
    let mut state = state();
    state.interrupted = true;
    if state.polling > 0 {
        return;
    }
    for (_, temp) in state.temps.drain(..) {
        remove(&temp);
    }
    let _ = writeln!(std::io::stderr(), "{}", message(&state));
    std::process::exit(i32::from(EXIT_CODE));
}

/// Whether SIGINT or SIGTERM has arrived.
pub fn interrupted() -> bool {
    state().interrupted
}

/// While alive, the handler leaves stopping to the calling thread, which polls
/// [`interrupted`] (through the simulation observer).
pub struct Polling(());

impl Polling {
    /// Starts polling.
    pub fn start() -> Polling {
        state().polling += 1;
        Polling(())
    }
}

impl Drop for Polling {
    fn drop(&mut self) {
        state().polling -= 1;
    }
}

/// The error of a command that stopped because of a signal; its text is the one line the
/// CLI prints.
#[derive(Debug)]
pub struct Interrupted(String);

impl Interrupted {
    /// The error as of now: what was written and what is unchanged.
    pub fn now() -> Interrupted {
        Interrupted(message(&state()))
    }
}

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Interrupted {}

fn message(state: &State) -> String {
    let list = |paths: &[PathBuf]| {
        paths
            .iter()
            .map(|p| crate::terminal::escape_line(&p.display().to_string()).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = String::from("interrupted; ");
    if state.written.is_empty() {
        text.push_str("nothing written");
    } else {
        text.push_str(&format!("{} written", list(&state.written)));
    }
    if !state.pending.is_empty() {
        text.push_str(&format!(", {} unchanged", list(&state.pending)));
    }
    text
}

/// A temporary file or folder that is removed when dropped (and by the handler on an
/// interrupt), unless [`Temp::keep`] was called after it was renamed into place.
pub struct Temp {
    id: u64,
    path: PathBuf,
}

impl Temp {
    /// Registers `path`, which the caller is about to create.
    pub fn register(path: PathBuf) -> Temp {
        let mut state = state();
        let id = state.next_id;
        state.next_id += 1;
        state.temps.push((id, path.clone()));
        Temp { id, path }
    }

    /// The temporary path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Forgets the path without removing it (it no longer exists under that name).
    pub fn keep(self) {
        state().temps.retain(|(id, _)| *id != self.id);
        std::mem::forget(self);
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let mut state = state();
        remove(&self.path);
        state.temps.retain(|(id, _)| *id != self.id);
    }
}

/// Removes a file or a folder with everything in it, ignoring what is not there.
fn remove(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
    } else {
        let _ = std::fs::remove_file(path);
    }
}

/// Notes that `target` is about to be written (for the interrupt message).
pub fn pending(target: &Path) {
    state().pending.push(target.to_path_buf());
}

/// Runs `swap`, which puts `target` in place, unless an interrupt has arrived; the handler
/// waits while it runs, so the swap is never cut short by this process's own exit.
///
/// # Errors
/// [`Interrupted`] when a signal came first, or the error of `swap`.
pub fn commit(target: &Path, swap: impl FnOnce() -> anyhow::Result<()>) -> anyhow::Result<()> {
    let mut state = state();
    if state.interrupted {
        return Err(Interrupted(message(&state)).into());
    }
    swap()?;
    if let Some(at) = state.pending.iter().position(|p| p == target) {
        state.pending.remove(at);
    }
    state.written.push(target.to_path_buf());
    Ok(())
}
