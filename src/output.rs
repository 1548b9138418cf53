//! Writing output files all-or-nothing, and printing to a pipe that may close.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Writes every `(name, contents)` into `dir`: all to temporary names first, then renamed,
/// so an interrupted or failed run leaves no half-written file under a final name.
pub fn write_all_atomically(dir: &Path, files: &[(&str, &[u8])]) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output directory {}", dir.display()))?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    for (name, contents) in files {
        let target = dir.join(name);
        let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        if let Err(err) = std::fs::write(&temp, contents) {
            for (temp, _) in &staged {
                let _ = std::fs::remove_file(temp);
            }
            let _ = std::fs::remove_file(&temp);
            return Err(err).with_context(|| format!("cannot write {}", target.display()));
        }
        staged.push((temp, target));
    }
    for (temp, target) in &staged {
        std::fs::rename(temp, target)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(())
}

/// Splits the path of an output file into its folder (`.` when it names none) and its
/// file name; `flag` names the option in the error.
pub fn split_file_path<'a>(flag: &str, path: &'a Path) -> anyhow::Result<(&'a Path, &'a str)> {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .with_context(|| format!("{flag} {}: names no file (or not in UTF-8)", path.display()))?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    Ok((dir, name))
}

/// Prints `text` to standard output.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Whether the error is standard output having been closed (e.g. `| head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
