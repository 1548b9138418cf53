//! Output written as one transaction, and printing to a pipe that may close.
//!
//! Every output path is prepared before the work starts: checked, and a temporary twin
//! made beside it (on the same filesystem), so a bad path fails at once and writes
//! nothing. A folder of files ([`OutputDir`]) is staged whole and swapped in as a set: the
//! old folder is renamed aside, the new one renamed in, the old one removed, so a folder
//! never mixes two runs. A single file ([`OutputFile`]) is renamed over its target. Until
//! the commit every temporary is an [`interrupt::Temp`] guard: a failure, a panic or an
//! interrupt removes it.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::Context;

use crate::interrupt::{self, Temp};

/// The extensions of the files chainsim writes into an output folder; a folder holding
/// anything else is not replaced.
const OUTPUT_EXTENSIONS: [&str; 4] = ["csv", "json", "svg", "html"];

/// The UTF-8 byte order mark: Excel on Windows reads a CSV file as UTF-8 only when it starts
/// with one.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Refuses a `--report` path that does not end in `.html`.
pub fn check_html_name(flag: &str, path: &Path) -> anyhow::Result<()> {
    if path.extension().is_none_or(|e| e != "html") {
        anyhow::bail!(
            "{flag} {}: give a file name ending in .html",
            path.display()
        );
    }
    Ok(())
}

/// A CSV file's bytes, with the byte order mark first when `excel` is set.
pub fn csv_bytes(text: &str, excel: bool) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len() + 3);
    if excel {
        bytes.extend_from_slice(UTF8_BOM);
    }
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// A folder of output files, staged beside its target and swapped in whole.
pub struct OutputDir {
    target: PathBuf,
    /// Declared before `created` so that it is removed first.
    stage: Temp,
    created: Option<Temp>,
}

impl OutputDir {
    /// Checks `target` (`flag` names the option in errors) and makes the staging folder.
    ///
    /// # Errors
    /// When `target` names no folder, is a file or a link, holds files chainsim does not
    /// write, or its parent cannot be written.
    pub fn prepare(flag: &str, target: &Path) -> anyhow::Result<OutputDir> {
        let shown = target.display();
        let name = match target.components().next_back() {
            Some(Component::Normal(name)) => name.to_str(),
            _ => None,
        }
        .with_context(|| format!("{flag} {shown}: names no folder (or not in UTF-8)"))?;
        match std::fs::symlink_metadata(target) {
            Ok(meta) if meta.is_dir() => check_replaceable(flag, target)?,
            Ok(meta) if meta.is_symlink() => {
                anyhow::bail!("{flag} {shown}: is a symbolic link; give the folder itself")
            }
            Ok(_) => anyhow::bail!("{flag} {shown}: is a file, not a folder"),
            Err(err) if is_missing(&err) => {}
            Err(err) => return Err(err).with_context(|| format!("{flag} {shown}")),
        }
        let parent = parent_of(target);
        let created = make_parents(flag, target, parent)?;
        let stage = Temp::register(parent.join(format!(".{name}.{}.tmp", std::process::id())));
        if stage.path().exists() {
            // Only a dead process with this id could have left it.
            std::fs::remove_dir_all(stage.path())
                .with_context(|| format!("{flag} {shown}: cannot write beside it"))?;
        }
        std::fs::create_dir(stage.path())
            .with_context(|| format!("{flag} {shown}: cannot write beside it"))?;
        interrupt::pending(target);
        Ok(OutputDir {
            target: target.to_path_buf(),
            stage,
            created,
        })
    }

    /// The final path of the file `name` in the folder.
    pub fn target_of(&self, name: &str) -> PathBuf {
        self.target.join(name)
    }

    /// Whether `path` names a file directly inside the folder.
    pub fn holds(&self, path: &Path) -> bool {
        match (std::path::absolute(&self.target), std::path::absolute(path)) {
            (Ok(dir), Ok(file)) => file.parent() == Some(dir.as_path()),
            _ => false,
        }
    }

    /// Writes the file `name` into the staged folder.
    pub fn write(&self, name: &str, contents: &[u8]) -> anyhow::Result<()> {
        std::fs::write(self.stage.path().join(name), contents)
            .with_context(|| format!("cannot write {}", self.target_of(name).display()))
    }

    /// Creates the file `name` in the staged folder, to be streamed into.
    pub fn create(&self, name: &str) -> anyhow::Result<File> {
        File::create(self.stage.path().join(name))
            .with_context(|| format!("cannot write {}", self.target_of(name).display()))
    }

    /// Swaps the staged folder in for the target, which is removed with what it held.
    ///
    /// # Errors
    /// [`interrupt::Interrupted`] after a signal, or when a rename fails (the old folder is
    /// put back).
    pub fn commit(self) -> anyhow::Result<()> {
        let target = &self.target;
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let old = parent_of(target).join(format!(".{name}.{}.old", std::process::id()));
        interrupt::commit(target, || {
            let had_old = match std::fs::rename(target, &old) {
                Ok(()) => true,
                Err(err) if err.kind() == io::ErrorKind::NotFound => false,
                Err(err) => {
                    return Err(err)
                        .with_context(|| format!("cannot replace {}", target.display()));
                }
            };
            if let Err(err) = std::fs::rename(self.stage.path(), target) {
                if had_old {
                    let _ = std::fs::rename(&old, target);
                }
                return Err(err).with_context(|| format!("cannot write {}", target.display()));
            }
            if had_old {
                let _ = std::fs::remove_dir_all(&old);
            }
            Ok(())
        })?;
        self.stage.keep();
        if let Some(created) = self.created {
            created.keep();
        }
        Ok(())
    }
}

/// One output file, staged beside its target and renamed over it.
pub struct OutputFile {
    target: PathBuf,
    file: File,
    /// Declared before `created` so that it is removed first.
    temp: Temp,
    created: Option<Temp>,
}

impl OutputFile {
    /// Checks `target` (`flag` names the option in errors) and creates its temporary twin.
    ///
    /// # Errors
    /// When `target` names no file or is a folder, or its folder cannot be written.
    pub fn prepare(flag: &str, target: &Path) -> anyhow::Result<OutputFile> {
        let (dir, name) = split_file_path(flag, target)?;
        let shown = target.display();
        match std::fs::metadata(target) {
            Ok(meta) if meta.is_dir() => anyhow::bail!("{flag} {shown}: is a folder, not a file"),
            Ok(_) => {}
            Err(err) if is_missing(&err) => {}
            Err(err) => return Err(err).with_context(|| format!("{flag} {shown}")),
        }
        let created = make_parents(flag, target, dir)?;
        let temp = Temp::register(dir.join(format!(".{name}.{}.tmp", std::process::id())));
        let file = File::create(temp.path())
            .with_context(|| format!("{flag} {shown}: cannot write beside it"))?;
        interrupt::pending(target);
        Ok(OutputFile {
            target: target.to_path_buf(),
            file,
            temp,
            created,
        })
    }

    /// The temporary file, to be streamed into.
    pub fn file(&self) -> anyhow::Result<File> {
        self.file
            .try_clone()
            .with_context(|| format!("cannot write {}", self.target.display()))
    }

    /// Writes the whole contents.
    pub fn write(&self, contents: &[u8]) -> anyhow::Result<()> {
        (&self.file)
            .write_all(contents)
            .with_context(|| format!("cannot write {}", self.target.display()))
    }

    /// Renames the file into place.
    ///
    /// # Errors
    /// [`interrupt::Interrupted`] after a signal, or when the rename fails.
    pub fn commit(self) -> anyhow::Result<()> {
        let target = &self.target;
        interrupt::commit(target, || {
            std::fs::rename(self.temp.path(), target)
                .with_context(|| format!("cannot write {}", target.display()))
        })?;
        self.temp.keep();
        if let Some(created) = self.created {
            created.keep();
        }
        Ok(())
    }
}

/// A folder may be replaced when it holds only files chainsim writes.
fn check_replaceable(flag: &str, dir: &Path) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("{flag} {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("{flag} {}", dir.display()))?;
        let path = entry.path();
        let ours = entry.file_type().is_ok_and(|t| t.is_file())
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| OUTPUT_EXTENSIONS.contains(&e));
        if !ours {
            anyhow::bail!(
                "{flag} {}: holds {}, which chainsim does not write, and the whole folder would be replaced; give a new or empty folder",
                dir.display(),
                crate::terminal::escape_line(&entry.file_name().to_string_lossy())
            );
        }
    }
    Ok(())
}

/// Whether a path is simply not there (or lies under a file, which the parent check reports).
fn is_missing(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// The folder `path` lives in, `.` when it names none.
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Creates `dir` and the folders above it that are missing; the topmost one made is
/// returned as a guard that removes them all unless kept.
fn make_parents(flag: &str, target: &Path, dir: &Path) -> anyhow::Result<Option<Temp>> {
    let mut topmost = None;
    let mut probe = Some(dir);
    while let Some(path) = probe.filter(|p| !p.as_os_str().is_empty()) {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => anyhow::bail!(
                "{flag} {}: {} is a file, not a folder",
                target.display(),
                path.display()
            ),
            Err(_) => topmost = Some(path),
        }
        probe = path.parent();
    }
    let Some(topmost) = topmost else {
        return Ok(None);
    };
    let guard = Temp::register(topmost.to_path_buf());
    std::fs::create_dir_all(dir).with_context(|| {
        format!(
            "{flag} {}: cannot create {}",
            target.display(),
            dir.display()
        )
    })?;
    Ok(Some(guard))
}

/// Splits the path of an output file into its folder (`.` when it names none) and its
/// file name; `flag` names the option in the error.
pub fn split_file_path<'a>(flag: &str, path: &'a Path) -> anyhow::Result<(&'a Path, &'a str)> {
    let name = match path.components().next_back() {
        Some(Component::Normal(name)) => name.to_str(),
        _ => None,
    }
    .with_context(|| format!("{flag} {}: names no file (or not in UTF-8)", path.display()))?;
    Ok((parent_of(path), name))
}

/// Prints `text` to standard output.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Prints a table for people: control characters in `labels` and elsewhere escaped.
pub fn print_table<'a>(
    text: &str,
    labels: impl IntoIterator<Item = &'a str>,
) -> anyhow::Result<()> {
    print(&crate::terminal::escape_table(text, labels))
}

/// Whether the error is standard output having been closed (e.g. `| head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
